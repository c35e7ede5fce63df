/**
 * Statement execution for Go templates (the walk half of text/template/exec.go): text, actions,
 * if/else-if/else, with/else-with/else, range (slices, maps in sorted key order, ints; `break`,
 * `continue`, `else`), and `template`/`block` invocation.
 *
 * `executeTemplate(ctx, name, data)` runs the named tree against `data` and returns the output, or throws
 * `TemplateExecError` (message = Go's text, `partialOutput` = what was written before the failure, which
 * docker's table header relies on). `null`/`undefined` data is Go's nil: `{{.}}` prints `<no value>`.
 *
 * Differences from Go: template recursion is capped at 1000 levels (Go: 100000, which would overflow the
 * JS stack first); ranging over functions (Go 1.23 iterators) is not supported.
 */
import { formatOperand } from './go-fmt.js';
import { goQuote } from './go-quote.js';
import {
  GoMap,
  GoNil,
  Iface,
  NO_VALUE,
  asSlice,
  goTruth,
  goTypeName,
  indirect,
  isGoInt,
  isPlainObject,
  sortedEntries,
} from './go-value.js';
import { Evaluator } from './template-eval.js';
import type { ExecContext } from './template-exec-state.js';
import type { BranchNode, Node, PipeNode, TemplateNode } from './template-nodes.js';
import { nodeString } from './template-nodes.js';

export const MAX_EXEC_DEPTH = 1000;

const BREAK = Symbol('break');
const CONTINUE = Symbol('continue');

/** Runs the template `name` of `ctx` against `data`. */
export function executeTemplate(ctx: ExecContext, name: string, data: unknown): string {
  const dot = data === null || data === undefined ? NO_VALUE : data;
  const s: Evaluator = new Evaluator(ctx, name, dot, 0);
  const tree = ctx.trees.get(name);
  if (tree === undefined) return s.errorf(`${goQuote(name)} is an incomplete or empty template`);
  walk(s, dot, tree.root);
  return ctx.out.text;
}

function show(v: unknown): string {
  return formatOperand(v === NO_VALUE ? null : v, 'v', {}, 0);
}

function walk(s: Evaluator, dot: unknown, node: Node): void {
  s.at(node);
  switch (node.type) {
    case 'action': {
      const val = s.evalPipeline(dot, node.pipe);
      if (node.pipe.decl.length === 0) printValue(s, node, val);
      return;
    }
    case 'break':
      throw BREAK;
    case 'continue':
      throw CONTINUE;
    case 'if':
    case 'with':
      walkIfOrWith(s, dot, node);
      return;
    case 'list':
      for (const n of node.nodes) walk(s, dot, n);
      return;
    case 'range':
      walkRange(s, dot, node);
      return;
    case 'template':
      walkTemplate(s, dot, node);
      return;
    case 'text':
      s.ctx.out.text += node.text;
      return;
    default:
      s.errorf(`unknown node: ${nodeString(node)}`);
  }
}

function printValue(s: Evaluator, node: Node, v: unknown): void {
  s.at(node);
  if (v === NO_VALUE) {
    s.ctx.out.text += '<no value>';
    return;
  }
  const x = v instanceof Iface ? v.value : v;
  if (typeof x === 'function' || (x instanceof GoNil && x.kind === 'func')) {
    s.errorf(`can't print ${nodeString(node)} of type ${goTypeName(x)}`);
  }
  s.ctx.out.text += formatOperand(x, 'v', {}, 0);
}

function walkIfOrWith(s: Evaluator, dot: unknown, node: BranchNode): void {
  const mark = s.mark();
  try {
    const val = s.evalPipeline(dot, node.pipe);
    if (goTruth(val)) walk(s, node.type === 'with' ? val : dot, node.list);
    else if (node.elseList !== null) walk(s, dot, node.elseList);
  } finally {
    s.pop(mark);
  }
}

function walkRange(s: Evaluator, dot: unknown, r: BranchNode): void {
  s.at(r);
  const outer = s.mark();
  try {
    const { v: val } = indirect(s.evalPipeline(dot, r.pipe));
    if (!rangeOver(s, val, r, r.pipe)) {
      if (r.elseList !== null) walk(s, dot, r.elseList);
    }
  } catch (e) {
    if (e !== BREAK) throw e;
  } finally {
    s.pop(outer);
  }
}

/** Iterates; false when there was nothing to iterate (so the else branch runs). */
function rangeOver(s: Evaluator, val: unknown, r: BranchNode, pipe: PipeNode): boolean {
  const mark = s.mark();
  const decl = pipe.decl;
  const one = (index: unknown, elem: unknown): void => {
    if (decl.length > 0) {
      if (pipe.isAssign) s.setVar((decl[0]?.ident[0] ?? '') as string, decl.length > 1 ? index : elem);
      else s.setTopVar(1, elem);
    }
    if (decl.length > 1) {
      if (pipe.isAssign) s.setVar((decl[1]?.ident[0] ?? '') as string, elem);
      else s.setTopVar(2, index);
    }
    try {
      walk(s, elem, r.list);
    } catch (e) {
      if (e !== CONTINUE) throw e;
    } finally {
      s.pop(mark);
    }
  };
  if (isGoInt(val)) {
    if (decl.length > 1) s.errorf(`can't use ${show(val)} to iterate over more than one variable`);
    const n = Number(val);
    for (let i = 0; i < n; i++) one(NO_VALUE, i);
    return n > 0;
  }
  const slice = asSlice(val);
  if (slice !== undefined) {
    slice.items.forEach((e, i) => one(i, slice.iface ? new Iface(e) : e));
    return slice.items.length > 0;
  }
  if (val instanceof GoMap || isPlainObject(val)) {
    const entries = sortedEntries(val);
    const wrap = !(val instanceof GoMap) || val.elem === 'interface';
    for (const [k, v] of entries) one(k, wrap ? new Iface(v) : v);
    return entries.length > 0;
  }
  if (val === NO_VALUE || (val instanceof GoNil && val.kind === 'map')) return false;
  s.errorf(`range can't iterate over ${show(val)}`);
}

function walkTemplate(s: Evaluator, dot: unknown, t: TemplateNode): void {
  s.at(t);
  const tree = s.ctx.trees.get(t.name);
  if (tree === undefined) return s.errorf(`template ${goQuote(t.name)} not defined`);
  if (s.depth === MAX_EXEC_DEPTH) s.errorf(`exceeded maximum template depth (${MAX_EXEC_DEPTH})`);
  const newDot = s.evalPipeline(dot, t.pipe);
  const inner = new Evaluator(s.ctx, t.name, newDot, s.depth + 1);
  inner.node = s.node;
  walk(inner, newDot, tree.root);
}
