/**
 * Storage in memory for the fake image store: a layer is its diff id and size (computed from the
 * tar as the disk store computes them), paths are made up (`/fake-images/layers/<hex>/diff`),
 * archives are read whole into memory. Small test images only.
 */
import { posix } from 'node:path';
import { PassThrough, Readable, Writable } from 'node:stream';
import { sha256Digest, digestHex } from './digest.js';
import { decompressed } from './decompress.js';
import {
  DiffIdMismatchError,
  type ArchiveFiles,
  type ConfigBackend,
  type LayerBackend,
  type RegisteredLayer,
  type StorageBackend,
  type StoredConfig,
  type TempBlob,
} from './image-backends.js';
import { readTar, type TarEntry } from './tar-reader.js';

async function readAll(s: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of s) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

class MemoryLayers implements LayerBackend {
  private readonly sizes = new Map<string, number>();
  private readonly pins = new Map<string, number>();

  has(diffId: string): boolean {
    return this.sizes.has(diffId);
  }

  path(diffId: string): string {
    return `/fake-images/layers/${digestHex(diffId)}/diff`;
  }

  size(diffId: string): number {
    return this.sizes.get(diffId) ?? 0;
  }

  all(): string[] {
    return [...this.sizes.keys()];
  }

  async register(source: Readable, opts: { expectDiffId?: string } = {}): Promise<RegisteredLayer> {
    const plain = await readAll(await decompressed(source));
    const diffId = sha256Digest(plain);
    if (opts.expectDiffId !== undefined && opts.expectDiffId !== diffId) {
      throw new DiffIdMismatchError(opts.expectDiffId, diffId);
    }
    const existed = this.sizes.has(diffId);
    if (!existed) this.sizes.set(diffId, layerSize(readTar(plain)));
    return { diffId, size: this.size(diffId), existed, release: this.pin([diffId]) };
  }

  pin(diffIds: Iterable<string>): () => void {
    const ids = [...diffIds];
    for (const id of ids) this.pins.set(id, (this.pins.get(id) ?? 0) + 1);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      for (const id of ids) {
        const n = (this.pins.get(id) ?? 1) - 1;
        if (n <= 0) this.pins.delete(id);
        else this.pins.set(id, n);
      }
    };
  }

  async collect(keep: ReadonlySet<string>): Promise<string[]> {
    const doomed = [...this.sizes.keys()].filter((id) => !keep.has(id) && !this.pins.has(id));
    for (const id of doomed) this.sizes.delete(id);
    return doomed;
  }
}

/** directory.Size over tar entries: the last entry per path; files and symlinks, hardlinks once. */
function layerSize(entries: TarEntry[]): number {
  const last = new Map<string, TarEntry>();
  for (const e of entries) {
    const name = posix.normalize(e.name).replace(/\/$/, '');
    if (posix.basename(name).startsWith('.wh.')) continue;
    last.set(name, e);
  }
  let size = 0;
  for (const e of last.values()) {
    if (e.type === '0' || e.type === '7') size += e.size;
    else if (e.type === '2') size += Buffer.byteLength(e.linkname);
  }
  return size;
}

class MemoryConfigs implements ConfigBackend {
  private readonly configs = new Map<string, StoredConfig>();

  loadAll(): StoredConfig[] {
    return [...this.configs.values()];
  }

  save(id: string, bytes: Buffer): void {
    if (!this.configs.has(id)) this.configs.set(id, { id, bytes, lastTagTime: '' });
  }

  setLastTagTime(id: string, time: string): void {
    const c = this.configs.get(id);
    if (c) c.lastTagTime = time;
  }

  delete(id: string): void {
    this.configs.delete(id);
  }
}

export class MemoryStorage implements StorageBackend {
  readonly layers = new MemoryLayers();
  readonly configs = new MemoryConfigs();
  readonly diffIdByDigest = new Map<string, string>();

  saveDiffIdByDigest(digest: string, diffId: string): void {
    this.diffIdByDigest.set(digest, diffId);
  }

  tempBlob(): TempBlob {
    const chunks: Buffer[] = [];
    return {
      writer: () =>
        new Writable({
          write(chunk: Buffer, _enc, cb) {
            chunks.push(chunk);
            cb();
          },
        }),
      reader: () => Readable.from([Buffer.concat(chunks)]),
      dispose: async () => undefined,
    };
  }

  async openArchive(tar: Readable): Promise<ArchiveFiles> {
    const entries = readTar(await readAll(await decompressed(tar)));
    const byName = new Map<string, TarEntry>();
    for (const e of entries) byName.set(posix.normalize(`/${e.name}`), e);
    const find = (name: string): TarEntry | undefined => {
      let path = posix.normalize(`/${name}`);
      for (let hops = 0; hops < 40; hops++) {
        const e = byName.get(path);
        if (!e) return undefined;
        if (e.type !== '2') return e.type === '0' || e.type === '7' ? e : undefined;
        path = posix.normalize(
          e.linkname.startsWith('/') ? e.linkname : posix.join(posix.dirname(path), e.linkname),
        );
      }
      return undefined;
    };
    return {
      read: async (name) => find(name)?.data,
      open: (name) => {
        const e = find(name);
        if (!e) throw new Error(`open ${name}: no such file or directory`);
        const s = new PassThrough();
        s.end(e.data);
        return s;
      },
      size: (name) => find(name)?.size ?? 0,
      close: async () => undefined,
    };
  }
}
