/**
 * Go's `strconv` quoting rules, as text/template and fmt use them.
 *
 * - `goQuote(s)` = `strconv.Quote`: `"` + escapes + `"`. Printable runes (Go's `unicode.IsPrint`: letters,
 *   marks, numbers, punctuation, symbols and the ASCII space) pass through; `\a \b \f \n \r \t \v \\ \"` use
 *   their short escapes; other runes below U+0080 become `\xNN`, other non-printable runes `\uNNNN` or
 *   `\UNNNNNNNN` (lower-case hex). Lone surrogates (invalid UTF-8 in Go) become `\ufffd`.
 * - `goQuoteASCII(s)` = `strconv.QuoteToASCII` (`%+q`).
 * - `goQuoteRune(r)` = `strconv.QuoteRune` (single quotes; `'` escaped instead of `"`).
 * - `goUnquote(s)` = `strconv.Unquote` for `"…"`, `` `…` `` and `'…'` literals; throws `GoSyntaxError`
 *   ("invalid syntax") exactly where Go returns `strconv.ErrSyntax`.
 * - `goUnquoteChar(s, quote)` = `strconv.UnquoteChar`: decodes the first (possibly escaped) character.
 *
 * JS strings cannot hold raw bytes, so `\xNN` and octal escapes decode to the code point with the same
 * value (latin-1); Go would produce a single byte there. Nothing docker prints depends on that.
 */

/** Thrown where Go's strconv returns ErrSyntax; the message is Go's. */
export class GoSyntaxError extends Error {
  constructor() {
    super('invalid syntax');
    this.name = 'GoSyntaxError';
  }
}

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

/** Go's unicode.IsPrint for one code point. */
export function isGoPrintable(cp: number): boolean {
  if (cp >= 0xd800 && cp <= 0xdfff) return false;
  return PRINTABLE.test(String.fromCodePoint(cp));
}

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}

function escapeRune(cp: number, quote: string): string {
  if (String.fromCodePoint(cp) === quote || cp === 0x5c) return '\\' + String.fromCodePoint(cp);
  if (isGoPrintable(cp)) return String.fromCodePoint(cp);
  switch (cp) {
    case 0x07:
      return '\\a';
    case 0x08:
      return '\\b';
    case 0x0c:
      return '\\f';
    case 0x0a:
      return '\\n';
    case 0x0d:
      return '\\r';
    case 0x09:
      return '\\t';
    case 0x0b:
      return '\\v';
  }
  if (cp < 0x20 || cp === 0x7f) return '\\x' + hex(cp, 2);
  if (cp >= 0xd800 && cp <= 0xdfff) return '\\ufffd';
  if (cp < 0x10000) return '\\u' + hex(cp, 4);
  return '\\U' + hex(cp, 8);
}

/** strconv.Quote. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) out += escapeRune(ch.codePointAt(0) ?? 0, '"');
  return out + '"';
}

/** strconv.QuoteToASCII: like goQuote, but every non-ASCII rune is escaped. */
export function goQuoteASCII(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp < 0x80) out += escapeRune(cp, '"');
    else if (cp >= 0xd800 && cp <= 0xdfff) out += '\\ufffd';
    else out += cp < 0x10000 ? '\\u' + hex(cp, 4) : '\\U' + hex(cp, 8);
  }
  return out + '"';
}

/** strconv.QuoteRune. */
export function goQuoteRune(cp: number): string {
  const valid = cp >= 0 && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff);
  return "'" + escapeRune(valid ? cp : 0xfffd, "'") + "'";
}

/** Result of goUnquoteChar: the decoded character and the rest of the input. */
export interface UnquotedChar {
  value: number;
  tail: string;
}

function hexDigit(c: string | undefined): number {
  if (c === undefined) return -1;
  const v = parseInt(c, 16);
  return Number.isNaN(v) || !/[0-9a-fA-F]/.test(c) ? -1 : v;
}

/** strconv.UnquoteChar: `quote` is the surrounding quote character, or '' for none. */
export function goUnquoteChar(s: string, quote: string): UnquotedChar {
  const first = s.codePointAt(0);
  if (first === undefined) throw new GoSyntaxError();
  const c = String.fromCodePoint(first);
  if (c === quote && (quote === "'" || quote === '"')) throw new GoSyntaxError();
  if (c !== '\\') return { value: first, tail: s.slice(c.length) };
  if (s.length <= 1) throw new GoSyntaxError();
  const esc = s[1] as string;
  let rest = s.slice(2);
  switch (esc) {
    case 'a':
      return { value: 7, tail: rest };
    case 'b':
      return { value: 8, tail: rest };
    case 'f':
      return { value: 12, tail: rest };
    case 'n':
      return { value: 10, tail: rest };
    case 'r':
      return { value: 13, tail: rest };
    case 't':
      return { value: 9, tail: rest };
    case 'v':
      return { value: 11, tail: rest };
    case 'x':
    case 'u':
    case 'U': {
      const n = esc === 'x' ? 2 : esc === 'u' ? 4 : 8;
      if (rest.length < n) throw new GoSyntaxError();
      let v = 0;
      for (let j = 0; j < n; j++) {
        const d = hexDigit(rest[j]);
        if (d < 0) throw new GoSyntaxError();
        v = v * 16 + d;
      }
      rest = rest.slice(n);
      if (esc !== 'x' && (v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))) throw new GoSyntaxError();
      return { value: v, tail: rest };
    }
    case '0':
    case '1':
    case '2':
    case '3':
    case '4':
    case '5':
    case '6':
    case '7': {
      const digits = esc + rest.slice(0, 2);
      if (!/^[0-7]{3}$/.test(digits)) throw new GoSyntaxError();
      const v = parseInt(digits, 8);
      if (v > 255) throw new GoSyntaxError();
      return { value: v, tail: rest.slice(2) };
    }
    case '\\':
      return { value: 0x5c, tail: rest };
    case "'":
    case '"':
      if (esc !== quote) throw new GoSyntaxError();
      return { value: esc.charCodeAt(0), tail: rest };
    default:
      throw new GoSyntaxError();
  }
}

/** strconv.Unquote. */
export function goUnquote(s: string): string {
  const n = s.length;
  if (n < 2) throw new GoSyntaxError();
  const quote = s[0] as string;
  if (quote !== s[n - 1]) throw new GoSyntaxError();
  const body = s.slice(1, -1);
  if (quote === '`') {
    if (body.includes('`')) throw new GoSyntaxError();
    return body.replaceAll('\r', '');
  }
  if (quote !== '"' && quote !== "'") throw new GoSyntaxError();
  if (body.includes('\n')) throw new GoSyntaxError();
  if (!body.includes('\\') && !body.includes(quote)) {
    if (quote === '"') return body;
    if ([...body].length === 1) return body;
  }
  let out = '';
  let rest = body;
  while (rest.length > 0) {
    const { value, tail } = goUnquoteChar(rest, quote);
    out += String.fromCodePoint(value);
    rest = tail;
    if (quote === "'" && rest.length > 0) throw new GoSyntaxError();
  }
  if (quote === "'" && out.length === 0) throw new GoSyntaxError();
  return out;
}
