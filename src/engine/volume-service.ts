import { OpError, conflict, messages, notFound } from '../errors/index.js';
import type { DriverRegistry } from '../drivers/driver-registry.js';
import type { VolumeDriver } from '../drivers/volume-driver.js';
import type { MetadataStore, VolumeRecord } from '../store/metadata-store.js';
import { apiVersionLess, type RequestContext } from './request-context.js';
import type { EventBus } from './event-bus.js';
import type { FilterQuery } from './filter-args.js';
import { NameLocks } from './name-locks.js';
import { VolumeIndex } from './volume-index.js';
import { cloneVolume, type CloneRequest } from './volume-clone.js';
import type { ContainerPauser, VolumeAccess } from './volume-access.js';
import { VolumeSnapshotService, type SnapshotView } from './volume-snapshots.js';
import { renameVolume, updateVolumeLabels, type LabelChange } from './volume-edits.js';
import { isPlainLocal, pruneVolumes, type PruneResult } from './volume-prune.js';
import { matchingVolumes } from './volume-list.js';
import { createVolume, type CreateVolumeRequest } from './volume-create.js';
import { catalogSizes, type SizeReading, type VolumeSizes } from './volume-sizes.js';
import { catalogContainers, usersOf, type ContainerDirectory, type VolumeUser } from './volume-users.js';

/** The label Docker v23+ puts on volumes created without a name. */
export { anonymousLabel, defaultDriverName } from './volume-prune.js';

/** A volume as the engine knows it: catalog record + where its data is + who uses it. */
export interface VolumeView {
  name: string;
  driver: string;
  labels: Record<string, string> | null;
  options: Record<string, string> | null;
  createdAt: number;
  mountpoint: string;
  scope: 'local' | 'global';
  status?: Record<string, unknown>;
  refs: string[];
  /** Unix ms of the last mount / unmount for a container; absent when never. */
  lastMountedAt?: number;
  lastUnmountedAt?: number;
}

export type { CreateVolumeRequest } from './volume-create.js';

export type { LabelChange } from './volume-edits.js';

export type { PruneResult } from './volume-prune.js';

export interface VolumeServiceOptions {
  store: MetadataStore;
  drivers: DriverRegistry;
  events: EventBus;
  log?: (level: 'info' | 'warn' | 'error', msg: string, fields?: Record<string, unknown>) => void;
}

// `until` is Strata's own for volumes (Docker has it for other prunes), accepted at every version.

/**
 * Docker's volume service and store in one (moby volume/service): names are locked per operation,
 * the catalog is kept in memory (VolumeIndex) and written through to the MetadataStore before any
 * answer. Views handed out are shared and must not be mutated.
 */
export class VolumeService {
  private readonly store: MetadataStore;
  private readonly drivers: DriverRegistry;
  private readonly events: EventBus;
  private readonly log: NonNullable<VolumeServiceOptions['log']>;
  private readonly locks = new NameLocks();
  private readonly index: VolumeIndex<VolumeView>;
  private pruneRunning = false;
  /** Volumes in the middle of a rename: no new references until it has settled. */
  private readonly renaming = new Set<string>();
  /** Volumes one operation holds whole (an archive import) → what it is doing, for messages. */
  private readonly held = new Map<string, string>();
  private containers: ContainerDirectory;
  private readonly sizes: VolumeSizes;
  private pauser: ContainerPauser | undefined;
  /** Clone, snapshots, rename and label edits (in their own modules) over this service's state. */
  private readonly access: VolumeAccess;
  private readonly snapshotService: VolumeSnapshotService;

  constructor(options: VolumeServiceOptions) {
    this.store = options.store;
    this.drivers = options.drivers;
    this.events = options.events;
    this.log = options.log ?? (() => undefined);
    this.index = new VolumeIndex((rec, refs) => this.makeView(rec, refs));
    this.containers = catalogContainers(this.store);
    this.sizes = catalogSizes({
      index: this.index,
      drivers: this.drivers,
      save: (name, size) => this.recordFact(name, { size }, 'size'),
      log: this.log,
    });
    this.access = {
      locks: this.locks,
      index: this.index,
      store: this.store,
      driverOf: (op, name, driver) => this.lookupDriver(op, name, driver),
      containers: () => this.containers,
      pauser: () => this.pauser,
      busyDuring: async (name, what, fn) => {
        const release = this.markHeld(name, what);
        try {
          return await fn();
        } finally {
          release();
        }
      },
      dataChanged: (name) => void this.sizes.refresh(name),
      forget: (name) => this.forget(name),
      renaming: this.renaming,
      renamed: (from, to) => this.sizes.renamed(from, to),
      emit: (action, id, attributes) => this.emit(action, id, attributes),
      log: this.log,
    };
    this.snapshotService = new VolumeSnapshotService(this.access);
  }

