/**
 * JSON text as Go's json.Encoder writes it with SetEscapeHTML(false), as moby's WriteJSON does:
 * `<>&` kept, U+2028/U+2029 escaped, control characters as \u00XX (except \n \r \t), unpaired
 * surrogates as U+FFFD, and a trailing newline. Key order is the caller's (build objects in Go's
 * field order; sort map keys with `sortedMap`).
 */
export function goJson(value: unknown, options: GoJsonOptions = {}): string {
  return `${goJsonCompact(value, options)}\n`;
}

export interface GoJsonOptions {
  /**
   * Go before 1.22 (dockerd 20.10) wrote backspace and form feed as \u0008 and \u000c; newer Go,
   * like JSON.stringify, writes \b and \f.
   */
  legacyEscapes?: boolean;
  /** The value holds bigints (int64 beyond 2^53) to write as digits; costs a replacer pass. */
  bigints?: boolean;
}

const needsEscape = /[\u2028\u2029\ud800-\udfff]/u;
const needsLegacyEscape = /[\u2028\u2029\ud800-\udfff]|\\[bf]/u;

export function goJsonCompact(value: unknown, options: GoJsonOptions = {}): string {
  let text = options.bigints
    ? JSON.stringify(value, bigintAsMarker).replace(bigintPattern, '$1')
    : JSON.stringify(value);
  // Most answers hold nothing Go spells differently: one test, no rewrite.
  if (!(options.legacyEscapes ? needsLegacyEscape : needsEscape).test(text)) return text;
  text = text.replace(/\\.|[\u2028\u2029]|[\ud800-\udfff]/gu, (m) => {
    if (m === '\\b' && options.legacyEscapes) return '\\u0008';
    if (m === '\\f' && options.legacyEscapes) return '\\u000c';
    if (m === '\u2028') return '\\u2028';
    if (m === '\u2029') return '\\u2029';
    if (m.length === 1 && m >= '\ud800' && m <= '\udfff') return '\ufffd';
    return m;
  });
  return text;
}

/**
 * int64 values beyond 2^53 (event timeNano) travel as bigint and are written as plain digits, via a
 * string marker no caller data can forge (it carries a per-process random part).
 */
const marker = `bigint-${Math.random().toString(36).slice(2)}:`;
const bigintPattern = new RegExp(`"${marker}(-?\\d+)"`, 'g');
function bigintAsMarker(_key: string, v: unknown): unknown {
  return typeof v === 'bigint' ? `${marker}${v}` : v;
}

/** A copy with keys in Go's map order (sorted by byte value); null stays null. */
export function sortedMap<T>(m: Readonly<Record<string, T>> | null): Record<string, T> | null {
  if (m === null) return null;
  const out: Record<string, T> = {};
  for (const k of Object.keys(m).sort(byteOrder)) out[k] = m[k] as T;
  return out;
}

/** Go compares strings by UTF-8 bytes; UTF-16 order agrees except around surrogates, so check. */
function byteOrder(a: string, b: string): number {
  if (/[\ud800-\udfff]/.test(a + b)) return Buffer.compare(Buffer.from(a), Buffer.from(b));
  return a < b ? -1 : a > b ? 1 : 0;
}
