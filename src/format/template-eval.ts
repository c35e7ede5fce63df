/**
 * Expression evaluation for Go templates (the eval* half of text/template/exec.go): pipelines, commands,
 * field chains, method and function calls, argument conversion, and Go's error texts for each failure.
 *
 * `Evaluator` extends the execution state (template-exec-state.ts: variables, current node, errors)
 * with evaluation. The walk half lives in template-exec.ts.
 *
 * Go semantics kept: methods are found before fields; a missing map key yields the invalid value
 * (printed `<no value>`), never an error; fields through a nil interface/pointer are
 * `nil pointer evaluating T.F`; a value read from an interface slot that feeds further field access
 * reports its type as `interface {}`; `and`/`or` short-circuit and return the deciding operand; pipeline
 * results held in an empty interface are unwrapped after every command.
 */
import { goSprint } from './go-fmt.js';
import { goQuote } from './go-quote.js';
import {
  type GoFuncSpec,
  type GoParam,
  GoMap,
  GoNil,
  GoSlice,
  GoStruct,
  Iface,
  NO_VALUE,
  funcSpec,
  goTruth,
  goTypeName,
  indirect,
  isPlainObject,
  methodOf,
  unwrapIface,
} from './go-value.js';
import { BUILTINS, callBuiltin } from './template-builtins.js';
import { TemplateExecError } from './template-errors.js';
import type {
  ArgNode,
  ChainNode,
  CommandNode,
  FieldNode,
  IdentifierNode,
  Node,
  PipeNode,
  VariableNode,
} from './template-nodes.js';
import { nodeString } from './template-nodes.js';
import { type ArgType, idealConstant, literalArg, nilArg, validateType } from './template-eval-args.js';
import { ExecState } from './template-exec-state.js';

/** "No final argument": the first command of a pipeline. */
const MISSING: unique symbol = Symbol('missing');
type Final = unknown;

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** ExecState plus expression evaluation. */
export class Evaluator extends ExecState {
  // --- pipelines and commands --------------------------------------------------------------------

  evalPipeline(dot: unknown, pipe: PipeNode | null): unknown {
    if (pipe === null) return NO_VALUE;
    this.at(pipe);
    let value: unknown = MISSING;
    for (const cmd of pipe.cmds) {
      value = this.evalCommand(dot, cmd, value);
      if (value instanceof Iface) value = unwrapIface(value);
    }
    for (const v of pipe.decl) {
      if (pipe.isAssign) this.setVar(v.ident[0] as string, value);
      else this.push(v.ident[0] as string, value);
    }
    return value;
  }

  private notAFunction(args: readonly ArgNode[] | null, final: Final): void {
    if ((args?.length ?? 0) > 1 || final !== MISSING) {
      this.errorf(`can't give argument to non-function ${nodeString((args ?? [])[0] as ArgNode)}`);
    }
  }

  private evalCommand(dot: unknown, cmd: CommandNode, final: Final): unknown {
    const first = cmd.args[0] as ArgNode;
    switch (first.type) {
      case 'field':
        return this.evalFieldNode(dot, first, cmd.args, final);
      case 'chain':
        return this.evalChainNode(dot, first, cmd.args, final);
      case 'identifier':
        return this.evalFunction(dot, first, cmd, cmd.args, final);
      case 'pipe':
        this.notAFunction(cmd.args, final);
        return this.evalPipeline(dot, first);
      case 'variable':
        return this.evalVariableNode(dot, first, cmd.args, final);
    }
    this.at(first);
    this.notAFunction(cmd.args, final);
    switch (first.type) {
      case 'bool':
        return first.value;
      case 'dot':
        return dot;
      case 'nil':
        return this.errorf('nil is not a command');
      case 'number':
        return idealConstant(this, first);
      case 'string':
        return first.text;
    }
  }

  // --- fields ------------------------------------------------------------------------------------

