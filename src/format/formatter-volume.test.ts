// docker/cli v28.2.2 cli/command/formatter/volume_test.go, with a small volume context built here (the
// real one belongs to src/cli).
import { describe, expect, it } from 'vitest';
import {
  TemplateExecError,
  TemplateParseError,
  dockerTemplateErrorMessage,
  formatterContext,
  headerContext,
  renderFormatted,
} from './index.js';

interface Volume {
  Name?: string;
  Driver?: string;
  Scope?: string;
  Mountpoint?: string;
  Labels?: Record<string, string>;
}

function volumeContext(v: Volume) {
  return formatterContext({
    typeName: '*formatter.volumeContext',
    getters: {
      Name: () => v.Name ?? '',
      Driver: () => v.Driver ?? '',
      Scope: () => v.Scope ?? '',
      Mountpoint: () => v.Mountpoint ?? '',
      Labels: () =>
        Object.entries(v.Labels ?? {})
          .map(([k, x]) => `${k}=${x}`)
          .join(','),
      Links: () => 'N/A',
      Size: () => 'N/A',
      Group: () => 'N/A',
      Availability: () => 'N/A',
      Status: () => 'N/A',
    },
    methods: { Label: { params: ['string'], fn: (name: string) => v.Labels?.[name] ?? '' } },
  });
}

const header = headerContext({
  ID: 'ID',
  Name: 'VOLUME NAME',
  Group: 'GROUP',
  Driver: 'DRIVER',
  Scope: 'SCOPE',
  Availability: 'AVAILABILITY',
  Mountpoint: 'MOUNTPOINT',
  Labels: 'LABELS',
  Links: 'LINKS',
  Size: 'SIZE',
  Status: 'STATUS',
});

/** formatter.NewVolumeFormat. */
function newVolumeFormat(source: string, quiet: boolean): string {
  if (source === 'table') return quiet ? '{{.Name}}' : 'table {{.Driver}}\t{{.Name}}';
  if (source === 'raw') return quiet ? 'name: {{.Name}}' : 'name: {{.Name}}\\ndriver: {{.Driver}}\\n';
  return source;
}

/** formatter.VolumeWrite: the output, or docker's error text. */
function volumeWrite(format: string, volumes: Volume[]): string {
  try {
    return renderFormatted({ format, rows: volumes.map(volumeContext), header });
  } catch (e) {
    if (e instanceof TemplateParseError || e instanceof TemplateExecError)
      return dockerTemplateErrorMessage(e);
    throw e;
  }
}

describe('TestVolumeContext', () => {
  it.each([
    [{ Name: 'af3d6f1ce8b3' }, 'Name', 'af3d6f1ce8b3'],
    [{ Driver: 'driver_name' }, 'Driver', 'driver_name'],
    [{ Scope: 'local' }, 'Scope', 'local'],
    [{ Mountpoint: 'mountpoint' }, 'Mountpoint', 'mountpoint'],
    [{}, 'Labels', ''],
  ])('%o .%s', (v, field, want) => {
    expect(renderFormatted({ format: `{{.${field}}}`, rows: [volumeContext(v)] })).toBe(want + '\n');
  });

  it('joins labels as k=v', () => {
    const out = renderFormatted({
      format: '{{.Labels}}',
      rows: [volumeContext({ Labels: { label1: 'value1', label2: 'value2' } })],
    });
    expect(out.trim().split(',').sort()).toEqual(['label1=value1', 'label2=value2']);
  });
});

