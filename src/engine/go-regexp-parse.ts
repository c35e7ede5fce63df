/**
 * A parser for Go's regexp/syntax with the flags regexp.Compile uses (syntax.Perl: ClassNL,
 * OneLine, PerlX, UnicodeGroups). It follows parse.go's shape — a stack of finished nodes and
 * pseudo-nodes for `(` and `|` — so Go's corner cases fall out the same way: `a**` and `a{2}*` are
 * refused, `^*` and `a(?i)*` are not, a malformed `{` is a literal, `(?i)` lasts to the end of the
 * enclosing group. It works on code points; a lone surrogate in the pattern is Go's invalid UTF-8.
 * Every refusal throws {@link GoRegexpSyntaxError}.
 */
import { classTest, PERL_GROUPS } from './go-regexp-class.js';
import {
  fail,
  isAlnum,
  isDigit,
  runeOf,
  scanBracketClass,
  scanEscapedRune,
  scanUnicodeTerm,
} from './go-regexp-parse-scan.js';
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
        case '[': {
          const { value, end } = scanBracketClass(chars, this.i, (this.flags & FOLD_CASE) !== 0);
          this.push(classNode(value));
          this.i = end;
          break;
        }
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
      const { value: term, end } = scanUnicodeTerm(this.chars, this.i);
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
    const { value: rune, end } = scanEscapedRune(this.chars, this.i);
    this.literal(rune);
    this.i = end;
  }
}
