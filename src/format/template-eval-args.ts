/**
 * Go's argument conversion for template calls (exec.go validateType/evalArg for literals): how a value
 * or a literal becomes an argument of a declared Go parameter type, with Go's messages —
 * `invalid value; expected string`, `wrong type for value; expected string; got int`,
 * `expected integer; found "a"`, `cannot assign nil to string`, `3 overflows int`.
 *
 * `ArgType` is a GoParam, or `untyped` for the receiver of a field chain (`(pipeline).Field`).
 */
import {
  type GoParam,
  GoComplex,
  GoFloat,
  GoNil,
  GoSlice,
  Iface,
  NO_VALUE,
  goTypeName,
  isGoFloat,
  isGoInt,
} from './go-value.js';
import type { ExecState } from './template-exec-state.js';
import { type ArgNode, type NumberNode, nodeString } from './template-nodes.js';

export type ArgType = GoParam | 'untyped';

export function typeLabel(t: ArgType): string {
  return t === 'any' ? 'interface {}' : t === 'value' ? 'reflect.Value' : t;
}

function isAssignable(v: unknown, t: ArgType): boolean {
  switch (t) {
    case 'string':
      return typeof v === 'string';
    case 'int':
      return isGoInt(v);
    case 'float64':
      return isGoFloat(v);
    case 'bool':
      return typeof v === 'boolean';
    case '[]string':
      return (
        (v instanceof GoSlice && v.elem === 'string') || (v instanceof GoNil && v.typeName === '[]string')
      );
    default:
      return true;
  }
}

export function goInt(v: bigint): number | bigint {
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
}

/** The value of a number literal where no type is expected (Go's idealConstant). */
export function idealConstant(s: ExecState, c: NumberNode): unknown {
  s.at(c);
  const hexInt =
    c.text.length > 2 && c.text[0] === '0' && /[xX]/.test(c.text[1] as string) && !/[pP]/.test(c.text);
  if (c.isComplex) return new GoComplex(c.complex[0], c.complex[1]);
  if (c.isFloat && !hexInt && c.text[0] !== "'" && /[.eEpP]/.test(c.text)) return new GoFloat(c.float64);
  if (c.isInt) return goInt(c.int64);
  if (c.isUint) s.errorf(`${c.text} overflows int`);
  return NO_VALUE;
}

function canBeNil(t: ArgType): boolean {
  return t === 'any' || t === 'value' || t === '[]string';
}

export function validateType(s: ExecState, value: unknown, t: ArgType): unknown {
  if (value === NO_VALUE) {
    if (t === 'untyped' || t === 'value') return NO_VALUE;
    if (t === 'any') return new Iface(null);
    if (t === '[]string') return new GoNil('[]string');
    s.errorf(`invalid value; expected ${typeLabel(t)}`);
  }
  if (t === 'untyped' || t === 'any' || t === 'value') return value;
  let v = value;
  if (v instanceof Iface) {
    if (v.value === null || v.value === undefined) {
      s.errorf(`wrong type for value; expected ${typeLabel(t)}; got interface {}`);
    }
    v = v.value;
  }
  if (!isAssignable(v, t)) s.errorf(`wrong type for value; expected ${typeLabel(t)}; got ${goTypeName(v)}`);
  return v;
}

/** `nil` as an argument of type t. */
export function nilArg(s: ExecState, t: ArgType): unknown {
  if (t === 'any') return new Iface(null);
  if (t === '[]string') return new GoNil('[]string');
  if (canBeNil(t)) return NO_VALUE;
  return s.errorf(`cannot assign nil to ${typeLabel(t)}`);
}

/** A literal node (bool, number, string) as an argument of type t. */
export function literalArg(s: ExecState, n: ArgNode, t: ArgType): unknown {
  switch (t) {
    case 'bool':
      if (n.type === 'bool') return n.value;
      return s.errorf(`expected bool; found ${nodeString(n)}`);
    case 'string':
      if (n.type === 'string') return n.text;
      return s.errorf(`expected string; found ${nodeString(n)}`);
    case 'int':
      if (n.type === 'number' && n.isInt) return goInt(n.int64);
      return s.errorf(`expected integer; found ${nodeString(n)}`);
    case 'float64':
      if (n.type === 'number' && n.isFloat) return new GoFloat(n.float64);
      return s.errorf(`expected float; found ${nodeString(n)}`);
    case 'any':
    case 'value':
      return emptyInterfaceArg(s, n);
    default:
      return s.errorf(`can't handle ${nodeString(n)} for arg of type ${typeLabel(t)}`);
  }
}

function emptyInterfaceArg(s: ExecState, n: ArgNode): unknown {
  s.at(n);
  switch (n.type) {
    case 'bool':
      return n.value;
    case 'number':
      return idealConstant(s, n);
    case 'string':
      return n.text;
    default:
      return s.errorf(`can't handle assignment of ${nodeString(n)} to empty interface argument`);
  }
}
