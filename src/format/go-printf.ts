/**
 * Go's `fmt.Sprintf` (the template builtin `printf`) over the value model of go-value.ts.
 *
 * Supports flags `# 0 + - space`, width and precision (literal or `*`), explicit argument indexes
 * (`%[2]d`), `%%`, and Go's error markers: `%!d(MISSING)`, `%!(EXTRA int=2)`, `%!(NOVERB)`,
 * `%!(BADWIDTH)`, `%!(BADPREC)`, `%!d(BADINDEX)`, and `%!verb(type=value)` for a verb that does not fit
 * its operand (produced by go-fmt.ts).
 */
import { formatOperand, type FmtFlags } from './go-fmt.js';
import { goTypeName, isGoInt } from './go-value.js';

interface NumParse {
  value: number;
  present: boolean;
  next: number;
}

function parseNum(s: string, start: number): NumParse {
  let i = start;
  let value = 0;
  while (i < s.length && s[i]! >= '0' && s[i]! <= '9') {
    if (value > 1e6) return { value: 0, present: false, next: s.length };
    value = value * 10 + (s.charCodeAt(i) - 48);
    i++;
  }
  return { value, present: i > start, next: i };
}

/** fmt.Sprintf. */
export function goSprintf(format: string, args: readonly unknown[]): string {
  let out = '';
  let argNum = 0;
  let reordered = false;
  let i = 0;
  const end = format.length;

  /** Parses an optional `[n]`; returns the new argNum, position and whether one was found. */
  const argNumber = (
    pos: number,
  ): { argNum: number; next: number; found: boolean; good: boolean } | undefined => {
    if (pos >= end || format[pos] !== '[') return undefined;
    reordered = true;
    const close = format.indexOf(']', pos + 1);
    if (close < 0) return { argNum, next: end, found: false, good: false };
    const n = parseNum(format, pos + 1);
    if (!n.present || n.next !== close || n.value < 1 || n.value > args.length) {
      return { argNum, next: close + 1, found: false, good: false };
    }
    return { argNum: n.value - 1, next: close + 1, found: true, good: true };
  };

  const intArg = (): { value: number; ok: boolean } => {
    if (argNum >= args.length) return { value: 0, ok: false };
    const a = args[argNum++];
    if (!isGoInt(a)) return { value: 0, ok: false };
    const n = Number(a);
    return Math.abs(n) > 1e6 ? { value: 0, ok: false } : { value: n, ok: true };
  };

  while (i < end) {
    let good = true;
    const pct = format.indexOf('%', i);
    if (pct < 0) {
      out += format.slice(i);
      break;
    }
    out += format.slice(i, pct);
    i = pct + 1;
    const f: FmtFlags = {};
    flags: for (; i < end; i++) {
      switch (format[i]) {
        case '#':
          f.sharp = true;
          break;
        case '0':
          f.zero = !f.minus;
          break;
        case '+':
          f.plus = true;
          break;
        case '-':
          f.minus = true;
          f.zero = false;
          break;
        case ' ':
          f.space = true;
          break;
        default:
          break flags;
      }
    }
    let afterIndex = false;
    const idx = argNumber(i);
    if (idx !== undefined) {
      argNum = idx.argNum;
      i = idx.next;
      afterIndex = idx.found;
      good = good && idx.good;
    }
    if (i < end && format[i] === '*') {
      i++;
      const w = intArg();
      if (w.ok) {
        f.width = w.value;
        if (w.value < 0) {
          f.width = -w.value;
          f.minus = true;
          f.zero = false;
        }
      } else {
        out += '%!(BADWIDTH)';
      }
      afterIndex = false;
    } else {
      const w = parseNum(format, i);
      if (w.present) {
        f.width = w.value;
        if (afterIndex) good = false;
      }
      i = w.next;
    }
    if (i + 1 < end && format[i] === '.') {
      i++;
      if (afterIndex) good = false;
      const pidx = argNumber(i);
      if (pidx !== undefined) {
        argNum = pidx.argNum;
        i = pidx.next;
        afterIndex = pidx.found;
        good = good && pidx.good;
      }
      if (i < end && format[i] === '*') {
        i++;
        const p = intArg();
        if (p.ok && p.value >= 0) f.prec = p.value;
        else if (!p.ok) out += '%!(BADPREC)';
        afterIndex = false;
      } else {
        const p = parseNum(format, i);
        f.prec = p.present ? p.value : 0;
        i = p.next;
      }
    }
    if (!afterIndex) {
      const vidx = argNumber(i);
      if (vidx !== undefined) {
        argNum = vidx.argNum;
        i = vidx.next;
        good = good && vidx.good;
      }
    }
    if (i >= end) {
      out += '%!(NOVERB)';
      break;
    }
    const verb = String.fromCodePoint(format.codePointAt(i) ?? 0);
    i += verb.length;
    if (verb === '%') {
      out += '%';
    } else if (!good) {
      out += `%!${verb}(BADINDEX)`;
    } else if (argNum >= args.length) {
      out += `%!${verb}(MISSING)`;
    } else {
      if (verb === 'v') {
        f.sharpV = f.sharp;
        f.sharp = false;
        f.plusV = f.plus;
        f.plus = false;
      }
      out += formatOperand(args[argNum], verb, f, 0);
      argNum++;
    }
  }
  if (!reordered && argNum < args.length) {
    const extra = args
      .slice(argNum)
      .map((a) =>
        a === null || a === undefined ? '<nil>' : `${goTypeName(a)}=${formatOperand(a, 'v', {}, 0)}`,
      );
    out += `%!(EXTRA ${extra.join(', ')})`;
  }
  return out;
}
