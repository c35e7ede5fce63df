/**
 * Thompson NFA compilation and a capture-free Pike VM: whether a Go regexp matches anywhere in a
 * string (Go's `MatchString`), in O(program size × input length) time whatever the pattern —
 * each step keeps every live NFA state at most once, so nested quantifiers cannot blow up.
 * Counted repetitions are expanded as Go's simplify does (`x{2,4}` → `xx(x(x)?)?`); the parser's
 * size limit bounds the expansion. Input is read by code point; a lone surrogate is one rune.
 */
import { foldedRuneTest, type RuneTest } from './go-regexp-class.js';
import {
  BEGIN_LINE,
  BEGIN_TEXT,
  END_LINE,
  END_TEXT,
  NO_WORD_BOUNDARY,
  type Node,
  WORD_BOUNDARY,
} from './go-regexp-syntax.js';

const MATCH = 0;
const RUNE = 1; // arg: the code point
const CLASS = 2; // arg: index into tests
const ANY = 3;
const ANY_NOT_NL = 4;
const SPLIT = 5; // out and out1
const ASSERT = 6; // arg: assertion bit, see go-regexp-syntax.ts

export interface Program {
  readonly op: Uint8Array;
  readonly out: Int32Array;
  readonly out1: Int32Array;
  readonly arg: Int32Array;
  readonly tests: readonly RuneTest[];
  readonly start: number;
  /** Every match begins at offset 0 (the pattern starts with `^`/`\A`), so later starts are skipped. */
  readonly anchored: boolean;
}

export function compileProgram(root: Node): Program {
  const b = new Builder();
  const match = b.emit(MATCH, -1, -1, 0);
  const start = b.compile(root, match);
  return {
    op: Uint8Array.from(b.op),
    out: Int32Array.from(b.out),
    out1: Int32Array.from(b.out1),
    arg: Int32Array.from(b.arg),
    tests: b.tests,
    start,
    anchored: anchoredAtStart(root),
  };
}

function anchoredAtStart(node: Node): boolean {
  switch (node.op) {
    case 'assert':
      return node.kind === BEGIN_TEXT;
    case 'cap':
    case 'plus':
      return anchoredAtStart(node.sub);
    case 'cat':
      return node.subs[0] !== undefined && anchoredAtStart(node.subs[0]);
    case 'alt':
      return node.subs.every(anchoredAtStart);
    default:
      return false;
  }
}

/** Emits states back to front: compile(node, next) returns the entry of `node` continuing at `next`. */
class Builder {
  readonly op: number[] = [];
  readonly out: number[] = [];
  readonly out1: number[] = [];
  readonly arg: number[] = [];
  readonly tests: RuneTest[] = [];
  private readonly testIds = new Map<RuneTest, number>();
  private readonly foldIds = new Map<number, number>();

  emit(op: number, out: number, out1: number, arg: number): number {
    this.op.push(op);
    this.out.push(out);
    this.out1.push(out1);
    this.arg.push(arg);
    return this.op.length - 1;
  }

  compile(node: Node, next: number): number {
    switch (node.op) {
      case 'empty':
        return next;
      case 'lit':
        for (let k = node.runes.length - 1; k >= 0; k--)
          next = this.rune(node.runes[k] ?? 0, node.fold, next);
        return next;
      case 'class':
        return this.emit(CLASS, next, -1, this.testId(node.test));
      case 'any':
        return this.emit(node.newline ? ANY : ANY_NOT_NL, next, -1, 0);
      case 'assert':
        return this.emit(ASSERT, next, -1, node.kind);
      case 'cap':
        return this.compile(node.sub, next);
      case 'cat':
        for (let k = node.subs.length - 1; k >= 0; k--) {
          const sub = node.subs[k];
          if (sub) next = this.compile(sub, next);
        }
        return next;
      case 'alt': {
        const entries = node.subs.map((sub) => this.compile(sub, next));
        let entry = entries.pop() ?? next;
        while (entries.length > 0) entry = this.emit(SPLIT, entries.pop() ?? next, entry, 0);
        return entry;
      }
      case 'quest':
        return this.emit(SPLIT, this.compile(node.sub, next), next, 0);
      case 'star':
        return this.loop(node.sub, next, false);
      case 'plus':
        return this.loop(node.sub, next, true);
      case 'repeat':
        return this.repeat(node.sub, node.min, node.max, next);
    }
  }

  /** `sub*` (entering at the split) or `sub+` (entering at the body). */
  private loop(sub: Node, next: number, atLeastOnce: boolean): number {
    const split = this.emit(SPLIT, -1, next, 0);
    const body = this.compile(sub, split);
    this.out[split] = body;
    return atLeastOnce ? body : split;
  }

  private repeat(sub: Node, min: number, max: number, next: number): number {
    let entry: number;
    if (max === -1) {
      if (min === 0) return this.loop(sub, next, false);
      entry = this.loop(sub, next, true);
      min -= 1;
    } else {
      // (x(x(x)?)?)? for the max-min optional copies, innermost first.
      entry = next;
      for (let k = min; k < max; k++) entry = this.emit(SPLIT, this.compile(sub, entry), next, 0);
    }
    for (let k = 0; k < min; k++) entry = this.compile(sub, entry);
    return entry;
  }