describe('TestVolumeContextWrite', () => {
  const volumes: Volume[] = [
    { Name: 'foobar_baz', Driver: 'foo' },
    { Name: 'foobar_bar', Driver: 'bar' },
  ];
  it.each([
    ['{{InvalidFunction}}', 'template parsing error: template: :1: function "InvalidFunction" not defined'],
    ['{{nil}}', 'template parsing error: template: :1:2: executing "" at <nil>: nil is not a command'],
    [newVolumeFormat('table', false), 'DRIVER    VOLUME NAME\nfoo       foobar_baz\nbar       foobar_bar\n'],
    [newVolumeFormat('table', true), 'foobar_baz\nfoobar_bar\n'],
    [newVolumeFormat('table {{.Name}}', false), 'VOLUME NAME\nfoobar_baz\nfoobar_bar\n'],
    [newVolumeFormat('table {{.Name}}', true), 'VOLUME NAME\nfoobar_baz\nfoobar_bar\n'],
    [newVolumeFormat('raw', false), 'name: foobar_baz\ndriver: foo\n\nname: foobar_bar\ndriver: bar\n\n'],
    [newVolumeFormat('raw', true), 'name: foobar_baz\nname: foobar_bar\n'],
    [newVolumeFormat('{{.Name}}', false), 'foobar_baz\nfoobar_bar\n'],
  ])('%j', (format, want) => expect(volumeWrite(format, volumes)).toBe(want));

  it('still prints the header of a table without rows, and swallows header errors', () => {
    expect(volumeWrite('table {{.Driver}}\t{{.Name}}', [])).toBe('DRIVER    VOLUME NAME\n');
    expect(volumeWrite('{{nil}}', [])).toBe('');
    expect(volumeWrite('table {{json .}}', [])).toBe('\n');
  });
});

describe('TestVolumeContextWriteJSON', () => {
  it('prints one MarshalJSON object per volume', () => {
    const out = volumeWrite('{{json .}}', [
      { Driver: 'foo', Name: 'foobar_baz' },
      { Driver: 'bar', Name: 'foobar_bar' },
    ]);
    const expected = [
      {
        Availability: 'N/A',
        Driver: 'foo',
        Group: 'N/A',
        Labels: '',
        Links: 'N/A',
        Mountpoint: '',
        Name: 'foobar_baz',
        Scope: '',
        Size: 'N/A',
        Status: 'N/A',
      },
      {
        Availability: 'N/A',
        Driver: 'bar',
        Group: 'N/A',
        Labels: '',
        Links: 'N/A',
        Mountpoint: '',
        Name: 'foobar_bar',
        Scope: '',
        Size: 'N/A',
        Status: 'N/A',
      },
    ];
    const lines = out.trim().split('\n');
    expect(lines.map((l) => JSON.parse(l) as unknown)).toEqual(expected);
    expect(lines[0]).toBe(
      '{"Availability":"N/A","Driver":"foo","Group":"N/A","Labels":"","Links":"N/A","Mountpoint":"","Name":"foobar_baz","Scope":"","Size":"N/A","Status":"N/A"}',
    );
  });

  it('escapes <, > and & inside the context JSON, like json.Marshal', () => {
    const out = volumeWrite('json', [{ Name: 'v', Labels: { a: '<x>&y' } }]);
    expect(out).toContain('"Labels":"a=\\u003cx\\u003e\\u0026y"');
  });
});

describe('TestVolumeContextWriteJSONField', () => {
  it('prints JSON strings', () => {
    const out = volumeWrite('{{json .Name}}', [
      { Driver: 'foo', Name: 'foobar_baz' },
      { Driver: 'bar', Name: 'foobar_bar' },
    ]);
    expect(
      out
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as unknown),
    ).toEqual(['foobar_baz', 'foobar_bar']);
  });
});

describe('volume context details', () => {
  it('reports unknown fields with the context type name', () => {
    expect(volumeWrite('{{.Foo}}', [{ Name: 'x' }])).toBe(
      'template parsing error: template: :1:2: executing "" at <.Foo>: can\'t evaluate field Foo in type *formatter.volumeContext',
    );
  });

  it('renders {{.Label}} headers from the label key', () => {
    const out = volumeWrite('table {{.Name}}\t{{.Label "com.example.some-label_x"}}', [
      { Name: 'v1', Labels: { 'com.example.some-label_x': 'yes' } },
    ]);
    expect(out).toBe('VOLUME NAME   some label x\nv1            yes\n');
  });
});
