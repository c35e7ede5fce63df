// text/template builtins on the JS value model (their Go texts are pinned by docker-golden.test.ts).
import { describe, expect, it } from 'vitest';
import { htmlEscape, jsEscape, urlQueryEscape } from './template-builtins.js';
import { GoStruct } from './go-value.js';
import { parseTemplate } from './template.js';

const run = (text: string, data: unknown = null): string => parseTemplate(text).execute(data);
const fails = (text: string, data: unknown = null): string => {
  try {
    run(text, data);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('no error');
};

describe('escapers', () => {
  it('match Go', () => {
    expect(htmlEscape(`<a href='x'>&"\0`)).toBe('&lt;a href=&#39;x&#39;&gt;&amp;&#34;\ufffd');
    expect(jsEscape('it\'s <b> & = "q" \\ é \u0001 \u2028')).toBe(
      'it\\\'s \\u003Cb\\u003E \\u0026 \\u003D \\"q\\" \\\\ é \\u0001 \\u2028',
    );
    expect(urlQueryEscape('a b&c=d/é~')).toBe('a+b%26c%3Dd%2F%C3%A9~');
    expect(run('{{html 1 "<" 2}} {{urlquery "a b" "c"}}')).toBe('1&lt;2 a+bc');
  });
});

describe('and / or / not', () => {
  it('short-circuit and return the deciding operand', () => {
    expect(run('{{and 1 0 2}} {{or 0 "" "x"}} {{and 1 2}} {{or 0 ""}}|{{not 0}}')).toBe('0 x 2 |true');
    expect(run('{{and .A .B.C}}', { A: 0 })).toBe('0');
    expect(run('{{or .A .B}}', { B: [1] })).toBe('[1]');
  });
});

describe('index / slice / len', () => {
  const data = { list: ['a', 'b', 'c'], m: { k: 'v' }, s: 'héllo' };
  it('index slices, maps and strings (bytes)', () => {
    expect(run('{{index .list 1}} {{index .m "k"}} {{index .s 1}} {{index . "list" 2}}', data)).toBe(
      'b v 195 c',
    );
    expect(fails('{{index .list 3}}', data)).toContain(
      'error calling index: reflect: slice index out of range',
    );
    expect(fails('{{index .list 4}}', data)).toContain('error calling index: index out of range: 4');
    expect(fails('{{index .m 1}}', data)).toContain(
      'error calling index: value has type int; should be string',
    );
  });

  it('slice and len', () => {
    expect(run('{{slice .list 1}} {{slice .list 1 2}} {{slice .s 0 2}} {{len .s}} {{len .m}}', data)).toBe(
      '[b c] [b] h\ufffd 6 1',
    );
    expect(fails('{{slice .list 2 1}}', data)).toContain('invalid slice index: 2 > 1');
  });
});

describe('comparisons', () => {
  it('compare basic kinds, strings bytewise', () => {
    expect(
      run(
        '{{lt "a" "b"}} {{lt "\uffff" "\u{10000}"}} {{ge 2 2}} {{gt 1.5 0.5}} {{ne "a" "a"}} {{eq 1 2 3 1}}',
      ),
    ).toBe('true true true true false true');
    expect(fails('{{lt true false}}')).toContain('error calling lt: invalid type for comparison');
    expect(fails('{{eq 1}}')).toContain('error calling eq: missing argument for comparison');
  });

  it('compare structs by value and refuse non-comparable ones', () => {
    const a = new GoStruct('t.P', { X: 1 });
    const b = new GoStruct('t.P', { X: 1 });
    expect(run('{{eq .A .B}}', { A: a, B: b })).toBe('true');
    expect(fails('{{eq .A .A}}', { A: [1] })).toContain(
      'error calling eq: non-comparable type [%!s(int=1)]: []interface {}',
    );
  });
});

describe('call', () => {
  it('calls function values held in struct fields', () => {
    const data = new GoStruct('t.T', { F: (a: unknown, b: unknown) => `${String(a)}+${String(b)}`, N: null });
    expect(run('{{call .F 1 "x"}}', data)).toBe('1+x');
    expect(fails('{{call .F 1}}', data)).toContain(
      'error calling call: wrong number of args for .F: got 1 want 2',
    );
    expect(fails('{{call .N}}', data)).toContain('error calling call: call of nil');
    expect(fails('{{.F}}', data)).toBe(
      'template: :1:2: executing "" at <{{.F}}>: can\'t print {{.F}} of type func()',
    );
  });
});
