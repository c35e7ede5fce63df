import { invalidParameter, messages, systemError } from '../../errors/index.js';
import { FilterArgs, type FilterQuery } from '../filter-args.js';
import { predefinedNetworkNames, type NetworkRecord } from './network-record.js';

const accepted = new Set(['dangling', 'driver', 'id', 'label', 'name', 'scope', 'type']);

/**
 * moby api/types/network ValidateFilters + daemon/network FilterNetworks: `driver` and `scope` exact,
 * `name` and `id` exact or Go regexp, `label` k or k=v, then `dangling` and `type` (builtin/custom).
 *
 * `dangling` looks at the attachments of a list entry, which Docker fills only after filtering: in
 * Docker (verified on 20.10; 28's code is the same) it therefore means "not predefined" whatever
 * containers use the network, and `dangling=false` keeps only the predefined ones. Strata does the same.
 */
export function filterNetworks(
  recs: readonly NetworkRecord[],
  query: FilterQuery,
  options: { legacy: boolean },
): NetworkRecord[] {
  const f = FilterArgs.of(query);
  f.validate(accepted, { legacyErrors: options.legacy });
  let out = recs.filter(
    (n) =>
      (!f.has('driver') || f.exactMatch('driver', n.driver)) &&
      f.match('name', n.name) &&
      f.match('id', n.id) &&
      f.matchAllLabels('label', n.labels) &&
      (!f.has('scope') || f.exactMatch('scope', n.scope)),
  );
  const dangling = f.values('dangling');
  if (dangling.length > 1) throw invalidParameter(messages.danglingOneValue);
  if (dangling.length === 1) {
    const v = dangling[0] as string;
    if (!['0', 'false', '1', 'true'].includes(v)) throw invalidParameter(messages.danglingInvalid);
    const danglingOnly = v === '1' || v === 'true';
    out = out.filter((n) => predefinedNetworkNames.has(n.name) !== danglingOnly);
  }
  if (f.has('type')) {
    const typed: NetworkRecord[] = [];
    for (const t of f.values('type')) {
      if (t !== 'builtin' && t !== 'custom') throw systemError(messages.invalidTypeFilter(t));
      typed.push(...out.filter((n) => predefinedNetworkNames.has(n.name) === (t === 'builtin')));
    }
    out = typed;
  }
  return out;
}
