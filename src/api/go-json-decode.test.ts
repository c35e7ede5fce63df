import { describe, expect, it } from 'vitest';
import { bindGoStruct } from './go-json-bind.js';
import { decodeFirstValue, decoderHasMore, goJsonSyntaxError, goQuoteChar } from './go-json-decode.js';

const decodeError = (text: string) => {
  const r = decodeFirstValue(Buffer.from(text));
  return r.ok ? undefined : r.message;
};

describe('Go encoding/json texts', () => {
  it.each([
    ['{invalid json', "invalid character 'i' looking for beginning of object key string"],
    ['{"a" 1}', "invalid character '1' after object key"],
    ['{"a":1 "b"}', "invalid character '\"' after object key:value pair"],
    ['[1 2]', "invalid character '2' after array element"],
    ['tru', 'unexpected EOF'],
    ['trux', "invalid character 'x' in literal true (expecting 'e')"],
    ['nil', "invalid character 'i' in literal null (expecting 'u')"],
    ['-x', "invalid character 'x' in numeric literal"],
    ['1.x', "invalid character 'x' after decimal point in numeric literal"],
    ['1ex', "invalid character 'x' in exponent of numeric literal"],
    ['"a\u0001"', "invalid character '\\x01' in string literal"],
    ['"\\q"', "invalid character 'q' in string escape code"],
    ['"\\u12g4"', "invalid character 'g' in \\u hexadecimal character escape"],
    ["'x'", "invalid character '\\'' looking for beginning of value"],
    ['{"Name":', 'unexpected EOF'],
    ['', 'EOF'],
    ['  \n', 'EOF'],
  ])('decoding %j says %j', (text, message) => {
    expect(decodeError(text)).toBe(message);
  });

  it('allows 10,000 levels of nesting and refuses the next, as the Go scanner does', () => {
    const r = decodeFirstValue(Buffer.from(`${'['.repeat(10000)}${']'.repeat(10000)}`));
    expect(r.ok).toBe(true);
    expect(decodeError(`${'['.repeat(10001)}${']'.repeat(10001)}`)).toBe(
      "invalid character '[' exceeded max depth",
    );
    expect(decodeError(`${'{"a":'.repeat(10001)}1${'}'.repeat(10001)}`)).toBe(
      "invalid character '{' exceeded max depth",
    );
  });

  it('reports content after a whole text as Unmarshal does', () => {
    expect(goJsonSyntaxError('{}x')).toBe("invalid character 'x' after top-level value");
    expect(goJsonSyntaxError('{"a"')).toBe('unexpected end of JSON input');
    expect(goJsonSyntaxError(' {"a":{"b":true}} ')).toBeUndefined();
  });

  it('tells whether a decoder has more values after the first, as Decoder.More', () => {
    const rest = (t: string) => {
      const r = decodeFirstValue(Buffer.from(t));
      if (!r.ok) throw new Error(r.message);
      return decoderHasMore(r.rest);
    };
    expect(rest('{} trailing content')).toBe(true);
    expect(rest('{}{}')).toBe(true);
    expect(rest('{}  \n')).toBe(false);
    expect(rest('{}}')).toBe(false);
  });

  it('quotes bytes as Go quoteChar does', () => {
    expect(goQuoteChar('a'.charCodeAt(0))).toBe("'a'");
    expect(goQuoteChar(0x22)).toBe(`'"'`);
    expect(goQuoteChar(0x0a)).toBe("'\\n'");
    expect(goQuoteChar(0x7f)).toBe("'\\x7f'");
    expect(goQuoteChar(0xc3)).toBe("'Ã'");
  });

  it('decodes strings with escapes and surrogates like Go', () => {
    const r = decodeFirstValue(Buffer.from('"a\\u00e9\\ud83d\\ude00\\ud800x\\n"'));
    expect(r.ok && r.value).toBe('aé😀\ufffdx\n');
  });
});

describe('bindGoStruct', () => {
  const schema = {
    typeName: 'volume.CreateOptions',
    fields: {
      Name: { kind: 'string' as const },
      Labels: { kind: 'map[string]string' as const },
    },
  };
  const bind = (text: string) => {
    const r = decodeFirstValue(Buffer.from(text));
    if (!r.ok) throw new Error(r.message);
    return bindGoStruct(r.value, schema);
  };

  it('matches keys case-insensitively, ignores unknown ones, merges duplicate maps', () => {
    expect(bind('{"name":"x","Other":1,"Labels":{"a":"1"},"labels":{"b":"2"}}').out).toEqual({
      Name: 'x',
      Labels: { a: '1', b: '2' },
    });
  });

  it('keeps null maps apart from empty ones', () => {
    expect(bind('{"Labels":null}').out).toEqual({ Labels: null });
    expect(bind('{"Labels":{}}').out).toEqual({ Labels: {} });
  });

  it('reports the first type mismatch with Go’s text', () => {
    expect(bind('{"Name":5}').error).toBe(
      'json: cannot unmarshal number into Go struct field CreateOptions.Name of type string',
    );
    expect(bind('{"Labels":{"a":1}}').error).toBe(
      'json: cannot unmarshal number into Go struct field CreateOptions.Labels of type string',
    );
    expect(bind('{"Labels":"x","Name":true}').error).toBe(
      'json: cannot unmarshal string into Go struct field CreateOptions.Labels of type map[string]string',
    );
    expect(bind('[]').error).toBe('json: cannot unmarshal array into Go value of type volume.CreateOptions');
  });
});
