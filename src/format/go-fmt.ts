/**
 * Go's fmt operand formatting over the value model of go-value.ts: `goSprint`, `goSprintln` and the
 * per-operand printer `formatOperand` that go-printf.ts drives with verbs and flags.
 *
 * Behaviour follows fmt/print.go: `%v` prints strings raw, ints in decimal, floats with strconv's
 * shortest `%g`, nil as `<nil>`, slices as `[a b]`, maps as `map[k:v]` with sorted keys, structs as
 * `{a b}` (`%+v` adds field names), values with a `String()`/`Error()` method through that method.
 * A verb that does not fit the operand prints `%!verb(type=value)`. Sprint puts a space between two
 * operands when neither is a string; Sprintln between all operands and ends with a newline.
 *
 * Not modelled: `%p` and pointer addresses (nested non-nil pointers print as their value).
 */
import { formatGoFloat } from './go-float.js';
import { goQuote, goQuoteASCII, goQuoteRune, isGoPrintable } from './go-quote.js';
import {
  GoComplex,
  GoFloat,
  GoMap,
  GoNil,
  GoStruct,
  Iface,
  NO_VALUE,
  asSlice,
  funcSpec,
  goTypeName,
  isPlainObject,
  methodOf,
  sortedEntries,
} from './go-value.js';

/** fmt's per-verb flags. */
export interface FmtFlags {
  minus?: boolean;
  plus?: boolean;
  sharp?: boolean;
  space?: boolean;
  zero?: boolean;
  width?: number;
  prec?: number;
  /** %+v */
  plusV?: boolean;
  /** %#v */
  sharpV?: boolean;
}

function runeCount(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** fmt.pad: pad to width (runes), left or right, with zeros when asked. */
function pad(s: string, f: FmtFlags): string {
  if (f.width === undefined || f.width === 0) return s;
  const n = f.width - runeCount(s);
  if (n <= 0) return s;
  if (f.minus) return s + ' '.repeat(n);
  return (f.zero ? '0' : ' ').repeat(n) + s;
}

function badVerb(verb: string, v: unknown, f: FmtFlags): string {
  if (v === null || v === undefined || v === NO_VALUE) return `%!${verb}(<nil>)`;
  return `%!${verb}(${goTypeName(v)}=${formatOperand(v, 'v', f, 0)})`;
}

function fmtInteger(n: bigint, verb: string, f: FmtFlags): string {
  const neg = n < 0n;
  const abs = neg ? -n : n;
  let digits: string;
  let prefix = '';
  switch (verb) {
    case 'v':
    case 'd':
      digits = abs.toString(10);
      break;
    case 'b':
      digits = abs.toString(2);
      if (f.sharp) prefix = '0b';
      break;
    case 'o':
    case 'O':
      digits = abs.toString(8);
      if (verb === 'O') prefix = '0o';
      else if (f.sharp && digits !== '0') prefix = '0';
      break;
    case 'x':
    case 'X':
      digits = abs.toString(16);
      if (verb === 'X') digits = digits.toUpperCase();
      if (f.sharp) prefix = verb === 'X' ? '0X' : '0x';
      break;
    case 'c':
      return pad(runeString(n), f);
    case 'q':
      return pad(goQuoteRune(Number(n)), f);
    case 'U': {
      let s =
        'U+' +
        abs
          .toString(16)
          .toUpperCase()
          .padStart(f.prec ?? 4, '0');
      if (f.sharp && n <= 0x10ffffn && isGoPrintable(Number(n))) s += ` '${String.fromCodePoint(Number(n))}'`;
      return pad(s, f);
    }
    default:
      return badVerb(verb, n, f);
  }
  let prec = 0;
  if (f.prec !== undefined) {
    if (f.prec === 0 && abs === 0n) return pad('', { ...f, zero: false });
    prec = f.prec;
  } else if (f.zero && !f.minus && f.width !== undefined) {
    // fmt zero-pads the digits to the width, leaving room for a sign but not for a 0x prefix.
    prec = f.width - (neg || f.plus || f.space ? 1 : 0);
  }
  digits = digits.padStart(prec, '0');
  const sign = neg ? '-' : f.plus ? '+' : f.space ? ' ' : '';
  return pad(sign + prefix + digits, { ...f, zero: false });
}

function runeString(n: bigint): string {
  const cp = Number(n);
  if (n < 0n || n > 0x10ffffn || (cp >= 0xd800 && cp <= 0xdfff)) return '\ufffd';
  return String.fromCodePoint(cp);
}

function fmtFloat(x: number, verb: string, f: FmtFlags): string {
  let conv = verb;
  let prec = f.prec ?? -1;
  switch (verb) {
    case 'v':
      conv = 'g';
      break;
    case 'g':
    case 'G':
    case 'x':
    case 'X':
    case 'b':
      break;
    case 'e':
    case 'E':
    case 'f':
    case 'F':
      if (f.prec === undefined) prec = 6;
      break;
    default:
      return badVerb(verb, new GoFloat(x), f);
  }
  let num = formatGoFloat(x, conv, prec);
  if (f.sharp && !'bxX'.includes(conv) && /^[-+]?\d/.test(num)) num = sharpFloat(num, conv, prec);
  let sign = '+';
  if (num.startsWith('-') || num.startsWith('+')) {
    sign = num[0] as string;
    num = num.slice(1);
  }
  if (f.space && sign === '+' && !f.plus) sign = ' ';
  if (num === 'Inf' || num === 'NaN') {
    const shown = num === 'NaN' && !f.space && !f.plus ? num : sign + num;
    return pad(shown, { ...f, zero: false });
  }
  if (f.plus || sign !== '+') {
    if (f.zero && !f.minus && f.width !== undefined && f.width > num.length + 1) {
      return sign + '0'.repeat(f.width - num.length - 1) + num;
    }
    return pad(sign + num, f);
  }
  return pad(num, f);
}

/** %#g etc.: keep a decimal point and, for %g, trailing zeros up to the precision. */
function sharpFloat(num: string, conv: string, prec: number): string {
  const [mant = '', exp] = num.split(/(?=[eE])/);
  let m = mant;
  if (!m.includes('.')) m += '.';
  if (conv === 'g' || conv === 'G') {
    const want = prec < 0 ? 6 : prec === 0 ? 1 : prec;
    const digits = m.replace(/[-+.]/g, '').replace(/^0+/, '').length || 1;
    if (digits < want) m += '0'.repeat(want - digits);
  }
  return m + (exp ?? '');
}

/** strconv.CanBackquote. */
function canBackquote(s: string): boolean {
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    if (ch === '`' || c === 0x7f || c === 0xfeff || (c < 0x20 && c !== 0x09)) return false;
    if (c >= 0xd800 && c <= 0xdfff) return false;
  }
  return true;
}

