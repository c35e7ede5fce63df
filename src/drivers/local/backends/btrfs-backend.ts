import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { messageOf, messages, systemError } from '../../../errors/index.js';
import type { LocalMountOptions } from '../local-options.js';
import { applyRootOwner } from '../volume-files.js';
import { findBackendStates, writeBackendState } from './backend-state.js';
import { btrfs } from './btrfs-tools.js';
import type { BtrfsPool } from './btrfs-pool.js';
import type { BackendVolume, NewBackendVolume, StorageBackend } from './storage-backend.js';

/**
 * `btrfs`: one subvolume per volume, `size` as a qgroup limit on its referenced bytes (a write past it
 * fails with EDQUOT), usage from the qgroup's counters, snapshots in constant time.
 *
 * Two layouts, told apart per volume by `ref` (see BtrfsPool): without `ref`, `_data` is the subvolume
 * (the volumes root is on btrfs) — always there, nothing to mount, moved by a rename of its directory;
 * with `ref`, the subvolume is `pool/subvolumes/<ref>` and is bind-mounted on `_data` while in use.
 * A bind for the time of use rather than for the volume's life keeps the host's mount table to the
 * volumes in use (as for `type=` volumes) and needs nothing re-made after a reboot but the pool mount.
 */
export class BtrfsBackend implements StorageBackend {
  readonly name = 'btrfs' as const;
  readonly limitsSize = true;

  constructor(
    private readonly pool: BtrfsPool,
    private readonly log: (msg: string, fields: Record<string, unknown>) => void = () => undefined,
  ) {}

  /** The pool, ready; why not as an error that names the backend (no btrfs-progs, no loop device, …). */
  private async ready(): Promise<void> {
    try {
      await this.pool.ready();
    } catch (err) {
      throw systemError(messages.backendUnavailable('btrfs', messageOf(err)), err);
    }
  }

  async create(target: NewBackendVolume): Promise<BackendVolume> {
    await this.ready();
    const data = join(target.dir, '_data');
    if (this.pool.native) {
      await btrfs.createSubvolume(data);
      return this.finish(target, data, undefined);
    }
    const ref = randomBytes(12).toString('hex');
    const sub = this.pool.subvolume(ref);
    await btrfs.createSubvolume(sub);
    try {
      mkdirSync(data, { mode: 0o755 });
      return await this.finish(target, sub, ref);
    } catch (err) {
      await btrfs.deleteSubvolume(sub).catch(() => undefined);
      throw err;
    }
  }

  /** Owner, limit and id of a new subvolume. */
  private async finish(
    target: NewBackendVolume,
    sub: string,
    ref: string | undefined,
  ): Promise<BackendVolume> {
    if (target.owner) applyRootOwner(sub, target.owner);
    if (target.sizeBytes > 0) await btrfs.limit(sub, target.sizeBytes);
    const subvolumeId = await btrfs.subvolumeId(sub);
    const state = { subvolumeId, ...(ref === undefined ? {} : { ref }) };
    writeBackendState(target.dir, state);
    return { dir: target.dir, sizeBytes: target.sizeBytes, ...state };
  }

  /** The subvolume holding the volume's data. */
  subvolumePath(vol: BackendVolume): string {
    return vol.ref === undefined ? join(vol.dir, '_data') : this.pool.subvolume(vol.ref);
  }

  mountSource(vol: BackendVolume): LocalMountOptions | undefined {
    if (vol.ref === undefined) return undefined;
    return { mountType: '', mountOpts: 'bind', mountDevice: this.pool.subvolume(vol.ref), quotaSize: 0 };
  }

  /**
   * Deletes the volume's subvolume, and the pool subvolumes of what it keeps beside its data (its
   * snapshots' storage.json). Nested subvolumes of the native layout go with the recursive delete.
   */
  async destroy(vol: BackendVolume): Promise<void> {
    const sub = this.subvolumePath(vol);
    if (vol.ref !== undefined && !this.pool.mounted()) return; // recover deletes it once the pool is back
    if (existsSync(sub)) await btrfs.deleteSubvolume(sub);
    for (const state of findBackendStates(vol.dir)) {
      if (state.ref === undefined || state.ref === vol.ref) continue;
      const inner = this.pool.subvolume(state.ref);
      if (existsSync(inner)) await btrfs.deleteSubvolume(inner);
    }
  }

  /**
   * Mounts the pool again when a volume needs it (after a reboot), then deletes the pool subvolumes
   * that no storage.json under the volumes root refers to: those of creates cut short before their
   * commit and of removes cut short after it.
   */
  async recover(vols: readonly BackendVolume[], volumesRoot: string): Promise<void> {
    const pooled = vols.some((v) => v.ref !== undefined);
    if (!pooled && !this.pool.mounted()) return;
    await this.ready();
    if (this.pool.native) return;
    // Every storage.json under the root counts (volumes, their snapshots, restores in progress).
    const wanted = new Set(findBackendStates(volumesRoot).map((s) => s.ref));
    let orphans = 0;
    for (const entry of readdirSync(this.pool.subvolumesDir)) {
      if (wanted.has(entry)) continue;
      this.log('deleting a subvolume no volume refers to', { subvolume: entry });
      await btrfs.deleteSubvolume(this.pool.subvolume(entry)).catch((err: unknown) => {
        this.log('could not delete an orphan subvolume', { subvolume: entry, err: String(err) });
      });
      orphans++;
    }
    if (orphans > 0) await btrfs.clearStaleQgroups(this.pool.mountpoint).catch(() => undefined);
  }

  async accountedUsage(vol: BackendVolume): Promise<number | undefined> {
    await this.ready();
    const path = this.subvolumePath(vol);
    const id = vol.subvolumeId ?? (await btrfs.subvolumeId(path));
    return btrfs.referencedBytes({ uuid: this.pool.uuid, id, path });
  }

  readablePath(vol: BackendVolume): string | undefined {
    return vol.ref !== undefined && !this.pool.mounted() ? undefined : this.subvolumePath(vol);
  }

  /**
   * A writable snapshot of the source's subvolume, in the same layout. The limit is the target's
   * size, or the source's when the target asks none (qgroup limits are not copied by btrfs).
   */
  async snapshot(source: BackendVolume, target: NewBackendVolume): Promise<BackendVolume> {
    await this.ready();
    const from = this.subvolumePath(source);
    const sizeBytes = target.sizeBytes > 0 ? target.sizeBytes : source.sizeBytes;
    const data = join(target.dir, '_data');
    if (source.ref === undefined) {
      await btrfs.snapshot(from, data);
      return this.finish({ dir: target.dir, sizeBytes }, data, undefined);
    }
    const ref = randomBytes(12).toString('hex');
    const sub = this.pool.subvolume(ref);
    await btrfs.snapshot(from, sub);
    try {
      mkdirSync(data, { mode: 0o755 });
      return await this.finish({ dir: target.dir, sizeBytes }, sub, ref);
    } catch (err) {
      await btrfs.deleteSubvolume(sub).catch(() => undefined);
      throw err;
    }
  }

  /** A snapshot is a full, independent copy (copy-on-write), so copying is snapshotting. */
  copy(source: BackendVolume, target: NewBackendVolume): Promise<BackendVolume> {
    return this.snapshot(source, target);
  }
}
