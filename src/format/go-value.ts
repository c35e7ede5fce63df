/**
 * How JS values stand for Go values in templates, fmt and json.
 *
 * Plain JS data maps onto Go's dynamic types:
 *   string → string · integral number or bigint → int · other number → float64 · boolean → bool ·
 *   array → []interface{} · plain object → map[string]interface{} (function-valued properties act as
 *   methods) · null/undefined → nil.
 * Where that is not precise enough, callers use these wrappers:
 *   - `GoStruct`  a named struct (`volume.Volume`): ordered fields, optional methods and json tags. A missing
 *                 field is the exec error `can't evaluate field X in type volume.Volume`; fmt prints
 *                 `{v1 v2 …}`; json uses the field order and tags.
 *   - `GoMap`     a typed map, possibly nil (`map[]`), with an element kind (the zero value `index` returns
 *                 for a missing key: `""` for map[string]string, nil for map[string]interface{}) and
 *                 optional methods (docker's header context, a map type with a `Label(name)` method).
 *   - `GoSlice`   a typed slice (`[]string`, what docker's `split` returns); its elements are not
 *                 interface-held, so `{{range split .Name ","}}{{.X}}{{end}}` reports type string.
 *   - `GoFloat`   forces float64 for an integral number (`eq 1 1.0` is an error in Go).
 *   - `GoNil`     a typed nil (`*volume.UsageData`, `[]string`, `map[string]string`): prints `<nil>`, `[]`,
 *                 `map[]`; field access through a nil pointer is Go's `nil pointer evaluating …` error.
 * Any object may define `toGoJSON(): string` returning its JSON text (Go's MarshalJSON); the `json`
 * function then uses it instead of the structure.
 *
 * Methods and template functions are `GoFunc`s: a plain JS function (every parameter `interface{}`,
 * arity = `fn.length`) or a `GoFuncSpec` declaring Go parameter types, which gives Go's exact argument
 * errors (`expected string; found 3`, `wrong number of args for Label: want 1 got 0`). A GoFunc reports an
 * error by throwing; the template turns it into `error calling <name>: <message>`.
 *
 * Internal to the interpreter: `NO_VALUE` is Go's invalid reflect.Value (a missing map key, printed
 * `<no value>`), and `Iface` marks a value read out of an interface-typed slot (elements of []interface{},
 * values of map[string]interface{}); `Iface(null)` is a nil interface, which Go treats differently from
 * an invalid value in field chains.
 */

/** Go's parameter types as far as templates can tell them apart. `value` is reflect.Value. */
export type GoParam = 'string' | 'int' | 'float64' | 'bool' | '[]string' | 'any' | 'value';

/** A function or method with declared Go parameter types. */
export interface GoFuncSpec {
  readonly params: readonly GoParam[];
  /** Element type of a trailing variadic parameter (`...string`), if any. */
  readonly variadic?: GoParam;
  readonly fn: (...args: never[]) => unknown;
}

/** A template function or method: a plain function (all params interface{}) or a typed spec. */
export type GoFunc = ((...args: never[]) => unknown) | GoFuncSpec;

/** Zero-value kind of a map's element type. */
export type GoElemKind = 'interface' | 'string' | 'int' | 'float64' | 'bool';

/** Go's invalid reflect.Value: what a missing map key yields. Printed `<no value>`. */
export const NO_VALUE: unique symbol = Symbol('go invalid value');
export type NoValue = typeof NO_VALUE;

/** A value held in an interface-typed slot; `value === null` is a nil interface. */
export class Iface {
  constructor(readonly value: unknown) {}
}

/** Forces float64 for a number that happens to be integral. */
export class GoFloat {
  constructor(readonly value: number) {}
}

/** A complex128 (only template literals such as `1+2i` produce one). */
export class GoComplex {
  constructor(
    readonly re: number,
    readonly im: number,
  ) {}
}

/** A typed nil. The kind follows from the type name: `*T`, `[]T`, `map[K]V`, `func…`, else interface. */
export class GoNil {
  readonly kind: 'pointer' | 'slice' | 'map' | 'func' | 'interface';
  constructor(readonly typeName: string) {
    if (typeName.startsWith('*')) this.kind = 'pointer';
    else if (typeName.startsWith('[]')) this.kind = 'slice';
    else if (typeName.startsWith('map[')) this.kind = 'map';
    else if (typeName.startsWith('func')) this.kind = 'func';
    else this.kind = 'interface';
  }
}

