// Execution semantics over the JS value model (Go-level behaviour is pinned by docker-golden.test.ts).
import { describe, expect, it } from 'vitest';
import { GoFloat, GoMap, GoNil, GoSlice, GoStruct } from './go-value.js';
import { TemplateExecError } from './template-errors.js';
import { MAX_EXEC_DEPTH } from './template-exec.js';
import { parseTemplate } from './template.js';

const run = (text: string, data: unknown, funcs = {}): string => parseTemplate(text, { funcs }).execute(data);

function execError(text: string, data: unknown, funcs = {}): TemplateExecError {
  try {
    run(text, data, funcs);
  } catch (e) {
    expect(e).toBeInstanceOf(TemplateExecError);
    return e as TemplateExecError;
  }
  throw new Error(`executed: ${text}`);
}

describe('plain JS data', () => {
  const data = {
    Name: 'v1',
    Size: 8,
    Ratio: 0.5,
    Big: 2n ** 70n,
    On: true,
    Tags: ['a', null, 2],
    Meta: { b: 2, a: 1 },
  };

  it('prints like Go values', () => {
    expect(run('{{.Name}} {{.Size}} {{.Ratio}} {{.Big}} {{.On}} {{.Tags}} {{.Meta}}', data)).toBe(
      'v1 8 0.5 1180591620717411303424 true [a <nil> 2] map[a:1 b:2]',
    );
    expect(run('{{.}}', null)).toBe('<no value>');
    expect(run('{{.}}', undefined)).toBe('<no value>');
    expect(run('{{.Missing}}|{{index .Meta "zz"}}', data)).toBe('<no value>|<no value>');
  });

  it('treats plain objects as map[string]interface{}', () => {
    expect(run('{{printf "%T %T %T %T" . .Tags .Ratio .Size}}', data)).toBe(
      'map[string]interface {} []interface {} float64 int',
    );
    expect(execError('{{.Name.X}}', data).message).toBe(
      'template: :1:7: executing "" at <.Name.X>: can\'t evaluate field X in type interface {}',
    );
    expect(execError('{{.Nil.X}}', { Nil: null }).message).toContain('nil pointer evaluating interface {}.X');
    expect(run('{{.Absent.X}}', {})).toBe('<no value>');
  });

  it('ranges over arrays and objects (sorted keys), with else, break and continue', () => {
    expect(run('{{range $i, $t := .Tags}}{{$i}}={{$t}} {{end}}', data)).toBe('0=a 1=<no value> 2=2 ');
    expect(run('{{range $k, $v := .Meta}}{{$k}}{{$v}}{{end}}', data)).toBe('a1b2');
    expect(run('{{range .Empty}}x{{else}}none{{end}}', { Empty: [] })).toBe('none');
    expect(
      run(
        '{{range .}}{{if eq . 3}}{{break}}{{end}}{{if eq . 1}}{{continue}}{{end}}{{.}}{{end}}',
        [0, 1, 2, 3, 4],
      ),
    ).toBe('02');
    expect(run('{{range $i := 3}}{{$i}}{{end}}', null)).toBe('012');
  });

  it('is Go-truthy', () => {
    const t = '{{if .}}T{{else}}F{{end}}';
    expect(
      [0, '', null, [], {}, false, new GoMap(null), new GoNil('*x.Y')].map((v) => run(t, v)).join(''),
    ).toBe('FFFFFFFF');
    expect(
      [1, 'x', [0], { a: 0 }, true, new GoStruct('x.Y', {}), new GoFloat(0.1)].map((v) => run(t, v)).join(''),
    ).toBe('TTTTTTT');
  });

  it('calls function-valued properties as methods, with arguments', () => {
    const obj = { Hello: (who: unknown) => `hi ${String(who)}`, Count: () => 3, Nil: () => null };
    expect(run('{{.Hello "bob"}} {{.Count}} {{.Hello .Count}} {{.Nil}}', obj)).toBe(
      'hi bob 3 hi 3 <no value>',
    );
    expect(execError('{{.Hello}}', obj).message).toContain('wrong number of args for Hello: want 1 got 0');
  });

  it('distinguishes int from float64 like Go', () => {
    expect(run('{{eq .A 2}}', { A: 2 })).toBe('true');
    expect(execError('{{eq .A 2}}', { A: new GoFloat(2) }).message).toContain(
      'error calling eq: incompatible types for comparison',
    );
    expect(run('{{eq .A 2.0}} {{.A}}', { A: new GoFloat(2) })).toBe('true 2');
  });
});

