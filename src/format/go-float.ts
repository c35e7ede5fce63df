/**
 * Go's `strconv.FormatFloat` for float64, the basis of fmt's `%v`/`%g`/`%e`/`%f` and of go-units.
 *
 * `formatGoFloat(x, verb, prec)`: verb is one of `e E f F g G x X b`; `prec < 0` asks for the shortest
 * representation that round-trips (Go's `-1`). Rounding to a precision is done on the exact binary value
 * with ties to even, as Go's decimal rounding does (so `%.4g` of 1.0625 is `1.062`, not JS's `1.063`).
 * `%g` switches to exponent form when the exponent is < -4 or >= the precision (6 when shortest), and
 * never prints trailing zeros. Exponents have at least two digits (`1e+06`). NaN and ±Inf print as
 * `NaN`, `+Inf`, `-Inf`.
 *
 * `goJSONFloat(x)` is encoding/json's float64 form: `f` format, or `e` outside [1e-6, 1e21) with the
 * exponent's leading zero dropped (`1e-7`, `1e+21`).
 */

/** Decimal digits of a positive finite value: value = 0.d1d2d3… × 10^dp. */
interface Decimal {
  digits: string;
  dp: number;
}

/** The exact decimal expansion of a positive finite double. */
function exactDecimal(x: number): Decimal {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const expBits = Number((bits >> 52n) & 0x7ffn);
  let mant = bits & 0xfffffffffffffn;
  let exp: number;
  if (expBits === 0) {
    exp = -1074;
  } else {
    mant |= 1n << 52n;
    exp = expBits - 1075;
  }
  let digits: string;
  let dp: number;
  if (exp >= 0) {
    digits = (mant << BigInt(exp)).toString();
    dp = digits.length;
  } else {
    // mant / 2^-exp == mant * 5^-exp / 10^-exp
    digits = (mant * 5n ** BigInt(-exp)).toString();
    dp = digits.length + exp;
  }
  return trimZeros({ digits, dp });
}

function trimZeros(d: Decimal): Decimal {
  const stripped = d.digits.replace(/0+$/, '');
  const lead = stripped.length - stripped.replace(/^0+/, '').length;
  return { digits: stripped.slice(lead), dp: d.dp - lead };
}

/** Round to nd significant digits (nd >= 0), ties to even on the exact digits. */
function roundDecimal(d: Decimal, nd: number): Decimal {
  if (nd < 0 || d.digits.length <= nd) return d;
  const next = d.digits.charCodeAt(nd) - 48;
  let up: boolean;
  if (next > 5) up = true;
  else if (next < 5) up = false;
  else if (d.digits.length > nd + 1) up = true;
  else up = nd > 0 && (d.digits.charCodeAt(nd - 1) - 48) % 2 === 1;
  let head = d.digits.slice(0, nd);
  let dp = d.dp;
  if (up) {
    let i = head.length - 1;
    while (i >= 0 && head[i] === '9') i--;
    if (i < 0) {
      head = '1';
      dp++;
    } else {
      head = head.slice(0, i) + String.fromCharCode(head.charCodeAt(i) + 1);
    }
  }
  return trimZeros({ digits: head, dp });
}

/** Shortest round-tripping digits (JS and Go both pick the closest shortest candidate). */
function shortestDecimal(x: number): Decimal {
  const [mant = '0', e = '0'] = x.toExponential().split('e');
  return trimZeros({ digits: mant.replace('.', ''), dp: Number(e) + 1 });
}

function digitAt(d: Decimal, i: number): string {
  return i >= 0 && i < d.digits.length ? (d.digits[i] as string) : '0';
}

function fmtE(d: Decimal, prec: number, upper: boolean): string {
  let s = digitAt(d, 0);
  if (prec > 0) {
    s += '.';
    for (let i = 1; i <= prec; i++) s += digitAt(d, i);
  }
  const exp = d.digits.length === 0 ? 0 : d.dp - 1;
  const abs = Math.abs(exp);
  return s + (upper ? 'E' : 'e') + (exp < 0 ? '-' : '+') + (abs < 10 ? '0' : '') + String(abs);
}

function fmtF(d: Decimal, prec: number): string {
  let s = '';
  if (d.dp > 0) {
    for (let i = 0; i < d.dp; i++) s += digitAt(d, i);
  } else {
    s = '0';
  }
  if (prec > 0) {
    s += '.';
    for (let i = 0; i < prec; i++) s += digitAt(d, d.dp + i);
  }
  return s;
}

/** Mantissa and binary exponent of a finite double: |x| = mant × 2^exp, mant < 2^53. */
function binaryParts(x: number): { mant: bigint; exp: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const e = Number((bits >> 52n) & 0x7ffn);
  const frac = bits & 0xfffffffffffffn;
  if (e === 0) return { mant: frac, exp: -1074 };
  return { mant: frac | (1n << 52n), exp: e - 1075 };
}

