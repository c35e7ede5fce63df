/**
 * A parser for Go's regexp/syntax with the flags regexp.Compile uses (syntax.Perl: ClassNL,
 * OneLine, PerlX, UnicodeGroups). It follows parse.go's shape — a stack of finished nodes and
 * pseudo-nodes for `(` and `|` — so Go's corner cases fall out the same way: `a**` and `a{2}*` are
 * refused, `^*` and `a(?i)*` are not, a malformed `{` is a literal, `(?i)` lasts to the end of the
 * enclosing group. It works on code points; a lone surrogate in the pattern is Go's invalid UTF-8.
 * Every refusal throws {@link GoRegexpSyntaxError}.
 */
import { classTest, PERL_GROUPS, POSIX_GROUPS, type ClassTerm } from './go-regexp-class.js';
import { unicodeClassBody } from './go-regexp-unicode.js';
import {
  altNode,
  anyNode,
  assertNode,
  BEGIN_LINE,
  BEGIN_TEXT,
  catNode,
  classNode,
  DOT_NL,
  END_LINE,
  END_TEXT,
  FOLD_CASE,
  GoRegexpSyntaxError,
  litNode,
  MULTI_LINE,
  NO_WORD_BOUNDARY,
  NON_GREEDY,
  type Node,
  repeatIsValid,
  repeatNode,
  WORD_BOUNDARY,
  wrapNode,
} from './go-regexp-syntax.js';

/** Go's maxRepeat: the largest count in `{n,m}`, and the largest product of nested counts. */
const MAX_REPEAT = 1000;

interface Paren {
  readonly op: 'paren';
  /** Flags to restore at the matching `)`. */
  readonly flags: number;
  readonly capture: boolean;
}
interface Bar {
  readonly op: 'bar';
  readonly branches: Node[];
}
type Item = Node | Paren | Bar;

const isNode = (item: Item | undefined): item is Node =>
  item !== undefined && item.op !== 'paren' && item.op !== 'bar';

const fail = (code: string, expr: string): never => {
  throw new GoRegexpSyntaxError(code, expr);
};

const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
const isOctal = (c: string | undefined) => c !== undefined && c >= '0' && c <= '7';
const isAlnum = (c: string) => isDigit(c) || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
const unhex = (c: string | undefined) => (c !== undefined && /^[0-9a-fA-F]$/.test(c) ? parseInt(c, 16) : -1);
const runeOf = (c: string) => c.codePointAt(0) ?? 0;

const SIMPLE_ESCAPES: ReadonlyMap<string, number> = new Map([
  ['a', 7],
  ['f', 12],
  ['n', 10],
  ['r', 13],
  ['t', 9],
  ['v', 11],
]);

const ASSERTION_ESCAPES: ReadonlyMap<string, number> = new Map([
  ['A', BEGIN_TEXT],
  ['b', WORD_BOUNDARY],
  ['B', NO_WORD_BOUNDARY],
  ['z', END_TEXT],
]);

/** Parses a Go regexp into a tree; throws GoRegexpSyntaxError where Go's regexp.Compile errs. */
export function parseGoRegexp(pattern: string): Node {
  return new Parser(pattern).parse();
}

class Parser {
  private readonly chars: string[];
  private i = 0;
  private flags = 0;
  private readonly stack: Item[] = [];

  constructor(private readonly pattern: string) {
    this.chars = Array.from(pattern);
    if (this.chars.some((c) => c.length === 1 && c >= '\ud800' && c <= '\udfff')) {
      fail('invalid UTF-8', pattern);
    }
  }