  private evalFieldNode(
    dot: unknown,
    field: FieldNode,
    args: readonly ArgNode[] | null,
    final: Final,
  ): unknown {
    this.at(field);
    return this.evalFieldChain(dot, dot, field, field.ident, args, final);
  }

  private evalChainNode(
    dot: unknown,
    chain: ChainNode,
    args: readonly ArgNode[] | null,
    final: Final,
  ): unknown {
    this.at(chain);
    if (chain.field.length === 0) this.errorf('internal error: no fields in evalChainNode');
    if (chain.node.type === 'nil') this.errorf(`indirection through explicit nil in ${nodeString(chain)}`);
    const pipe = this.evalArg(dot, 'untyped', chain.node);
    return this.evalFieldChain(dot, pipe, chain, chain.field, args, final);
  }

  private evalVariableNode(
    dot: unknown,
    v: VariableNode,
    args: readonly ArgNode[] | null,
    final: Final,
  ): unknown {
    this.at(v);
    const value = this.varValue(v.ident[0] as string);
    if (v.ident.length === 1) {
      this.notAFunction(args, final);
      return value;
    }
    return this.evalFieldChain(dot, value, v, v.ident.slice(1), args, final);
  }

  private evalFieldChain(
    dot: unknown,
    receiver: unknown,
    node: Node,
    ident: readonly string[],
    args: readonly ArgNode[] | null,
    final: Final,
  ): unknown {
    let r = receiver;
    for (let i = 0; i < ident.length - 1; i++)
      r = this.evalField(dot, ident[i] as string, node, null, MISSING, r);
    return this.evalField(dot, ident[ident.length - 1] as string, node, args, final, r);
  }

  private evalField(
    dot: unknown,
    name: string,
    node: Node,
    args: readonly ArgNode[] | null,
    final: Final,
    receiver: unknown,
  ): unknown {
    if (receiver === NO_VALUE) return NO_VALUE;
    const typ = goTypeName(receiver);
    const { v, isNil } = indirect(receiver);
    if (isNil && !(v instanceof GoNil && v.kind === 'pointer'))
      this.errorf(`nil pointer evaluating ${typ}.${name}`);
    const method = methodOf(v, name);
    if (method !== undefined) return this.evalCall(dot, funcSpec(method), false, node, name, args, final);
    const hasArgs = (args?.length ?? 0) > 1 || final !== MISSING;
    if (v instanceof GoStruct && Object.prototype.hasOwnProperty.call(v.fields, name)) {
      if (!/^\p{Lu}/u.test(name)) this.errorf(`${name} is an unexported field of struct type ${typ}`);
      if (hasArgs) this.errorf(`${name} has arguments but cannot be invoked as function`);
      const f = v.fields[name];
      return f === null || f === undefined ? new Iface(null) : f;
    }
    if (v instanceof GoMap || isPlainObject(v) || (v instanceof GoNil && v.kind === 'map')) {
      if (hasArgs) this.errorf(`${name} is not a method but has arguments`);
      if (v instanceof GoMap) {
        if (v.entries === null || !v.entries.has(name)) return NO_VALUE;
        const got = v.entries.get(name);
        return v.elem === 'interface' ? new Iface(got) : got;
      }
      if (isPlainObject(v) && Object.prototype.hasOwnProperty.call(v, name)) return new Iface(v[name]);
      return NO_VALUE;
    }
    if (isNil) this.errorf(`nil pointer evaluating ${typ}.${name}`);
    this.errorf(`can't evaluate field ${name} in type ${typ}`);
  }

  // --- calls -------------------------------------------------------------------------------------

  private evalFunction(
    dot: unknown,
    node: IdentifierNode,
    cmd: Node,
    args: readonly ArgNode[] | null,
    final: Final,
  ): unknown {
    this.at(node);
    const name = node.ident;
    const user = this.ctx.funcs.get(name);
    if (user !== undefined) return this.evalCall(dot, user, false, cmd, name, args, final);
    const builtin = BUILTINS.get(name);
    if (builtin === undefined) this.errorf(`${goQuote(name)} is not a defined function`);
    return this.evalCall(dot, builtin, true, cmd, name, args, final);
  }

