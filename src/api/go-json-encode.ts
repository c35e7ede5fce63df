/**
 * JSON text as Go's json.Encoder writes it with SetEscapeHTML(false), as moby's WriteJSON does:
 * `<>&` kept, U+2028/U+2029 escaped, control characters as \u00XX (except \n \r \t), unpaired
 * surrogates as U+FFFD, and a trailing newline. Key order is the caller's (build objects in Go's
 * field order; sort map keys with `sortedMap`).
 */
export function goJson(value: unknown): string {
  return `${goJsonCompact(value)}\n`;
}

export function goJsonCompact(value: unknown): string {
  return JSON.stringify(value).replace(/[\u2028\u2029\b\f]|[\ud800-\udfff]/gu, (ch) => {
    if (ch === '\b') return '\\u0008';
    if (ch === '\f') return '\\u000c';
    if (ch === '\u2028') return '\\u2028';
    if (ch === '\u2029') return '\\u2029';
    return ch.length === 1 ? '\ufffd' : ch;
  });
}

/** A copy with keys in Go's map order (sorted by byte value); null stays null. */
export function sortedMap<T>(m: Readonly<Record<string, T>> | null): Record<string, T> | null {
  if (m === null) return null;
  const out: Record<string, T> = {};
  for (const k of Object.keys(m).sort(byteOrder)) out[k] = m[k] as T;
  return out;
}

function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}
