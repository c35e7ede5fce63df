/**
 * text/template's predefined functions (text/template/funcs.go): and, or, not, len, index, slice, print,
 * printf, println, eq, ne, lt, le, gt, ge, html, js, urlquery, call.
 *
 * Each is a GoFuncSpec with Go's signature, so argument-count and argument-type errors come out of the
 * generic call path with Go's wording. Functions that return an error in Go throw here with Go's text
 * (`index out of range: 5`, `incompatible types for comparison` (Go 1.24 text, without the types), `len of type int`, …);
 * the evaluator wraps it as `error calling <name>: …`. `and`, `or` and `call` are special-cased by the
 * evaluator (short-circuit, callee name), as in Go; their `fn` is never called.
 */
import { formatOperand, goSprint, goSprintln } from './go-fmt.js';
import { goSprintf } from './go-printf.js';
import { isGoPrintable } from './go-quote.js';
import {
  type GoFuncSpec,
  GoComplex,
  GoFloat,
  GoMap,
  GoNil,
  GoSlice,
  GoStruct,
  Iface,
  NO_VALUE,
  asSlice,
  compareGoStrings,
  floatValue,
  funcSpec,
  goStringLen,
  goTruth,
  goTypeName,
  indirect,
  isGoFloat,
  isGoInt,
  isPlainObject,
  plainEntries,
  unwrapIface,
} from './go-value.js';

type Kind =
  'invalid' | 'bool' | 'int' | 'float' | 'complex' | 'string' | 'slice' | 'map' | 'struct' | 'ptr' | 'func';

/** reflect.Kind of a (non-Iface) value. */
export function reflectKind(v: unknown): Kind {
  if (v === NO_VALUE || v === null || v === undefined) return 'invalid';
  if (typeof v === 'boolean') return 'bool';
  if (isGoInt(v)) return 'int';
  if (isGoFloat(v)) return 'float';
  if (v instanceof GoComplex) return 'complex';
  if (typeof v === 'string') return 'string';
  if (Array.isArray(v) || v instanceof GoSlice) return 'slice';
  if (v instanceof GoMap || isPlainObject(v)) return 'map';
  if (v instanceof GoStruct) return 'struct';
  if (typeof v === 'function') return 'func';
  if (v instanceof GoNil)
    return v.kind === 'slice' ? 'slice' : v.kind === 'map' ? 'map' : v.kind === 'func' ? 'func' : 'ptr';
  return 'struct';
}

/** A value formatted with a verb (default %v), for error messages. */
function show(v: unknown, verb = 'v'): string {
  return formatOperand(v === NO_VALUE ? null : v, verb, {}, 0);
}

function indexArg(index: unknown, cap: number): number {
  const x = unwrapIface(index);
  if (x === NO_VALUE) throw new Error('cannot index slice/array with nil');
  if (!isGoInt(x)) throw new Error(`cannot index slice/array with type ${goTypeName(x)}`);
  const n = Number(x);
  if (n < 0 || n > cap) throw new Error(`index out of range: ${String(x)}`);
  return n;
}

function mapKeyArg(index: unknown): string {
  const x = unwrapIface(index);
  if (x === NO_VALUE) throw new Error('value is nil; should be of type string');
  if (typeof x !== 'string') throw new Error(`value has type ${goTypeName(x)}; should be string`);
  return x;
}

function mapZero(m: GoMap): unknown {
  switch (m.elem) {
    case 'string':
      return '';
    case 'int':
      return 0;
    case 'float64':
      return new GoFloat(0);
    case 'bool':
      return false;
    default:
      return new Iface(null);
  }
}

