/**
 * `docker pull` as moby's distribution/pull_v2.go and xfer/download.go do it (v28.2.2): resolve the
 * manifest (a list/index picks the daemon's platform), skip everything when the config is already
 * here, otherwise download up to three layers at once into scratch files (verifying each blob's
 * digest) and unpack them in order, with the same progress lines dockerd writes:
 *
 *   <tag>: Pulling from <repo>        <id>: Pulling fs layer / Already exists / Waiting
 *   <id>: Downloading (progress)      <id>: Verifying Checksum / Download complete
 *   <id>: Extracting (progress)       <id>: Pull complete
 *   Digest: sha256:…                  Status: Downloaded newer image for … / Image is up to date for …
 *
 * Failures before the first line are thrown (the API answers them with a status); later ones are
 * thrown too and the route writes them into the stream, as moby does.
 */
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { EngineError, forbidden, invalidParameter, notFound, systemError } from '../errors/index.js';
import { parseDigest, sha256Digest, shortId } from './digest.js';
import { parseConfig } from './image-config.js';
import type { ImageService } from './image-service.js';
import type { ImageRecord, ProgressMessage, RegistryAuth } from './image-store.js';
import { parseManifest, pickPlatform, type Descriptor, type ImageManifest } from './manifest.js';
import { ProgressStream, updateMessage } from './progress.js';
import {
  defaultDomain,
  familiarName,
  familiarString,
  parseNormalizedNamed,
  refString,
  tagNameOnly,
  trimNamed,
  withDigest,
  withTag,
  type Reference,
} from './reference.js';
import { RegistryClient, RegistryError } from './registry-client.js';
import { HashingStream } from './unpack-layer.js';

const maxConcurrentDownloads = 3;

/** The postImagesCreate reference rules: trailing `:` dropped, `tag` may be a digest. */
export function pullReference(image: string, tag: string): Reference {
  let ref: Reference;
  try {
    ref = parseNormalizedNamed(image.replace(/:$/, ''));
    if (tag !== '') {
      let digest: string | undefined;
      try {
        digest = parseDigest(tag);
      } catch {
        digest = undefined;
      }
      ref = digest !== undefined ? withDigest(trimNamed(ref), digest) : withTag(ref, tag);
    }
  } catch (err) {
    throw invalidParameter((err as Error).message, err);
  }
  if (familiarName(ref) === 'scratch') throw forbidden("'scratch' is a reserved name");
  return ref.digest === undefined ? tagNameOnly(ref) : ref;
}

/** Docker's default insecure registries: 127.0.0.0/8 (and names resolving there). */
export function isInsecureHost(host: string): boolean {
  const name = host.replace(/:\d+$/, '');
  return /^127\.\d+\.\d+\.\d+$/.test(name) || name === 'localhost';
}

export async function pullImage(
  svc: ImageService,
  image: string,
  progress: (m: ProgressMessage) => void,
  opts: { tag?: string; auth?: RegistryAuth },
): Promise<ImageRecord> {
  const ref = pullReference(image, opts.tag ?? '');
  const host = ref.domain === defaultDomain ? 'registry-1.docker.io' : ref.domain;
  const insecure = svc.options.registry?.insecureHosts?.(host) ?? isInsecureHost(host);
  const client = new RegistryClient({
    host,
    repository: ref.path,
    insecure,
    ...(opts.auth ? { auth: opts.auth } : {}),
  });
  let img: ImageRecord;
  try {
    img = await pullWith(svc, client, ref, progress);
  } catch (err) {
    throw translatePullError(err, ref);
  }
  svc.event('pull', familiarString(ref), familiarName(ref));
  return img;
}

