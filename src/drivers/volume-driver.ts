/**
 * A volume driver owns the bytes of the volumes it holds; it keeps no catalog (labels live in the
 * store). The shape follows Docker's volume plugin protocol: name-keyed calls, mounts counted by an
 * opaque mount id.
 *
 * Lifecycle and invariants (every driver passes src/drivers/volume-driver.contract.ts):
 * - `create(name, options)` validates the name and options, then makes the volume. Creating a name the
 *   driver already holds returns that volume unchanged. Errors are EngineErrors (invalid-parameter for
 *   bad input) and leave nothing behind.
 * - `get(name)` is undefined when the driver does not hold `name`. `list()` returns every volume held.
 * - `mount(name, id)` makes the volume's data available and returns its host path; it is called once
 *   per user (container, copy, export) with a distinct `id`. The first mount of a volume that needs one
 *   (e.g. tmpfs, bind, a FUSE type) performs it. `unmount(name, id)` is the inverse; when the last id is
 *   gone the filesystem is unmounted. Unmounting an id that is not mounted is a no-op. A new driver
 *   instance finds filesystems an earlier one mounted without their ids; `unmountIdle()` releases
 *   those nobody mounted again.
 * - `remove(name)` refuses a volume with active mounts (`volume has active mounts`) and otherwise removes
 *   its data; after it returns, `get(name)` is undefined even if the process dies right after.
 * - `path(name)` is where the data is (or will be) mounted, without touching the disk.
 * - `rename(from, to)`, when a driver has it, moves a volume to a new name with its data. It checks
 *   first and changes nothing when it throws: `to` is validated as `create` validates a name (the same
 *   errors), an unknown `from` is not-found, a `to` already held and a volume with mount ids or a
 *   mounted filesystem are conflicts. The move itself is one atomic step: a process that dies at any
 *   moment leaves the driver, reloaded, holding exactly one of the two names, with the data. Drivers
 *   without it (plugins: Docker's protocol has no rename) cannot rename.
 * - `clone(source, target)`, when a driver has it, makes `target` a new volume holding a copy of
 *   `source`'s data (every file, directory, link, mode, owner, time, xattr; sparse files stay sparse,
 *   hardlinks stay linked) and its options. It checks as `rename` does and changes nothing when it
 *   throws (`target` validated as `create` validates a name, unknown `source` not-found, `target` held
 *   a conflict). `source` may be mounted: the caller keeps writers away (pauses them). The copy appears
 *   under `target` in one atomic step: a process that dies at any moment leaves, after a reload,
 *   either no `target` or a complete one.
 * - `snapshots`, when a driver has them, keeps point-in-time copies of a volume beside it (see
 *   VolumeSnapshots); they go with the volume on `remove` and move with it on `rename`.
 */
export interface DriverVolume {
  name: string;
  /** Host path of the data (`Mountpoint`). */
  mountpoint: string;
  /** When the volume was made, unix ms, second precision for the local driver (ctime of its root). */
  createdAt: number;
  /** Driver-specific status for inspect; the local driver reports none. */
  status?: Record<string, unknown>;
}

/** A point-in-time copy of a volume's data, kept by the driver beside the volume. */
export interface DriverSnapshot {
  volume: string;
  name: string;
  /** Unix ms (full precision: it orders snapshots made within one second). */
  createdAt: number;
  /** Bytes of the snapshot's data as `usage` counts a volume's; undefined when unknown. */
  size?: number;
}

/**
 * Snapshots of a driver's volumes. Snapshot names follow the local volume name rule
 * (`[a-zA-Z0-9][a-zA-Z0-9_.-]+`); a snapshot never changes once made. Every method throws not-found
 * for a volume the driver does not hold, and changes nothing when it throws.
 * - `create(volume, snapshot)` copies the volume's data as it is now (the caller keeps writers away);
 *   a taken name is a conflict. The snapshot appears in one atomic step: after a crash it is either
 *   absent or complete.
 * - `list(volume)` is every snapshot of the volume, oldest first.
 * - `restore(volume, snapshot)` replaces the volume's data with the snapshot's (the snapshot stays).
 *   A volume with mount ids is a conflict (`volume has active mounts`). Atomic: a process that dies at
 *   any moment leaves, after a reload, either the old data or the restored data, never a mix.
 * - `remove(volume, snapshot)` deletes one snapshot; an unknown one is not-found.
 */
export interface VolumeSnapshots {
  create(volume: string, snapshot: string): Promise<DriverSnapshot>;
  list(volume: string): Promise<DriverSnapshot[]>;
  restore(volume: string, snapshot: string): Promise<void>;
  remove(volume: string, snapshot: string): Promise<void>;
}

export interface DriverCapabilities {
  scope: 'local' | 'global';
}

export interface VolumeDriver {
  readonly name: string;
  capabilities(): DriverCapabilities;
  create(name: string, options: Readonly<Record<string, string>> | null): Promise<DriverVolume>;
  get(name: string): DriverVolume | undefined;
  list(): DriverVolume[];
  remove(name: string): Promise<void>;
  mount(name: string, id: string): Promise<string>;
  unmount(name: string, id: string): Promise<void>;
  /**
   * Unmounts every volume whose filesystem is mounted without an active mount id — what a daemon that
   * died left behind once the containers still running have mounted again — and returns their names.
   */
  unmountIdle(): Promise<string[]>;
  path(name: string): string;
  rename?(from: string, to: string): Promise<DriverVolume>;
  clone?(source: string, target: string): Promise<DriverVolume>;
  readonly snapshots?: VolumeSnapshots;
  /**
   * Bytes used by the volume's data, as Docker counts them (apparent sizes of non-directories,
   * hardlinks once). Undefined when the driver cannot tell.
   */
  usage?(name: string): Promise<number | undefined>;
  /**
   * Bytes used by the volume's data from the storage's own accounting (btrfs qgroups, an image's
   * used blocks), cheap enough to ask at every call, exact now; undefined when there is none (a
   * plain directory), so the engine counts with `usage` instead.
   */
  accountedUsage?(name: string): Promise<number | undefined>;
  /** Releases what the driver holds open (not the volumes' mounts). */
  close?(): Promise<void>;
}
