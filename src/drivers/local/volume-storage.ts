import { join } from 'node:path';
import { messageOf, messages } from '../../errors/index.js';
import { directorySize } from './disk-usage.js';
import { createBackendVolume } from './backends/backend-create.js';
import { readBackendState } from './backends/backend-state.js';
import type { BackendSet } from './backends/backend-set.js';
import type { BackendName, BackendVolume, StorageBackend } from './backends/storage-backend.js';
import { needsMount, type LocalMountOptions } from './local-options.js';
import type { LocalVolume } from './local-volume.js';
import { ctimeSeconds } from './volume-files.js';

export interface VolumeStorageOptions {
  root: string;
  backends: BackendSet;
  defaultBackend: BackendName;
  durable: boolean;
  log: (msg: string, fields: Record<string, unknown>) => void;
}

/**
 * The local driver's view of its backends, per volume: which backend a volume is on, what to mount
 * for it, how big it is, how it is made, copied and released. `dir` volumes without options keep
 * the driver's own fast paths; everything else about backends goes through here.
 */
export class VolumeStorage {
  constructor(private readonly o: VolumeStorageOptions) {}

  backendOf(vol: LocalVolume): BackendName {
    return vol.options?.backend ?? 'dir';
  }

  private backend(vol: LocalVolume): StorageBackend {
    return this.o.backends.get(this.backendOf(vol));
  }

  /**
   * The volume as its backend sees it: the limit from the options, the storage's facts from the
   * storage.json in `dir`, read each time (a small file) so that what replaces the storage on disk (a
   * snapshot restore swaps it) is what is used next.
   */
  backendVolume(vol: LocalVolume, dir = vol.dir): BackendVolume {
    return { dir, sizeBytes: vol.options?.quotaSize ?? 0, ...readBackendState(dir) };
  }

  /** What to mount on `_data` before use: the options' filesystem, the backend's, or nothing. */
  mountSource(vol: LocalVolume): LocalMountOptions | undefined {
    if (needsMount(vol.options)) return vol.options;
    return this.backendOf(vol) === 'dir' ? undefined : this.backend(vol).mountSource(this.backendVolume(vol));
  }

  /** A new volume on a backend other than `dir` (staged, published by one rename). */
  async create(name: string, options: LocalMountOptions): Promise<LocalVolume> {
    const { made, options: recorded } = await createBackendVolume({
      root: this.o.root,
      name,
      backend: this.o.backends.get(options.backend ?? 'dir'),
      options,
      durable: this.o.durable,
    });
    return {
      name,
      dir: made.dir,
      data: join(made.dir, '_data'),
      options: recorded,
      createdAt: ctimeSeconds(made.dir),
      mountIds: new Map(),
      mounted: false,
    };
  }

  /**
   * The backend's part of deleting `dir`, a directory holding storage of `vol`'s backend (the volume
   * itself after a remove's commit, the rename into the trash; or one of its snapshots): loop devices
   * detached, subvolumes deleted. The storage is found from `dir`'s own storage.json. A failure is
   * logged; start-up's recover deletes what is left.
   */
  async release(vol: LocalVolume, dir: string): Promise<void> {
    if (this.backendOf(vol) === 'dir') return;
    try {
      await this.backend(vol).destroy(this.backendVolume(vol, dir));
    } catch (err) {
      this.o.log("could not release a removed volume's storage", { name: vol.name, err: String(err) });
    }
  }

  /**
   * Start-up: each backend settles (the btrfs pool mounted again, orphan subvolumes deleted); with
   * `btrfs` as the default, the pool is made ready now rather than at the first create.
   */
  async recover(vols: readonly LocalVolume[]): Promise<void> {
    for (const backend of [this.o.backends.btrfs, this.o.backends.image]) {
      const mine = vols.filter((v) => this.backendOf(v) === backend.name);
      await backend.recover(
        mine.map((v) => this.backendVolume(v)),
        this.o.root,
      );
    }
    if (this.o.defaultBackend === 'btrfs') {
      await this.o.backends.btrfsPool.ready().catch((err: unknown) => {
        throw new Error(messages.backendUnavailable('btrfs', messageOf(err)), { cause: err });
      });
    }
  }

  /**
   * Docker's count (a walk of the files). A backend volume that is not mounted is walked where its
   * files are (the btrfs pool subvolume); an unmounted image, which cannot be read without mounting
   * it, reports its accounted usage instead.
   */
  async usage(vol: LocalVolume): Promise<number | undefined> {
    if (this.backendOf(vol) === 'dir' || vol.mounted) return directorySize(vol.data);
    const bv = this.backendVolume(vol);
    const readable = this.backend(vol).readablePath(bv, false);
    return readable === undefined ? this.backend(vol).accountedUsage(bv, false) : directorySize(readable);
  }

  /** The backend's accounted usage; undefined for `dir` (only a walk can tell). */
  async accountedUsage(vol: LocalVolume): Promise<number | undefined> {
    if (this.backendOf(vol) === 'dir') return undefined;
    return this.backend(vol).accountedUsage(this.backendVolume(vol), vol.mounted);
  }

  /**
   * How the storage of `vol` (or of a snapshot kept beside it: `source` is any directory holding
   * `_data` and the backend's files) is copied into an empty `target` directory: a btrfs snapshot,
   * an image file copy (frozen while the volume is mounted), undefined for `dir` (the caller's tree
   * copy). The copy's own storage.json is written by the backend.
   */
  copier(vol: LocalVolume): ((source: string, target: string) => Promise<void>) | undefined {
    if (this.backendOf(vol) === 'dir') return undefined;
    const backend = this.backend(vol);
    return async (source, target) => {
      const from = this.backendVolume(vol, source);
      const mounted = source === vol.dir && vol.mounted;
      const to = { dir: target, sizeBytes: 0 };
      await (backend.snapshot ? backend.snapshot(from, to) : backend.copy(from, to, mounted));
    };
  }
}
