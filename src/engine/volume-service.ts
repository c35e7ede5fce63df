import {
  OpError,
  conflict,
  invalidParameter,
  kindOf,
  messageOf,
  messages,
  notFound,
  systemError,
} from '../errors/index.js';
import { statSync } from 'node:fs';
import type { DriverRegistry } from '../drivers/driver-registry.js';
import type { VolumeDriver } from '../drivers/volume-driver.js';
import type { MetadataStore, VolumeRecord } from '../store/metadata-store.js';
import { apiVersionLess, type RequestContext } from './request-context.js';
import type { EventBus } from './event-bus.js';
import { FilterArgs, type FilterQuery } from './filter-args.js';
import { compileGoRegexp } from './go-regexp.js';
import { NameLocks } from './name-locks.js';
import { VolumeIndex } from './volume-index.js';
import { cloneVolume, type CloneRequest } from './volume-clone.js';
import type { ContainerPauser, VolumeCopyAccess } from './volume-copy-access.js';
import { VolumeSnapshotService, type SnapshotView } from './volume-snapshots.js';
import { isPruneProtected } from './prune-protect.js';
import { anonymousLabel, defaultDriverName, isPlainLocal, pruneCandidates } from './volume-prune.js';
import { generateVolumeId } from './volume-id.js';
import { VolumeSizes, type SizeReading } from './volume-sizes.js';
import { sizeFilterTest } from './size-filter.js';
import {
  catalogContainers,
  usedByIds,
  usersOf,
  type ContainerDirectory,
  type VolumeUser,
} from './volume-users.js';

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

export interface CreateVolumeRequest {
  name?: string;
  driver?: string;
  driverOpts?: Record<string, string> | null;
  labels?: Record<string, string> | null;
}

/** Label edits on an existing volume (Strata's own): keys to set (replacing values) and to drop. */
export interface LabelChange {
  add?: Record<string, string> | null;
  remove?: readonly string[] | null;
}

export interface PruneResult {
  deleted: string[];
  reclaimed: number;
  /** Dry runs only: each listed volume's size in bytes. */
  sizes?: Record<string, number>;
}

export interface VolumeServiceOptions {
  store: MetadataStore;
  drivers: DriverRegistry;
  events: EventBus;
  log?: (level: 'info' | 'warn' | 'error', msg: string, fields?: Record<string, unknown>) => void;
}