  /** Hands in what pauses containers for a copy's `pause` option; called once the containers exist. */
  setPauser(pauser: ContainerPauser): void {
    this.pauser = pauser;
  }

  /** Strata's own: a new volume with a copy of `source`'s data, options and labels (volume-clone.ts). */
  async clone(source: string, req: CloneRequest): Promise<VolumeView> {
    return this.index.viewOf(await cloneVolume(this.access, source, req));
  }

  /** Strata's own snapshots (volume-snapshots.ts): create, list (one volume or all), restore, remove. */
  createSnapshot(name: string, snapshot?: string, opts?: { pause?: boolean }): Promise<SnapshotView> {
    return this.snapshotService.create(name, snapshot, opts);
  }

  listSnapshots(name?: string): Promise<SnapshotView[]> {
    return this.snapshotService.list(name);
  }

  restoreSnapshot(name: string, snapshot: string): Promise<void> {
    return this.snapshotService.restore(name, snapshot);
  }

  removeSnapshot(name: string, snapshot: string): Promise<void> {
    return this.snapshotService.remove(name, snapshot);
  }

  /** Hands in the containers (names, running state, Docker's lookup); called once they exist. */
  setContainers(containers: ContainerDirectory): void {
    this.containers = containers;
  }

  /**
   * Reconciles catalog and drivers at start: a record whose volume its driver no longer holds is
   * dropped; a volume a driver holds without a record (made by hand, or by a create cut short before
   * it was acknowledged) is adopted with no labels or options, as Docker lists such volumes.
   */
  init(): void {
    const refs = this.store.listRefs();
    this.store.transaction(() => {
      for (const rec of this.store.listVolumes()) {
        const driver = this.drivers.has(rec.driver) ? this.drivers.get(rec.driver) : undefined;
        if (driver && driver.get(rec.name) === undefined) {
          this.log('warn', 'volume missing from its driver; dropping it from the catalog', {
            name: rec.name,
          });
          this.store.deleteVolume(rec.name);
          continue;
        }
        this.index.put(rec);
        for (const ref of refs.get(rec.name) ?? []) this.index.addRef(rec.name, ref);
      }
      for (const driver of this.drivers.all()) {
        for (const dv of driver.list()) {
          if (this.index.has(dv.name)) continue;
          const rec: VolumeRecord = {
            name: dv.name,
            driver: driver.name,
            labels: null,
            options: null,
            createdAt: dv.createdAt,
          };
          this.log('info', 'adopting a volume found on disk', { name: dv.name, driver: driver.name });
          this.store.putVolume(rec);
          this.index.put(rec);
        }
      }
    });
  }

  /** moby's Create (volume-create.ts): makes the volume, or answers the existing one. */
  async create(req: CreateVolumeRequest, ctx: RequestContext): Promise<VolumeView> {
    return this.index.viewOf(await createVolume(this.access, req, ctx));
  }

  /** See VolumeIndex.generation. */
  get generation(): number {
    return this.index.generation;
  }

  get(name: string): VolumeView {
    const rec = this.index.get(name);
    if (!rec) throw new OpError('get', name, notFound(messages.noSuchVolume));
    const view = this.index.viewOf(rec);
    const status = this.drivers.has(rec.driver) ? this.drivers.get(rec.driver).get(name)?.status : undefined;
    return status === undefined ? view : { ...view, status };
  }

  list(query: FilterQuery, ctx: RequestContext): VolumeView[] {
    return matchingVolumes(this.index, query, ctx, {
      containers: this.containers,
      sizeOf: (name) => this.sizes.reading(name)?.bytes,
    }).map((rec) => this.index.viewOf(rec));
  }

  async remove(name: string, opts: { force: boolean }): Promise<void> {
    await this.locks.run(name, async () => {
      const rec = this.index.get(name);
      if (!rec) {
        if (opts.force) return;
        throw new OpError('get', name, notFound(messages.noSuchVolume));
      }
      if (this.index.refCount(name) > 0) {
        throw new OpError('remove', name, conflict(messages.volumeInUse), this.index.refsOf(name));
      }
      try {
        const driver = this.drivers.get(rec.driver);
        await driver.remove(name);
      } catch (err) {
        if (opts.force) this.forget(name);
        throw new OpError('remove', name, err);
      }
      this.forget(name);
      this.emit('destroy', name, { driver: rec.driver });
    });
  }