function index(item: unknown, ...indexes: unknown[]): unknown {
  let cur = unwrapIface(item);
  if (cur === NO_VALUE) throw new Error('index of untyped nil');
  for (const ix of indexes) {
    const { v, isNil } = indirect(cur);
    if (isNil) throw new Error('index of nil pointer');
    if (typeof v === 'string') {
      const bytes = Buffer.from(v, 'utf8');
      const x = indexArg(ix, bytes.length);
      if (x === bytes.length) throw new Error('reflect: string index out of range');
      cur = bytes[x];
    } else if (asSlice(v) !== undefined) {
      const { items, iface } = asSlice(v) as { items: readonly unknown[]; iface: boolean };
      const x = indexArg(ix, items.length);
      if (x === items.length) throw new Error('reflect: slice index out of range');
      cur = iface ? new Iface(items[x]) : items[x];
    } else if (v instanceof GoMap) {
      const key = mapKeyArg(ix);
      const entries = v.entries;
      if (entries !== null && entries.has(key)) {
        const got = entries.get(key);
        cur = v.elem === 'interface' ? new Iface(got) : got;
      } else {
        cur = mapZero(v);
      }
    } else if (isPlainObject(v) || (v instanceof GoNil && v.kind === 'map')) {
      const key = mapKeyArg(ix);
      const has = isPlainObject(v) && plainEntries(v).some(([k]) => k === key);
      cur = new Iface(has ? (v as Record<string, unknown>)[key] : null);
    } else {
      throw new Error(`can't index item of type ${goTypeName(v)}`);
    }
  }
  return cur;
}

function slice(item: unknown, ...indexes: unknown[]): unknown {
  const v = unwrapIface(item);
  if (v === NO_VALUE) throw new Error('slice of untyped nil');
  if (indexes.length > 3) throw new Error(`too many slice indexes: ${indexes.length}`);
  let len: number;
  if (typeof v === 'string') {
    if (indexes.length === 3) throw new Error('cannot 3-index slice a string');
    len = goStringLen(v);
  } else if (asSlice(v) !== undefined) {
    len = asSlice(v)?.items.length ?? 0;
  } else {
    throw new Error(`can't slice item of type ${goTypeName(v)}`);
  }
  const idx = [0, len, 0];
  indexes.forEach((ix, i) => {
    idx[i] = indexArg(ix, len);
  });
  const [i = 0, j = 0, k = 0] = idx;
  if (i > j) throw new Error(`invalid slice index: ${i} > ${j}`);
  if (indexes.length === 3 && j > k) throw new Error(`invalid slice index: ${j} > ${k}`);
  if (typeof v === 'string') return Buffer.from(v, 'utf8').subarray(i, j).toString('utf8');
  if (Array.isArray(v)) return v.slice(i, j);
  if (v instanceof GoSlice) return new GoSlice(v.items.slice(i, j), { elem: v.elem, typeName: v.typeName });
  return v;
}

function length(item: unknown): number {
  const { v, isNil } = indirect(item);
  if (isNil) throw new Error('len of nil pointer');
  if (v === NO_VALUE) throw new Error('reflect: call of reflect.Value.Type on zero Value');
  if (typeof v === 'string') return goStringLen(v);
  const sl = asSlice(v);
  if (sl !== undefined) return sl.items.length;
  if (v instanceof GoMap) return v.entries?.size ?? 0;
  if (isPlainObject(v)) return plainEntries(v).length;
  if (v instanceof GoNil && v.kind === 'map') return 0;
  throw new Error(`len of type ${goTypeName(v)}`);
}

/** The `call` builtin; `name` is the callee's expression text (Go passes it for messages). */
export function callBuiltin(name: string, fn: unknown, args: readonly unknown[]): unknown {
  const f = unwrapIface(fn);
  if (f === NO_VALUE) throw new Error('call of nil');
  if (typeof f !== 'function' && !(typeof f === 'object' && f !== null && 'fn' in f && 'params' in f)) {
    throw new Error(`non-function ${name} of type ${goTypeName(f)}`);
  }
  const spec = funcSpec(f as GoFuncSpec);
  const numIn = spec.params.length + (spec.variadic ? 1 : 0);
  if (spec.variadic) {
    if (args.length < numIn - 1) {
      throw new Error(`wrong number of args for ${name}: got ${args.length} want at least ${numIn - 1}`);
    }
  } else if (args.length !== numIn) {
    throw new Error(`wrong number of args for ${name}: got ${args.length} want ${numIn}`);
  }
  const argv = args.map((a, i) => {
    const t = i < spec.params.length ? spec.params[i] : spec.variadic;
    const x = unwrapIface(a);
    if (t === 'value') return a;
    if (x === NO_VALUE) {
      if (t === 'any') return null;
      throw new Error(`arg ${i}: value is nil; should be of type ${t}`);
    }
    if (t === 'string' && typeof x !== 'string') {
      throw new Error(`arg ${i}: value has type ${goTypeName(x)}; should be string`);
    }
    return x;
  });
  return (spec.fn as (...a: unknown[]) => unknown)(...argv);
}

