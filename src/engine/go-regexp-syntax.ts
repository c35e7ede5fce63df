/**
 * The parse tree of a Go regexp, built by go-regexp-parse.ts and compiled by go-regexp-nfa.ts.
 * Every node is made through the constructors here, which enforce Go's parser limits as the tree
 * grows, so no pattern can build a tree (or later a program) larger than Go would accept:
 * height ≤ 1000 (`expression nests too deeply`) and estimated program size ≤ Go's maxSize
 * (`expression too large`, using Go's own size formula). The caller checks nested repeat counts
 * with {@link repeatIsValid}.
 */
import type { RuneTest } from './go-regexp-class.js';

/** Parser flags in effect at a point of the pattern (`(?i)`, `(?m)`, `(?s)`, `(?U)`). */
export const FOLD_CASE = 1;
export const MULTI_LINE = 2;
export const DOT_NL = 4;
export const NON_GREEDY = 8;

/** Empty-width assertions; also the bits of the context a position satisfies. */
export const BEGIN_TEXT = 1;
export const END_TEXT = 2;
export const BEGIN_LINE = 4;
export const END_LINE = 8;
export const WORD_BOUNDARY = 16;
export const NO_WORD_BOUNDARY = 32;

interface Measured {
  readonly height: number;
  /** Go's calcSize estimate of the compiled program. */
  readonly size: number;
}

export type Node = Measured &
  (
    | { readonly op: 'empty' }
    | { readonly op: 'lit'; readonly runes: readonly number[]; readonly fold: boolean }
    | { readonly op: 'class'; readonly test: RuneTest }
    | { readonly op: 'any'; readonly newline: boolean }
    | { readonly op: 'assert'; readonly kind: number }
    | { readonly op: 'cap' | 'star' | 'plus' | 'quest'; readonly sub: Node }
    | { readonly op: 'repeat'; readonly sub: Node; readonly min: number; readonly max: number }
    | { readonly op: 'cat' | 'alt'; readonly subs: readonly Node[] }
  );

/** A pattern Go's regexp.Compile refuses; `code` is Go's ErrorCode text. */
export class GoRegexpSyntaxError extends Error {
  constructor(
    readonly code: string,
    readonly expr: string,
  ) {
    super(`error parsing regexp: ${code}: \`${expr}\``);
    this.name = 'GoRegexpSyntaxError';
  }
}

export const MAX_HEIGHT = 1000;
/** Go's maxSize: 128 MiB of 40-byte instructions. */
export const MAX_SIZE = Math.floor((128 << 20) / 40);

/** Enforces Go's limits on a node about to be made; returns the size Go would record. */
function checked(height: number, size: number): number {
  if (height > MAX_HEIGHT) throw new GoRegexpSyntaxError('expression nests too deeply', '');
  if (size > MAX_SIZE) throw new GoRegexpSyntaxError('expression too large', '');
  return Math.max(1, size);
}

const EMPTY: Node = { op: 'empty', height: 1, size: 1 };

export const emptyNode = (): Node => EMPTY;
export const litNode = (runes: readonly number[], fold: boolean): Node => ({
  op: 'lit',
  runes,
  fold,
  height: 1,
  size: checked(1, runes.length),
});
export const classNode = (test: RuneTest): Node => ({ op: 'class', test, height: 1, size: 1 });
export const anyNode = (newline: boolean): Node => ({ op: 'any', newline, height: 1, size: 1 });
export const assertNode = (kind: number): Node => ({ op: 'assert', kind, height: 1, size: 1 });

export function wrapNode(op: 'cap' | 'star' | 'plus' | 'quest', sub: Node): Node {
  const extra = op === 'cap' || op === 'star' ? 2 : 1;
  const height = sub.height + 1;
  return { op, sub, height, size: checked(height, sub.size + extra) };
}

/** `sub{min,max}`; max -1 means unbounded. */
export function repeatNode(sub: Node, min: number, max: number): Node {
  let size: number;
  if (max === -1) size = min === 0 ? 2 + sub.size : 1 + min * sub.size;
  else size = max * sub.size + (max - min);
  const height = sub.height + 1;
  return { op: 'repeat', sub, min, max, height, size: checked(height, size) };
}

/** Concatenation, flattening nested concatenations and joining adjacent literals as Go does. */
export function catNode(parts: readonly Node[]): Node {
  const subs: Node[] = [];
  let run: number[] = [];
  let runFold = false;
  const flush = () => {
    if (run.length > 0) subs.push(litNode(run, runFold));
    run = [];
  };
  for (const part of flatten('cat', parts)) {
    if (part.op !== 'lit') {
      flush();
      subs.push(part);
      continue;
    }
    if (part.fold !== runFold) flush();
    runFold = part.fold;
    for (const r of part.runes) run.push(r);
  }
  flush();
  if (subs.length === 0) return emptyNode();
  if (subs.length === 1 && subs[0]) return subs[0];
  return group('cat', subs, 0);
}

/** `nodes` with every `op` node replaced by its children (no spread: the lists can be huge). */
function flatten(op: 'cat' | 'alt', nodes: readonly Node[]): Node[] {
  const out: Node[] = [];
  for (const n of nodes) {
    if (n.op === op) for (const sub of n.subs) out.push(sub);
    else out.push(n);
  }
  return out;
}

/** Alternation, flattening nested alternations. */
export function altNode(branches: readonly Node[]): Node {
  const subs = flatten('alt', branches);
  if (subs.length === 1 && subs[0]) return subs[0];
  return group('alt', subs, subs.length - 1);
}

function group(op: 'cat' | 'alt', subs: readonly Node[], extra: number): Node {
  let height = 0;
  let size = extra;
  for (const s of subs) {
    height = Math.max(height, s.height);
    size += s.size;
  }
  return { op, subs, height: height + 1, size: checked(height + 1, size) };
}

/**
 * Go's repeatIsValid: the product of counted repetitions nested in `node` stays within `n`
 * copies of the innermost expression (`(?:[a-z]{4}){0,250}` passes, `{0,251}` does not).
 */
export function repeatIsValid(node: Node, n: number): boolean {
  if (node.op === 'repeat') {
    let m = node.max;
    if (m === 0) return true;
    if (m < 0) m = node.min;
    if (m > n) return false;
    if (m > 0) n = Math.floor(n / m);
  }
  return childrenOf(node).every((sub) => repeatIsValid(sub, n));
}

export function childrenOf(node: Node): readonly Node[] {
  if ('subs' in node) return node.subs;
  if ('sub' in node) return [node.sub];
  return [];
}