  /** Strata's own: moves an unused volume to a new name with its data (volume-edits.ts). */
  async rename(from: string, to: string): Promise<VolumeView> {
    return this.index.viewOf(await renameVolume(this.access, from, to));
  }

  /** Strata's own: sets and drops labels of an existing volume (volume-edits.ts). */
  async updateLabels(name: string, change: LabelChange): Promise<VolumeView> {
    return this.index.viewOf(await updateVolumeLabels(this.access, name, change));
  }

  /** Names of the containers among `ids` that exist (for messages). */
  private containerNames(ids: readonly string[]): string[] {
    return ids.map((id) => this.containers.find(id)?.name).filter((n) => n !== undefined);
  }

  /**
   * Strata's own (archive import): refuses a volume containers reference, naming them as rename
   * does, then refuses new references (`acquire`) until the returned release is called.
   */
  hold(name: string, what: string): () => void {
    if (!this.index.has(name)) throw new OpError('get', name, notFound(messages.noSuchVolume));
    const refs = this.index.refsOf(name);
    if (refs.length > 0) throw conflict(messages.volumeInUseBy(name, refs, this.containerNames(refs)));
    return this.markHeld(name, what);
  }

  /** Marks the volume as being `what` until the returned release; one such operation at a time. */
  private markHeld(name: string, what: string): () => void {
    this.refuseIfHeld(name);
    this.held.set(name, what);
    return () => this.held.delete(name);
  }

  /** A held volume takes no new reference or mount: `volume X is being <what>` (409). */
  private refuseIfHeld(name: string): void {
    const heldFor = this.held.get(name);
    if (heldFor !== undefined) throw conflict(messages.volumeBusy(name, heldFor));
  }

  /** Runs `fn` under the volume's name lock (create, remove and rename of the name wait for it). */
  withNameLock<T>(name: string, fn: () => Promise<T>): Promise<T> {
    return this.locks.run(name, fn);
  }

  /** The containers referencing the volume, sorted by name, with whether each runs now. */
  usedBy(name: string): VolumeUser[] {
    return usersOf(this.index.refsOf(name), this.containers);
  }

  /** Docker's prune with Strata's `until`, protect label and dry run (volume-prune.ts). */
  async prune(
    query: FilterQuery,
    ctx: RequestContext,
    opts: { dryRun?: boolean } = {},
  ): Promise<PruneResult> {
    const legacy = apiVersionLess(ctx.apiVersion, '1.42');
    if (opts.dryRun) return pruneVolumes(this.access, this.sizes, query, { legacy, dryRun: true });
    if (this.pruneRunning) throw conflict(messages.pruneRunning);
    this.pruneRunning = true;
    try {
      return await pruneVolumes(this.access, this.sizes, query, { legacy, dryRun: false });
    } finally {
      this.pruneRunning = false;
    }
  }

  /**
   * `/system/df` volumes: local volumes without options, with their reference count and size — the
   * last count (see VolumeSizes), not a walk of every file at every call; -1 where none can be made.
   */
  async diskUsage(): Promise<Array<VolumeView & { size: number }>> {
    const recs = [...this.index.all()].filter((r) => isPlainLocal(r));
    await this.sizes.ensure(recs.map((r) => r.name));
    return recs.map((r) => ({ ...this.index.viewOf(r), size: this.sizes.reading(r.name)?.bytes ?? -1 }));
  }

  /** Strata's own: what is known of the volume's size now, without I/O (see `ensureSizes`). */
  sizeOf(name: string): SizeReading | undefined {
    return this.sizes.reading(name);
  }

  /** Makes `sizeOf` answer for these volumes (every volume when none are named); see VolumeSizes.ensure. */
  async ensureSizes(names?: readonly string[]): Promise<void> {
    await this.sizes.ensure(names ?? [...this.index.all()].map((r) => r.name));
  }

  /** Counts the volume again now (after its content was replaced: import, clone, restore). */
  async refreshSize(name: string): Promise<void> {
    await this.sizes.refresh(name);
  }

  /** Resolves when every size count started so far has finished. */
  async sizesSettled(): Promise<void> {
    await this.sizes.settled();
  }

