/** Docker API versions: dot-separated integers compared numerically ("1.9" < "1.10"). */
const memo = new Map<string, number>();

/** compareApiVersions, remembered (every request compares its version a few times). */
export function compareApiVersions(a: string, b: string): number {
  const key = `${a}\u0000${b}`;
  let r = memo.get(key);
  if (r === undefined) {
    r = compareApiVersionsUncached(a, b);
    if (memo.size < 1024) memo.set(key, r);
  }
  return r;
}

function compareApiVersionsUncached(a: string, b: string): number {
  const as = a.split('.');
  const bs = b.split('.');
  for (let i = 0; i < Math.max(as.length, bs.length); i++) {
    const x = Number.parseInt(as[i] ?? '0', 10) || 0;
    const y = Number.parseInt(bs[i] ?? '0', 10) || 0;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/** The newest and oldest Engine API versions Strata serves. */
export const maxApiVersion = '1.50';
export const minApiVersion = '1.24';