  parse(): Node {
    const { chars } = this;
    let lastRepeat = false;
    while (this.i < chars.length) {
      const c = chars[this.i] ?? '';
      let repeated = false;
      switch (c) {
        case '(':
          if (chars[this.i + 1] === '?') this.parseGroupFlags();
          else this.openParen(this.flags, true, 1);
          break;
        case '|':
          this.verticalBar();
          this.i++;
          break;
        case ')':
          this.rightParen();
          this.i++;
          break;
        case '^':
          this.push(assertNode(this.flags & MULTI_LINE ? BEGIN_LINE : BEGIN_TEXT));
          this.i++;
          break;
        case '$':
          this.push(assertNode(this.flags & MULTI_LINE ? END_LINE : END_TEXT));
          this.i++;
          break;
        case '.':
          this.push(anyNode((this.flags & DOT_NL) !== 0));
          this.i++;
          break;
        case '[':
          this.parseClass();
          break;
        case '*':
        case '+':
        case '?':
          this.i++;
          this.repeat(c === '*' ? 'star' : c === '+' ? 'plus' : 'quest', 0, 0, lastRepeat);
          repeated = true;
          break;
        case '{': {
          const count = this.parseRepeatCount(this.i);
          if (count === undefined) {
            this.literal(runeOf('{'));
            this.i++;
            break;
          }
          const { min, max, end } = count;
          if (min < 0 || min > MAX_REPEAT || max > MAX_REPEAT || (max >= 0 && min > max)) {
            fail('invalid repeat count', chars.slice(this.i, end).join(''));
          }
          this.i = end;
          this.repeat('repeat', min, max, lastRepeat);
          repeated = true;
          break;
        }
        case '\\':
          this.parseEscape();
          break;
        default:
          this.literal(runeOf(c));
          this.i++;
      }
      lastRepeat = repeated;
    }
    const body = this.closeBranches();
    if (this.stack.length > 0) fail('missing closing )', this.pattern);
    return body;
  }

  private push(node: Node): void {
    this.stack.push(node);
  }

  private literal(rune: number): void {
    this.push(litNode([rune], (this.flags & FOLD_CASE) !== 0));
  }

  private openParen(flags: number, capture: boolean, width: number): void {
    this.stack.push({ op: 'paren', flags, capture });
    this.i += width;
  }

  /** Applies a repetition operator (already consumed) to the node on top of the stack. */
  private repeat(op: 'star' | 'plus' | 'quest' | 'repeat', min: number, max: number, lastRepeat: boolean) {
    // A trailing `?` makes the operator non-greedy, which cannot change whether a match exists.
    if (this.chars[this.i] === '?') this.i++;
    if (lastRepeat) fail('invalid nested repetition operator', this.pattern);
    const top = this.stack.at(-1);
    if (!isNode(top)) return fail('missing argument to repetition operator', this.pattern);
    const node = op === 'repeat' ? repeatNode(top, min, max) : wrapNode(op, top);
    this.stack[this.stack.length - 1] = node;
    if (op === 'repeat' && (min >= 2 || max >= 2) && !repeatIsValid(node, MAX_REPEAT)) {
      fail('invalid repeat count', this.pattern);
    }
  }

  /** Pops the nodes above the innermost `(` or `|` and returns their concatenation. */
  private collapse(): Node {
    let k = this.stack.length;
    while (k > 0 && isNode(this.stack[k - 1])) k--;
    return catNode(this.stack.splice(k) as Node[]);
  }

  private verticalBar(): void {
    const branch = this.collapse();
    const top = this.stack.at(-1);
    if (top?.op === 'bar') top.branches.push(branch);
    else this.stack.push({ op: 'bar', branches: [branch] });
  }

  /** Ends the innermost group's body: its branches joined as an alternation. */
  private closeBranches(): Node {
    const branch = this.collapse();
    const top = this.stack.at(-1);
    if (top?.op !== 'bar') return branch;
    this.stack.pop();
    top.branches.push(branch);
    return altNode(top.branches);
  }

  private rightParen(): void {
    const body = this.closeBranches();
    const open = this.stack.pop();
    if (open?.op !== 'paren') return fail('unexpected )', this.pattern);
    this.flags = open.flags;
    this.push(open.capture ? wrapNode('cap', body) : body);
  }