// `used-by` is Strata's own, accepted at every version (the docker CLI passes filters through).
// So is `size` (`>1GB`, `<=10MiB`, `=0`): it compares the sizes `sizeOf` answers.
const listFilters = new Set(['dangling', 'name', 'driver', 'label', 'used-by', 'size']);
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
  /** Clone and snapshots (volume-clone.ts, volume-snapshots.ts) over this service's state. */
  private readonly copies: VolumeCopyAccess;
  private readonly snapshotService: VolumeSnapshotService;

  constructor(options: VolumeServiceOptions) {
    this.store = options.store;
    this.drivers = options.drivers;
    this.events = options.events;
    this.log = options.log ?? (() => undefined);
    this.index = new VolumeIndex((rec, refs) => this.makeView(rec, refs));
    this.containers = catalogContainers(this.store);
    this.sizes = new VolumeSizes({
      walk: (name) => {
        const rec = this.index.get(name);
        return rec ? this.usage(rec) : Promise.resolve(undefined);
      },
      accounted: async (name) => {
        const rec = this.index.get(name);
        const driver = rec && this.drivers.has(rec.driver) ? this.drivers.get(rec.driver) : undefined;
        return driver?.accountedUsage ? driver.accountedUsage(name) : undefined;
      },
      touchedSince: async (name, since) => {
        const rec = this.index.get(name);
        if (!rec) return false;
        // One cached inode each: a synchronous stat costs a microsecond, a threadpool round trip more.
        const st = statSync(this.index.viewOf(rec).mountpoint);
        // The kernel's file times come from a coarse clock, a few ms behind Date.now().
        return Math.max(st.mtimeMs, st.ctimeMs) > since - 20;
      },
      record: (name) => this.index.get(name),
      save: (name, size) => this.recordFact(name, { size }, 'size'),
      log: this.log,
    });
    this.copies = {
      locks: this.locks,
      index: this.index,
      store: this.store,
      driverOf: (op, name, driver) => this.lookupDriver(op, name, driver),
      containers: () => this.containers,
      pauser: () => this.pauser,
      busyDuring: async (name, what, fn) => {
        const heldFor = this.held.get(name);
        if (heldFor !== undefined) throw conflict(messages.volumeBusy(name, heldFor));
        this.held.set(name, what);
        try {
          return await fn();
        } finally {
          this.held.delete(name);
        }
      },
      dataChanged: (name) => void this.sizes.refresh(name),
      emit: (action, id, attributes) => this.emit(action, id, attributes),
      log: this.log,
    };
    this.snapshotService = new VolumeSnapshotService(this.copies);
  }

  /** Hands in what pauses containers for a copy's `pause` option; called once the containers exist. */
  setPauser(pauser: ContainerPauser): void {
    this.pauser = pauser;
  }

  /** Strata's own: a new volume with a copy of `source`'s data, options and labels (volume-clone.ts). */
  async clone(source: string, req: CloneRequest): Promise<VolumeView> {
    return this.index.viewOf(await cloneVolume(this.copies, source, req));
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

  async create(req: CreateVolumeRequest, ctx: RequestContext): Promise<VolumeView> {
    const legacy = apiVersionLess(ctx.apiVersion, '1.42');
    let name = req.name ?? '';
    let labels = req.labels ?? null;
    if (name === '') {
      name = generateVolumeId();
      if (!legacy) labels = { ...(labels ?? {}), [anonymousLabel]: '' };
    }
    const requestedDriver = req.driver ?? '';
    return this.locks.run(name, async () => {
      const existing = await this.checkConflict(name, requestedDriver);
      if (existing) {
        if (legacy) this.emit('create', existing.name, { driver: existing.driver });
        return this.index.viewOf(existing);
      }
      const driver = this.lookupDriver('create', name, requestedDriver || defaultDriverName);
      const options = req.driverOpts ?? null;
      let made;
      try {
        made = await driver.create(name, options);
      } catch (err) {
        // dockerd 20.10 reported a size it could not parse as a server error (500).
        if (legacy && messageOf(err).startsWith('invalid size:'))
          throw new OpError('create', name, systemError(messageOf(err)));
        throw new OpError('create', name, err);
      }
      const rec: VolumeRecord = { name, driver: driver.name, labels, options, createdAt: made.createdAt };
      try {
        this.store.putVolume(rec);
      } catch (err) {
        await driver.remove(name).catch(() => undefined);
        throw new OpError('create', name, err);
      }
      this.index.put(rec);
      this.emit('create', name, { driver: driver.name });
      void this.sizes.refresh(name);
      return this.index.viewOf(rec);
    });
  }

  /**
   * moby store checkConflict: an existing volume is returned when no driver or its own driver was
   * asked for; another existing driver is a conflict, an unknown one a lookup error. A record whose
   * volume vanished from its driver is purged (unless referenced) so the create can proceed.
   */
  private async checkConflict(name: string, requestedDriver: string): Promise<VolumeRecord | undefined> {
    const rec = this.index.get(name);
    if (!rec) return undefined;
    if (requestedDriver === '') return rec;
    // The driver's own name is the canonical one (moby checkConflict).
    if (this.lookupDriver('create', name, requestedDriver).name === rec.driver) return rec;
    const holder = this.drivers.has(rec.driver) ? this.drivers.get(rec.driver) : undefined;
    if (holder?.get(name) !== undefined) {
      throw new OpError('create', name, conflict(messages.driverAlreadyHasVolume(rec.driver, name)));
    }
    if (this.index.refCount(name) > 0) {
      throw new OpError(
        'create',
        name,
        conflict(
          `found references to volume '${name}' in driver '${rec.driver}' but the volume was not found in the driver -- you may need to remove containers referencing this volume or force remove the volume to re-create it: ${messages.nameMustBeUnique}`,
        ),
      );
    }
    this.forget(name);
    return undefined;
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
    const filters = FilterArgs.of(query);
    const legacy = apiVersionLess(ctx.apiVersion, '1.42');
    filters.validate(listFilters, { legacyErrors: legacy });
    const tests: Array<(r: VolumeRecord) => boolean> = [];
    if (filters.has('dangling')) {
      const dangling = filters.boolOrDefault('dangling', false, { legacyErrors: legacy });
      tests.push((r) => (this.index.refCount(r.name) === 0) === dangling);
    }
    if (filters.has('name')) {
      const patterns = filters.values('name');
      const exact = new Set(patterns);
      const regexps = patterns.map(compileGoRegexp).filter((r) => r !== undefined);
      if (patterns.length > 0) tests.push((r) => exact.has(r.name) || regexps.some((re) => re.test(r.name)));
    }
    if (filters.has('driver')) {
      const drivers = new Set(filters.values('driver'));
      tests.push((r) => drivers.has(r.driver));
    }
    if (filters.has('size')) {
      const test = sizeFilterTest(filters.values('size'));
      tests.push((r) => test(this.sizes.reading(r.name)?.bytes));
    }
    if (filters.has('used-by')) {
      const ids = usedByIds(filters.values('used-by'), this.containers);
      tests.push((r) => this.index.refsOf(r.name).some((ref) => ids.has(ref)));
    }
    // The label index narrows the scan to volumes carrying the rarest asked key.
    let scan: Iterable<VolumeRecord> = this.index.all();
    if (filters.has('label')) {
      scan = this.index.labelCandidates(filters.values('label')) ?? scan;
      tests.push((r) => filters.matchAllLabels('label', r.labels));
    }
    const out: VolumeView[] = [];
    for (const rec of scan) {
      if (tests.every((t) => t(rec))) out.push(this.index.viewOf(rec));
    }
    return out;
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

  /**
   * Renames an unreferenced volume, keeping its data, labels and options (Strata's own; Docker has
   * none). Catalog and disk change in this order, so that a crash at any point leaves exactly one of
   * the two names, settled by `init`'s reconciliation without further bookkeeping:
   *   1. the record is written under `to` too (one SQLite statement): a crash now leaves two records
   *      and the directory `from`; `init` drops `to` (no directory) and keeps `from`.
   *   2. the driver renames the directory (one rename(2), fsynced when durability asks): a crash now
   *      leaves two records and the directory `to`; `init` drops `from` and keeps `to`, labels and all.
   *   3. the record `from` is deleted: done.
   * Neither name's directory is ever without its record, so nothing is adopted bare.
   */
  async rename(from: string, to: string): Promise<VolumeView> {
    // Both names, always in the same order, so opposite renames cannot wait on each other.
    const [first, second] = from < to ? [from, to] : [to, from];
    if (first === second) return this.locks.run(first, () => this.renameLocked(from, to));
    return this.locks.run(first, () => this.locks.run(second, () => this.renameLocked(from, to)));
  }

  private async renameLocked(from: string, to: string): Promise<VolumeView> {
    const rec = this.index.get(from);
    if (!rec) throw new OpError('get', from, notFound(messages.noSuchVolume));
    const driver = this.lookupDriver('rename', from, rec.driver);
    if (!driver.rename) {
      throw new OpError('rename', from, invalidParameter(messages.driverCannotRename(rec.driver)));
    }
    if (to === '') throw new OpError('rename', from, invalidParameter(messages.emptyNewName));
    if (this.index.has(to)) throw conflict(messages.volumeExists(to));
    const refs = this.index.refsOf(from);
    if (refs.length > 0) throw conflict(messages.volumeInUseBy(from, refs, this.containerNames(refs)));
    const moved: VolumeRecord = { ...rec, name: to };
    try {
      this.store.putVolume(moved);
    } catch (err) {
      throw new OpError('rename', from, err);
    }
    this.renaming.add(from);
    try {
      await driver.rename(from, to);
    } catch (err) {
      this.store.deleteVolume(to);
      if (kindOf(err) === 'conflict') throw conflict(messages.volumeMountedNow(from, messageOf(err)), err);
      throw new OpError('rename', from, err);
    } finally {
      this.renaming.delete(from);
    }
    try {
      this.store.deleteVolume(from);
    } catch (err) {
      // The move is done on disk; the stale record has no directory and goes at the next start.
      this.log('warn', 'could not drop the old name of a renamed volume', { name: from, err: String(err) });
    }
    this.index.delete(from);
    this.index.put(moved);
    this.sizes.renamed(from, to);
    this.emit('rename', to, { driver: rec.driver, oldName: from });
    return this.index.viewOf(moved);
  }

  /**
   * Sets and drops labels of a volume of any driver (Strata's own; Docker has none, moby#25291). Keys
   * are checked as `volume create --label` checks them; the anonymous label is fixed; a key both set
   * and dropped is refused; dropping a missing key is not an error. The catalog is written before the
   * answer; an `update` event names the keys set and dropped. A change that changes nothing writes
   * nothing and emits nothing.
   */
  async updateLabels(name: string, change: LabelChange): Promise<VolumeView> {
    const add = change.add ?? {};
    const remove = change.remove ?? [];
    for (const [key, value] of Object.entries(add)) checkLabelKey(key, `${key}=${value}`);
    for (const key of remove) checkLabelKey(key, key);
    for (const key of [...Object.keys(add), ...remove]) {
      if (key === anonymousLabel) throw invalidParameter(messages.anonymousLabelFixed(anonymousLabel));
      if (Object.hasOwn(add, key) && remove.includes(key)) {
        throw invalidParameter(messages.labelAddedAndRemoved(key));
      }
    }
    return this.locks.run(name, () => {
      const rec = this.index.get(name);
      if (!rec) throw new OpError('get', name, notFound(messages.noSuchVolume));
      // A Map, so that keys such as `__proto__` stay plain keys.
      const labels = new Map(Object.entries(rec.labels ?? {}));
      const added = Object.keys(add).filter((k) => labels.get(k) !== add[k]);
      const removed = [...new Set(remove)].filter((k) => labels.has(k));
      if (added.length === 0 && removed.length === 0) return this.index.viewOf(rec);
      for (const k of added) labels.set(k, add[k] ?? '');
      for (const k of removed) labels.delete(k);
      const updated: VolumeRecord = { ...rec, labels: labels.size > 0 ? Object.fromEntries(labels) : null };
      try {
        this.store.putVolume(updated);
      } catch (err) {
        throw new OpError('update', name, err);
      }
      this.index.put(updated);
      this.emit('update', name, {
        driver: rec.driver,
        ...(added.length > 0 ? { labelsAdded: added.sort().join(',') } : {}),
        ...(removed.length > 0 ? { labelsRemoved: removed.sort().join(',') } : {}),
      });
      return this.index.viewOf(updated);
    });
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
    const heldFor = this.held.get(name);
    if (heldFor !== undefined) throw conflict(messages.volumeBusy(name, heldFor));
    this.held.set(name, what);
    return () => this.held.delete(name);
  }

  /** Runs `fn` under the volume's name lock (create, remove and rename of the name wait for it). */
  withNameLock<T>(name: string, fn: () => Promise<T>): Promise<T> {
    return this.locks.run(name, fn);
  }

  /** The containers referencing the volume, sorted by name, with whether each runs now. */
  usedBy(name: string): VolumeUser[] {
    return usersOf(this.index.refsOf(name), this.containers);
  }

  /**
   * Removes unused local volumes without options that match the filters (moby service Prune). At API
   * ≥ 1.42 only anonymous volumes unless `all`; below, every such volume (the router adds all=true).
   * Strata's own: the `until` filter, volumes labelled `strata.protect=true` never go, and `dryRun`
   * answers what would go, with each size, removing nothing and emitting no event.
   */
  async prune(
    query: FilterQuery,
    ctx: RequestContext,
    opts: { dryRun?: boolean } = {},
  ): Promise<PruneResult> {
    const legacy = apiVersionLess(ctx.apiVersion, '1.42');
    if (opts.dryRun) {
      const sizes: Record<string, number> = {};
      const result: PruneResult = { deleted: [], reclaimed: 0, sizes };
      const candidates = this.pruneCandidates(query, legacy);
      await this.sizes.ensure(candidates.map((r) => r.name));
      for (const rec of candidates) {
        const size = this.sizes.reading(rec.name)?.bytes ?? 0;
        result.deleted.push(rec.name);
        result.reclaimed += size;
        sizes[rec.name] = size;
      }
      return result;
    }
    if (this.pruneRunning) throw conflict(messages.pruneRunning);
    this.pruneRunning = true;
    try {
      const candidates = this.pruneCandidates(query, legacy);
      await this.sizes.ensure(candidates.map((r) => r.name));
      const result: PruneResult = { deleted: [], reclaimed: 0 };
      for (const rec of candidates) {
        const size = this.sizes.reading(rec.name)?.bytes ?? 0;
        try {
          await this.locks.run(rec.name, async () => {
            const now = this.index.get(rec.name);
            if (!now || this.index.refCount(rec.name) > 0 || isPruneProtected(now.labels)) {
              throw new Error('changed while pruning');
            }
            await this.drivers.get(rec.driver).remove(rec.name);
            this.forget(rec.name);
          });
        } catch (err) {
          this.log('warn', 'prune could not remove a volume', { name: rec.name, err: String(err) });
          continue;
        }
        if (!legacy) this.emit('destroy', rec.name, { driver: rec.driver });
        result.deleted.push(rec.name);
        result.reclaimed += size ?? 0;
      }
      this.emit('prune', '', { reclaimed: String(result.reclaimed) });
      return result;
    } finally {
      this.pruneRunning = false;
    }
  }

  /** The volumes a prune with these filters would remove, in catalog order. */
  private pruneCandidates(query: FilterQuery, legacy: boolean): VolumeRecord[] {
    return pruneCandidates(this.index.all(), (name) => this.index.refCount(name), query, legacy);
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
    const heldFor = this.held.get(name);
    if (heldFor !== undefined) throw conflict(messages.volumeBusy(name, heldFor));
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
    const heldFor = this.held.get(name);
    if (heldFor !== undefined) throw conflict(messages.volumeBusy(name, heldFor));
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

  private async usage(rec: VolumeRecord): Promise<number | undefined> {
    const driver = this.drivers.get(rec.driver);
    return driver.usage ? driver.usage(rec.name) : undefined;
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

/** docker/cli opts.ValidateLabel's checks on a key; `raw` is the `k=v` text the error quotes. */
function checkLabelKey(key: string, raw: string): void {
  const trimmed = key.trim();
  if (trimmed === '') throw invalidParameter(messages.labelEmptyName(raw));
  if (/[ \t\n\v\f\r]/.test(trimmed)) throw invalidParameter(messages.labelHasWhitespace(trimmed));
}
