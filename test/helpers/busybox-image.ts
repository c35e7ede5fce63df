// Test images made from Debian's busybox-static (/bin/busybox), with nothing from the internet:
//   buildBusyboxRootfs()      a rootfs tar: /bin/busybox, applet symlinks, /etc/passwd (root, nobody),
//                             /etc/group, /tmp (1777), /root; byte-identical on every run (sorted names,
//                             mtime 0, owner 0), so its diff id is stable.
//   makeDockerSave()          a `docker save` archive (manifest.json + repositories) of that rootfs
//   makeOciLayout()           an OCI image layout (oci-layout + index.json + blobs) of that rootfs
//   imageConfigFor()          the image config JSON (Docker's shape) for a set of layers
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

export const BUSYBOX = '/bin/busybox';

export const applets = [
  'sh',
  'ash',
  'cat',
  'chmod',
  'chown',
  'cp',
  'date',
  'echo',
  'env',
  'false',
  'grep',
  'head',
  'hostname',
  'id',
  'kill',
  'ln',
  'ls',
  'mkdir',
  'mount',
  'mv',
  'ps',
  'pwd',
  'rm',
  'rmdir',
  'sed',
  'sleep',
  'stat',
  'sync',
  'tail',
  'tee',
  'test',
  'touch',
  'true',
  'umount',
  'uname',
  'wc',
  'whoami',
  'xargs',
  'yes',
];

export function busyboxUnavailableReason(): string | undefined {
  return existsSync(BUSYBOX) ? undefined : `${BUSYBOX} not found (apt-get install busybox-static)`;
}

const sha256 = (b: Buffer | string): string => `sha256:${createHash('sha256').update(b).digest('hex')}`;

/** GNU tar of a directory's contents, deterministic (names sorted, owner 0, mtime 0). */
export function tarDirectory(dir: string): Buffer {
  return execFileSync(
    'tar',
    [
      '-C',
      dir,
      '--sort=name',
      '--numeric-owner',
      '--owner=0',
      '--group=0',
      '--mtime=@0',
      '--format=gnu',
      '-cf',
      '-',
      '.',
    ],
    { maxBuffer: 1 << 30 },
  );
}

