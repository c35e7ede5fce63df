/**
 * Character classes of Go's regexp/syntax as code point tests. A class is a union of terms, each a
 * positive set (code point ranges plus, for `\p{…}`, a JavaScript property escape) that Go may
 * negate on its own (`\D`, `[:^alpha:]`, `\PL`) before joining the class; the whole class may then
 * be negated (`[^…]`). Under `(?i)` every term is case-folded before its own negation and before
 * the class's, exactly as Go's parser orders it: `(?i)[^k]` excludes `k`, `K` and U+212A KELVIN SIGN.
 *
 * Case folding and Unicode properties are delegated to JavaScript's `u`/`iu` RegExp run on a single
 * code point (`^[…]$`), which is constant time; its simple case folding (CaseFolding.txt C+S) gives
 * the same equivalence classes as Go's `unicode.SimpleFold` orbits. Results are memoised per class.
 */

/** Whether a code point (never a UTF-16 code unit) belongs to a class. */
export type RuneTest = (c: number) => boolean;

/** One term of a class: ranges and `js` (a JS class-body fragment, e.g. `\p{sc=Greek}`) are unioned. */
export interface ClassTerm {
  /** Inclusive `[lo, hi]` pairs, flattened. */
  readonly ranges: readonly number[];
  /** Trusted JS class-body source built from go-regexp-unicode.ts, or ''. */
  readonly js: string;
  readonly negated: boolean;
}

export interface ClassSpec {
  readonly terms: readonly ClassTerm[];
  readonly negated: boolean;
  /** `(?i)` was in effect where the class was written. */
  readonly fold: boolean;
}

const positive = (...ranges: number[]): ClassTerm => ({ ranges, js: '', negated: false });
const negative = (t: ClassTerm): ClassTerm => ({ ...t, negated: true });

const DIGIT = positive(0x30, 0x39);
const SPACE = positive(0x09, 0x0a, 0x0c, 0x0d, 0x20, 0x20);
const WORD = positive(0x30, 0x39, 0x41, 0x5a, 0x5f, 0x5f, 0x61, 0x7a);

/** Go's Perl classes, keyed by the letter after the backslash; all ASCII-only (perl_groups.go). */
export const PERL_GROUPS: ReadonlyMap<string, ClassTerm> = new Map([
  ['d', DIGIT],
  ['D', negative(DIGIT)],
  ['s', SPACE],
  ['S', negative(SPACE)],
  ['w', WORD],
  ['W', negative(WORD)],
]);

const POSIX: ReadonlyArray<[string, ClassTerm]> = [
  ['alnum', positive(0x30, 0x39, 0x41, 0x5a, 0x61, 0x7a)],
  ['alpha', positive(0x41, 0x5a, 0x61, 0x7a)],
  ['ascii', positive(0x00, 0x7f)],
  ['blank', positive(0x09, 0x09, 0x20, 0x20)],
  ['cntrl', positive(0x00, 0x1f, 0x7f, 0x7f)],
  ['digit', DIGIT],
  ['graph', positive(0x21, 0x7e)],
  ['lower', positive(0x61, 0x7a)],
  ['print', positive(0x20, 0x7e)],
  ['punct', positive(0x21, 0x2f, 0x3a, 0x40, 0x5b, 0x60, 0x7b, 0x7e)],
  ['space', positive(0x09, 0x0d, 0x20, 0x20)],
  ['upper', positive(0x41, 0x5a)],
  ['word', WORD],
  ['xdigit', positive(0x30, 0x39, 0x41, 0x46, 0x61, 0x66)],
];

/** Go's POSIX classes keyed as written inside brackets: `[:alpha:]`, `[:^alpha:]`. */
export const POSIX_GROUPS: ReadonlyMap<string, ClassTerm> = new Map(
  POSIX.flatMap(([name, term]): Array<[string, ClassTerm]> => [
    [`[:${name}:]`, term],
    [`[:^${name}:]`, negative(term)],
  ]),
);

/** The test for a whole class. */
export function classTest(spec: ClassSpec): RuneTest {
  const terms = spec.terms.map((t) => termTest(t, spec.fold));
  const { negated } = spec;
  return memoize((c) => {
    for (const t of terms) if (t(c)) return !negated;
    return negated;
  });
}

/**
 * The test for a literal under `(?i)`: every rune of its fold orbit. Undefined when the rune has no
 * other case (ASCII non-letters), so the caller can keep an exact comparison.
 */
export function foldedRuneTest(c: number): RuneTest | undefined {
  if (c < 0x80) {
    const lower = c | 0x20;
    if (lower < 0x61 || lower > 0x7a) return undefined;
    const upper = lower - 0x20;
    // The only non-ASCII runes folding onto ASCII letters: U+212A KELVIN SIGN and U+017F LONG S.
    const extra = lower === 0x6b ? 0x212a : lower === 0x73 ? 0x17f : -1;
    return (x) => x === lower || x === upper || x === extra;
  }
  return classTest({ terms: [positive(c, c)], negated: false, fold: true });
}

function termTest(term: ClassTerm, fold: boolean): RuneTest {
  const { los, his } = sortedRanges(term.ranges);
  const inRanges: RuneTest = (c) => {
    let lo = 0;
    let hi = los.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (c < (los[mid] ?? 0)) hi = mid - 1;
      else if (c > (his[mid] ?? 0)) lo = mid + 1;
      else return true;
    }
    return false;
  };
  let base = inRanges;
  if (term.js !== '' || (fold && los.length > 0)) {
    const re = new RegExp(`^[${rangesSource(term.ranges)}${term.js}]$`, fold ? 'iu' : 'u');
    base = (c) => inRanges(c) || re.test(String.fromCodePoint(c));
  }
  return term.negated ? (c) => !base(c) : base;
}

/** Flattened `[lo, hi]` pairs as sorted, merged, disjoint ranges for binary search. */
function sortedRanges(ranges: readonly number[]): { los: number[]; his: number[] } {
  const pairs: Array<[number, number]> = [];
  for (let k = 0; k + 1 < ranges.length; k += 2) pairs.push([ranges[k] ?? 0, ranges[k + 1] ?? 0]);
  pairs.sort((x, y) => x[0] - y[0]);
  const los: number[] = [];
  const his: number[] = [];
  for (const [lo, hi] of pairs) {
    const last = his.length - 1;
    if (last >= 0 && lo <= (his[last] ?? 0) + 1) his[last] = Math.max(his[last] ?? 0, hi);
    else {
      los.push(lo);
      his.push(hi);
    }
  }
  return { los, his };
}

function rangesSource(ranges: readonly number[]): string {
  const hex = (c: number) => `\\u{${c.toString(16)}}`;
  let out = '';
  for (let k = 0; k + 1 < ranges.length; k += 2) {
    const lo = ranges[k] ?? 0;
    const hi = ranges[k + 1] ?? 0;
    out += lo === hi ? hex(lo) : `${hex(lo)}-${hex(hi)}`;
  }
  return out;
}

const MEMO_LIMIT = 4096;

function memoize(test: RuneTest): RuneTest {
  const ascii = new Int8Array(128); // 0 unknown, 1 in, -1 out
  const wide = new Map<number, boolean>();
  return (c) => {
    if (c < 128) {
      let v = ascii[c] ?? 0;
      if (v === 0) ascii[c] = v = test(c) ? 1 : -1;
      return v === 1;
    }
    let r = wide.get(c);
    if (r === undefined) {
      r = test(c);
      if (wide.size < MEMO_LIMIT) wide.set(c, r);
    }
    return r;
  };
}
