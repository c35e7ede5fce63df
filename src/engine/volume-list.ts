import type { VolumeRecord } from '../store/metadata-store.js';
import { FilterArgs, type FilterQuery } from './filter-args.js';
import { compileGoRegexp } from './go-regexp.js';
import { apiVersionLess, type RequestContext } from './request-context.js';
import { sizeFilterTest } from './size-filter.js';
import type { VolumeIndex } from './volume-index.js';
import { usedByIds, type ContainerDirectory } from './volume-users.js';

// `used-by` is Strata's own, accepted at every version (the docker CLI passes filters through).
// So is `size` (`>1GB`, `<=10MiB`, `=0`): it compares the sizes the size cache knows.
const listFilters = new Set(['dangling', 'name', 'driver', 'label', 'used-by', 'size']);

/**
 * The records `GET /volumes` answers for these filters (moby volume service List): `dangling`,
 * `name` (exact or an unanchored Go regexp), `driver`, `label`, and Strata's `used-by` and `size`.
 * Unknown keys get Docker's error for the request's API version.
 */
export function matchingVolumes(
  index: VolumeIndex<object>,
  query: FilterQuery,
  ctx: RequestContext,
  deps: { containers: ContainerDirectory; sizeOf(name: string): number | undefined },
): VolumeRecord[] {
  const filters = FilterArgs.of(query);
  const legacy = apiVersionLess(ctx.apiVersion, '1.42');
  filters.validate(listFilters, { legacyErrors: legacy });
  const tests: Array<(r: VolumeRecord) => boolean> = [];
  if (filters.has('dangling')) {
    const dangling = filters.boolOrDefault('dangling', false, { legacyErrors: legacy });
    tests.push((r) => (index.refCount(r.name) === 0) === dangling);
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
    tests.push((r) => test(deps.sizeOf(r.name)));
  }
  if (filters.has('used-by')) {
    const ids = usedByIds(filters.values('used-by'), deps.containers);
    tests.push((r) => index.refsOf(r.name).some((ref) => ids.has(ref)));
  }
  // The label index narrows the scan to volumes carrying the rarest asked key.
  let scan: Iterable<VolumeRecord> = index.all();
  if (filters.has('label')) {
    scan = index.labelCandidates(filters.values('label')) ?? scan;
    tests.push((r) => filters.matchAllLabels('label', r.labels));
  }
  const out: VolumeRecord[] = [];
  for (const rec of scan) if (tests.every((t) => t(rec))) out.push(rec);
  return out;
}