describe('Go value wrappers', () => {
  const vol = new GoStruct(
    'volume.Volume',
    {
      Name: 'v1',
      Labels: new GoMap({ k: 'v' }, { elem: 'string' }),
      Usage: new GoNil('*volume.UsageData'),
      lower: 1,
    },
    { methods: { Label: { params: ['string'], fn: (k: string) => `<${k}>` } } },
  );

  it('GoStruct: fields, methods, Go errors', () => {
    expect(run('{{.Name}} {{.Label "x"}} {{.}}', vol)).toBe('v1 <x> {v1 map[k:v] <nil> 1}');
    expect(execError('{{.Nope}}', vol).message).toBe(
      'template: :1:2: executing "" at <.Nope>: can\'t evaluate field Nope in type volume.Volume',
    );
    expect(execError('{{.lower}}', vol).message).toContain(
      'lower is an unexported field of struct type volume.Volume',
    );
    expect(execError('{{.Name 1}}', vol).message).toContain(
      'Name has arguments but cannot be invoked as function',
    );
    expect(execError('{{.Label 1}}', vol).message).toContain('at <1>: expected string; found 1');
    expect(execError('{{.Usage.Size}}', vol).message).toContain(
      'nil pointer evaluating *volume.UsageData.Size',
    );
  });

  it('GoMap: missing keys are <no value> via fields, the zero value via index', () => {
    expect(run('{{.Labels.nope}}|{{index .Labels "nope"}}|{{len .Labels}}', vol)).toBe('<no value>||1');
    const ints = new GoMap({}, { elem: 'int' });
    expect(run('{{index . "x"}}', ints)).toBe('0');
    expect(run('{{.}} {{len .}}', new GoMap(null))).toBe('map[] 0');
  });

  it('GoSlice: typed elements', () => {
    const s = new GoSlice(['a', 'b'], { elem: 'string' });
    expect(run('{{.}} {{printf "%T" .}} {{index . 1}} {{slice . 1}}', s)).toBe('[a b] []string b [b]');
    expect(execError('{{range .}}{{.X}}{{end}}', s).message).toContain(
      "can't evaluate field X in type string",
    );
  });
});

describe('functions', () => {
  it('passes unwrapped JS values to plain functions and reports throws as Go errors', () => {
    const funcs = {
      kind: (v: unknown) => (v === null ? 'nil' : Array.isArray(v) ? 'array' : typeof v),
      boom: () => {
        throw new Error('it broke');
      },
    };
    expect(
      run('{{kind .A}} {{kind .B}} {{kind .C}} {{kind nil}} {{kind 1}}', { A: 'x', B: [1], C: null }, funcs),
    ).toBe('string array nil nil number');
    expect(execError('x{{boom}}', null, funcs)).toMatchObject({
      message: 'template: :1:3: executing "" at <boom>: error calling boom: it broke',
      partialOutput: 'x',
    });
  });

  it('checks typed parameters', () => {
    const funcs = { rep: { params: ['string', 'int'] as const, fn: (s: string, n: number) => s.repeat(n) } };
    expect(run('{{rep "ab" 2}} {{2 | rep "cd"}}', null, funcs)).toBe('abab cdcd');
    expect(execError('{{"x" | rep "y"}}', null, funcs).message).toContain(
      'wrong type for value; expected int; got string',
    );
    expect(execError('{{rep "a" 1.5}}', null, funcs).message).toContain(
      'at <1.5>: expected integer; found 1.5',
    );
    expect(execError('{{rep "a"}}', null, funcs).message).toContain(
      'wrong number of args for rep: want 2 got 1',
    );
  });

  it('withFuncs swaps functions for the same parse tree', () => {
    const tmpl = parseTemplate('{{shout .}}', { funcs: { shout: (s: unknown) => String(s).toUpperCase() } });
    expect(tmpl.execute('hi')).toBe('HI');
    expect(tmpl.withFuncs({ shout: (s: unknown) => String(s) }).execute('hi')).toBe('hi');
  });
});

describe('templates', () => {
  it('define, template, block and executeTemplate', () => {
    const t = parseTemplate(
      '{{define "row"}}[{{.}}]{{end}}{{template "row" .A}}{{block "b" .B}}<{{.}}>{{end}}',
    );
    expect(t.execute({ A: 1, B: 2 })).toBe('[1]<2>');
    expect(t.executeTemplate('row', 'x')).toBe('[x]');
    expect(t.templateNames().sort()).toEqual(['', 'b', 'row']);
  });

  it('reports errors inside a defined template under its name', () => {
    expect(execError('{{define "x"}}\n{{.Nope}}{{end}}{{template "x" 1}}', null).message).toBe(
      'template: :2:2: executing "x" at <.Nope>: can\'t evaluate field Nope in type int',
    );
  });

  it('caps recursion', () => {
    expect(execError('{{define "r"}}{{template "r" .}}{{end}}{{template "r" .}}', 1).message).toContain(
      `exceeded maximum template depth (${MAX_EXEC_DEPTH})`,
    );
  });

  it('keeps the output written before an error', () => {
    expect(execError('a{{.X}}b{{.X.Y}}c', { X: 'x' }).partialOutput).toBe('axb');
  });
});
