import { goParseBool } from './networks/network-create.js';

/**
 * Strata's own label: a volume carrying `strata.protect=true` (any Go ParseBool spelling of true) is
 * left out of every prune — API, docker CLI, strata CLI, any API version, `all=true` included — so a
 * forgotten `-a` cannot take it. `volume rm` is explicit and still removes it.
 */
export const protectLabel = 'strata.protect';

export function isPruneProtected(labels: Readonly<Record<string, string>> | null): boolean {
  const value = labels?.[protectLabel];
  return value !== undefined && goParseBool(value) === true;
}
