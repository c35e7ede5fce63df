import { forbidden, invalidParameter, messages, notFound, systemError } from '../../errors/index.js';
import {
  firstAddr,
  formatAddr,
  formatPrefix,
  lastAddr,
  masked,
  overlaps,
  parseAddr,
  parsePrefix,
  type IpPrefix,
} from './ip-prefix.js';
import type { IpamConfigRequest } from './ipam-validate.js';
import type { IpamConfigEntry, NetworkRecord } from './network-record.js';

/**
 * Docker's default local address pools (libnetwork ipamutils): 172.17.0.0/16 … 172.31.0.0/16, then
 * 192.168.0.0/16 cut into /20s.
 */
function defaultPools(): IpPrefix[] {
  const pools: IpPrefix[] = [];
  for (let b = 17; b <= 31; b++)
    pools.push({ family: 4, value: (172n << 24n) | (BigInt(b) << 16n), bits: 16 });
  for (let c = 0; c < 256; c += 16)
    pools.push({ family: 4, value: (192n << 24n) | (168n << 16n) | (BigInt(c) << 8n), bits: 20 });
  return pools;
}

/**
 * Hands out default pools as dockerd's IPAM does: Docker 28 takes the lowest pool that overlaps
 * nothing in use or reserved; 20.10 went round the list from after the pool it gave last (its
 * position lives in memory only, so a restart starts again at the top).
 */
export class DefaultPools {
  private readonly pools = defaultPools();
  private start = 0;

  next(taken: readonly IpPrefix[], options: { legacy: boolean }): IpPrefix | undefined {
    const n = this.pools.length;
    for (let k = 0; k < n; k++) {
      const i = options.legacy ? (this.start + k) % n : k;
      const pool = this.pools[i] as IpPrefix;
      if (taken.some((t) => overlaps(t, pool))) continue;
      this.start = (i + 1) % n;
      return pool;
    }
    return undefined;
  }
}

/** The address pools a network holds: its subnets (masked) and what the IPAM allocated for it. */
export function poolsOf(rec: NetworkRecord): IpPrefix[] {
  if (rec.configOnly) return [];
  const out: IpPrefix[] = [];
  for (const text of [...rec.ipam.config.map((c) => c.subnet), ...rec.ipam.allocated.map((a) => a.subnet)]) {
    const p = parsePrefix(text);
    if (p && (p.family === 4 || rec.enableIPv6)) out.push(masked(p));
  }
  return out;
}

export interface IpamPlanRequest {
  config: readonly IpamConfigRequest[];
  enableIPv4: boolean;
  enableIPv6: boolean;
}

export interface IpamPlanContext {
  legacy: boolean;
  /** Pools of every other network. */
  inUse: readonly IpPrefix[];
  /** Host networks a default pool must not overlap at API ≥ 1.42 (on-link routes, name servers). */
  reserved: readonly IpPrefix[];
  pools: DefaultPools;
}

/**
 * libnetwork ipamAllocate for the default IPAM: the creator's subnets must not overlap a pool in use
 * (403), a gateway must be a host address of its subnet (500, as Docker words it), and a family the
 * creator gave no subnet for gets a default pool with its first address as gateway. Subnets must
 * already have been validated (ValidateIPAM) or, for 20.10, parse as net.ParseCIDR does.
 */
export function planIpam(
  req: IpamPlanRequest,
  ctx: IpamPlanContext,
): { config: IpamConfigEntry[]; allocated: Array<{ subnet: string; gateway: string }> } {
  const entries = req.config.map((c) => {
    const subnet = parsePrefix(c.subnet);
    if (!subnet) throw systemError(messages.legacyInvalidSubnet(c.subnet));
    return { c, subnet };
  });
  const taken = [...ctx.inUse];
  const config: IpamConfigEntry[] = [];
  const allocated: Array<{ subnet: string; gateway: string }> = [];
  for (const family of [4, 6] as const) {
    const mine = entries.filter((e) => e.subnet.family === family);
    const enabled = family === 4 ? req.enableIPv4 : req.enableIPv6;
    for (const { c, subnet } of mine) {
      if (enabled) {
        const pool = masked(subnet);
        if (taken.some((t) => overlaps(t, pool))) throw forbidden(messages.poolOverlap);
        checkGateway(c.gateway, pool);
        taken.push(pool);
      }
      config.push({ subnet: c.subnet, ipRange: c.ipRange, gateway: c.gateway, auxAddresses: c.auxAddresses });
    }
    if (!enabled || mine.length > 0) continue;
    // 20.10 looked at host routes only for the default bridge; Docker 28 avoids them for every pool.
    const avoid = ctx.legacy ? taken : [...taken, ...ctx.reserved];
    const pool = family === 4 ? ctx.pools.next(avoid, { legacy: ctx.legacy }) : undefined;
    if (!pool) {
      throw ctx.legacy ? notFound(messages.noDefaultPool(family)) : invalidParameter(messages.noMoreSubnets);
    }
    taken.push(pool);
    allocated.push({
      subnet: formatPrefix(pool),
      gateway: formatAddr({ family, value: firstAddr(pool) + 1n }),
    });
  }
  return { config, allocated };
}

/** A gateway the creator named must be a host address of the pool (not its first or last address). */
function checkGateway(gateway: string, pool: IpPrefix): void {
  const addr = parseAddr(gateway);
  // 20.10 let net.ParseIP turn an unparsable gateway into "none given" (Docker 28 refused it earlier).
  if (!addr) return;
  if (addr.family !== pool.family || addr.value < firstAddr(pool) || addr.value > lastAddr(pool)) {
    throw systemError(messages.gatewayNotAllocated(gateway, messages.ipOutOfRange));
  }
  if (pool.family === 4 && (addr.value === firstAddr(pool) || addr.value === lastAddr(pool))) {
    throw systemError(messages.gatewayNotAllocated(gateway, messages.ipInUse));
  }
}