type BasicKind = 'bool' | 'int' | 'float' | 'complex' | 'string' | 'invalid';

function basicKind(v: unknown): BasicKind {
  const k = reflectKind(v);
  return k === 'bool' || k === 'int' || k === 'float' || k === 'complex' || k === 'string' ? k : 'invalid';
}

function toBig(v: unknown): bigint {
  return typeof v === 'bigint' ? v : BigInt(v as number);
}

function isNilValue(v: unknown): boolean {
  return v === NO_VALUE || v instanceof GoNil || (v instanceof GoMap && v.entries === null);
}

function comparable(v: unknown): boolean {
  const k = reflectKind(v);
  if (k === 'slice' || k === 'map' || k === 'func') return false;
  if (v instanceof GoStruct) return Object.values(v.fields).every((f) => comparable(unwrapIface(f)));
  return true;
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a instanceof GoStruct && b instanceof GoStruct) {
    if (a.typeName !== b.typeName) return false;
    return Object.keys(a.fields).every((k) => deepEqual(unwrapIface(a.fields[k]), unwrapIface(b.fields[k])));
  }
  if (isGoFloat(a) && isGoFloat(b)) return floatValue(a) === floatValue(b);
  if (isGoInt(a) && isGoInt(b)) return toBig(a) === toBig(b);
  if (a instanceof GoComplex && b instanceof GoComplex) return a.re === b.re && a.im === b.im;
  return a === b;
}

function eq(arg1: unknown, ...rest: unknown[]): boolean {
  const a = unwrapIface(arg1);
  if (rest.length === 0) throw new Error('missing argument for comparison');
  const k1 = basicKind(a);
  for (const r of rest) {
    const b = unwrapIface(r);
    const k2 = basicKind(b);
    let truth = false;
    if (k1 !== k2) {
      if (a !== NO_VALUE && b !== NO_VALUE) {
        throw new Error('incompatible types for comparison');
      }
    } else if (k1 !== 'invalid') {
      truth = deepEqual(a, b);
    } else {
      const ka = reflectKind(a);
      const kb = reflectKind(b);
      if (ka !== kb && ka !== 'invalid' && kb !== 'invalid') {
        throw new Error(
          `non-comparable types ${show(a, 's')}: ${goTypeName(a)}, ${goTypeName(b)}: ${show(b)}`,
        );
      }
      if (isNilValue(a) || isNilValue(b)) {
        truth = isNilValue(a) === isNilValue(b);
      } else {
        if (!comparable(b)) throw new Error(`non-comparable type ${show(b, 's')}: ${goTypeName(b)}`);
        truth = deepEqual(a, b);
      }
    }
    if (truth) return true;
  }
  return false;
}

function lt(arg1: unknown, arg2: unknown): boolean {
  const a = unwrapIface(arg1);
  const b = unwrapIface(arg2);
  const k1 = basicKind(a);
  const k2 = basicKind(b);
  if (k1 === 'invalid' || k2 === 'invalid') throw new Error('invalid type for comparison');
  if (k1 !== k2) throw new Error('incompatible types for comparison');
  switch (k1) {
    case 'bool':
    case 'complex':
      throw new Error('invalid type for comparison');
    case 'float':
      return floatValue(a) < floatValue(b);
    case 'int':
      return toBig(a) < toBig(b);
    default:
      return compareGoStrings(a as string, b as string) < 0;
  }
}

