/**
 * docker/cli timetypes.GetTimestamp: what `--since`/`--until` may say — a unix time (`1700000000`,
 * `1700000000.5`), a Go duration before now (`10m`, `1h30m`), or a date/time — as `sec.nanosec`.
 */
export function toEventTimestamp(value: string, now = Date.now()): string {
  if (/^\d+(\.\d+)?$/.test(value)) return value;
  const units: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1e3, m: 60e3, h: 3600e3 };
  const parts = [...value.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)];
  if (parts.length > 0 && parts.map((p) => p[0]).join('') === value) {
    const ms = parts.reduce((sum, p) => sum + Number(p[1]) * (units[p[2] as string] as number), 0);
    return fromMs(now - ms);
  }
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw new Error(`failed to parse value as time or duration: "${value}"`);
  return fromMs(t);
}

function fromMs(ms: number): string {
  const sec = Math.floor(ms / 1000);
  const nanos = Math.round((ms - sec * 1000) * 1e6);
  return `${sec}.${String(nanos).padStart(9, '0')}`;
}

/** Go's jsonmessage.RFC3339NanoFixed in the local zone: `2006-01-02T15:04:05.000000000Z07:00`. */
export function formatEventTime(timeNano: number | bigint): string {
  const nano = BigInt(timeNano);
  const ms = Number(nano / 1_000_000n);
  const nanos = String(nano % 1_000_000_000n).padStart(9, '0');
  const d = new Date(ms);
  const offset = -d.getTimezoneOffset();
  const local = new Date(ms + offset * 60_000).toISOString().slice(0, 19);
  const zone =
    offset === 0
      ? 'Z'
      : `${offset > 0 ? '+' : '-'}${String(Math.floor(Math.abs(offset) / 60)).padStart(2, '0')}:${String(Math.abs(offset) % 60).padStart(2, '0')}`;
  return `${local}.${nanos}${zone}`;
}
