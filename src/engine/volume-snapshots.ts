import { OpError, conflict, invalidParameter, kindOf, messages, notFound } from '../errors/index.js';
import type { DriverSnapshot, VolumeSnapshots } from '../drivers/volume-driver.js';
import type { VolumeRecord } from '../store/metadata-store.js';
import { withWritersPaused, type VolumeAccess } from './volume-access.js';

/** A snapshot as the engine hands it out. */
export type SnapshotView = DriverSnapshot;

/**
 * Snapshots of volumes (Strata's own; moby#7127, moby#33782): made, listed, restored and removed
 * through the volume's driver, which keeps them beside the volume (they go with it on remove and
 * prune, and move with it on rename). Every operation holds the volume's name lock. Emits
 * `snapshot` and `restore` (attributes: driver, snapshot) on the volume.
 */
export class VolumeSnapshotService {
  constructor(private readonly access: VolumeAccess) {}

  /**
   * Copies the volume's data as it is now under `snapshot`, or a UTC time stamp when none is given
   * (`20261206T164000Z`, `-2`, `-3`, … added if taken). Running containers that use the volume are
   * refused unless `pause`, as for clone.
   */
  async create(
    name: string,
    snapshot: string | undefined,
    opts: { pause?: boolean } = {},
  ): Promise<SnapshotView> {
    return this.access.locks.run(name, async () => {
      const { rec, snapshots } = this.lookup('snapshot', name);
      const snap = snapshot || (await defaultName(snapshots, name));
      const made = await withWritersPaused(this.access, rec, opts.pause ?? false, () =>
        this.access.busyDuring(name, 'snapshotted', () =>
          snapshots.create(name, snap).catch((err: unknown) => rethrow('snapshot', name, err)),
        ),
      );
      this.access.emit('snapshot', name, { driver: rec.driver, snapshot: snap });
      return made;
    });
  }

  /** The volume's snapshots, oldest first; without a name, every volume's, by volume name. */
  async list(name?: string): Promise<SnapshotView[]> {
    if (name !== undefined) {
      const { snapshots } = this.lookup('snapshot', name);
      return snapshots.list(name).catch((err: unknown) => rethrow('snapshot', name, err));
    }
    const out: SnapshotView[] = [];
    const recs = [...this.access.index.all()].sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const rec of recs) {
      const driver = this.tryDriver(rec);
      if (!driver?.snapshots) continue;
      out.push(...(await driver.snapshots.list(rec.name).catch(() => [])));
    }
    return out;
  }

  /**
   * Replaces the volume's data with the snapshot's. Refused while any container refers to the volume
   * (running or not: a stopped one would start on the swap), naming them as rename does.
   */
  async restore(name: string, snapshot: string): Promise<void> {
    await this.access.locks.run(name, async () => {
      const { rec, snapshots } = this.lookup('restore', name);
      const refs = this.access.index.refsOf(name);
      if (refs.length > 0) {
        const names = refs
          .map((id) => this.access.containers().find(id)?.name)
          .filter((n) => n !== undefined);
        throw conflict(messages.volumeInUseBy(name, refs, names));
      }
      await this.access.busyDuring(name, 'restored', () =>
        snapshots.restore(name, snapshot).catch((err: unknown) => {
          if (kindOf(err) === 'conflict')
            throw conflict(messages.volumeMountedNow(name, (err as Error).message));
          return rethrow('restore', name, err);
        }),
      );
      this.access.dataChanged(name);
      this.access.emit('restore', name, { driver: rec.driver, snapshot });
    });
  }

  async remove(name: string, snapshot: string): Promise<void> {
    await this.access.locks.run(name, async () => {
      const { snapshots } = this.lookup('snapshot', name);
      await snapshots.remove(name, snapshot).catch((err: unknown) => rethrow('snapshot', name, err));
    });
  }

  private lookup(op: string, name: string): { rec: VolumeRecord; snapshots: VolumeSnapshots } {
    const rec = this.access.index.get(name);
    if (!rec) throw new OpError('get', name, notFound(messages.noSuchVolume));
    const snapshots = this.access.driverOf(op, name, rec.driver).snapshots;
    if (!snapshots) {
      throw new OpError(op, name, invalidParameter(messages.driverCannotCopy(rec.driver, 'snapshot')));
    }
    return { rec, snapshots };
  }

  private tryDriver(rec: VolumeRecord): ReturnType<VolumeAccess['driverOf']> | undefined {
    try {
      return this.access.driverOf('snapshot', rec.name, rec.driver);
    } catch {
      return undefined;
    }
  }
}

/** Not-found and conflicts read as they are; other errors name the operation and the volume. */
function rethrow(op: string, name: string, err: unknown): never {
  const kind = kindOf(err);
  if (kind === 'not-found' || kind === 'conflict') throw err;
  throw new OpError(op, name, err);
}

/** `YYYYMMDDTHHMMSSZ` now, UTC, with `-N` added while the volume has a snapshot of that name. */
async function defaultName(snapshots: VolumeSnapshots, volume: string): Promise<string> {
  const stamp = new Date()
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  const taken = new Set((await snapshots.list(volume)).map((s) => s.name));
  let name = stamp;
  for (let n = 2; taken.has(name); n++) name = `${stamp}-${n}`;
  return name;
}
