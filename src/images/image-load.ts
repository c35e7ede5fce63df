/**
 * `docker load` (moby image/tarexport/load.go, v28.2.2): a docker-save archive (`manifest.json`:
 * config + layer files + RepoTags per image) or, as the containerd image store accepts too, an OCI
 * image layout (`index.json` → manifests → config and layer blobs; names from the
 * `io.containerd.image.name` or a full `org.opencontainers.image.ref.name` annotation). Layers the
 * store has are reused; new ones report "Loading layer" progress unless quiet. The stream says
 * `Loaded image: name:tag` per name, or — when the last image has none — one `Loaded image ID:`
 * line per image, as moby does.
 */
import type { Readable } from 'node:stream';
import { shortId } from './digest.js';
import { DiffIdMismatchError, type ArchiveFiles } from './image-backends.js';
import { parseConfig } from './image-config.js';
import type { ImageService } from './image-service.js';
import type { ImageRecord, ProgressMessage } from './image-store.js';
import { pickPlatform, type Descriptor } from './manifest.js';
import { ProgressStream } from './progress.js';
import { familiarString, parseNormalizedNamed, type Reference } from './reference.js';
import { HashingStream } from './unpack-layer.js';

interface LoadItem {
  configBytes: Buffer;
  /** Opens layer i (a stream and its size in the archive), and its expected compressed digest. */
  layer(i: number): { stream: Readable; size: number; digest?: string };
  names: string[];
}

export async function loadImages(
  svc: ImageService,
  tar: Readable,
  progress: (m: ProgressMessage) => void,
  quiet: boolean,
): Promise<ImageRecord[]> {
  const files = await svc.storage.openArchive(tar);
  try {
    const manifest = await files.read('manifest.json');
    let items: LoadItem[];
    if (manifest !== undefined) items = await dockerSaveItems(files, manifest);
    else {
      const index = await files.read('index.json');
      if (index === undefined) throw new Error('open repositories: no such file or directory');
      items = await ociLayoutItems(svc, files, index);
    }
    return await loadItems(svc, items, progress, quiet);
  } finally {
    await files.close();
  }
}

async function dockerSaveItems(files: ArchiveFiles, manifest: Buffer): Promise<LoadItem[]> {
  const parsed = JSON.parse(manifest.toString('utf8')) as unknown;
  if (parsed === null) throw new Error('invalid manifest, manifest cannot be null (but can be [])');
  if (!Array.isArray(parsed)) {
    throw new Error('json: cannot unmarshal object into Go value of type []tarexport.manifestItem');
  }
  const items: LoadItem[] = [];
  for (const m of parsed as Array<{
    Config?: string;
    RepoTags?: string[] | null;
    Layers?: string[] | null;
  }>) {
    const config = await files.read(m.Config ?? '');
    if (config === undefined) throw new Error(`open ${m.Config ?? ''}: no such file or directory`);
    const layers = m.Layers ?? [];
    items.push({
      configBytes: config,
      names: m.RepoTags ?? [],
      layer: (i) => {
        const name = layers[i] as string;
        return { stream: files.open(name), size: files.size(name) };
      },
    });
  }
  return items;
}

const blobPath = (digest: string): string => `blobs/${digest.replace(':', '/')}`;