async function pullWith(
  svc: ImageService,
  client: RegistryClient,
  ref: Reference,
  progress: (m: ProgressMessage) => void,
): Promise<ImageRecord> {
  await client.ping();
  const tagOrDigest = ref.digest !== undefined ? refString(ref) : (ref.tag as string);
  let fetched = await client.manifest(ref.digest ?? (ref.tag as string));
  const manifestDigest = checkedDigest(fetched.body, ref.digest, fetched.digest);
  progress({ status: `Pulling from ${familiarName({ domain: '', path: ref.path })}`, id: tagOrDigest });
  let manifest = parseManifestOrThrow(fetched.body, fetched.contentType, ref);
  if (manifest.kind === 'index') {
    const entry = pickPlatform(manifest.manifests, svc.options.platform);
    if (!entry) {
      const p = svc.options.platform;
      throw new Error(`no matching manifest for ${p.os}/${p.architecture} in the manifest list entries`);
    }
    fetched = await client.manifest(entry.digest);
    checkedDigest(fetched.body, entry.digest, undefined);
    manifest = parseManifestOrThrow(fetched.body, fetched.contentType, ref);
    if (manifest.kind !== 'manifest') throw new Error('unsupported manifest format');
  }
  const id = await pullLayersAndConfig(svc, client, manifest, progress);
  progress({ status: `Digest: ${manifestDigest}` });

  const digestRef = withDigest(trimNamed(ref), manifestDigest);
  const addDigestReference = (): void => {
    if (svc.refs.get(digestRef) === undefined) svc.refs.addDigest(digestRef, id, true);
  };
  let downloaded = true;
  if (svc.refs.get(ref) === id) {
    addDigestReference();
    downloaded = false;
  } else if (ref.digest !== undefined) {
    svc.refs.addDigest(ref, id, true);
  } else {
    addDigestReference();
    svc.refs.addTag(ref, id, true);
  }
  const status = downloaded ? 'Downloaded newer image for' : 'Image is up to date for';
  progress({ status: `Status: ${status} ${familiarString(ref)}` });
  return svc.recordOf(id);
}

function checkedDigest(body: Buffer, expected: string | undefined, header: string | undefined): string {
  const actual = sha256Digest(body);
  if (expected !== undefined && expected !== actual)
    throw new Error(`manifest verification failed for digest ${expected}`);
  return expected ?? header ?? actual;
}

function parseManifestOrThrow(
  body: Buffer,
  contentType: string,
  ref: Reference,
): ReturnType<typeof parseManifest> {
  try {
    return parseManifest(body, contentType);
  } catch (err) {
    if ((err as Error).message === 'schema1') {
      throw invalidParameter(
        `Docker Image Format v1 and Docker Image manifest version 2, schema 1 support has been removed. Suggest the author of ${refString(ref)} to upgrade the image to the OCI Format or Docker Image manifest v2, schema 2. More information at https://docs.docker.com/go/deprecated-image-specs/`,
      );
    }
    throw invalidParameter('unsupported manifest format', err);
  }
}

