// docker/cli v28.2.2 templates/templates_test.go, plus the functions' edge cases (checked against docker).
import { describe, expect, it } from 'vitest';
import { dockerFuncs, dockerHeaderFuncs, goSplit, goTitle, goToUpper } from './docker-funcs.js';
import { GoMap } from './go-value.js';
import { TemplateExecError } from './template-errors.js';
import { parseTemplate } from './template.js';

const parse = (text: string) => parseTemplate(text, { funcs: dockerFuncs });

describe('templates_test.go', () => {
  it('TestParseJSONFunctions (GitHub #32120: no HTML escaping)', () => {
    const data = new GoMap({ Ports: '0.0.0.0:2->8/udp' }, { elem: 'string' });
    expect(parse('{{json .Ports}}').execute(data)).toBe('"0.0.0.0:2->8/udp"');
  });

  it('TestParseStringFunctions', () => {
    expect(parse('{{join (split . ":") "/"}}').execute('text:with:colon')).toBe('text/with/colon');
  });

  it('TestNewParse', () => {
    expect(parse('this is a {{ . }}').execute('string')).toBe('this is a string');
  });

  describe('TestParseTruncateFunction', () => {
    const source = 'tupx5xzf6hvsrhnruz5cr8gwp';
    it.each([
      ['{{truncate . 5}}', 'tupx5'],
      ['{{truncate . 25}}', 'tupx5xzf6hvsrhnruz5cr8gwp'],
      ['{{truncate . 30}}', 'tupx5xzf6hvsrhnruz5cr8gwp'],
      ['{{pad . 3 3}}', '   tupx5xzf6hvsrhnruz5cr8gwp   '],
    ])('%s', (template, want) => {
      const tm = parse(template);
      expect(tm.execute(source)).toBe(want);
      expect(tm.execute('')).toBe('');
      expect(() => tm.execute(null)).toThrow(TemplateExecError);
    });
  });

  describe('TestHeaderFunctions', () => {
    it.each([
      '{{ json .}}',
      '{{ split . ","}}',
      '{{ join . ","}}',
      '{{ title .}}',
      '{{ lower .}}',
      '{{ upper .}}',
      '{{ truncate . 2}}',
    ])('%s leaves the header unchanged', (template) => {
      const tm = parseTemplate(template, { funcs: { ...dockerFuncs, ...dockerHeaderFuncs } });
      expect(tm.execute('hello world')).toBe('hello world');
    });

    it('keeps pad, which is not a header function', () => {
      expect(parse('{{pad . 1 1}}').withFuncs(dockerHeaderFuncs).execute('NAME')).toBe(' NAME ');
    });
  });
});

describe('docker functions', () => {
  it('json encodes like encoding/json without HTML escaping', () => {
    expect(parse('{{json .}}').execute({ b: [1, 'x<y', null], a: true })).toBe(
      '{"a":true,"b":[1,"x<y",null]}',
    );
    expect(parse('{{json .}}').execute(null)).toBe('null');
    expect(parse('{{json 1.5}}').execute(null)).toBe('1.5');
  });

  it('split returns a []string', () => {
    expect(parse('{{split . ","}} {{printf "%T" (split . ",")}} {{len (split "" ",")}}').execute('a,b')).toBe(
      '[a b] []string 1',
    );
    expect(goSplit('héé', '')).toEqual(['h', 'é', 'é']);
    expect(goSplit('', '')).toEqual([]);
  });

  it('join only takes a []string, like strings.Join', () => {
    expect(parse('{{join (split . ",") "+"}}').execute('a,b')).toBe('a+b');
    expect(parse('{{join nil "+"}}|').execute(null)).toBe('|');
    expect(() => parse('{{join . ","}}').execute(['a'])).toThrow(
      'template: :1:7: executing "" at <.>: wrong type for value; expected []string; got []interface {}',
    );
  });

  it('title upper-cases after separators; upper/lower map rune by rune', () => {
    expect(goTitle('hello wORLD-x_y')).toBe('Hello WORLD-X_y');
    expect(goTitle('élan vital')).toBe('Élan Vital');
    expect(goToUpper('straße')).toBe('STRAßE');
    expect(parse('{{lower "ÀÉ"}}').execute(null)).toBe('àé');
  });

  it('pad and truncate fail like Go on negative counts', () => {
    expect(() => parse('{{pad . -1 0}}').execute('x')).toThrow(
      'error calling pad: strings: negative Repeat count',
    );
    expect(() => parse('{{truncate . -1}}').execute('x')).toThrow(
      'error calling truncate: runtime error: slice bounds out of range [:-1]',
    );
    expect(parse('{{truncate . 2}}').execute('héllo')).toBe('h\ufffd');
  });

  it('checks argument types like Go', () => {
    expect(() => parse('{{upper 3}}').execute(null)).toThrow('at <3>: expected string; found 3');
    expect(() => parse('{{truncate . "a"}}').execute('x')).toThrow('at <"a">: expected integer; found "a"');
    expect(() => parse('{{upper .}}').execute({})).toThrow(
      'wrong type for value; expected string; got map[string]interface {}',
    );
  });
});
