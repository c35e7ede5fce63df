/**
 * Go's `time.Unix(s, 0).Format(time.RFC3339)` in the process's local zone (TZ), second precision:
 * `2026-11-27T18:55:48Z` or `2026-11-28T00:29:39+05:30`. 0 means unknown and prints Go's zero time.
 */
export function formatGoTime(unixMs: number): string {
  if (unixMs === 0) return '0001-01-01T00:00:00Z';
  const d = new Date(Math.floor(unixMs / 1000) * 1000);
  const offsetMin = -d.getTimezoneOffset();
  const local = new Date(d.getTime() + offsetMin * 60_000);
  const base = local.toISOString().slice(0, 19);
  if (offsetMin === 0) return `${base}Z`;
  const sign = offsetMin > 0 ? '+' : '-';
  const abs = Math.abs(offsetMin);
  return `${base}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/**
 * Docker's event time parameters (`since`, `until`): unix seconds with an optional fraction
 * (`1700000000.123456789`), as the CLI sends them; also RFC3339. Returns unix nanoseconds.
 */
export function parseEventTime(raw: string): bigint | undefined {
  if (raw === '') return undefined;
  const m = /^(-?\d+)(?:\.(\d{1,9}))?$/.exec(raw);
  if (m) {
    const sec = BigInt(m[1] as string);
    const frac = BigInt((m[2] ?? '').padEnd(9, '0') || '0');
    return sec * 1_000_000_000n + frac;
  }
  const t = Date.parse(raw);
  if (!Number.isNaN(t)) return BigInt(t) * 1_000_000n;
  throw new Error(`failed to parse value as time or duration: "${raw}"`);
}