async function ociLayoutItems(svc: ImageService, files: ArchiveFiles, index: Buffer): Promise<LoadItem[]> {
  const readBlob = async (d: Descriptor): Promise<Buffer> => {
    const b = await files.read(blobPath(d.digest));
    if (b === undefined) throw new Error(`content digest ${d.digest}: not found`);
    return b;
  };
  const items: LoadItem[] = [];
  const top = JSON.parse(index.toString('utf8')) as { manifests?: Descriptor[] };
  for (const desc of top.manifests ?? []) {
    let d = desc;
    let doc = JSON.parse((await readBlob(d)).toString('utf8')) as {
      manifests?: Descriptor[];
      config?: Descriptor;
      layers?: Descriptor[];
    };
    while (doc.manifests !== undefined) {
      const child = pickPlatform(doc.manifests, svc.options.platform);
      if (!child) throw new Error('no match for platform in manifest: not found');
      d = child;
      doc = JSON.parse((await readBlob(d)).toString('utf8')) as typeof doc;
    }
    if (!doc.config) throw new Error(`invalid manifest ${d.digest}`);
    const configBytes = await readBlob(doc.config);
    const layers = doc.layers ?? [];
    items.push({
      configBytes,
      names: ociNames(desc),
      layer: (i) => {
        const l = layers[i] as Descriptor;
        return {
          stream: files.open(blobPath(l.digest)),
          size: files.size(blobPath(l.digest)),
          digest: l.digest,
        };
      },
    });
  }
  return items;
}

function ociNames(desc: Descriptor): string[] {
  const a = desc.annotations ?? {};
  const full = a['io.containerd.image.name'] ?? a['org.opencontainers.image.ref.name'];
  if (full === undefined) return [];
  try {
    const ref = parseNormalizedNamed(full);
    return ref.tag !== undefined && ref.digest === undefined && /[:/]/.test(full) ? [full] : [];
  } catch {
    return [];
  }
}

async function loadItems(
  svc: ImageService,
  items: LoadItem[],
  progress: (m: ProgressMessage) => void,
  quiet: boolean,
): Promise<ImageRecord[]> {
  const out: ImageRecord[] = [];
  let idLines = '';
  let refCount = 0;
  const stream = (text: string): void => progress({ stream: text });
  for (const item of items) {
    const { facts } = parseConfig(item.configBytes);
    if (facts.os !== '' && facts.os !== 'linux') throw new Error(`cannot load ${facts.os} image on linux`);
    const releases: Array<() => void> = [];
    try {
      for (let i = 0; i < facts.diffIds.length; i++) {
        const diffId = facts.diffIds[i] as string;
        if (svc.storage.layers.has(diffId)) {
          releases.push(svc.storage.layers.pin([diffId]));
          continue;
        }
        const { stream: raw, size, digest } = item.layer(i);
        let source: Readable = raw;
        if (!quiet) source = raw.pipe(new ProgressStream(progress, size, shortId(diffId), 'Loading layer'));
        const hasher = new HashingStream();
        raw.on('error', (err) => source.destroy(err));
        const layer = await svc.storage.layers
          .register(source.pipe(hasher), { expectDiffId: diffId })
          .catch((err: unknown) => {
            if (err instanceof DiffIdMismatchError) {
              throw new Error(
                `invalid diffID for layer ${i}: expected ${JSON.stringify(diffId)}, got ${JSON.stringify(err.actual)}`,
              );
            }
            throw err;
          });
        releases.push(layer.release);
        if (digest !== undefined && hasher.digest() !== digest)
          throw new Error(`blob ${digest}: digest mismatch`);
      }
      const id = svc.commit(item.configBytes);
      idLines += `Loaded image ID: ${id}\n`;
      refCount = 0;
      for (const name of item.names) {
        const ref: Reference = parseNormalizedNamed(name);
        if (ref.tag === undefined) throw new Error(`invalid tag ${JSON.stringify(name)}`);
        const prev = svc.refs.get(ref);
        if (prev !== undefined && prev !== id) {
          stream(
            `The image ${familiarString(ref)} already exists, renaming the old one with ID ${prev} to empty string\n`,
          );
        }
        // moby's setLoadedTag goes to the reference store directly: no last tag time.
        svc.refs.addTag(ref, id, true);
        stream(`Loaded image: ${familiarString(ref)}\n`);
        refCount++;
      }
      out.push(svc.recordOf(id));
    } finally {
      for (const r of releases) r();
    }
  }
  if (refCount === 0 && idLines !== '') stream(idLines);
  return out;
}