function fmtString(s: string, verb: string, f: FmtFlags): string {
  const truncate = (t: string): string => (f.prec === undefined ? t : [...t].slice(0, f.prec).join(''));
  switch (verb) {
    case 'v':
      if (f.sharpV) return pad(goQuote(s), f);
      return pad(truncate(s), f);
    case 's':
      return pad(truncate(s), f);
    case 'q': {
      const t = truncate(s);
      if (f.sharp && canBackquote(t)) return pad('`' + t + '`', f);
      return pad(f.plus ? goQuoteASCII(t) : goQuote(t), f);
    }
    case 'x':
    case 'X': {
      let bytes = [...Buffer.from(s, 'utf8')];
      if (f.prec !== undefined) bytes = bytes.slice(0, f.prec);
      const hx = bytes.map((b) => {
        const h = b.toString(16).padStart(2, '0');
        return verb === 'X' ? h.toUpperCase() : h;
      });
      const px = verb === 'X' ? '0X' : '0x';
      const out = f.space
        ? hx.map((h) => (f.sharp ? px + h : h)).join(' ')
        : (f.sharp ? px : '') + hx.join('');
      return pad(out, f);
    }
    default:
      return badVerb(verb, s, f);
  }
}

/** fmt's handleMethods: values with String()/Error() print through it for %v %s %x %X %q. */
function viaMethod(v: unknown, verb: string, f: FmtFlags): string | undefined {
  if (f.sharpV || !'vsxXq'.includes(verb)) return undefined;
  for (const name of ['Error', 'String']) {
    const m = v instanceof GoStruct || v instanceof GoMap ? methodOf(v, name) : undefined;
    if (m === undefined) continue;
    const spec = funcSpec(m);
    if (spec.params.length !== 0) continue;
    const out = (spec.fn as () => unknown)();
    return fmtString(String(out), verb, f);
  }
  return undefined;
}