/** Builds the busybox rootfs tar; `extra` adds files (path → content) to it. */
export function buildBusyboxRootfs(extra: Record<string, string> = {}): Buffer {
  const dir = mkdtempSync(path.join(tmpdir(), 'sbb-'));
  try {
    for (const d of ['bin', 'etc', 'root', 'tmp']) mkdirSync(path.join(dir, d));
    chmodSync(path.join(dir, 'tmp'), 0o1777);
    chmodSync(path.join(dir, 'root'), 0o700);
    copyFileSync(BUSYBOX, path.join(dir, 'bin', 'busybox'));
    chmodSync(path.join(dir, 'bin', 'busybox'), 0o755);
    for (const a of applets) symlinkSync('busybox', path.join(dir, 'bin', a));
    writeFileSync(
      path.join(dir, 'etc', 'passwd'),
      'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n',
    );
    writeFileSync(path.join(dir, 'etc', 'group'), 'root:x:0:\nnogroup:x:65534:\n');
    for (const [p, content] of Object.entries(extra)) {
      mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
      writeFileSync(path.join(dir, p), content);
    }
    return tarDirectory(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A layer tar of the given entries (path → content; a `null` content is a directory). */
export function layerTar(entries: Record<string, string | null>): Buffer {
  const dir = mkdtempSync(path.join(tmpdir(), 'sly-'));
  try {
    for (const [p, content] of Object.entries(entries)) {
      const full = path.join(dir, p);
      if (content === null) mkdirSync(full, { recursive: true });
      else {
        mkdirSync(path.dirname(full), { recursive: true });
        writeFileSync(full, content);
      }
    }
    return tarDirectory(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface ImageConfigOptions {
  /** Uncompressed layer tars, lowest first. */
  layers: Buffer[];
  cmd?: string[];
  env?: string[];
  labels?: Record<string, string>;
  created?: string;
}

/** An image config (Docker's JSON shape) for the layers; returns its bytes and id. */
export function imageConfigFor(o: ImageConfigOptions): { bytes: Buffer; id: string } {
  const created = o.created ?? '2024-01-01T00:00:00Z';
  const config = {
    architecture: 'amd64',
    config: {
      Env: o.env ?? ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'],
      Cmd: o.cmd ?? ['sh'],
      Labels: o.labels ?? null,
    },
    created,
    history: o.layers.map(() => ({ created, created_by: 'strata test' })),
    os: 'linux',
    rootfs: { type: 'layers', diff_ids: o.layers.map((l) => sha256(l)) },
  };
  const bytes = Buffer.from(JSON.stringify(config));
  return { bytes, id: sha256(bytes) };
}

/** A `docker save` archive (Docker ≤ 24 layout: `<id>/layer.tar`, `<config>.json`, manifest.json). */
export function makeDockerSave(o: ImageConfigOptions & { repoTags: string[] }): Buffer {
  const dir = mkdtempSync(path.join(tmpdir(), 'sds-'));
  try {
    const { bytes, id } = imageConfigFor(o);
    const hex = id.slice(7);
    writeFileSync(path.join(dir, `${hex}.json`), bytes);
    const layerPaths = o.layers.map((l, i) => {
      const lid = createHash('sha256').update(`${hex}-${i}`).digest('hex');
      mkdirSync(path.join(dir, lid));
      writeFileSync(path.join(dir, lid, 'layer.tar'), l);
      writeFileSync(path.join(dir, lid, 'VERSION'), '1.0');
      return `${lid}/layer.tar`;
    });
    writeFileSync(
      path.join(dir, 'manifest.json'),
      JSON.stringify([{ Config: `${hex}.json`, RepoTags: o.repoTags, Layers: layerPaths }]),
    );
    const repos: Record<string, Record<string, string>> = {};
    for (const t of o.repoTags) {
      const i = t.lastIndexOf(':');
      (repos[t.slice(0, i)] ??= {})[t.slice(i + 1)] = path.dirname(
        layerPaths[layerPaths.length - 1] as string,
      );
    }
    writeFileSync(path.join(dir, 'repositories'), JSON.stringify(repos));
    return tarDirectory(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** An OCI image layout (gzipped layers) naming the image `name` (`io.containerd.image.name`). */
export function makeOciLayout(o: ImageConfigOptions & { name?: string }): Buffer {
  const dir = mkdtempSync(path.join(tmpdir(), 'soci-'));
  try {
    const blobs = path.join(dir, 'blobs', 'sha256');
    mkdirSync(blobs, { recursive: true });
    const put = (b: Buffer): string => {
      const d = sha256(b);
      writeFileSync(path.join(blobs, d.slice(7)), b);
      return d;
    };
    const { bytes } = imageConfigFor(o);
    const configDigest = put(bytes);
    const layers = o.layers.map((l) => {
      const gz = gzipSync(l);
      return { mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: put(gz), size: gz.length };
    });
    const manifest = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        config: {
          mediaType: 'application/vnd.oci.image.config.v1+json',
          digest: configDigest,
          size: bytes.length,
        },
        layers,
      }),
    );
    const manifestDigest = put(manifest);
    const annotations: Record<string, string> = {};
    if (o.name !== undefined) {
      annotations['io.containerd.image.name'] = o.name;
      annotations['org.opencontainers.image.ref.name'] = o.name.slice(o.name.lastIndexOf(':') + 1);
    }
    writeFileSync(path.join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
    writeFileSync(
      path.join(dir, 'index.json'),
      JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.index.v1+json',
        manifests: [
          {
            mediaType: 'application/vnd.oci.image.manifest.v1+json',
            digest: manifestDigest,
            size: manifest.length,
            ...(o.name !== undefined ? { annotations } : {}),
          },
        ],
      }),
    );
    return tarDirectory(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
