// Parse errors carry Go's exact text (more cases, recorded from docker, are in docker-golden.test.ts).
import { describe, expect, it } from 'vitest';
import { TemplateParseError } from './template-errors.js';
import { TemplateLexer, itemString } from './template-lexer.js';
import { parseTemplate } from './template.js';

function parseError(text: string, funcs = {}): string {
  try {
    parseTemplate(text, { funcs });
  } catch (e) {
    expect(e).toBeInstanceOf(TemplateParseError);
    return (e as Error).message;
  }
  throw new Error(`parsed: ${text}`);
}

describe('lexer', () => {
  it('produces Go items, honouring trim markers', () => {
    const lex = new TemplateLexer('a  {{- .X | f "s" 1 -}}  b', { breakOK: true, continueOK: true });
    const items: string[] = [];
    for (;;) {
      const i = lex.nextItem();
      items.push(`${i.typ}:${itemString(i)}`);
      if (i.typ === 'eof' || i.typ === 'error') break;
    }
    expect(items).toEqual([
      'text:"a"',
      'leftDelim:"{{"',
      'field:".X"',
      'space:" "',
      'pipe:"|"',
      'space:" "',
      'identifier:"f"',
      'space:" "',
      'string:"\\"s\\""',
      'space:" "',
      'number:"1"',
      'rightDelim:"}}"',
      'text:"b"',
      'eof:EOF',
    ]);
  });

  it('treats break/continue as identifiers when functions of those names exist', () => {
    const lex = new TemplateLexer('{{break}}', { breakOK: false, continueOK: true });
    lex.nextItem();
    expect(lex.nextItem().typ).toBe('identifier');
  });
});

describe('parse errors', () => {
  it.each([
    ['{{InvalidFunction}}', 'template: :1: function "InvalidFunction" not defined'],
    ['{{.Name }', 'template: :1: unexpected "}" in operand'],
    ['{{3}', 'template: :1: unexpected "}" in operand'],
    ['{{.Name}', "template: :1: bad character U+007D '}'"],
    ['{{.Name', 'template: :1: unclosed action'],
    ['{{}}', 'template: :1: missing value for command'],
    ['{{if}}{{end}}', 'template: :1: missing value for if'],
    ['{{end}}', 'template: :1: unexpected {{end}}'],
    ['{{range .}}', 'template: :1: unexpected EOF'],
    ['{{$x}}', 'template: :1: undefined variable "$x"'],
    ['{{break}}', 'template: :1: {{break}} outside {{range}}'],
    ['{{range .}}{{continue 1}}{{end}}', 'template: :1: unexpected "1" in {{continue}}'],
    ['{{.X | 3}}', 'template: :1: non executable command in pipeline stage 2'],
    ['{{"x".Y}}', 'template: :1: unexpected . after term "\\"x\\""'],
    ['{{1e}}', 'template: :1: illegal number syntax: "1e"'],
    ['{{1x}}', 'template: :1: bad number syntax: "1x"'],
    ['{{99999999999999999999}}', 'template: :1: integer overflow: "99999999999999999999"'],
    ["{{'ab'}}", "template: :1: malformed character constant: 'ab'"],
    ['{{"\\q"}}', 'template: :1: invalid syntax'],
    ['{{#}}', 'template: :1: unexpected "#" in command'],
    ['{{.A#}}', "template: :1: bad character U+0023 '#'"],
    ['{{\u00a0}}', 'template: :1: unrecognized character in action: U+00A0'],
    ['{{/* x */ .A}}', 'template: :1: comment ends before closing delimiter'],
    ['{{/* x', 'template: :1: unclosed comment'],
    ['{{(.A}}', 'template: :1: unclosed left paren'],
    ['{{.A)}}', 'template: :1: unexpected right paren'],
    ['{{"abc}}', 'template: :1: unterminated quoted string'],
    ['{{`abc}}', 'template: :1: unterminated raw quoted string'],
    ['{{range $a, $b, $c := .}}{{end}}', 'template: :1: too many declarations in range'],
    ['{{range $a, 1}}{{end}}', 'template: :1: range can only initialize variables'],
    ['{{$a, $b := 1}}', 'template: :1: too many declarations in command'],
    ['{{if 1}}{{else}}{{else}}{{end}}', 'template: :1: expected end; found {{else}}'],
    [
      '{{define "a"}}x{{end}}{{define "a"}}y{{end}}',
      'template: :1: template: multiple definition of template "a"',
    ],
    ['{{template x}}', 'template: :1: unexpected "x" in template clause'],
    ['{{:}}', 'template: :1: expected :='],
  ])('%j', (text, want) => expect(parseError(text)).toBe(want));

  it('reports the line of the last token read, and where a multi-line action started', () => {
    expect(parseError('x\n{{.Name\n')).toBe('template: :3: unclosed action started at :2');
    expect(parseError('a\nb\n{{.Name\nc')).toBe('template: :4: function "c" not defined');
    expect(parseError('x\n{{ (\n.A }}')).toBe('template: :3: unclosed left paren in action started at :2');
    expect(parseError('\n\n{{"abc\n"}}')).toBe('template: :3: unterminated quoted string');
    expect(parseError('{{if 1}}\n\n{{else}}\n{{end 1}}')).toBe('template: :4: unexpected "1" in end');
  });

  it('knows user functions at parse time', () => {
    expect(() => parseTemplate('{{f}}', { funcs: { f: () => 'x' } })).not.toThrow();
    expect(parseError('{{f}}')).toBe('template: :1: function "f" not defined');
  });

  it('lets a function named break shadow the keyword', () => {
    expect(parseTemplate('{{break}}', { funcs: { break: () => 'b' } }).execute(null)).toBe('b');
  });
});

describe('accepted syntax', () => {
  it.each([
    ['{{.A\n}}', 'a'],
    ['{{- 3}}', '3'],
    ['{{-3}}', '-3'],
    ['x  {{- /* c */ -}}  y', 'xy'],
    ['{{/*\nmulti\n*/}}ok', 'ok'],
    ['{{`raw\nline`}}', 'raw\nline'],
    ['{{0x1p-2}} {{1_000}} {{0b101}} {{0o17}} {{017}} {{1.5e3}} {{.5}}', '0.25 1000 5 15 15 1500 0.5'],
    ["{{'a'}} {{'\\n'}} {{1i}} {{1+2i}}", '97 10 (0+1i) (1+2i)'],
    ['{{.A | printf "%s-%s" "b"}}', 'b-a'],
    ['{{with $x := .A}}{{$x}}{{end}}', 'a'],
    ['{{if .B}}b{{else if .A}}a{{end}}', 'a'],
    ['{{with .B}}b{{else with .A}}{{.}}{{end}}', 'a'],
  ])('%j', (text, want) => expect(parseTemplate(text).execute({ A: 'a', B: '' })).toBe(want));
});