export interface GoStructOptions {
  /** Methods callable from templates (`{{.Label "k"}}`); looked up before fields, as in Go. */
  readonly methods?: Readonly<Record<string, GoFunc>>;
  /** Go struct tags for encoding/json, e.g. `{ Labels: 'Labels,omitempty', Secret: '-' }`. */
  readonly jsonTags?: Readonly<Record<string, string>>;
}

/** A named Go struct. Field order is the key order of `fields`. */
export class GoStruct {
  readonly methods: Readonly<Record<string, GoFunc>>;
  readonly jsonTags: Readonly<Record<string, string>>;
  constructor(
    readonly typeName: string,
    readonly fields: Readonly<Record<string, unknown>>,
    options: GoStructOptions = {},
  ) {
    this.methods = options.methods ?? {};
    this.jsonTags = options.jsonTags ?? {};
  }
}

export interface GoMapOptions {
  /** Go type name used in errors and %T; defaults from `elem` (`map[string]string`). */
  readonly typeName?: string;
  /** Element kind; decides the zero value for `index` and whether values are interface-held. */
  readonly elem?: GoElemKind;
  readonly methods?: Readonly<Record<string, GoFunc>>;
}

/** A Go map with string keys. `entries === null` is a nil map. */
export class GoMap {
  readonly entries: ReadonlyMap<string, unknown> | null;
  readonly elem: GoElemKind;
  readonly typeName: string;
  readonly methods: Readonly<Record<string, GoFunc>>;
  constructor(
    entries: Readonly<Record<string, unknown>> | ReadonlyMap<string, unknown> | null,
    options: GoMapOptions = {},
  ) {
    this.entries =
      entries === null ? null : entries instanceof Map ? entries : new Map(Object.entries(entries));
    this.elem = options.elem ?? 'interface';
    this.typeName =
      options.typeName ?? `map[string]${this.elem === 'interface' ? 'interface {}' : this.elem}`;
    this.methods = options.methods ?? {};
  }
}

export interface GoSliceOptions {
  /** Element kind; `interface` means the elements are interface-held, like a JS array's. */
  readonly elem?: GoElemKind;
  /** Go type name; defaults from `elem` (`[]string`). */
  readonly typeName?: string;
}

/** A typed Go slice. */
export class GoSlice {
  readonly elem: GoElemKind;
  readonly typeName: string;
  constructor(
    readonly items: readonly unknown[],
    options: GoSliceOptions = {},
  ) {
    this.elem = options.elem ?? 'interface';
    this.typeName = options.typeName ?? `[]${this.elem === 'interface' ? 'interface {}' : this.elem}`;
  }
}

/** The elements of a slice value (JS array, GoSlice, nil slice) and whether they are interface-held. */
export function asSlice(v: unknown): { items: readonly unknown[]; iface: boolean } | undefined {
  if (Array.isArray(v)) return { items: v, iface: true };
  if (v instanceof GoSlice) return { items: v.items, iface: v.elem === 'interface' };
  if (v instanceof GoNil && v.kind === 'slice') return { items: [], iface: true };
  return undefined;
}

/** True for a plain JS object (map[string]interface{}), as opposed to arrays, wrappers and class instances. */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/** True for a JS number or bigint standing for a Go int. */
export function isGoInt(v: unknown): v is number | bigint {
  return typeof v === 'bigint' || (typeof v === 'number' && Number.isInteger(v));
}

/** True for a float64 value. */
export function isGoFloat(v: unknown): boolean {
  return v instanceof GoFloat || (typeof v === 'number' && !Number.isInteger(v));
}

/** The float64 value of a float (GoFloat or non-integral number). */
export function floatValue(v: unknown): number {
  return v instanceof GoFloat ? v.value : (v as number);
}

/** Strips an Iface wrapper (Go's indirectInterface); a nil interface becomes NO_VALUE. */
export function unwrapIface(v: unknown): unknown {
  if (v instanceof Iface) return v.value === null || v.value === undefined ? NO_VALUE : v.value;
  return v;
}

