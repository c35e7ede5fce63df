import { describe, expect, it } from 'vitest';
import { goQuote, goQuoteASCII, goQuoteRune, goUnquote, goUnquoteChar } from './go-quote.js';

describe('goQuote (strconv.Quote)', () => {
  it('escapes like Go', () => {
    expect(goQuote('a\tb"c\\')).toBe('"a\\tb\\"c\\\\"');
    expect(goQuote('\x07\x00\x7f')).toBe('"\\a\\x00\\x7f"');
    expect(goQuote('é日本')).toBe('"é日本"');
    expect(goQuote('\u00a0\u2028')).toBe('"\\u00a0\\u2028"');
    expect(goQuote('\u{e0001}')).toBe('"\\U000e0001"');
    expect(goQuoteASCII('é😀')).toBe('"\\u00e9\\U0001f600"');
    expect(goQuoteRune(0x27)).toBe("'\\''");
    expect(goQuoteRune(0x41)).toBe("'A'");
  });
});

describe('goUnquote (strconv.Unquote)', () => {
  it('decodes Go literals', () => {
    expect(goUnquote('"a\\n\\t\\x41\\101\\u00e9\\U0001F600"')).toBe('a\n\tAAé😀');
    expect(goUnquote('`raw\\n\r`')).toBe('raw\\n');
    expect(goUnquote("'x'")).toBe('x');
  });

  it.each(['"\\q"', '"a', "'ab'", "''", '"\\400"', '"\\uD800"', '"a\nb"', '`a`b`', 'x'])(
    'rejects %s with invalid syntax',
    (lit) => expect(() => goUnquote(lit)).toThrow('invalid syntax'),
  );

  it('unquotes one character', () => {
    expect(goUnquoteChar("\\''", "'")).toEqual({ value: 0x27, tail: "'" });
    expect(() => goUnquoteChar('"', '"')).toThrow('invalid syntax');
  });
});