  private rune(c: number, fold: boolean, next: number): number {
    const test = fold ? this.foldTest(c) : undefined;
    return test === undefined ? this.emit(RUNE, next, -1, c) : this.emit(CLASS, next, -1, test);
  }

  private foldTest(c: number): number | undefined {
    let id = this.foldIds.get(c);
    if (id === undefined) {
      const test = foldedRuneTest(c);
      if (test === undefined) return undefined;
      id = this.testId(test);
      this.foldIds.set(c, id);
    }
    return id;
  }

  private testId(test: RuneTest): number {
    let id = this.testIds.get(test);
    if (id === undefined) {
      id = this.tests.push(test) - 1;
      this.testIds.set(test, id);
    }
    return id;
  }
}

/** A set of NFA states with O(1) insert, membership and clear (Briggs–Torczon sparse set). */
class StateSet {
  readonly dense: Int32Array;
  private readonly sparse: Int32Array;
  size = 0;

  constructor(capacity: number) {
    this.dense = new Int32Array(capacity);
    this.sparse = new Int32Array(capacity);
  }

  /** Adds `s`; false if it was already present. */
  add(s: number): boolean {
    const i = this.sparse[s] ?? 0;
    if (i < this.size && this.dense[i] === s) return false;
    this.sparse[s] = this.size;
    this.dense[this.size++] = s;
    return true;
  }
}

const isWordRune = (c: number) =>
  (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f;

/** The assertions that hold between `prev` and `next` (-1: the start or end of the text). */
function contextBetween(prev: number, next: number): number {
  let ctx = isWordRune(prev) === isWordRune(next) ? NO_WORD_BOUNDARY : WORD_BOUNDARY;
  if (prev < 0) ctx |= BEGIN_TEXT | BEGIN_LINE;
  else if (prev === 0x0a) ctx |= BEGIN_LINE;
  if (next < 0) ctx |= END_TEXT | END_LINE;
  else if (next === 0x0a) ctx |= END_LINE;
  return ctx;
}

/** Runs one program; not reentrant (its state sets are reused between calls). */
export class PikeVm {
  private current: StateSet;
  private following: StateSet;
  private readonly stack: Int32Array;

  constructor(private readonly prog: Program) {
    const n = prog.op.length;
    this.current = new StateSet(n);
    this.following = new StateSet(n);
    this.stack = new Int32Array(n);
  }

  /** Whether the program matches anywhere in `input`. */
  test(input: string): boolean {
    const { op, out, arg, tests, start, anchored } = this.prog;
    const n = input.length;
    let pos = 0;
    let c = n > 0 ? (input.codePointAt(0) ?? -1) : -1;
    let ctx = contextBetween(-1, c);
    this.current.size = 0;
    for (;;) {
      if ((pos === 0 || !anchored) && this.addClosure(this.current, start, ctx)) return true;
      if (c < 0 || (anchored && this.current.size === 0)) return false;
      const nextPos = pos + (c > 0xffff ? 2 : 1);
      const next = nextPos < n ? (input.codePointAt(nextPos) ?? -1) : -1;
      const nextCtx = contextBetween(c, next);
      const { dense, size } = this.current;
      this.following.size = 0;
      for (let k = 0; k < size; k++) {
        const s = dense[k] ?? 0;
        let ok: boolean;
        switch (op[s]) {
          case RUNE:
            ok = arg[s] === c;
            break;
          case CLASS:
            ok = tests[arg[s] ?? 0]?.(c) ?? false;
            break;
          case ANY:
            ok = true;
            break;
          case ANY_NOT_NL:
            ok = c !== 0x0a;
            break;
          default:
            ok = false;
        }
        if (ok && this.addClosure(this.following, out[s] ?? 0, nextCtx)) return true;
      }
      [this.current, this.following] = [this.following, this.current];
      pos = nextPos;
      c = next;
      ctx = nextCtx;
    }
  }

  /** Adds `from` and everything reachable by empty moves under `ctx`; true if MATCH is reached. */
  private addClosure(set: StateSet, from: number, ctx: number): boolean {
    const { op, out, out1, arg } = this.prog;
    const { stack } = this;
    if (!set.add(from)) return false;
    let sp = 0;
    stack[sp++] = from;
    while (sp > 0) {
      const s = stack[--sp] ?? 0;
      let a = -1;
      let b = -1;
      switch (op[s]) {
        case MATCH:
          return true;
        case SPLIT:
          a = out1[s] ?? -1;
          b = out[s] ?? -1;
          break;
        case ASSERT:
          if (((arg[s] ?? 0) & ctx) !== 0) a = out[s] ?? -1;
          break;
      }
      if (a >= 0 && set.add(a)) stack[sp++] = a;
      if (b >= 0 && set.add(b)) stack[sp++] = b;
    }
    return false;
  }
}
