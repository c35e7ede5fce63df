import { readFileSync, realpathSync, statfsSync } from 'node:fs';
import { readMountPoints } from '../mount-table.js';
import { runCommand } from './run-command.js';

/** statfs f_type of btrfs (linux/magic.h BTRFS_SUPER_MAGIC). */
const btrfsMagic = 0x9123683e;

/** Whether `path` is on a btrfs filesystem. */
export function isOnBtrfs(path: string): boolean {
  try {
    return statfsSync(path).type === btrfsMagic;
  } catch {
    return false;
  }
}

/** The btrfs-progs calls the backend makes, each a thin wrapper of one `btrfs` command. */
export const btrfs = {
  async createSubvolume(path: string): Promise<void> {
    await runCommand('btrfs', ['subvolume', 'create', path]);
  },

  /** A writable snapshot of `source` at `target` (copy-on-write; constant time). */
  async snapshot(source: string, target: string): Promise<void> {
    await runCommand('btrfs', ['subvolume', 'snapshot', source, target]);
  },

  /** Deletes a subvolume (its blocks are freed in the background by the kernel's cleaner). */
  async deleteSubvolume(path: string): Promise<void> {
    await runCommand('btrfs', ['subvolume', 'delete', path]);
  },

  /** The subvolume id of the subvolume holding `path` (its qgroup is `0/<id>`). */
  async subvolumeId(path: string): Promise<number> {
    const { stdout } = await runCommand('btrfs', ['inspect-internal', 'rootid', path]);
    const id = Number(stdout.trim());
    if (!Number.isInteger(id) || id <= 0) throw new Error(`btrfs inspect-internal rootid ${path}: ${stdout}`);
    return id;
  },

  /** Turns quota accounting on (a no-op when it is on). */
  async enableQuota(path: string): Promise<void> {
    await runCommand('btrfs', ['quota', 'enable', path]);
  },

  /** Limits the referenced bytes of the subvolume at `path`; 0 removes the limit. */
  async limit(path: string, bytes: number): Promise<void> {
    await runCommand('btrfs', ['qgroup', 'limit', bytes > 0 ? String(bytes) : 'none', path]);
  },

  /** Drops the qgroups of deleted subvolumes (what `btrfs subvolume delete` leaves behind). */
  async clearStaleQgroups(path: string): Promise<void> {
    await runCommand('btrfs', ['qgroup', 'clear-stale', path]);
  },

  /** The UUID of the filesystem `path` is on (names its /sys/fs/btrfs directory). */
  async filesystemUuid(path: string): Promise<string> {
    // `filesystem show` wants the mount point itself, not any path below it.
    const { stdout } = await runCommand('btrfs', ['filesystem', 'show', mountPointOf(path)]);
    const m = /uuid: ([0-9a-f-]{36})/.exec(stdout);
    if (!m?.[1]) throw new Error(`btrfs filesystem show ${path}: no uuid in ${JSON.stringify(stdout)}`);
    return m[1];
  },

  /**
   * Referenced bytes of qgroup `0/<id>`: from sysfs (`/sys/fs/btrfs/<uuid>/qgroups/0_<id>/referenced`,
   * a file read) when the kernel has it, else `btrfs qgroup show --raw -f` of the subvolume. The
   * kernel updates the numbers at each transaction commit (30 s at most, or a sync).
   */
  async referencedBytes(opts: { uuid: string | undefined; id: number; path: string }): Promise<number> {
    if (opts.uuid !== undefined) {
      try {
        const raw = readFileSync(`/sys/fs/btrfs/${opts.uuid}/qgroups/0_${opts.id}/referenced`, 'utf8');
        return Number(raw.trim());
      } catch {
        // an older kernel: ask btrfs-progs
      }
    }
    const { stdout } = await runCommand('btrfs', ['qgroup', 'show', '--raw', '-f', opts.path]);
    for (const line of stdout.split('\n')) {
      const [group, referenced] = line.trim().split(/\s+/);
      if (group === `0/${opts.id}` && referenced !== undefined) return Number(referenced);
    }
    throw new Error(`btrfs qgroup show ${opts.path}: no qgroup 0/${opts.id}`);
  },
};

/** The mount point `path` is under: the longest mount point that is a prefix of its real path. */
export function mountPointOf(path: string, points = readMountPoints()): string {
  const real = realpathSync(path);
  let best = '/';
  for (const p of points) {
    const inside = p === '/' || real === p || real.startsWith(`${p}/`);
    if (inside && p.length > best.length) best = p;
  }
  return best;
}
