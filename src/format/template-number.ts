/**
 * Number literals of Go templates (parse/node.go newNumber plus the strconv parsers it relies on).
 *
 * A literal is recorded under every Go type that can hold it (int64, uint64, float64, complex128), the
 * way Go simulates ideal constants: `1.5e3` is also the int 1500, `'a'` is 97, `0x1p-2` is 0.25, `1_000`
 * is 1000. Failures throw Go's messages: `illegal number syntax: "1e"`, `integer overflow: "999…"`,
 * `malformed character constant: 'ab'`, `invalid syntax`.
 */
import { GoSyntaxError, goQuote, goUnquoteChar } from './go-quote.js';
import type { NumberNode } from './template-nodes.js';

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

/** strconv's underscoreOK: underscores only between digits (or after a base prefix). */
function underscoreOK(s0: string): boolean {
  let s = s0;
  let saw = '^';
  let i = 0;
  if (s.length >= 1 && (s[0] === '-' || s[0] === '+')) s = s.slice(1);
  let hex = false;
  if (s.length >= 2 && s[0] === '0' && 'boxBOX'.includes(s[1] as string)) {
    i = 2;
    saw = '0';
    hex = s[1] === 'x' || s[1] === 'X';
  }
  for (; i < s.length; i++) {
    const c = s[i] as string;
    if ((c >= '0' && c <= '9') || (hex && /[a-fA-F]/.test(c))) {
      saw = '0';
      continue;
    }
    if (c === '_') {
      if (saw !== '0') return false;
      saw = '_';
      continue;
    }
    if (saw === '_') return false;
    saw = '!';
  }
  return saw !== '_';
}

/** strconv.ParseUint(s, 0, 64). */
function parseUint(s: string): bigint | undefined {
  if (s.length === 0) return undefined;
  let base = 10;
  let body = s;
  if (s[0] === '0') {
    const p = (s[1] ?? '').toLowerCase();
    if (s.length >= 3 && p === 'b') [base, body] = [2, s.slice(2)];
    else if (s.length >= 3 && p === 'o') [base, body] = [8, s.slice(2)];
    else if (s.length >= 3 && p === 'x') [base, body] = [16, s.slice(2)];
    else [base, body] = [8, s.slice(1)];
  }
  let n = 0n;
  let underscores = false;
  for (const c of body) {
    if (c === '_') {
      underscores = true;
      continue;
    }
    const d = parseInt(c, 36);
    if (Number.isNaN(d) || d >= base) return undefined;
    n = n * BigInt(base) + BigInt(d);
    if (n > UINT64_MAX) return undefined;
  }
  if (underscores && !underscoreOK(s)) return undefined;
  return n;
}

/** strconv.ParseInt(s, 0, 64). */
function parseInt64(s: string): bigint | undefined {
  if (s.length === 0) return undefined;
  const neg = s[0] === '-';
  const body = s[0] === '+' || s[0] === '-' ? s.slice(1) : s;
  const u = parseUint(body);
  if (u === undefined) return undefined;
  const v = neg ? -u : u;
  return v < INT64_MIN || v > INT64_MAX ? undefined : v;
}

/** strconv.ParseFloat(s, 64) for the syntax Go literals use (decimal, hex with p exponent, underscores). */
function parseFloat64(s: string): number | undefined {
  if (s.includes('_') && !underscoreOK(s)) return undefined;
  const t = s.replaceAll('_', '');
  let v: number;
  const hex = /^([+-]?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?[pP]([+-]?\d+)$/.exec(t);
  if (hex) {
    const [, sign = '', int = '', frac = '', exp = '0'] = hex;
    if (int === '' && frac === '') return undefined;
    const mant = parseInt(int + frac || '0', 16);
    v = mant * 2 ** (Number(exp) - 4 * frac.length);
    if (sign === '-') v = -v;
  } else if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) {
    v = Number(t);
  } else {
    return undefined;
  }
  return Number.isFinite(v) ? v : undefined;
}

