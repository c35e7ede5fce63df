/**
 * The state of one execution of one Go template (text/template/exec.go `state`): the variable stack
 * (`$` first), the node being evaluated, the template name, and the output shared with nested
 * `{{template}}` calls.
 *
 * `errorf` throws TemplateExecError with Go's message: `template: <name>:<line>:<col>: executing
 * "<template>" at <<node>>: <message>`, where col counts bytes from the start of the line (0-based) and
 * <node> is the node's Go String() form. The error carries the output written so far.
 */
import { goQuote } from './go-quote.js';
import { TemplateExecError } from './template-errors.js';
import { type Node, nodeString } from './template-nodes.js';
import type { GoFuncSpec } from './go-value.js';
import type { Tree } from './template-parser.js';

/** What every execution of a template shares. */
export interface ExecContext {
  readonly text: string;
  readonly parseName: string;
  readonly trees: ReadonlyMap<string, Tree>;
  readonly funcs: ReadonlyMap<string, GoFuncSpec>;
  readonly out: { text: string };
}

interface Variable {
  readonly name: string;
  value: unknown;
}

/** Error location `name:line:col` (col = bytes into the line, 0-based) as Go's ErrorContext. */
function location(text: string, parseName: string, pos: number): string {
  const before = text.slice(0, pos);
  const nl = before.lastIndexOf('\n');
  const col = Buffer.byteLength(nl < 0 ? before : before.slice(nl + 1), 'utf8');
  const line = 1 + before.split('\n').length - 1;
  return `${parseName}:${line}:${col}`;
}

export class ExecState {
  node: Node | null = null;
  private vars: Variable[];

  constructor(
    readonly ctx: ExecContext,
    readonly name: string,
    dot: unknown,
    readonly depth: number,
  ) {
    this.vars = [{ name: '$', value: dot }];
  }

  at(node: Node): void {
    this.node = node;
  }

  errorf(message: string): never {
    let text: string;
    if (this.node === null) {
      text = `template: ${this.name}: ${message}`;
    } else {
      const loc = location(this.ctx.text, this.ctx.parseName, this.node.pos);
      text = `template: ${loc}: executing ${goQuote(this.name)} at <${nodeString(this.node)}>: ${message}`;
    }
    throw new TemplateExecError(text, this.ctx.out.text);
  }

  // --- variables ---------------------------------------------------------------------------------

  mark(): number {
    return this.vars.length;
  }

  push(name: string, value: unknown): void {
    this.vars.push({ name, value });
  }

  pop(mark: number): void {
    this.vars.length = mark;
  }

  setVar(name: string, value: unknown): void {
    for (let i = this.vars.length - 1; i >= 0; i--) {
      const v = this.vars[i] as Variable;
      if (v.name === name) {
        v.value = value;
        return;
      }
    }
    this.errorf(`undefined variable: ${name}`);
  }

  setTopVar(n: number, value: unknown): void {
    (this.vars[this.vars.length - n] as Variable).value = value;
  }

  protected varValue(name: string): unknown {
    for (let i = this.vars.length - 1; i >= 0; i--) {
      const v = this.vars[i] as Variable;
      if (v.name === name) return v.value;
    }
    this.errorf(`undefined variable: ${name}`);
  }
}
