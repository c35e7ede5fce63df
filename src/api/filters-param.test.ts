import { describe, expect, it } from 'vitest';
import { parseFiltersParam } from './filters-param.js';

const v150 = { legacy: false, context: 'error reading volume filters' };
const v141 = { legacy: true, context: 'error reading volume filters' };

describe('parseFiltersParam (moby filters.FromJSON)', () => {
  it('reads both encodings', () => {
    expect(parseFiltersParam('{"name":{"a":true,"b":true},"label":{"x=1":true}}', v150)).toEqual({
      name: ['a', 'b'],
      label: ['x=1'],
    });
    expect(parseFiltersParam('{"name":["a","b"]}', v150)).toEqual({ name: ['a', 'b'] });
    expect(parseFiltersParam('', v150)).toEqual({});
    expect(parseFiltersParam(null, v150)).toEqual({});
    expect(parseFiltersParam('null', v150)).toEqual({});
  });

  it('says only "invalid filter" at API ≥ 1.42', () => {
    for (const bad of ['nope', '[]', '{"name":"x"}', '{"name":{"a":"yes"}}', '{"name":[1]}']) {
      expect(() => parseFiltersParam(bad, v150)).toThrow(/^error reading volume filters: invalid filter$/);
    }
  });

  it('says what Go’s decoder said at API ≤ 1.41', () => {
    expect(() => parseFiltersParam('nope', v141)).toThrow(
      "error reading volume filters: invalid character 'o' in literal null (expecting 'u')",
    );
    expect(() => parseFiltersParam('{"name":"x"}', v141)).toThrow(
      'error reading volume filters: json: cannot unmarshal string into Go value of type map[string]bool',
    );
  });
});