function fitsInt64(f: number): boolean {
  return Number.isInteger(f) && f >= -(2 ** 63) && f < 2 ** 63;
}

function fitsUint64(f: number): boolean {
  return Number.isInteger(f) && f >= 0 && f < 2 ** 64;
}

function simplifyComplex(n: NumberNode): void {
  const [re, im] = n.complex;
  n.isFloat = im === 0;
  if (n.isFloat) {
    n.float64 = re;
    n.isInt = fitsInt64(re);
    if (n.isInt) n.int64 = BigInt(re);
    n.isUint = fitsUint64(re);
    if (n.isUint) n.uint64 = BigInt(re);
  }
}

/** Parses `a+bi` / `a-bi` (what fmt.Sscan accepts for the lexer's complex items). */
function parseComplex(text: string): readonly [number, number] | undefined {
  if (!text.endsWith('i')) return undefined;
  const body = text.slice(0, -1);
  for (let k = body.length - 1; k > 0; k--) {
    const c = body[k];
    if ((c === '+' || c === '-') && !/[eEpP]/.test(body[k - 1] as string)) {
      const re = parseFloat64(body.slice(0, k));
      const im = parseFloat64(body.slice(k));
      return re === undefined || im === undefined ? undefined : [re, im];
    }
  }
  return undefined;
}

/** Builds a NumberNode from a literal's text; `kind` is the lexer item type. */
export function newNumber(
  pos: number,
  text: string,
  kind: 'number' | 'charConstant' | 'complex',
): NumberNode {
  const n: NumberNode = {
    type: 'number',
    pos,
    text,
    isInt: false,
    isUint: false,
    isFloat: false,
    isComplex: false,
    int64: 0n,
    uint64: 0n,
    float64: 0,
    complex: [0, 0],
  };
  if (kind === 'charConstant') {
    const { value, tail } = goUnquoteChar(text.slice(1), text[0] as string);
    if (tail !== "'") throw new Error(`malformed character constant: ${text}`);
    n.int64 = BigInt(value);
    n.uint64 = BigInt(value);
    n.float64 = value;
    n.isInt = n.isUint = n.isFloat = true;
    return n;
  }
  if (kind === 'complex') {
    const c = parseComplex(text);
    if (c === undefined) throw new GoSyntaxError();
    n.isComplex = true;
    n.complex = c;
    simplifyComplex(n);
    return n;
  }
  if (text.endsWith('i')) {
    const f = parseFloat64(text.slice(0, -1));
    if (f !== undefined) {
      n.isComplex = true;
      n.complex = [0, f];
      simplifyComplex(n);
      return n;
    }
  }
  const u = parseUint(text);
  if (u !== undefined) {
    n.isUint = true;
    n.uint64 = u;
  }
  const i = parseInt64(text);
  if (i !== undefined) {
    n.isInt = true;
    n.int64 = i;
    if (i === 0n) {
      n.isUint = true;
      n.uint64 = u ?? 0n;
    }
  }
  if (n.isInt) {
    n.isFloat = true;
    n.float64 = Number(n.int64);
  } else if (n.isUint) {
    n.isFloat = true;
    n.float64 = Number(n.uint64);
  } else {
    const f = parseFloat64(text);
    if (f !== undefined) {
      if (!/[.eEpP]/.test(text)) throw new Error(`integer overflow: ${goQuote(text)}`);
      n.isFloat = true;
      n.float64 = f;
      if (!n.isInt && fitsInt64(f)) {
        n.isInt = true;
        n.int64 = BigInt(f);
      }
      if (!n.isUint && fitsUint64(f)) {
        n.isUint = true;
        n.uint64 = BigInt(f);
      }
    }
  }
  if (!n.isInt && !n.isUint && !n.isFloat) throw new Error(`illegal number syntax: ${goQuote(text)}`);
  return n;
}
