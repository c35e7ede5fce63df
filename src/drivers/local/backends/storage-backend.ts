import type { LocalMountOptions, RootOwner } from '../local-options.js';

/**
 * Where a local volume's bytes live. Every backend keeps Docker's layout: `<root>/<name>/_data` is the
 * volume's Mountpoint and `opts.json` sits beside it; what differs is what `_data` is.
 *
 * - `dir` (the default): `_data` is a plain directory on the volumes' filesystem (Docker's own).
 * - `btrfs`: one subvolume per volume. When the volumes root is on btrfs, `_data` *is* the subvolume
 *   (nothing to mount; a rename of `<root>/<name>` moves it). Otherwise the subvolume lives in a pool
 *   (a sparse btrfs image Strata makes, loop-mounted under the data root) under a random id, and is
 *   bind-mounted on `_data` while the volume is in use. `size` is a qgroup limit on referenced bytes.
 * - `image`: `<root>/<name>/volume.ext4`, a sparse ext4 image of `size` bytes, loop-mounted on `_data`
 *   while the volume is in use.
 *
 * Lifecycle (the local driver is the only caller, and holds the volume's name lock):
 * 1. `create` makes the storage inside a fresh, empty staging directory `dir` (it makes `_data`
 *    itself); the driver then writes opts.json and renames `dir` to `<root>/<name>` in one step, so a
 *    crash before that rename leaves only staging debris (deleted at start-up) and, for the btrfs pool,
 *    an orphan subvolume that `recover` deletes.
 * 2. `mountSource` says what to mount on `_data` before use (undefined: `_data` is the storage). The
 *    driver mounts it for the first user and unmounts it after the last one, as for `type=` volumes.
 * 3. `destroy` releases what lives outside `dir` or needs more than a recursive delete (loop devices,
 *    subvolumes). The driver calls it after renaming `dir` out of the volumes root (the commit point of
 *    a remove) and after unmounting `_data`; it may also meet a `dir` a crash left in the trash.
 * 4. `recover` runs at start-up with every volume of this backend: it re-attaches what the volumes need
 *    (the btrfs pool) and deletes what nothing under the volumes root refers to.
 *
 * A backend that keeps facts about the storage (the pool subvolume's name) writes them to
 * `storage.json` in `dir` (backend-state.ts) in `create`, `snapshot` and `copy`; the driver reads them
 * back into `ref` and `subvolumeId`. opts.json holds only the options (and the backend's name).
 *
 * Invariants: `dir` may move between calls (rename, trash); a backend finds a volume's storage from
 * `dir` and the `ref` it returned at create, never from the volume's name.
 */
export interface StorageBackend {
  readonly name: BackendName;
  /** Whether `size` is enforced: writes past it fail with ENOSPC or EDQUOT. */
  readonly limitsSize: boolean;
  create(target: NewBackendVolume): Promise<BackendVolume>;
  mountSource(vol: BackendVolume): LocalMountOptions | undefined;
  destroy(vol: BackendVolume): Promise<void>;
  recover(vols: readonly BackendVolume[], volumesRoot: string): Promise<void>;
  /**
   * Bytes the backend's own accounting says the volume uses, cheaply (no walk of the files): btrfs
   * qgroup referenced bytes; image used blocks (statfs when mounted, the ext4 superblock when not).
   * Block granularity, so not Docker's apparent-size sum. Undefined when the backend keeps no account
   * (`dir`). `mounted` tells whether `_data` has the volume's filesystem on it. Freshness: an image's
   * statfs is exact at once; btrfs counts at each transaction commit (every 30 s at most, or at a
   * sync), so bytes written in the last seconds may not be counted yet.
   */
  accountedUsage(vol: BackendVolume, mounted: boolean): Promise<number | undefined>;
  /**
   * Where the volume's files can be read right now for a Docker-style walk, or undefined when they
   * cannot without mounting (an unmounted image).
   */
  readablePath(vol: BackendVolume, mounted: boolean): string | undefined;
  /**
   * Makes `target` (as `create` does) an instant, copy-on-write copy of `source` (btrfs: a subvolume
   * snapshot, ~ms whatever the size). Only backends that can do it in constant time have it. The
   * source may be in use; the snapshot is crash-consistent. `target.sizeBytes` 0 keeps no limit.
   */
  snapshot?(source: BackendVolume, target: NewBackendVolume): Promise<BackendVolume>;
  /**
   * Makes `target` (as `create` does) a full copy of `source`'s data: reflinks where the filesystem
   * has them, bytes otherwise (owners, modes, times, xattrs and hardlinks kept). `mounted` tells
   * whether the source's filesystem is on its `_data`; an image in use is frozen while copied.
   */
  copy(source: BackendVolume, target: NewBackendVolume, mounted: boolean): Promise<BackendVolume>;
}

export type BackendName = 'dir' | 'btrfs' | 'image';

/** The valid backend names, in the order error messages list them. */
export const backendNames: readonly BackendName[] = ['dir', 'btrfs', 'image'];

export function isBackendName(s: string): s is BackendName {
  return (backendNames as readonly string[]).includes(s);
}

/** A volume as its backend sees it: where its directory is now, and what the backend recorded. */
export interface BackendVolume {
  /** `<root>/<name>` (or a staging/trash directory); `_data` is inside. */
  dir: string;
  /**
   * The limit in bytes (image: the image's size); 0 = none. What `create`, `snapshot` and `copy`
   * return is the limit in force (an image made at the default size says so), kept as opts.json's
   * `Quota.Size`.
   */
  sizeBytes: number;
  /** The backend's own id for storage that lives outside `dir` (btrfs pool: the subvolume's name). */
  ref?: string;
  /** btrfs: the subvolume's id (its qgroup is `0/<id>`), kept so that usage needs no lookup. */
  subvolumeId?: number;
}

/** What a backend records about a volume beyond its size (persisted in opts.json). */
export type BackendState = Pick<BackendVolume, 'ref' | 'subvolumeId'>;

/** What `create` is asked to make. */
export interface NewBackendVolume {
  /** An empty directory that `create` fills (`_data` and the backend's files). */
  dir: string;
  /** The requested limit in bytes; 0 = none (image: the backend's default size). */
  sizeBytes: number;
  /** Owner and mode for the new volume's root, applied once here. */
  owner?: RootOwner;
}