function le(a: unknown, b: unknown): boolean {
  return lt(a, b) || eq(a, b);
}

/** Go's HTMLEscapeString. */
export function htmlEscape(s: string): string {
  return s.replace(/[\0"'&<>]/g, (c) => {
    switch (c) {
      case '\0':
        return '\uFFFD';
      case '"':
        return '&#34;';
      case "'":
        return '&#39;';
      case '&':
        return '&amp;';
      case '<':
        return '&lt;';
      default:
        return '&gt;';
    }
  });
}

/** Go's JSEscapeString. */
export function jsEscape(s: string): string {
  let out = '';
  for (const ch of s) {
    const r = ch.codePointAt(0) ?? 0;
    const table: Record<string, string> = {
      '\\': '\\\\',
      "'": "\\'",
      '"': '\\"',
      '<': '\\u003C',
      '>': '\\u003E',
      '&': '\\u0026',
      '=': '\\u003D',
    };
    const mapped = table[ch];
    if (mapped !== undefined) out += mapped;
    else if (r < 0x20) out += '\\u00' + r.toString(16).toUpperCase().padStart(2, '0');
    else if (r < 0x80 || isGoPrintable(r)) out += ch;
    else out += '\\u' + r.toString(16).toUpperCase().padStart(4, '0');
  }
  return out;
}

/** Go's url.QueryEscape. */
export function urlQueryEscape(s: string): string {
  let out = '';
  for (const b of Buffer.from(s, 'utf8')) {
    const c = String.fromCharCode(b);
    if (/[A-Za-z0-9\-_.~]/.test(c)) out += c;
    else if (c === ' ') out += '+';
    else out += '%' + b.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

/** text/template's evalArgs: one string argument as is, else fmt.Sprint of the arguments. */
function evalArgs(args: readonly unknown[]): string {
  if (args.length === 1 && typeof args[0] === 'string') return args[0];
  return goSprint(args);
}

const unreachable = (): never => {
  throw new Error('unreachable');
};

/** The builtin function table. */
export const BUILTINS: ReadonlyMap<string, GoFuncSpec> = new Map<string, GoFuncSpec>([
  ['and', { params: ['value'], variadic: 'value', fn: unreachable }],
  ['or', { params: ['value'], variadic: 'value', fn: unreachable }],
  ['call', { params: ['value'], variadic: 'value', fn: unreachable }],
  ['not', { params: ['value'], fn: (a: unknown) => !goTruth(a) }],
  ['len', { params: ['value'], fn: length }],
  ['index', { params: ['value'], variadic: 'value', fn: index }],
  ['slice', { params: ['value'], variadic: 'value', fn: slice }],
  ['print', { params: [], variadic: 'any', fn: (...a: unknown[]) => goSprint(a) }],
  ['println', { params: [], variadic: 'any', fn: (...a: unknown[]) => goSprintln(a) }],
  ['printf', { params: ['string'], variadic: 'any', fn: (f: string, ...a: unknown[]) => goSprintf(f, a) }],
  ['html', { params: [], variadic: 'any', fn: (...a: unknown[]) => htmlEscape(evalArgs(a)) }],
  ['js', { params: [], variadic: 'any', fn: (...a: unknown[]) => jsEscape(evalArgs(a)) }],
  ['urlquery', { params: [], variadic: 'any', fn: (...a: unknown[]) => urlQueryEscape(evalArgs(a)) }],
  ['eq', { params: ['value'], variadic: 'value', fn: eq }],
  ['ne', { params: ['value', 'value'], fn: (a: unknown, b: unknown) => !eq(a, b) }],
  ['lt', { params: ['value', 'value'], fn: lt }],
  ['le', { params: ['value', 'value'], fn: le }],
  ['gt', { params: ['value', 'value'], fn: (a: unknown, b: unknown) => !le(a, b) }],
  ['ge', { params: ['value', 'value'], fn: (a: unknown, b: unknown) => !lt(a, b) }],
]);
