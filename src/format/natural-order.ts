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

/** sortorder.NaturalLess. */
export function naturalLess(str1: string, str2: string): boolean {
  const s1 = Buffer.from(str1, 'utf8');
  const s2 = Buffer.from(str2, 'utf8');
  let i1 = 0;
  let i2 = 0;
  while (i1 < s1.length && i2 < s2.length) {
    const c1 = s1[i1] as number;
    const c2 = s2[i2] as number;
    const d1 = isDigit(c1);
    const d2 = isDigit(c2);
    if (d1 !== d2) return d1;
    if (!d1) {
      if (c1 !== c2) return c1 < c2;
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
    if (len1 !== len2) return len1 < len2;
    const cmp = Buffer.compare(s1.subarray(nz1, i1), s2.subarray(nz2, i2));
    if (cmp !== 0) return cmp < 0;
    if (nz1 !== nz2) return nz1 < nz2;
  }
  return s1.length < s2.length;
}

/** A comparator over naturalLess. */
export function naturalCompare(a: string, b: string): -1 | 0 | 1 {
  if (naturalLess(a, b)) return -1;
  if (naturalLess(b, a)) return 1;
  return 0;
}