  /** Records that `ref` (a container id) uses the volume; idempotent. */
  acquire(name: string, ref: string): void {
    if (!this.index.has(name)) throw new OpError('get', name, notFound(messages.noSuchVolume));
    if (this.renaming.has(name)) throw conflict(messages.volumeBeingRenamed(name));
    this.refuseIfHeld(name);
    this.store.addRef(name, ref);
    this.index.addRef(name, ref);
  }

  /** Inverse of acquire; idempotent. */
  release(name: string, ref: string): void {
    if (!this.index.has(name)) return;
    this.store.removeRef(name, ref);
    this.index.removeRef(name, ref);
  }

  /** Every (volume, reference) pair held. */
  references(): Array<{ name: string; ref: string }> {
    return [...this.index.all()].flatMap((r) =>
      this.index.refsOf(r.name).map((ref) => ({ name: r.name, ref })),
    );
  }

  /** Unmounts, in every driver, the filesystems an earlier run mounted that nobody mounted again. */
  async unmountIdle(): Promise<string[]> {
    const released: string[] = [];
    for (const driver of this.drivers.all()) released.push(...(await driver.unmountIdle()));
    return released;
  }

  /**
   * Mounts the volume for `id` through its driver; returns the host path. The time is recorded as
   * the volume's last mount, unless `id` is a container already running: that is one kept running
   * across a daemon restart being adopted again, whose mount happened before.
   */
  async mount(name: string, id: string): Promise<string> {
    const rec = this.index.get(name);
    if (!rec) throw new OpError('get', name, notFound(messages.noSuchVolume));
    this.refuseIfHeld(name);
    const path = await this.drivers.get(rec.driver).mount(name, id);
    this.sizes.mounted(name);
    if (this.containers.find(id)?.running !== true) this.recordTime(name, 'lastMountedAt');
    return path;
  }

  /** Inverse of mount (the container service calls it when the container stops); records the time. */
  async unmount(name: string, id: string): Promise<void> {
    const rec = this.index.get(name);
    if (!rec) return;
    try {
      await this.drivers.get(rec.driver).unmount(name, id);
    } finally {
      this.recordTime(name, 'lastUnmountedAt');
      this.sizes.unmounted(name);
    }
  }

  private recordTime(name: string, field: 'lastMountedAt' | 'lastUnmountedAt'): void {
    this.recordFact(name, { [field]: Date.now() }, 'mount time');
  }

  /**
   * Mount times and sizes are facts for people, not for the engine: kept in the catalog, but a failed
   * write is logged, not raised.
   */
  private recordFact(
    name: string,
    fact: Pick<VolumeRecord, 'lastMountedAt' | 'lastUnmountedAt' | 'size'>,
    what: string,
  ): void {
    const rec = this.index.get(name);
    if (!rec) return;
    const updated: VolumeRecord = { ...rec, ...fact };
    try {
      this.store.putVolume(updated);
    } catch (err) {
      this.log('warn', `could not record a volume ${what}`, { name, err: String(err) });
      return;
    }
    this.index.put(updated);
  }

  private lookupDriver(op: string, name: string, driverName: string): VolumeDriver {
    try {
      return this.drivers.get(driverName);
    } catch (err) {
      throw new OpError(op, name, err);
    }
  }

  private forget(name: string): void {
    this.store.deleteVolume(name);
    this.index.delete(name);
    this.sizes.forget(name);
  }

  /** The engine's view of a volume; built once per state by the index. */
  private makeView(rec: VolumeRecord, refs: readonly string[]): VolumeView {
    const driver = this.drivers.has(rec.driver) ? this.drivers.get(rec.driver) : undefined;
    return {
      name: rec.name,
      driver: rec.driver,
      labels: rec.labels,
      options: rec.options,
      createdAt: rec.createdAt,
      mountpoint: driver?.path(rec.name) ?? '',
      scope: driver?.capabilities().scope ?? 'local',
      refs: [...refs],
      ...(rec.lastMountedAt === undefined ? {} : { lastMountedAt: rec.lastMountedAt }),
      ...(rec.lastUnmountedAt === undefined ? {} : { lastUnmountedAt: rec.lastUnmountedAt }),
    };
  }

  private emit(action: string, id: string, attributes: Record<string, string>): void {
    this.events.publish({ Type: 'volume', Action: action, Actor: { ID: id, Attributes: attributes } });
  }
}
