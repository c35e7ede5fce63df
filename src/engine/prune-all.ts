import { invalidParameter } from '../errors/index.js';
import type { FilterArgs } from './filter-args.js';

/** moby volume/service withPrune: the `all` filter takes exactly one strconv.ParseBool value. */
export function pruneAll(filters: FilterArgs): boolean {
  const all = filters.values('all');
  if (all.length > 1)
    throw invalidParameter(`invalid filter 'all=[${all.join(' ')}]': only one value is expected`);
  if (all.length === 0) return false;
  const v = all[0] as string;
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(v)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(v)) return false;
  throw invalidParameter(
    `invalid filter 'all': strconv.ParseBool: parsing ${JSON.stringify(v)}: invalid syntax`,
  );
}
