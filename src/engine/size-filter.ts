import { invalidParameter } from '../errors/index.js';

const pattern = /^(<=|>=|<|>|=)?\s*(\d+(?:\.\d+)?)\s*([kmgtp]?)(i?)b?$/i;
const powers: Record<string, number> = { '': 0, k: 1, m: 2, g: 3, t: 4, p: 5 };

/**
 * Strata's `size` volume filter: each value is a comparison with a size, `>1GB`, `>=500MiB`, `<10k`,
 * `=0` (no operator means `=`). Units are decimal as the sizes Docker prints (`kB`, `MB`, `GB`), binary
 * with an `i` (`KiB`, `MiB`); case does not matter. A volume matches when it has a size and every
 * comparison holds (so `size>1GB` with `size<2GB` is a range).
 */
export function sizeFilterTest(values: readonly string[]): (bytes: number | undefined) => boolean {
  const checks = values.map(parseComparison);
  return (bytes) => bytes !== undefined && checks.every((c) => c(bytes));
}

function parseComparison(raw: string): (bytes: number) => boolean {
  const m = pattern.exec(raw.trim());
  if (!m) {
    throw invalidParameter(
      `invalid size filter '${raw}': expected an operator (<, <=, >, >=, =) and a size such as 1GB or 500MiB`,
    );
  }
  const [, op = '=', number = '0', unit = '', binary = ''] = m;
  const limit = Number(number) * (binary === '' ? 1000 : 1024) ** (powers[unit.toLowerCase()] ?? 0);
  switch (op) {
    case '<':
      return (b) => b < limit;
    case '<=':
      return (b) => b <= limit;
    case '>':
      return (b) => b > limit;
    case '>=':
      return (b) => b >= limit;
    default:
      return (b) => b === limit;
  }
}