  /** `(?P<name>`, `(?<name>`, `(?flags)`, `(?flags:` — Go's parsePerlFlags. */
  private parseGroupFlags(): void {
    const { chars } = this;
    const rest = chars.length - this.i;
    const withP = rest > 4 && chars[this.i + 2] === 'P' && chars[this.i + 3] === '<';
    const withName = rest > 3 && chars[this.i + 2] === '<';
    if (withP || withName) {
      const start = this.i + (withP ? 4 : 3);
      const end = chars.indexOf('>', start);
      if (end < 0) return fail('invalid named capture', chars.slice(this.i).join(''));
      const name = chars.slice(start, end);
      if (name.length === 0 || !name.every((c) => c === '_' || isAlnum(c))) {
        fail('invalid named capture', chars.slice(this.i, end + 1).join(''));
      }
      this.openParen(this.flags, true, end + 1 - this.i);
      return;
    }
    let flags = this.flags;
    let negate = false;
    let sawFlag = false;
    for (let j = this.i + 2; j < chars.length; j++) {
      const c = chars[j];
      const bit =
        c === 'i' ? FOLD_CASE : c === 'm' ? MULTI_LINE : c === 's' ? DOT_NL : c === 'U' ? NON_GREEDY : 0;
      if (bit !== 0) {
        flags = negate ? flags & ~bit : flags | bit;
        sawFlag = true;
      } else if (c === '-' && !negate) {
        negate = true;
        sawFlag = false;
      } else if ((c === ':' || c === ')') && !(negate && !sawFlag)) {
        if (c === ':') this.openParen(this.flags, false, 0);
        this.flags = flags;
        this.i = j + 1;
        return;
      } else {
        break;
      }
    }
    fail('invalid or unsupported Perl syntax', chars.slice(this.i).join(''));
  }

  /** `{n}`, `{n,}`, `{n,m}` at `at`; undefined when malformed (then `{` is a literal). */
  private parseRepeatCount(at: number): { min: number; max: number; end: number } | undefined {
    const first = this.parseInt(at + 1);
    if (first === undefined) return undefined;
    let j = first.end;
    let min = first.value;
    let max = min;
    if (this.chars[j] === ',') {
      j++;
      if (this.chars[j] === '}') {
        max = -1;
      } else {
        const second = this.parseInt(j);
        if (second === undefined) return undefined;
        j = second.end;
        max = second.value;
        // A too-big max is not "unbounded": a negative min makes the caller refuse it.
        if (max < 0) min = -1;
      }
    }
    if (this.chars[j] !== '}') return undefined;
    return { min, max, end: j + 1 };
  }

  /** Decimal digits without a leading zero; values ≥ 1e8 become -1 (too big), as in Go. */
  private parseInt(at: number): { value: number; end: number } | undefined {
    const { chars } = this;
    if (!isDigit(chars[at])) return undefined;
    if (chars[at] === '0' && isDigit(chars[at + 1])) return undefined;
    let j = at;
    let value = 0;
    while (isDigit(chars[j])) {
      if (value >= 1e8) value = -1;
      else if (value >= 0) value = value * 10 + Number(chars[j]);
      j++;
    }
    return { value, end: j };
  }

  private parseEscape(): void {
    const { chars } = this;
    const next = chars[this.i + 1];
    const fold = (this.flags & FOLD_CASE) !== 0;
    const assertion = ASSERTION_ESCAPES.get(next ?? '');
    if (assertion !== undefined) {
      this.push(assertNode(assertion));
      this.i += 2;
      return;
    }
    if (next === 'C') fail('invalid escape sequence', '\\C');
    if (next === 'Q') {
      let j = this.i + 2;
      for (; j < chars.length && !(chars[j] === '\\' && chars[j + 1] === 'E'); j++) {
        this.literal(runeOf(chars[j] ?? ''));
      }
      this.i = Math.min(j + 2, chars.length);
      return;
    }
    if (next === 'p' || next === 'P') {
      const { term, end } = this.parseUnicodeTerm(this.i);
      this.push(classNode(classTest({ terms: [term], negated: false, fold })));
      this.i = end;
      return;
    }
    const perl = PERL_GROUPS.get(next ?? '');
    if (perl) {
      this.push(classNode(classTest({ terms: [perl], negated: false, fold })));
      this.i += 2;
      return;
    }
    const { rune, end } = this.parseEscapedRune(this.i);
    this.literal(rune);
    this.i = end;
  }

