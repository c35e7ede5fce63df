import {
  closeSync,
  existsSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { join } from 'node:path';
import { readMountPoints } from '../mount-table.js';
import { btrfs, isOnBtrfs } from './btrfs-tools.js';
import { loopDevicesOf } from './loop-device.js';
import { runCommand } from './run-command.js';

export interface BtrfsPoolOptions {
  /** `<data-root>/volumes`. When it is on btrfs, subvolumes are made there and no image is needed. */
  volumesRoot: string;
  /** `<data-root>/btrfs`: the pool image (`pool.img`) and its mount point (`pool/`). */
  dir: string;
  /** The size of the pool image when Strata makes it (sparse: blocks are taken as data is written). */
  sizeBytes: number;
}

/**
 * Where btrfs volumes' subvolumes are made, ready on first need.
 *
 * `native`: the volumes root is on btrfs; each volume's `_data` is a subvolume in place, and quota
 * accounting is turned on for that filesystem (once; it stays on).
 *
 * Otherwise a pool: `<dir>/pool.img`, a sparse file formatted btrfs, loop-mounted (mount(8) `-o loop`)
 * on `<dir>/pool` with quotas on; subvolumes are `<dir>/pool/subvolumes/<ref>`. The mount and its loop
 * device outlive the daemon (a restart or kill -9 finds the mount in mountinfo and uses it); after a
 * reboot `ready` mounts the image again. The image is made as `pool.img.new` and renamed when
 * formatted, so a crash never leaves a half-made `pool.img`. A larger `sizeBytes` than the image has
 * grows it (file, loop device, filesystem) when the pool is made ready.
 */
export class BtrfsPool {
  readonly image: string;
  readonly mountpoint: string;
  private readying: Promise<void> | undefined;
  private nativeRoot: boolean | undefined;
  /** The filesystem's UUID once ready (names /sys/fs/btrfs/<uuid>); undefined if it could not be read. */
  uuid: string | undefined;

  constructor(private readonly options: BtrfsPoolOptions) {
    this.image = join(options.dir, 'pool.img');
    this.mountpoint = join(options.dir, 'pool');
  }

  /** Whether subvolumes live in the volumes root itself (it is on btrfs). */
  get native(): boolean {
    this.nativeRoot ??= isOnBtrfs(this.options.volumesRoot);
    return this.nativeRoot;
  }

  /** Where a pool subvolume is (pool layout only). */
  subvolume(ref: string): string {
    return join(this.mountpoint, 'subvolumes', ref);
  }

  get subvolumesDir(): string {
    return join(this.mountpoint, 'subvolumes');
  }

  /** Whether the pool filesystem is mounted now (always true for `native`). */
  mounted(points = readMountPoints()): boolean {
    return this.native || points.includes(this.mountpoint);
  }

  /** Makes the pool usable: mounted, quotas on. Concurrent callers share one attempt; a failed one is retried by the next call. */
  ready(): Promise<void> {
    this.readying ??= this.makeReady().catch((err: unknown) => {
      this.readying = undefined;
      throw err;
    });
    return this.readying;
  }

  private async makeReady(): Promise<void> {
    if (this.native) {
      await btrfs.enableQuota(this.options.volumesRoot);
      this.uuid = await btrfs.filesystemUuid(this.options.volumesRoot).catch(() => undefined);
      return;
    }
    mkdirSync(this.options.dir, { recursive: true, mode: 0o700 });
    if (!this.mounted()) {
      if (!existsSync(this.image)) await this.makeImage();
      mkdirSync(this.mountpoint, { recursive: true, mode: 0o700 });
      await runCommand('mount', ['-t', 'btrfs', '-o', 'loop', '--', this.image, this.mountpoint]);
    }
    await this.grow();
    await btrfs.enableQuota(this.mountpoint);
    mkdirSync(this.subvolumesDir, { recursive: true, mode: 0o700 });
    this.uuid = await btrfs.filesystemUuid(this.mountpoint).catch(() => undefined);
  }

  private async makeImage(): Promise<void> {
    const fresh = `${this.image}.new`;
    rmSync(fresh, { force: true });
    const fd = openSync(fresh, 'wx', 0o600);
    try {
      ftruncateSync(fd, this.options.sizeBytes);
    } finally {
      closeSync(fd);
    }
    await runCommand('mkfs.btrfs', ['-q', '-f', fresh]);
    renameSync(fresh, this.image);
  }

  /** Grows a mounted pool to `sizeBytes` when it is smaller (never shrinks). */
  private async grow(): Promise<void> {
    if (statSync(this.image).size >= this.options.sizeBytes) return;
    const fd = openSync(this.image, 'r+');
    try {
      ftruncateSync(fd, this.options.sizeBytes);
    } finally {
      closeSync(fd);
    }
    for (const dev of await loopDevicesOf(this.image)) {
      await runCommand('losetup', ['--set-capacity', dev]);
    }
    await runCommand('btrfs', ['filesystem', 'resize', 'max', this.mountpoint]);
  }
}
