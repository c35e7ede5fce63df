/**
 * IP addresses and prefixes as Go's net/netip reads and prints them (ParseAddr, ParsePrefix, String):
 * IPv4 dotted quads without leading zeros, IPv6 in RFC 5952 form. Addresses are bigints so that both
 * families share one arithmetic.
 */
export type IpFamily = 4 | 6;

export interface IpAddr {
  family: IpFamily;
  value: bigint;
}

export interface IpPrefix {
  family: IpFamily;
  /** The address as written, host bits included (Go keeps them: `10.1.2.3/16`). */
  value: bigint;
  bits: number;
}

const widthOf = (family: IpFamily): number => (family === 4 ? 32 : 128);

/** netip.ParseAddr, without zones. */
export function parseAddr(text: string): IpAddr | undefined {
  if (text.includes(':')) {
    const value = parseIpv6(text);
    return value === undefined ? undefined : { family: 6, value };
  }
  const value = parseIpv4(text);
  return value === undefined ? undefined : { family: 4, value };
}

/** netip.ParsePrefix: `addr/bits`, bits in decimal without leading zeros, within the family's width. */
export function parsePrefix(text: string): IpPrefix | undefined {
  const slash = text.lastIndexOf('/');
  if (slash < 0) return undefined;
  const addr = parseAddr(text.slice(0, slash));
  const bitsText = text.slice(slash + 1);
  if (!addr || !/^(0|[1-9]\d{0,2})$/.test(bitsText)) return undefined;
  const bits = Number(bitsText);
  if (bits > widthOf(addr.family)) return undefined;
  return { family: addr.family, value: addr.value, bits };
}

function parseIpv4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0n;
  for (const p of parts) {
    if (!/^(0|[1-9]\d{0,2})$/.test(p) || Number(p) > 255) return undefined;
    value = (value << 8n) | BigInt(p);
  }
  return value;
}

function parseIpv6(text: string): bigint | undefined {
  // An embedded IPv4 tail (`::ffff:1.2.3.4`) is the last two groups written another way.
  let body = text;
  const lastColon = text.lastIndexOf(':');
  if (text.slice(lastColon + 1).includes('.')) {
    const v4 = parseIpv4(text.slice(lastColon + 1));
    if (v4 === undefined) return undefined;
    body = `${text.slice(0, lastColon + 1)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const halves = body.split('::');
  if (halves.length > 2) return undefined;
  const readGroups = (s: string): number[] | undefined => {
    if (s === '') return [];
    const out: number[] = [];
    for (const g of s.split(':')) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  const left = readGroups(halves[0] as string);
  const right = halves.length === 2 ? readGroups(halves[1] as string) : [];
  if (!left || !right) return undefined;
  const missing = 8 - left.length - right.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  let value = 0n;
  for (const g of [...left, ...new Array<number>(missing).fill(0), ...right])
    value = (value << 16n) | BigInt(g);
  return value;
}

/** netip.Addr.String. */
export function formatAddr(addr: IpAddr): string {
  if (addr.family === 4) {
    const v = Number(addr.value);
    return [v >>> 24, (v >>> 16) & 255, (v >>> 8) & 255, v & 255].join('.');
  }
  const groups: number[] = [];
  for (let i = 7; i >= 0; i--) groups.push(Number((addr.value >> BigInt(i * 16)) & 0xffffn));
  // The longest run of two or more zero groups (the first of equals) becomes `::`.
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8;) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) [best, bestLen] = [i, j - i];
    i = j === i ? i + 1 : j;
  }
  const hex = (gs: number[]): string => gs.map((g) => g.toString(16)).join(':');
  if (best < 0) return hex(groups);
  return `${hex(groups.slice(0, best))}::${hex(groups.slice(best + bestLen))}`;
}

/** netip.Prefix.String: the address as written and the bits. */
export function formatPrefix(p: IpPrefix): string {
  return `${formatAddr(p)}/${p.bits}`;
}

function hostMask(p: IpPrefix): bigint {
  return (1n << BigInt(widthOf(p.family) - p.bits)) - 1n;
}

/** The prefix with its host bits cleared (netip.Prefix.Masked). */
export function masked(p: IpPrefix): IpPrefix {
  return { ...p, value: p.value & ~hostMask(p) };
}

export function firstAddr(p: IpPrefix): bigint {
  return masked(p).value;
}

export function lastAddr(p: IpPrefix): bigint {
  return masked(p).value | hostMask(p);
}

export function containsAddr(p: IpPrefix, a: IpAddr): boolean {
  return p.family === a.family && a.value >= firstAddr(p) && a.value <= lastAddr(p);
}

/** netip.Prefix.Overlaps: the two share an address. */
export function overlaps(a: IpPrefix, b: IpPrefix): boolean {
  return a.family === b.family && firstAddr(a) <= lastAddr(b) && firstAddr(b) <= lastAddr(a);
}

export function samePrefix(a: IpPrefix, b: IpPrefix): boolean {
  return a.family === b.family && a.value === b.value && a.bits === b.bits;
}
