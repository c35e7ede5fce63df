import type { VolumeRecord } from '../store/metadata-store.js';
import { FilterArgs, type FilterQuery } from './filter-args.js';
import { pruneAll } from './prune-all.js';
import { isPruneProtected } from './prune-protect.js';
import { createdByUntil, pruneUntil } from './prune-until.js';
import type { VolumeAccess } from './volume-access.js';

/** The label Docker marks anonymous volumes with (the only ones a prune at API ≥ 1.42 takes unless `all`). */
export const anonymousLabel = 'com.docker.volume.anonymous';
export const defaultDriverName = 'local';

/** Prune filter keys at API ≥ 1.42 and below (`until` is Strata's for volumes at every version). */
const pruneFiltersV23 = new Set(['label', 'label!', 'all', 'until']);
const pruneFiltersLegacy = new Set(['label', 'label!', 'until']);

/** Options that keep a local volume's data on this host: the owner, and a storage backend. */
const localDataOptions = new Set(['uid', 'gid', 'mode', 'backend']);

/**
 * A local volume whose options (if any) are only Strata's owner and backend ones (`uid`, `gid`,
 * `mode`, `backend`, and `size` beside a btrfs or image `backend`): what prune and `system df` consider. Docker leaves local volumes with
 * options (possibly remote filesystems) out of both; a volume whose options only set its owner or
 * keep its bytes in a btrfs subvolume or an ext4 image holds its data here and counts as plain.
 */
export function isPlainLocal(rec: Pick<VolumeRecord, 'driver' | 'options'>): boolean {
  const options = rec.options ?? {};
  // `size` alone is Docker's (a quota option: such a volume stays out, as in Docker); with an
  // explicit btrfs or image backend it is that backend's limit.
  const backend = options.backend;
  const sized = backend !== undefined && backend !== 'dir';
  return (
    rec.driver === defaultDriverName &&
    Object.keys(options).every((k) => localDataOptions.has(k) || (k === 'size' && sized))
  );
}

/**
 * The volumes a prune with these filters removes, in catalog order (moby service Prune): plain local
 * volumes no container refers to, matching `label` and not `label!`, created by `until`, anonymous
 * ones only at API ≥ 1.42 unless `all`; never one labelled `strata.protect=true`. Throws Docker's
 * filter errors for the request's API version.
 */
export function pruneCandidates(
  records: Iterable<VolumeRecord>,
  refCount: (name: string) => number,
  query: FilterQuery,
  legacy: boolean,
): VolumeRecord[] {
  let filters = FilterArgs.of(query);
  // moby checks `all` (withPrune) before it validates the keys.
  const all = legacy || pruneAll(filters);
  filters.validate(legacy ? pruneFiltersLegacy : pruneFiltersV23, { legacyErrors: legacy });
  // `until` is Strata's for volumes: a bad value is the client's fault at every API version.
  const until = pruneUntil(filters, { legacy: false });
  if (!all) filters = filters.with('label', anonymousLabel);
  return [...records].filter(
    (r) =>
      isPlainLocal(r) &&
      refCount(r.name) === 0 &&
      filters.matchAllLabels('label', r.labels) &&
      !(filters.has('label!') && filters.matchAllLabels('label!', r.labels)) &&
      createdByUntil(r.createdAt, until) &&
      !isPruneProtected(r.labels),
  );
}

export interface PruneResult {
  deleted: string[];
  reclaimed: number;
  /** Dry runs only: each listed volume's size in bytes. */
  sizes?: Record<string, number>;
}

/** What a prune needs to know of sizes: counts made sure of, then read (see VolumeSizes). */
interface PruneSizes {
  ensure(names: Iterable<string>): Promise<void>;
  reading(name: string): { bytes: number } | undefined;
}

/**
 * Removes unused local volumes without options that match the filters (moby service Prune). At API
 * ≥ 1.42 only anonymous volumes unless `all`; below, every such volume (the router adds all=true).
 * Strata's own: the `until` filter, volumes labelled `strata.protect=true` never go, and `dryRun`
 * answers what would go, with each size, removing nothing and emitting no event. Each volume is
 * checked again under its name lock before it goes: one that gained a user or the protect label
 * meanwhile stays.
 */
export async function pruneVolumes(
  access: VolumeAccess,
  sizes: PruneSizes,
  query: FilterQuery,
  opts: { legacy: boolean; dryRun: boolean },
): Promise<PruneResult> {
  const { index } = access;
  const { legacy } = opts;
  const candidates = pruneCandidates(index.all(), (name) => index.refCount(name), query, legacy);
  await sizes.ensure(candidates.map((r) => r.name));
  const sizeOf = (name: string): number => sizes.reading(name)?.bytes ?? 0;
  if (opts.dryRun) {
    const each = Object.fromEntries(candidates.map((r) => [r.name, sizeOf(r.name)]));
    const reclaimed = Object.values(each).reduce((a, b) => a + b, 0);
    return { deleted: candidates.map((r) => r.name), reclaimed, sizes: each };
  }
  const result: PruneResult = { deleted: [], reclaimed: 0 };
  for (const rec of candidates) {
    const size = sizeOf(rec.name);
    try {
      await access.locks.run(rec.name, async () => {
        const now = index.get(rec.name);
        if (!now || index.refCount(rec.name) > 0 || isPruneProtected(now.labels)) {
          throw new Error('changed while pruning');
        }
        await access.driverOf('prune', rec.name, rec.driver).remove(rec.name);
        access.forget(rec.name);
      });
    } catch (err) {
      access.log('warn', 'prune could not remove a volume', { name: rec.name, err: String(err) });
      continue;
    }
    if (!legacy) access.emit('destroy', rec.name, { driver: rec.driver });
    result.deleted.push(rec.name);
    result.reclaimed += size;
  }
  access.emit('prune', '', { reclaimed: String(result.reclaimed) });
  return result;
}
