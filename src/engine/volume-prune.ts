import type { VolumeRecord } from '../store/metadata-store.js';
import { FilterArgs, type FilterQuery } from './filter-args.js';
import { pruneAll } from './prune-all.js';
import { isPruneProtected } from './prune-protect.js';
import { createdByUntil, pruneUntil } from './prune-until.js';

/** The label Docker marks anonymous volumes with (the only ones a prune at API ≥ 1.42 takes unless `all`). */
export const anonymousLabel = 'com.docker.volume.anonymous';
export const defaultDriverName = 'local';

/** Prune filter keys at API ≥ 1.42 and below (`until` is Strata's for volumes at every version). */
const pruneFiltersV23 = new Set(['label', 'label!', 'all', 'until']);
const pruneFiltersLegacy = new Set(['label', 'label!', 'until']);

/**
 * A local volume whose options (if any) are only Strata's owner ones (`uid`, `gid`, `mode`): what
 * prune and `system df` consider. Docker leaves local volumes with options (possibly remote
 * filesystems) out of both; a volume with only an owner is a plain directory and counts as one.
 */
export function isPlainLocal(rec: Pick<VolumeRecord, 'driver' | 'options'>): boolean {
  return (
    rec.driver === defaultDriverName &&
    !Object.keys(rec.options ?? {}).some((k) => k !== 'uid' && k !== 'gid' && k !== 'mode')
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