  /** A single-rune escape at `at` (a backslash): Go's parseEscape. */
  private parseEscapedRune(at: number): { rune: number; end: number } {
    const { chars } = this;
    const c = chars[at + 1];
    if (c === undefined) return fail('trailing backslash at end of expression', '');
    let j = at + 2;
    const bad = () => fail('invalid escape sequence', chars.slice(at, j).join(''));
    if (c.length === 1 && c < '\x80' && !isAlnum(c)) return { rune: runeOf(c), end: j };
    const simple = SIMPLE_ESCAPES.get(c);
    if (simple !== undefined) return { rune: simple, end: j };
    // \1 … \7 alone would be backreferences; followed by an octal digit they start an octal escape.
    if (c === '0' || (c >= '1' && c <= '7' && isOctal(chars[j]))) {
      let rune = Number(c);
      for (let k = 1; k < 3 && isOctal(chars[j]); k++, j++) rune = rune * 8 + Number(chars[j]);
      return { rune, end: j };
    }
    if (c !== 'x') return bad();
    if (chars[j] !== '{') {
      const hi = unhex(chars[j]);
      const lo = unhex(chars[j + 1]);
      j += 2;
      if (hi < 0 || lo < 0) return bad();
      return { rune: hi * 16 + lo, end: j };
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
    return { rune, end: j };
  }

  /** `\pL`, `\p{Greek}`, `\P{^Lu}` at `at`: Go's parseUnicodeClass. */
  private parseUnicodeTerm(at: number): { term: ClassTerm; end: number } {
    const { chars } = this;
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
    return { term: { ranges: [], js, negated }, end };
  }

  /** A bracketed class at `this.i`: Go's parseClass. */
  private parseClass(): void {
    const { chars } = this;
    const start = this.i;
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
        const close = this.indexOfPair(':', ']', j + 2);
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
        const unicode = this.parseUnicodeTerm(j);
        add(unicode.term);
        j = unicode.end;
        continue;
      }
      const perl = chars[j] === '\\' ? PERL_GROUPS.get(chars[j + 1] ?? '') : undefined;
      if (perl) {
        add(perl);
        j += 2;
        continue;
      }
      const lo = this.parseClassChar(j, start);
      let hi = lo;
      j = lo.end;
      // `[a-]` means a or -; a range needs something other than `]` after the dash.
      if (chars[j] === '-' && j + 1 < chars.length && chars[j + 1] !== ']') {
        hi = this.parseClassChar(j + 1, start);
        if (hi.rune < lo.rune)
          fail('invalid character class range', chars.slice(lo.end - 1, hi.end).join(''));
        j = hi.end;
      }
      ranges.push(lo.rune, hi.rune);
    }
    this.i = j + 1;
    terms.push({ ranges, js, negated: false });
    this.push(classNode(classTest({ terms, negated, fold: (this.flags & FOLD_CASE) !== 0 })));
  }

  private parseClassChar(at: number, classStart: number): { rune: number; end: number } {
    const c = this.chars[at];
    if (c === undefined) return fail('missing closing ]', this.chars.slice(classStart).join(''));
    if (c === '\\') return this.parseEscapedRune(at);
    return { rune: runeOf(c), end: at + 1 };
  }

  private indexOfPair(a: string, b: string, from: number): number {
    for (let k = from; k + 1 < this.chars.length; k++) {
      if (this.chars[k] === a && this.chars[k + 1] === b) return k;
    }
    return -1;
  }
}
