/**
 * Go's `time.Unix(s, 0).Format(time.RFC3339)` in the process's local zone (TZ), second precision:
 * `2026-11-27T18:55:48Z` or `2026-11-28T00:29:39+05:30`. 0 means unknown and prints Go's zero time.
 */
export function formatGoTime(unixMs: number): string {
  if (unixMs === 0) return '0001-01-01T00:00:00Z';
  return formatLocal(Math.floor(unixMs / 1000), '');
}

/**
 * A time.Time as Go's JSON writes it (RFC3339Nano: the fraction without trailing zeros, none when
 * zero) in the process's local zone, from UTC text such as `2026-11-27T22:18:03.197391700Z`.
 */
export function formatGoTimeNano(utc: string): string {
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?Z$/.exec(utc);
  if (!m) return utc;
  const fraction = (m[2] ?? '').replace(/0+$/, '');
  return formatLocal(Date.parse(`${m[1] as string}Z`) / 1000, fraction === '' ? '' : `.${fraction}`);
}

function formatLocal(unixSeconds: number, fraction: string): string {
  const d = new Date(unixSeconds * 1000);
  const offsetMin = -d.getTimezoneOffset();
  const local = new Date(d.getTime() + offsetMin * 60_000);
  const base = local.toISOString().slice(0, 19) + fraction;
  if (offsetMin === 0) return `${base}Z`;
  const sign = offsetMin > 0 ? '+' : '-';
  const abs = Math.abs(offsetMin);
  return `${base}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/**
 * moby api/types/time ParseTimestamps, for `since`/`until`: `seconds[.fraction]` only (the CLI turns
 * durations and dates into that). Anything else fails with Go's strconv error, which dockerd answers
 * with a 500. Returns unix nanoseconds, or undefined for an empty value.
 */
export function parseEventTime(raw: string): bigint | undefined {
  if (raw === '') return undefined;
  const dot = raw.indexOf('.');
  const secText = dot < 0 ? raw : raw.slice(0, dot);
  const sec = goParseInt(secText);
  if (dot < 0) return sec * 1_000_000_000n;
  const fracText = raw.slice(dot + 1);
  const frac = goParseInt(fracText);
  // Go scales the fraction as a number of nanoseconds by 10^(9-len), in float64.
  const nanos = BigInt(Math.trunc(Number(frac) * 10 ** (9 - fracText.length)));
  return sec * 1_000_000_000n + nanos;
}

/** strconv.ParseInt(s, 10, 64) with Go's error texts. */
function goParseInt(s: string): bigint {
  if (!/^[+-]?\d+$/.test(s))
    throw new Error(`strconv.ParseInt: parsing ${JSON.stringify(s)}: invalid syntax`);
  const n = BigInt(s);
  if (n > 9223372036854775807n || n < -9223372036854775808n) {
    throw new Error(`strconv.ParseInt: parsing ${JSON.stringify(s)}: value out of range`);
  }
  return n;
}