/**
 * Go's indirect: looks through interfaces (and typed nil pointers); `isNil` when it meets a nil one, in
 * which case `v` is that nil holder.
 */
export function indirect(v: unknown): { v: unknown; isNil: boolean } {
  let x = v;
  while (x instanceof Iface) {
    if (x.value === null || x.value === undefined) return { v: x, isNil: true };
    x = x.value;
  }
  if (x instanceof GoNil && (x.kind === 'pointer' || x.kind === 'interface')) return { v: x, isNil: true };
  return { v: x, isNil: false };
}

/** True for Go nil: a nil interface, null, a typed nil or a nil map. */
export function isGoNil(v: unknown): boolean {
  if (v instanceof Iface) return v.value === null || v.value === undefined;
  return v === null || v === undefined || v instanceof GoNil || (v instanceof GoMap && v.entries === null);
}

/** Go's type name of a value, as reflect.Type.String() prints it. */
export function goTypeName(v: unknown): string {
  if (v instanceof Iface) return 'interface {}';
  if (v === null || v === undefined || v === NO_VALUE) return 'interface {}';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'bigint') return 'int';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float64';
  if (v instanceof GoFloat) return 'float64';
  if (v instanceof GoComplex) return 'complex128';
  if (v instanceof GoStruct || v instanceof GoMap || v instanceof GoNil || v instanceof GoSlice)
    return v.typeName;
  if (Array.isArray(v)) return '[]interface {}';
  if (typeof v === 'function') return 'func()';
  return 'map[string]interface {}';
}

/** A plain object's map entries: its own properties except function-valued ones (those are methods). */
export function plainEntries(v: Record<string, unknown>): Array<[string, unknown]> {
  return Object.entries(v).filter(([, x]) => typeof x !== 'function');
}

/** Map entries sorted the way Go's fmt and range sort string keys (bytewise). */
export function sortedEntries(v: GoMap | Record<string, unknown>): Array<[string, unknown]> {
  const list: Array<[string, unknown]> =
    v instanceof GoMap ? [...(v.entries ?? new Map<string, unknown>())] : plainEntries(v);
  return list.sort(([a], [b]) => compareGoStrings(a, b));
}

/** Go's `<` on strings: bytewise over UTF-8. */
export function compareGoStrings(a: string, b: string): number {
  if (a === b) return 0;
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** Length in bytes, as Go's len(string). */
export function goStringLen(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

/**
 * Go's template truth (text/template isTrue): false for nil, false, 0, "", empty slices and maps;
 * structs are always true.
 */
export function goTruth(v: unknown): boolean {
  const x = unwrapIface(v);
  if (x === NO_VALUE || x === null || x === undefined) return false;
  if (typeof x === 'string') return x.length > 0;
  if (typeof x === 'boolean') return x;
  if (typeof x === 'number') return x !== 0;
  if (typeof x === 'bigint') return x !== 0n;
  if (x instanceof GoFloat) return x.value !== 0;
  if (x instanceof GoComplex) return x.re !== 0 || x.im !== 0;
  if (x instanceof GoNil) return false;
  if (x instanceof GoMap) return x.entries !== null && x.entries.size > 0;
  if (x instanceof GoStruct) return true;
  if (Array.isArray(x)) return x.length > 0;
  if (x instanceof GoSlice) return x.items.length > 0;
  if (typeof x === 'function') return true;
  if (isPlainObject(x)) return plainEntries(x).length > 0;
  return true;
}

/** Normalises a GoFunc to its spec form. */
export function funcSpec(f: GoFunc): GoFuncSpec {
  if (typeof f === 'function') {
    return { params: Array.from({ length: f.length }, () => 'any' as const), fn: f };
  }
  return f;
}

/** The method named `name` of a value (GoStruct/GoMap methods, function props of plain objects). */
export function methodOf(v: unknown, name: string): GoFunc | undefined {
  if (v instanceof GoStruct || v instanceof GoMap) {
    return Object.prototype.hasOwnProperty.call(v.methods, name) ? v.methods[name] : undefined;
  }
  if (isPlainObject(v) && Object.prototype.hasOwnProperty.call(v, name)) {
    const m = v[name];
    if (typeof m === 'function') return m as GoFunc;
  }
  return undefined;
}
