/**
 * github.com/fvbommel/sortorder's NaturalLess, which `docker volume ls` sorts names with:
 * `volume-1-foo` < `volume-2-foo` < `volume-10-foo`.
 *
 * Runs of ASCII digits compare numerically (leading zeros only break ties, fewer zeros first: `2` <
 * `02`); everything else compares bytewise over UTF-8; at a digit/non-digit mismatch the digit sorts
 * first; a string that is a prefix of the other sorts first.
 *
 *   naturalLess(a, b): boolean        the Go function
 *   naturalCompare(a, b): -1 | 0 | 1  for Array.prototype.sort
 */

function isDigit(b: number | undefined): boolean {
  return b !== undefined && b >= 0x30 && b <= 0x39;
}

/**
 * sortorder.NaturalLess over UTF-8 bytes as a three-way comparison: the first point where the Go
 * function decides one way decides the reverse call the other way, so one pass serves both.
 */
export function naturalCompareBytes(s1: Uint8Array, s2: Uint8Array): -1 | 0 | 1 {
  let i1 = 0;
  let i2 = 0;
  while (i1 < s1.length && i2 < s2.length) {
    const c1 = s1[i1] as number;
    const c2 = s2[i2] as number;
    const d1 = isDigit(c1);
    const d2 = isDigit(c2);
    if (d1 !== d2) return d1 ? -1 : 1;
    if (!d1) {
      if (c1 !== c2) return c1 < c2 ? -1 : 1;
      i1++;
      i2++;
      continue;
    }
    while (i1 < s1.length && s1[i1] === 0x30) i1++;
    while (i2 < s2.length && s2[i2] === 0x30) i2++;
    const nz1 = i1;
    const nz2 = i2;
    while (isDigit(s1[i1])) i1++;
    while (isDigit(s2[i2])) i2++;
    const len1 = i1 - nz1;
    const len2 = i2 - nz2;
    if (len1 !== len2) return len1 < len2 ? -1 : 1;
    for (let k = 0; k < len1; k++) {
      const a = s1[nz1 + k] as number;
      const b = s2[nz2 + k] as number;
      if (a !== b) return a < b ? -1 : 1;
    }
    if (nz1 !== nz2) return nz1 < nz2 ? -1 : 1;
  }
  return s1.length === s2.length ? 0 : s1.length < s2.length ? -1 : 1;
}

/** sortorder.NaturalLess. */
export function naturalLess(str1: string, str2: string): boolean {
  return naturalCompare(str1, str2) < 0;
}

/** A comparator over naturalLess. */
export function naturalCompare(a: string, b: string): -1 | 0 | 1 {
  return naturalCompareBytes(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** Sorts items by a string key in natural order, encoding each key once. */
export function naturalSortBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  const keyed = items.map((item) => ({ item, bytes: Buffer.from(key(item), 'utf8') }));
  keyed.sort((a, b) => naturalCompareBytes(a.bytes, b.bytes));
  return keyed.map((k) => k.item);
}