/** Formats one operand with a verb, as fmt's printArg/printValue do. `depth` > 0 inside composites. */
export function formatOperand(v: unknown, verb: string, f: FmtFlags, depth: number): string {
  if (v instanceof Iface) return formatOperand(v.value, verb, f, depth);
  if (v === null || v === undefined || v === NO_VALUE) {
    // A nil interface prints <nil> whatever the verb, except as a top-level operand.
    if (depth > 0 || verb === 'v' || verb === 'T') return pad('<nil>', f);
    return badVerb(verb, null, f);
  }
  if (verb === 'T') return pad(goTypeName(v), f);
  if (typeof v === 'boolean') {
    return verb === 'v' || verb === 't' ? pad(String(v), f) : badVerb(verb, v, f);
  }
  if (typeof v === 'number' && Number.isInteger(v)) return fmtIntOrBad(BigInt(v), verb, f, v);
  if (typeof v === 'bigint') return fmtIntOrBad(v, verb, f, v);
  if (typeof v === 'number') return fmtFloat(v, verb, f);
  if (v instanceof GoFloat) return fmtFloat(v.value, verb, f);
  if (v instanceof GoComplex) return fmtComplex(v, verb, f);
  if (typeof v === 'string') return fmtString(v, verb, f);
  const method = viaMethod(v, verb, f);
  if (method !== undefined) return method;
  if (v instanceof GoNil) return fmtNil(v, verb, f);
  const slice = asSlice(v);
  if (slice !== undefined) {
    const items = slice.items.map((x) => formatOperand(x, verb, f, depth + 1));
    if (f.sharpV) return `${goTypeName(v)}{${items.join(', ')}}`;
    return '[' + items.join(' ') + ']';
  }
  if (v instanceof GoMap || isPlainObject(v)) return fmtMap(v, verb, f, depth);
  if (v instanceof GoStruct) return fmtStruct(v, verb, f, depth);
  if (typeof v === 'function') return verb === 'v' ? pad('0x0', f) : badVerb(verb, v, f);
  return pad(String(v), f);
}

function fmtIntOrBad(n: bigint, verb: string, f: FmtFlags, orig: number | bigint): string {
  if (!'vdboOxXcqU'.includes(verb)) return badVerb(verb, orig, f);
  return fmtInteger(n, verb, f);
}

function fmtComplex(c: GoComplex, verb: string, f: FmtFlags): string {
  if (!'vbgGxXfFeE'.includes(verb)) return badVerb(verb, c, f);
  const re = fmtFloat(c.re, verb, { ...f, width: undefined });
  const im = fmtFloat(c.im, verb, { ...f, width: undefined, plus: true });
  return pad(`(${re}${im}i)`, f);
}

function fmtNil(v: GoNil, verb: string, f: FmtFlags): string {
  switch (v.kind) {
    case 'slice':
      return f.sharpV ? `${v.typeName}(nil)` : '[]';
    case 'map':
      return f.sharpV ? `${v.typeName}(nil)` : 'map[]';
    case 'interface':
      return f.sharpV ? `${v.typeName}(nil)` : pad('<nil>', f);
    default:
      if (f.sharpV) return `(${v.typeName})(nil)`;
      if ('bodxX'.includes(verb)) return fmtInteger(0n, verb, f);
      return verb === 'v' ? pad('<nil>', f) : badVerb(verb, v, f);
  }
}

function fmtMap(v: GoMap | Record<string, unknown>, verb: string, f: FmtFlags, depth: number): string {
  const typeName = goTypeName(v);
  if (v instanceof GoMap && v.entries === null && f.sharpV) return `${typeName}(nil)`;
  const parts = sortedEntries(v).map(
    ([k, x]) => `${formatOperand(k, verb, f, depth + 1)}:${formatOperand(x, verb, f, depth + 1)}`,
  );
  if (f.sharpV) return `${typeName}{${parts.join(', ')}}`;
  return 'map[' + parts.join(' ') + ']';
}

function fmtStruct(v: GoStruct, verb: string, f: FmtFlags, depth: number): string {
  const parts = Object.entries(v.fields).map(([name, x]) => {
    const shown = formatOperand(x, verb, f, depth + 1);
    return f.plusV || f.sharpV ? `${name}:${shown}` : shown;
  });
  if (f.sharpV) return `${v.typeName}{${parts.join(', ')}}`;
  return '{' + parts.join(' ') + '}';
}

function isStringOperand(v: unknown): boolean {
  return typeof v === 'string';
}

/** fmt.Sprint. */
export function goSprint(args: readonly unknown[]): string {
  let out = '';
  let prevString = false;
  args.forEach((arg, i) => {
    const isString = isStringOperand(arg);
    if (i > 0 && !isString && !prevString) out += ' ';
    out += formatOperand(arg, 'v', {}, 0);
    prevString = isString;
  });
  return out;
}

/** fmt.Sprintln. */
export function goSprintln(args: readonly unknown[]): string {
  return args.map((a) => formatOperand(a, 'v', {}, 0)).join(' ') + '\n';
}
