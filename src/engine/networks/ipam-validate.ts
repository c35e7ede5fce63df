import {
  containsAddr,
  formatPrefix,
  masked,
  overlaps,
  parseAddr,
  parsePrefix,
  samePrefix,
  type IpPrefix,
} from './ip-prefix.js';

/** One `IPAM.Config` entry of a create request, empty strings for what was not given. */
export interface IpamConfigRequest {
  subnet: string;
  ipRange: string;
  gateway: string;
  auxAddresses: Record<string, string> | null;
}

const familyName = (p: IpPrefix): string => `IPv${p.family}`;

/**
 * moby api/types/network ValidateIPAM (Docker ≥ 25, for every API version): every problem of every
 * entry, in order; IPv6 entries are not checked while IPv6 is off (but must still parse). Empty when
 * the configuration is valid; the caller joins the lines under `invalid network config:`.
 */
export function validateIpam(config: readonly IpamConfigRequest[], enableIPv6: boolean): string[] {
  const errors: string[] = [];
  for (const cfg of config) {
    const subnet = parsePrefix(cfg.subnet);
    if (!subnet) {
      errors.push(`invalid subnet ${cfg.subnet}: invalid CIDR block notation`);
      continue;
    }
    if (subnet.family === 6 && !enableIPv6) continue;
    if (!samePrefix(subnet, masked(subnet))) {
      errors.push(`invalid subnet ${formatPrefix(subnet)}: it should be ${formatPrefix(masked(subnet))}`);
    }
    errors.push(...ipRangeErrors(cfg.ipRange, subnet));
    const gateway = addressError(cfg.gateway, subnet);
    if (gateway !== undefined) errors.push(`invalid gateway ${cfg.gateway}: ${gateway}`);
    // Go walks the map in random order; sorted names keep the answer stable.
    for (const [name, aux] of Object.entries(cfg.auxAddresses ?? {}).sort(([a], [b]) => (a < b ? -1 : 1))) {
      const err = addressError(aux, subnet);
      if (err !== undefined) errors.push(`invalid auxiliary address ${name}: ${err}`);
    }
  }
  return errors;
}

function ipRangeErrors(ipRange: string, subnet: IpPrefix): string[] {
  if (ipRange === '') return [];
  const range = parsePrefix(ipRange);
  if (!range) return [`invalid ip-range ${ipRange}: invalid CIDR block notation`];
  if (range.family !== subnet.family) {
    return [`invalid ip-range ${ipRange}: parent subnet is an ${familyName(subnet)} block`];
  }
  const errors: string[] = [];
  if (range.bits < subnet.bits) {
    errors.push(
      `invalid ip-range ${ipRange}: CIDR block is bigger than its parent subnet ${formatPrefix(subnet)}`,
    );
  }
  if (!samePrefix(range, masked(range))) {
    errors.push(`invalid ip-range ${formatPrefix(range)}: it should be ${formatPrefix(masked(range))}`);
  }
  if (!overlaps(subnet, range)) {
    errors.push(
      `invalid ip-range ${ipRange}: parent subnet ${formatPrefix(subnet)} doesn't contain ip-range`,
    );
  }
  return errors;
}

function addressError(address: string, subnet: IpPrefix): string | undefined {
  if (address === '') return undefined;
  const addr = parseAddr(address);
  if (!addr) return 'invalid address';
  if (addr.family !== subnet.family) return `parent subnet is an ${familyName(subnet)} block`;
  if (!containsAddr(subnet, addr)) {
    return `parent subnet ${formatPrefix(subnet)} doesn't contain this address`;
  }
  return undefined;
}
