import { goQuote, invalidParameter, messages, systemError } from '../errors/index.js';
import { parseDuration } from '../images/go-duration.js';
import type { FilterArgs } from './filter-args.js';

/**
 * moby daemon/prune.go getUntilFromPruneFilters (shared by container and network prune): the one
 * `until` value read by api/types/time GetTimestamp — a Go duration before `now`, an RFC 3339 date or
 * time (local when it names no zone), or unix seconds — as unix nanoseconds; undefined without one.
 * Errors are invalid-parameter in Docker 28 and were server errors in 20.10 (`legacy`).
 */
export function pruneUntil(
  filters: FilterArgs,
  options: { legacy: boolean; nowMs?: number },
): bigint | undefined {
  if (!filters.has('until')) return undefined;
  const fail = (text: string): never => {
    throw options.legacy ? systemError(text) : invalidParameter(text);
  };
  const values = filters.values('until');
  if (values.length > 1) fail(messages.moreThanOneUntil);
  // A key given without a value: Go reads the missing value as "" (a date that does not parse).
  const value = values[0] ?? '';
  const nowMs = options.nowMs ?? Date.now();
  let stamp: string;
  try {
    stamp = goTimestamp(value, nowMs);
  } catch (err) {
    return fail((err as Error).message);
  }
  const [sec = '', frac] = stamp.split('.');
  if (!/^[+-]?\d+$/.test(sec) || (frac !== undefined && !/^\d+$/.test(frac))) {
    return fail(`strconv.ParseInt: parsing ${goQuote(frac === undefined ? sec : frac)}: invalid syntax`);
  }
  const nanos = frac === undefined ? 0n : BigInt(Math.trunc(Number(frac) * 10 ** (9 - frac.length)));
  return BigInt(sec) * 1_000_000_000n + nanos;
}

/** GetTimestamp: `seconds[.nanoseconds]` text, or Go's error. */
function goTimestamp(value: string, nowMs: number): string {
  if (value !== '0') {
    try {
      return String(Math.floor((nowMs - parseDuration(value) / 1e6) / 1000));
    } catch {
      // not a duration
    }
  }
  const inLocation = !/[zZ+]/.test(value) && value.split('-').length - 1 !== 3;
  let layout: string;
  if (value.includes('.'))
    layout = inLocation ? '2006-01-02T15:04:05.999999999' : '2006-01-02T15:04:05.999999999Z07:00';
  else if (value.includes('T')) {
    let colons = value.split(':').length - 1;
    if (!inLocation && !/[zZ]/.test(value) && colons > 0) colons--;
    const time = ['T15', 'T15:04', 'T15:04:05'][Math.min(colons, 2)] as string;
    layout = `2006-01-02${time}${inLocation ? '' : 'Z07:00'}`;
  } else layout = inLocation ? '2006-01-02' : '2006-01-02Z07:00';
  const parsed = parseGoTime(value, layout, -new Date(nowMs).getTimezoneOffset());
  if (typeof parsed === 'string') {
    if (value.includes('-')) throw new Error(parsed);
    if (!/^[+-]?\d+(\.[+-]?\d+)?$/.test(value)) throw new Error(messages.untilUnparsable(value));
    return value;
  }
  return `${Math.floor(parsed.ms / 1000)}.${String(parsed.nanos).padStart(9, '0')}`;
}

/**
 * Go's time.Parse for the few layouts GetTimestamp uses: element by element, with Go's
 * `parsing time "v" as "layout": cannot parse "rest" as "elem"` and range texts. Returns unix ms
 * (whole seconds) and the nanoseconds, or the error text. `offsetMin` is the local zone's offset.
 */
function parseGoTime(
  value: string,
  layout: string,
  offsetMin: number,
): { ms: number; nanos: number } | string {
  const elements = layout.match(/2006|01|02|15|04|05|\.999999999|Z07:00|./g) ?? [];
  const f = { year: 0, month: 1, day: 1, hour: 0, min: 0, sec: 0, nanos: 0, zone: offsetMin };
  let rest = value;
  const cannot = (elem: string): string =>
    `parsing time ${goQuote(value)} as ${goQuote(layout)}: cannot parse ${goQuote(rest)} as ${goQuote(elem)}`;
  for (const elem of elements) {
    const num = { '2006': 4, '01': 2, '02': 2, '15': 2, '04': 2, '05': 2 }[elem];
    if (num !== undefined) {
      const digits = new RegExp(`^\\d{${num}}`).exec(rest)?.[0];
      if (digits === undefined) return cannot(elem);
      const n = Number(digits);
      if (elem === '2006') f.year = n;
      else if (elem === '01') f.month = n;
      else if (elem === '02') f.day = n;
      else if (elem === '15') f.hour = n;
      else if (elem === '04') f.min = n;
      else f.sec = n;
      rest = rest.slice(num);
      // Go reads a fraction after the seconds even where the layout has none.
      if (elem === '05' && /^\.\d/.test(rest) && !layout.includes('.999')) ({ rest } = takeFraction(rest, f));
    } else if (elem === '.999999999') {
      if (rest.startsWith('.')) ({ rest } = takeFraction(rest, f));
    } else if (elem === 'Z07:00') {
      const z = /^(?:Z|([+-])(\d\d):(\d\d))/.exec(rest);
      if (!z) return cannot(elem);
      f.zone = z[1] === undefined ? 0 : (z[1] === '-' ? -1 : 1) * (Number(z[2]) * 60 + Number(z[3]));
      rest = rest.slice(z[0].length);
    } else {
      if (!rest.startsWith(elem)) return cannot(elem);
      rest = rest.slice(elem.length);
    }
  }
  if (rest !== '') return `parsing time ${goQuote(value)}: extra text: ${goQuote(rest)}`;
  const outOfRange = (what: string): string => `parsing time ${goQuote(value)}: ${what} out of range`;
  if (f.month < 1 || f.month > 12) return outOfRange('month');
  const daysIn = new Date(Date.UTC(f.year, f.month, 0)).getUTCDate();
  if (f.day < 1 || f.day > daysIn) return outOfRange('day');
  if (f.hour > 23) return outOfRange('hour');
  if (f.min > 59) return outOfRange('minute');
  if (f.sec > 59) return outOfRange('second');
  const utc = Date.UTC(f.year, f.month - 1, f.day, f.hour, f.min, f.sec);
  return { ms: utc - f.zone * 60_000, nanos: f.nanos };
}

function takeFraction(rest: string, f: { nanos: number }): { rest: string } {
  const digits = /^\.(\d+)/.exec(rest)?.[1] ?? '';
  f.nanos = Number(digits.slice(0, 9).padEnd(9, '0'));
  return { rest: rest.slice(1 + digits.length) };
}

/** Whether something made at `createdAtMs` (unix ms) is within an `until` bound (unix ns, inclusive). */
export function createdByUntil(createdAtMs: number, untilNanos: bigint | undefined): boolean {
  return untilNanos === undefined || BigInt(Math.trunc(createdAtMs)) * 1_000_000n <= untilNanos;
}