  private evalCall(
    dot: unknown,
    fn: GoFuncSpec,
    isBuiltin: boolean,
    node: Node,
    name: string,
    args: readonly ArgNode[] | null,
    final: Final,
  ): unknown {
    const argNodes = args === null ? [] : args.slice(1);
    const numIn = argNodes.length + (final !== MISSING ? 1 : 0);
    let numFixed = argNodes.length;
    if (fn.variadic !== undefined) {
      numFixed = fn.params.length;
      if (numIn < numFixed) {
        this.errorf(
          `wrong number of args for ${name}: want at least ${fn.params.length} got ${argNodes.length}`,
        );
      }
    } else if (numIn !== fn.params.length) {
      this.errorf(`wrong number of args for ${name}: want ${fn.params.length} got ${numIn}`);
    }

    if (isBuiltin && (name === 'and' || name === 'or')) {
      let v: unknown = NO_VALUE;
      for (const a of argNodes) {
        v = this.evalArg(dot, 'value', a);
        if (goTruth(v) === (name === 'or')) return v;
      }
      if (final !== MISSING) v = validateType(this, final, 'value');
      return v;
    }

    const argv: unknown[] = [];
    let i = 0;
    for (; i < numFixed && i < argNodes.length; i++) {
      argv.push(this.evalArg(dot, fn.params[i] as GoParam, argNodes[i] as ArgNode));
    }
    if (fn.variadic !== undefined) {
      for (; i < argNodes.length; i++) argv.push(this.evalArg(dot, fn.variadic, argNodes[i] as ArgNode));
    }
    if (final !== MISSING) {
      let t: GoParam = fn.params[fn.params.length - 1] ?? 'any';
      if (fn.variadic !== undefined)
        t = numIn - 1 < numFixed ? (fn.params[numIn - 1] as GoParam) : fn.variadic;
      argv.push(validateType(this, final, t));
    }

    let result: unknown;
    try {
      if (isBuiltin && name === 'call') {
        const callee =
          argNodes.length === 0 ? goSprint([unwrapIface(final)]) : nodeString(argNodes[0] as ArgNode);
        result = callBuiltin(callee, argv[0], argv.slice(1));
      } else {
        const types = [...fn.params];
        const plain = argv.map((a, k) => {
          const t = types[k] ?? fn.variadic;
          if (t === 'value') return a;
          const x = unwrapIface(a);
          if (t === '[]string') return x instanceof GoSlice ? x.items : [];
          return x === NO_VALUE ? null : x;
        });
        result = (fn.fn as (...a: unknown[]) => unknown)(...plain);
      }
    } catch (e) {
      if (e instanceof TemplateExecError) throw e;
      this.at(node);
      this.errorf(`error calling ${name}: ${errorText(e)}`);
    }
    return result === null || result === undefined ? new Iface(null) : result;
  }

  evalArg(dot: unknown, t: ArgType, n: ArgNode): unknown {
    this.at(n);
    switch (n.type) {
      case 'dot':
        return validateType(this, dot, t);
      case 'nil':
        return nilArg(this, t);
      case 'field':
        return validateType(this, this.evalFieldNode(dot, n, [n], MISSING), t);
      case 'variable':
        return validateType(this, this.evalVariableNode(dot, n, null, MISSING), t);
      case 'pipe':
        return validateType(this, this.evalPipeline(dot, n), t);
      case 'identifier':
        return validateType(this, this.evalFunction(dot, n, n, null, MISSING), t);
      case 'chain':
        return validateType(this, this.evalChainNode(dot, n, null, MISSING), t);
    }
    return literalArg(this, n, t);
  }
}