/** pullSchema2Layers: the image id (config digest); layers downloaded and registered as needed. */
async function pullLayersAndConfig(
  svc: ImageService,
  client: RegistryClient,
  manifest: ImageManifest,
  progress: (m: ProgressMessage) => void,
): Promise<string> {
  const target = manifest.config.digest;
  if (svc.hasImage(target)) return target;
  for (const l of manifest.layers) {
    if (/\.(foreign|nondistributable)\./.test(l.mediaType ?? '') && (l.urls?.length ?? 0) > 0) {
      throw invalidParameter(`unsupported media type ${l.mediaType ?? ''}`);
    }
  }
  const configBlob = await client.blob(target);
  const configBytes = await readAll(configBlob.stream);
  if (sha256Digest(configBytes) !== target)
    throw new Error(`image config verification failed for digest ${target}`);
  const { facts } = parseConfig(configBytes);

  const layers = svc.storage.layers;
  const releases: Array<() => void> = [];
  try {
    const pending: Array<{ layer: Descriptor; index: number }> = [];
    let missing = false;
    manifest.layers.forEach((layer, index) => {
      const known = svc.storage.diffIdByDigest.get(layer.digest);
      if (!missing && known !== undefined && layers.has(known) && facts.diffIds[index] === known) {
        releases.push(layers.pin([known]));
        progress(updateMessage(shortId(layer.digest), 'Already exists'));
        return;
      }
      missing = true;
      progress(updateMessage(shortId(layer.digest), 'Pulling fs layer'));
      pending.push({ layer, index });
    });

    let slots = maxConcurrentDownloads;
    const waiters: Array<() => void> = [];
    const acquire = async (id: string): Promise<void> => {
      if (slots > 0) {
        slots--;
        return;
      }
      progress(updateMessage(id, 'Waiting'));
      await new Promise<void>((resolve) => waiters.push(resolve));
    };
    const releaseSlot = (): void => {
      const next = waiters.shift();
      if (next) next();
      else slots++;
    };
    const downloads = pending.map(async ({ layer }) => {
      const id = shortId(layer.digest);
      await acquire(id);
      try {
        return await download(svc, client, layer, progress);
      } finally {
        releaseSlot();
      }
    });
    downloads.forEach((d) => d.catch(() => undefined));
    try {
      for (let i = 0; i < pending.length; i++) {
        const { layer, index } = pending[i] as { layer: Descriptor; index: number };
        const blob = await (downloads[i] as ReturnType<typeof download>);
        try {
          const id = shortId(layer.digest);
          const extracting = blob.file
            .reader()
            .pipe(new ProgressStream(progress, blob.size, id, 'Extracting'));
          const registered = await layers.register(extracting as Readable);
          releases.push(registered.release);
          if (facts.diffIds[index] !== registered.diffId) {
            throw new Error("layers from manifest don't match image configuration");
          }
          svc.storage.saveDiffIdByDigest(layer.digest, registered.diffId);
          progress(updateMessage(id, 'Pull complete'));
        } finally {
          await blob.file.dispose();
        }
      }
    } finally {
      for (const d of downloads) await d.then((b) => b.file.dispose()).catch(() => undefined);
    }
    if (facts.diffIds.length !== manifest.layers.length)
      throw new Error("layers from manifest don't match image configuration");
    return svc.commit(configBytes);
  } finally {
    for (const r of releases) r();
  }
}

async function download(
  svc: ImageService,
  client: RegistryClient,
  layer: Descriptor,
  progress: (m: ProgressMessage) => void,
): Promise<{ file: ReturnType<ImageService['storage']['tempBlob']>; size: number }> {
  const id = shortId(layer.digest);
  const file = svc.storage.tempBlob();
  try {
    const blob = await client.blob(layer.digest);
    const size = blob.size || layer.size || 0;
    const hasher = new HashingStream();
    await pipeline(blob.stream, new ProgressStream(progress, size, id, 'Downloading'), hasher, file.writer());
    progress(updateMessage(id, 'Verifying Checksum'));
    if (hasher.digest() !== layer.digest)
      throw new Error(`filesystem layer verification failed for digest ${layer.digest}`);
    progress(updateMessage(id, 'Download complete'));
    return { file, size: hasher.bytes };
  } catch (err) {
    await file.dispose();
    throw err;
  }
}

/** translatePullError: the registry's not-found answers in Docker's words (not-found kind). */
function translatePullError(err: unknown, ref: Reference): unknown {
  if (err instanceof EngineError) return err;
  if (err instanceof RegistryError) {
    if (err.code === 'DENIED') {
      return notFound(
        `pull access denied for ${familiarName(ref)}, repository does not exist or may require 'docker login': ${err.message}`,
        err,
      );
    }
    if (err.code === 'MANIFEST_UNKNOWN')
      return notFound(`manifest for ${familiarString(ref)} not found: ${err.message}`, err);
    if (err.code === 'NAME_UNKNOWN')
      return notFound(`repository ${familiarName(ref)} not found: ${err.message}`, err);
  }
  return systemError((err as Error).message ?? String(err), err);
}

async function readAll(s: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of s) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}
