/**
 * Scanners for the leaves of a Go regexp, shared by the parser (go-regexp-parse.ts) for top-level
 * escapes and for bracketed classes: single-rune escapes (Go's parseEscape), `\p{…}` groups
 * (parseUnicodeClass) and `[…]` classes (parseClass). Each reads `chars` (the pattern's code
 * points) from an index and returns the value and the index after it, or throws
 * GoRegexpSyntaxError.
 */
import { classTest, PERL_GROUPS, POSIX_GROUPS, type ClassTerm, type RuneTest } from './go-regexp-class.js';
import { unicodeClassBody } from './go-regexp-unicode.js';
import { GoRegexpSyntaxError } from './go-regexp-syntax.js';

/** A scanned value and the index just past it. */
export interface Scanned<T> {
  readonly value: T;
  readonly end: number;
}

export const fail = (code: string, expr: string): never => {
  throw new GoRegexpSyntaxError(code, expr);
};

export const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
export const isAlnum = (c: string) => isDigit(c) || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
export const runeOf = (c: string) => c.codePointAt(0) ?? 0;
const isOctal = (c: string | undefined) => c !== undefined && c >= '0' && c <= '7';
const unhex = (c: string | undefined) => (c !== undefined && /^[0-9a-fA-F]$/.test(c) ? parseInt(c, 16) : -1);

const SIMPLE_ESCAPES: ReadonlyMap<string, number> = new Map([
  ['a', 7],
  ['f', 12],
  ['n', 10],
  ['r', 13],
  ['t', 9],
  ['v', 11],
]);

/** A single-rune escape at `at` (a backslash): Go's parseEscape. */
export function scanEscapedRune(chars: readonly string[], at: number): Scanned<number> {
  const c = chars[at + 1];
  if (c === undefined) return fail('trailing backslash at end of expression', '');
  let j = at + 2;
  const bad = () => fail('invalid escape sequence', chars.slice(at, j).join(''));
  if (c.length === 1 && c < '\x80' && !isAlnum(c)) return { value: runeOf(c), end: j };
  const simple = SIMPLE_ESCAPES.get(c);
  if (simple !== undefined) return { value: simple, end: j };
  // \1 … \7 alone would be backreferences; followed by an octal digit they start an octal escape.
  if (c === '0' || (c >= '1' && c <= '7' && isOctal(chars[j]))) {
    let rune = Number(c);
    for (let k = 1; k < 3 && isOctal(chars[j]); k++, j++) rune = rune * 8 + Number(chars[j]);
    return { value: rune, end: j };
  }
  if (c !== 'x') return bad();
  if (chars[j] !== '{') {
    const hi = unhex(chars[j]);
    const lo = unhex(chars[j + 1]);
    j += 2;
    if (hi < 0 || lo < 0) return bad();
    return { value: hi * 16 + lo, end: j };
  }
  let rune = 0;
  let digits = 0;
  for (j++; chars[j] !== '}'; j++, digits++) {
    const v = unhex(chars[j]);
    if (v < 0) return bad();
    rune = rune * 16 + v;
    if (rune > 0x10ffff) return bad();
  }
  j++;
  if (digits === 0) return bad();
  return { value: rune, end: j };
}

/** `\pL`, `\p{Greek}`, `\P{^Lu}` at `at`: Go's parseUnicodeClass. */
export function scanUnicodeTerm(chars: readonly string[], at: number): Scanned<ClassTerm> {
  let negated = chars[at + 1] === 'P';
  let name: string;
  let end: number;
  if (chars[at + 2] !== '{') {
    name = chars[at + 2] ?? '';
    end = at + 3;
  } else {
    const close = chars.indexOf('}', at + 3);
    if (close < 0) return fail('invalid character class range', chars.slice(at).join(''));
    name = chars.slice(at + 3, close).join('');
    end = close + 1;
  }
  if (name.startsWith('^')) {
    negated = !negated;
    name = name.slice(1);
  }
  const js = unicodeClassBody(name);
  if (js === undefined) return fail('invalid character class range', chars.slice(at, end).join(''));
  return { value: { ranges: [], js, negated }, end };
}

/** A bracketed class starting at `start`: Go's parseClass. */
export function scanBracketClass(chars: readonly string[], start: number, fold: boolean): Scanned<RuneTest> {
  let j = start + 1;
  const negated = chars[j] === '^';
  if (negated) j++;
  const ranges: number[] = [];
  let js = '';
  const terms: ClassTerm[] = [];
  const add = (t: ClassTerm) => {
    if (t.negated) terms.push(t);
    else {
      ranges.push(...t.ranges);
      js += t.js;
    }
  };
  for (let first = true; j >= chars.length || chars[j] !== ']' || first; first = false) {
    if (chars[j] === '[' && chars[j + 1] === ':' && j + 2 < chars.length) {
      const close = indexOfPair(chars, ':', ']', j + 2);
      if (close >= 0) {
        const name = chars.slice(j, close + 2).join('');
        const group = POSIX_GROUPS.get(name);
        if (!group) fail('invalid character class range', name);
        else add(group);
        j = close + 2;
        continue;
      }
    }
    if (chars[j] === '\\' && (chars[j + 1] === 'p' || chars[j + 1] === 'P')) {
      const unicode = scanUnicodeTerm(chars, j);
      add(unicode.value);
      j = unicode.end;
      continue;
    }
    const perl = chars[j] === '\\' ? PERL_GROUPS.get(chars[j + 1] ?? '') : undefined;
    if (perl) {
      add(perl);
      j += 2;
      continue;
    }
    const lo = scanClassChar(chars, j, start);
    let hi = lo;
    j = lo.end;
    // `[a-]` means a or -; a range needs something other than `]` after the dash.
    if (chars[j] === '-' && j + 1 < chars.length && chars[j + 1] !== ']') {
      hi = scanClassChar(chars, j + 1, start);
      if (hi.value < lo.value)
        fail('invalid character class range', chars.slice(lo.end - 1, hi.end).join(''));
      j = hi.end;
    }
    ranges.push(lo.value, hi.value);
  }
  terms.push({ ranges, js, negated: false });
  return { value: classTest({ terms, negated, fold }), end: j + 1 };
}

function scanClassChar(chars: readonly string[], at: number, classStart: number): Scanned<number> {
  const c = chars[at];
  if (c === undefined) return fail('missing closing ]', chars.slice(classStart).join(''));
  if (c === '\\') return scanEscapedRune(chars, at);
  return { value: runeOf(c), end: at + 1 };
}

function indexOfPair(chars: readonly string[], a: string, b: string, from: number): number {
  for (let k = from; k + 1 < chars.length; k++) {
    if (chars[k] === a && chars[k + 1] === b) return k;
  }
  return -1;
}
