/**
 * Unpacked layers, one directory per diff id: `<root>/layers/<hex>/diff` (the overlay lowerdir) and
 * `<root>/layers/<hex>/size`. A layer is unpacked into `<root>/tmp/` and renamed into place only when
 * complete, so `layers/` never holds a partial layer; `tmp/` and `trash/` are emptied by `init()`.
 *
 * Lifecycle: `register` (unpack once per diff id; a second copy is discarded) → used by images →
 * `collect(keep)` deletes layers nothing keeps (renamed into `trash/` first, one atomic step, then
 * deleted). Layers pinned by an operation in flight are never collected.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { syncDirectory } from './atomic-file.js';
import { digestHex } from './digest.js';
import { DiffIdMismatchError, type LayerBackend, type RegisteredLayer } from './image-backends.js';
import { unpackLayer } from './unpack-layer.js';

export class LayerStore implements LayerBackend {
  private readonly layersDir: string;
  private readonly tmpDir: string;
  private readonly trashDir: string;
  private readonly sizes = new Map<string, number>();
  private readonly pins = new Map<string, number>();

  constructor(root: string) {
    this.layersDir = join(root, 'layers');
    this.tmpDir = join(root, 'tmp');
    this.trashDir = join(root, 'trash');
  }

  /** Creates the directories, deletes partial work, indexes complete layers. */
  init(): void {
    for (const d of [this.layersDir, this.tmpDir, this.trashDir])
      mkdirSync(d, { recursive: true, mode: 0o700 });
    for (const d of [this.tmpDir, this.trashDir]) {
      for (const name of readdirSync(d)) rmSync(join(d, name), { recursive: true, force: true });
    }
    for (const hex of readdirSync(this.layersDir)) {
      const dir = join(this.layersDir, hex);
      if (!/^[a-f0-9]{64}$/.test(hex) || !existsSync(join(dir, 'diff'))) {
        rmSync(dir, { recursive: true, force: true });
        continue;
      }
      let size = 0;
      try {
        size = Number(readFileSync(join(dir, 'size'), 'utf8').trim()) || 0;
      } catch {
        // A layer from before sizes were kept: counted as empty.
      }
      this.sizes.set(`sha256:${hex}`, size);
    }
  }

  has(diffId: string): boolean {
    return this.sizes.has(diffId);
  }

  /** The layer's directory (overlay lowerdir). */
  path(diffId: string): string {
    return join(this.layersDir, digestHex(diffId), 'diff');
  }

  size(diffId: string): number {
    return this.sizes.get(diffId) ?? 0;
  }

  all(): string[] {
    return [...this.sizes.keys()];
  }

  /** A scratch directory under the store (same filesystem), removed at the next init if left. */
  scratch(): string {
    const dir = join(this.tmpDir, randomBytes(8).toString('hex'));
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    return dir;
  }

  /**
   * Unpacks a layer stream. `expectDiffId`: the diff id the caller was promised (an image config's
   * rootfs); a different one fails and nothing is kept.
   */
  async register(source: Readable, opts: { expectDiffId?: string } = {}): Promise<RegisteredLayer> {
    const work = this.scratch();
    try {
      const { diffId, size } = await unpackLayer(source, join(work, 'diff'));
      if (opts.expectDiffId !== undefined && opts.expectDiffId !== diffId) {
        throw new DiffIdMismatchError(opts.expectDiffId, diffId);
      }
      if (this.sizes.has(diffId))
        return { diffId, size: this.size(diffId), existed: true, release: this.pin([diffId]) };
      await writeFile(join(work, 'size'), `${size}\n`);
      const target = join(this.layersDir, digestHex(diffId));
      try {
        renameSync(work, target);
      } catch (err) {
        // Another registration of the same content won the race.
        if (existsSync(join(target, 'diff')))
          return { diffId, size, existed: true, release: this.pin([diffId]) };
        throw err;
      }
      syncDirectory(this.layersDir);
      this.sizes.set(diffId, size);
      return { diffId, size, existed: false, release: this.pin([diffId]) };
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  }

  /** Keeps `diffIds` from being collected until the returned function is called. */
  pin(diffIds: Iterable<string>): () => void {
    const ids = [...diffIds];
    for (const id of ids) this.pins.set(id, (this.pins.get(id) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      for (const id of ids) {
        const n = (this.pins.get(id) ?? 1) - 1;
        if (n <= 0) this.pins.delete(id);
        else this.pins.set(id, n);
      }
    };
  }

  /** Deletes every layer neither in `keep` nor pinned; returns the diff ids deleted. */
  async collect(keep: ReadonlySet<string>): Promise<string[]> {
    const doomed = [...this.sizes.keys()].filter((id) => !keep.has(id) && !this.pins.has(id));
    const moved: string[] = [];
    for (const id of doomed) {
      const to = join(this.trashDir, `${digestHex(id)}-${randomBytes(4).toString('hex')}`);
      renameSync(join(this.layersDir, digestHex(id)), to);
      this.sizes.delete(id);
      moved.push(to);
    }
    if (moved.length > 0) syncDirectory(this.layersDir);
    for (const dir of moved) await rm(dir, { recursive: true, force: true });
    return doomed;
  }
}
