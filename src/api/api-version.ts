/** Docker API versions: dot-separated integers compared numerically ("1.9" < "1.10"). */
export function compareApiVersions(a: string, b: string): number {
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
