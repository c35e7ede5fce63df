/**
 * JSON bytes as Go's json.Marshal writes them (HTML-safe escapes `<>&`, U+2028/U+2029 escaped,
 * unpaired surrogates as U+FFFD), for content that is hashed (image configs: the image id is the
 * sha256 of these bytes) or streamed (moby's streamformatter uses json.Marshal). Key order is the
 * caller's: build objects in Go's struct field order; `sortedKeys` gives Go's map order.
 */
export function goMarshal(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]|[\ud800-\udfff]/gu, (m) => {
    switch (m) {
      case '<':
        return '\\u003c';
      case '>':
        return '\\u003e';
      case '&':
        return '\\u0026';
      case '\u2028':
        return '\\u2028';
      case '\u2029':
        return '\\u2029';
      default:
        return '\ufffd';
    }
  });
}

/** A copy with keys in Go's map order (byte order of the UTF-8 keys); null stays null. */
export function sortedKeys<T>(m: Readonly<Record<string, T>> | null | undefined): Record<string, T> | null {
  if (m === null || m === undefined) return null;
  const out: Record<string, T> = {};
  const keys = Object.keys(m).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  for (const k of keys) out[k] = m[k] as T;
  return out;
}

/** Go's time.Time in RFC 3339 with nanoseconds, trailing zeros of the fraction dropped (UTC). */
export function goTimeNano(d: Date, extraNanos = 0): string {
  const iso = d.toISOString(); // 2024-01-02T03:04:05.678Z
  const base = iso.slice(0, 19);
  const nanos = d.getUTCMilliseconds() * 1_000_000 + extraNanos;
  if (nanos === 0) return `${base}Z`;
  return `${base}.${String(nanos).padStart(9, '0').replace(/0+$/, '')}Z`;
}
