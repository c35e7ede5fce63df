import { readFileSync } from 'node:fs';
import { parseAddr, type IpPrefix } from './ip-prefix.js';

/**
 * moby libnetwork/netutils InferReservedNetworks (IPv4): the host's on-link routes and the name
 * servers of /etc/resolv.conf, which a default address pool must not overlap. Unreadable files count
 * as empty, as in Docker.
 */
export function readReservedNetworks(files: { routes?: string; resolvConf?: string } = {}): IpPrefix[] {
  return [
    ...onLinkRoutes(readOrEmpty(files.routes ?? '/proc/net/route')),
    ...nameServers(readOrEmpty(files.resolvConf ?? '/etc/resolv.conf')),
  ];
}

function readOrEmpty(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

/** /proc/net/route rows without a gateway and with a destination (hex, host byte order). */
export function onLinkRoutes(table: string): IpPrefix[] {
  const out: IpPrefix[] = [];
  for (const line of table.split('\n').slice(1)) {
    const [, dest, gateway, , , , , mask] = line.trim().split(/\s+/);
    if (![dest, gateway, mask].every((f) => f !== undefined && /^[0-9A-Fa-f]{8}$/.test(f))) continue;
    if (parseInt(gateway as string, 16) !== 0 || parseInt(dest as string, 16) === 0) continue;
    const value = BigInt(littleEndianToNumber(dest as string));
    const bits = countBits(littleEndianToNumber(mask as string));
    out.push({ family: 4, value, bits });
  }
  return out;
}

/** `nameserver a.b.c.d` lines, each as a /32. */
export function nameServers(resolvConf: string): IpPrefix[] {
  const out: IpPrefix[] = [];
  for (const line of resolvConf.split('\n')) {
    const m = /^\s*nameserver\s+(\S+)/.exec(line);
    const addr = m ? parseAddr(m[1] as string) : undefined;
    if (addr?.family === 4) out.push({ ...addr, bits: 32 });
  }
  return out;
}

function littleEndianToNumber(hex: string): number {
  const n = parseInt(hex, 16);
  return (((n & 0xff) << 24) | ((n & 0xff00) << 8) | ((n >>> 8) & 0xff00) | (n >>> 24)) >>> 0;
}

function countBits(mask: number): number {
  let bits = 0;
  for (let m = mask; m !== 0; m = (m << 1) >>> 0) bits++;
  return bits;
}