/** strconv's %b: `4503599627370496p-52`. */
function fmtB(x: number): string {
  const { mant, exp } = binaryParts(x);
  return `${mant}p${exp >= 0 ? '+' : ''}${exp}`;
}

/** strconv's %x / %X: `0x1.cp+01`, rounded to `prec` hex digits when prec >= 0. */
function fmtX(x: number, prec: number, upper: boolean): string {
  let { mant, exp } = binaryParts(x);
  exp += 52;
  if (mant === 0n) exp = 0;
  const ONE = 1n << 60n;
  mant <<= 8n;
  while (mant !== 0n && (mant & ONE) === 0n) {
    mant <<= 1n;
    exp--;
  }
  if (prec >= 0 && prec < 15) {
    const shift = BigInt(prec * 4);
    const extra = (mant << shift) & (ONE - 1n);
    mant >>= 60n - shift;
    if ((extra | (mant & 1n)) > 1n << 59n) mant++;
    mant <<= 60n - shift;
    if ((mant & (1n << 61n)) !== 0n) {
      mant >>= 1n;
      exp++;
    }
  }
  let out = '0' + (upper ? 'X' : 'x') + String((mant >> 60n) & 1n);
  mant = (mant << 4n) & ((1n << 64n) - 1n);
  const digit = (): string => {
    const d = Number((mant >> 60n) & 15n).toString(16);
    mant = (mant << 4n) & ((1n << 64n) - 1n);
    return upper ? d.toUpperCase() : d;
  };
  if (prec < 0 && mant !== 0n) {
    out += '.';
    while (mant !== 0n) out += digit();
  } else if (prec > 0) {
    out += '.';
    for (let i = 0; i < prec; i++) out += digit();
  }
  const e = Math.abs(exp);
  return out + (upper ? 'P' : 'p') + (exp < 0 ? '-' : '+') + (e < 10 ? '0' : '') + String(e);
}

/** strconv.FormatFloat(x, verb, prec, 64). */
export function formatGoFloat(x: number, verb: string, prec: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? '+Inf' : '-Inf';
  const neg = x < 0 || Object.is(x, -0);
  if (verb === 'b') return (neg ? '-' : '') + fmtB(Math.abs(x));
  if (verb === 'x' || verb === 'X') return (neg ? '-' : '') + fmtX(Math.abs(x), prec, verb === 'X');
  const abs = Math.abs(x);
  const shortest = prec < 0;
  let d: Decimal = abs === 0 ? { digits: '', dp: 0 } : shortest ? shortestDecimal(abs) : exactDecimal(abs);
  let body: string;
  switch (verb) {
    case 'e':
    case 'E': {
      if (!shortest) d = roundDecimal(d, prec + 1);
      body = fmtE(d, shortest ? Math.max(d.digits.length - 1, 0) : prec, verb === 'E');
      break;
    }
    case 'f':
    case 'F': {
      if (!shortest) d = roundDecimal(d, d.dp + prec);
      body = fmtF(d, shortest ? Math.max(d.digits.length - d.dp, 0) : prec);
      break;
    }
    case 'g':
    case 'G': {
      let p = prec;
      if (!shortest) {
        if (p === 0) p = 1;
        d = roundDecimal(d, p);
      }
      let eprec = shortest ? 6 : p;
      if (!shortest && eprec > d.digits.length && d.digits.length >= d.dp) eprec = d.digits.length;
      const exp = d.dp - 1;
      if (d.digits.length > 0 && (exp < -4 || exp >= eprec)) {
        const ep = shortest ? d.digits.length : Math.min(p, d.digits.length);
        body = fmtE(d, ep - 1, verb === 'G');
      } else {
        const fp = shortest ? d.digits.length : p > d.dp ? d.digits.length : p;
        body = fmtF(d, Math.max(fp - d.dp, 0));
      }
      break;
    }
    default:
      throw new Error(`formatGoFloat: unsupported verb ${verb}`);
  }
  return (neg ? '-' : '') + body;
}

/** encoding/json's float64 encoding; throws on NaN/Inf like json.Marshal. */
export function goJSONFloat(x: number): string {
  if (!Number.isFinite(x)) throw new Error(`json: unsupported value: ${formatGoFloat(x, 'g', -1)}`);
  const abs = Math.abs(x);
  if (abs !== 0 && (abs < 1e-6 || abs >= 1e21)) {
    return formatGoFloat(x, 'e', -1).replace(/e-0(\d)$/, 'e-$1');
  }
  return formatGoFloat(x, 'f', -1);
}
