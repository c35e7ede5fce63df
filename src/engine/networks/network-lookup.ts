import { invalidParameter, messages, notFound } from '../../errors/index.js';
import type { NetworkRecord } from './network-record.js';

/**
 * Finding a network by what a user typed, as moby does everywhere (router findUniqueNetwork and
 * getNetwork, daemon FindNetwork): the network whose full id it is, else the one with that name,
 * else the only one whose id starts with it. Names are unique in Strata, so only an id prefix can
 * be ambiguous. `inspectTexts`: the inspect route words the ambiguity its own way.
 */
export function lookupNetwork(
  all: Iterable<NetworkRecord>,
  term: string,
  options: { inspectTexts?: boolean } = {},
): NetworkRecord {
  const byPrefix: NetworkRecord[] = [];
  let byName: NetworkRecord | undefined;
  for (const n of all) {
    if (n.id === term) return n;
    if (n.name === term && !n.ingress) byName = n;
    if (n.id.startsWith(term)) byPrefix.push(n);
  }
  if (byName) return byName;
  if (byPrefix.length === 1) return byPrefix[0] as NetworkRecord;
  if (byPrefix.length > 1) {
    throw invalidParameter(
      options.inspectTexts
        ? messages.ambiguousNetworkInspect(term, byPrefix.length)
        : messages.ambiguousNetwork(term, byPrefix.length),
    );
  }
  throw notFound(messages.noSuchNetwork(term));
}
