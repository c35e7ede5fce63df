import { describe, expect, it } from 'vitest';
import { goJson, goJsonCompact, sortedMap } from './go-json-encode.js';

describe('goJson (Go json.Encoder, SetEscapeHTML(false))', () => {
  it('keeps <>&, escapes what Go escapes, ends with a newline', () => {
    expect(goJson({ a: '<b>&', c: '\u2028\b\f\u0001\\b' })).toBe(
      '{"a":"<b>&","c":"\\u2028\\b\\f\\u0001\\\\b"}\n',
    );
  });

  it('writes backspace and form feed as Go 1.19 did for API ≤ 1.41 answers', () => {
    expect(goJson({ c: '\b\f\\b' }, { legacyEscapes: true })).toBe('{"c":"\\u0008\\u000c\\\\b"}\n');
  });

  it('writes int64 bigints as exact digits, and no string can pass for one', () => {
    expect(goJsonCompact({ t: 1764272724825874176n, s: 'bigint-x:5' }, { bigints: true })).toBe(
      '{"t":1764272724825874176,"s":"bigint-x:5"}',
    );
  });

  it('sorts map keys by byte order, keeping null', () => {
    expect(Object.keys(sortedMap({ b: 1, a: 2, B: 3, é: 4 }) ?? {})).toEqual(['B', 'a', 'b', 'é']);
    expect(sortedMap(null)).toBeNull();
  });
});
