import { join } from 'node:path';
import { BtrfsBackend } from './btrfs-backend.js';
import { BtrfsPool } from './btrfs-pool.js';
import { DirBackend } from './dir-backend.js';
import { ImageBackend } from './image-backend.js';
import type { BackendName, StorageBackend } from './storage-backend.js';

export interface BackendSetOptions {
  /** `<data-root>/volumes` */
  volumesRoot: string;
  /** `<data-root>/btrfs`: the btrfs pool image and its mount point, when the root is not on btrfs. */
  btrfsDir: string;
  /** Size of the btrfs pool image Strata makes (sparse). */
  btrfsPoolSizeBytes: number;
  /** Size of an `image` volume that asks for none. */
  imageDefaultSizeBytes: number;
  log?: (msg: string, fields: Record<string, unknown>) => void;
}

/** Defaults: a 64 GiB btrfs pool, 10 GiB images — both sparse, so they cost what is written. */
export const defaultBtrfsPoolSize = 64 * 1024 ** 3;
export const defaultImageSize = 10 * 1024 ** 3;

/** The local driver's backends, one instance each. */
export class BackendSet {
  readonly dir: DirBackend;
  readonly btrfs: BtrfsBackend;
  readonly image: ImageBackend;
  readonly btrfsPool: BtrfsPool;

  constructor(options: BackendSetOptions) {
    this.dir = new DirBackend();
    this.btrfsPool = new BtrfsPool({
      volumesRoot: options.volumesRoot,
      dir: options.btrfsDir,
      sizeBytes: options.btrfsPoolSizeBytes,
    });
    this.btrfs = new BtrfsBackend(this.btrfsPool, options.log);
    this.image = new ImageBackend({ defaultSizeBytes: options.imageDefaultSizeBytes });
  }

  get(name: BackendName): StorageBackend {
    return this[name];
  }

  all(): StorageBackend[] {
    return [this.dir, this.btrfs, this.image];
  }
}

/** `<data-root>/btrfs` beside `<data-root>/volumes`. */
export function btrfsDirBeside(volumesRoot: string): string {
  return join(volumesRoot, '..', 'btrfs');
}
