import { describe, expect, it } from 'vitest';
import { compactJSON, goJSONMarshal, goJSONQuote } from './go-json.js';
import { GoFloat, GoMap, GoNil, GoSlice, GoStruct } from './go-value.js';

const marshal = (v: unknown, escapeHTML = true): string => goJSONMarshal(v, { escapeHTML });

describe('goJSONMarshal (encoding/json)', () => {
  it('encodes scalars like Go', () => {
    expect(marshal('a"\\\n\t\b\f\u0001\u2028<>&')).toBe(
      '"a\\"\\\\\\n\\t\\b\\f\\u0001\\u2028\\u003c\\u003e\\u0026"',
    );
    expect(marshal('<>&', false)).toBe('"<>&"');
    expect(marshal('\ud800')).toBe('"\\ufffd"');
    expect(marshal(3)).toBe('3');
    expect(marshal(new GoFloat(3))).toBe('3');
    expect(marshal(1e-7)).toBe('1e-7');
    expect(marshal(2n ** 64n)).toBe('18446744073709551616');
    expect(marshal(null)).toBe('null');
    expect(marshal(true)).toBe('true');
  });

  it('sorts map keys and keeps struct field order, honouring tags', () => {
    expect(marshal({ b: 1, a: [null, 'x'] })).toBe('{"a":[null,"x"],"b":1}');
    expect(marshal(new GoMap(null))).toBe('null');
    expect(marshal(new GoNil('[]string'))).toBe('null');
    expect(marshal(new GoSlice([], { elem: 'string' }))).toBe('[]');
    const s = new GoStruct(
      'volume.Volume',
      {
        Name: 'v',
        Labels: new GoMap(null, { elem: 'string' }),
        Status: new GoMap({}),
        Secret: 'x',
        hidden: 1,
        Renamed: 2,
      },
      { jsonTags: { Status: 'Status,omitempty', Secret: '-', Renamed: 'r' } },
    );
    expect(marshal(s)).toBe('{"Name":"v","Labels":null,"r":2}');
  });

  it('uses toGoJSON (MarshalJSON) output, compacted', () => {
    const v = { toGoJSON: () => '{ "a" : "<\\u003e" ,\n "b":[1, 2] }' };
    expect(marshal([v])).toBe('[{"a":"\\u003c\\u003e","b":[1,2]}]');
    expect(marshal(v, false)).toBe('{"a":"<\\u003e","b":[1,2]}');
  });

  it('rejects what Go rejects', () => {
    expect(() => marshal(NaN)).toThrow('json: unsupported value: NaN');
    expect(() => marshal(new GoStruct('t', { F: () => 1 }))).toThrow('json: unsupported type: func()');
  });

  it('exposes the quoting and compaction helpers', () => {
    expect(goJSONQuote('é', true)).toBe('"é"');
    expect(compactJSON(' [ "a b" , 1 ] ', false)).toBe('["a b",1]');
  });
});
