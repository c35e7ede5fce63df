import { describe, expect, it } from 'vitest';
import { JSON_FORMAT, isJSONFormat, isTableFormat, templateText } from './formatter-format.js';

describe('format strings (docker preFormat)', () => {
  it('recognises table and json', () => {
    expect(isTableFormat('table')).toBe(true);
    expect(isTableFormat('table {{.Name}}')).toBe(true);
    expect(isTableFormat('tablex')).toBe(true);
    expect(isTableFormat(' table')).toBe(false);
    expect(isJSONFormat('json')).toBe(true);
    expect(isJSONFormat('{{json .}}')).toBe(false);
  });

  it('resolves the template text', () => {
    expect(templateText('table {{.Driver}}\\t{{.Name}}')).toBe('{{.Driver}}\t{{.Name}}');
    expect(templateText('json')).toBe(JSON_FORMAT);
    expect(templateText('  {{.Name}}\\n  ')).toBe('{{.Name}}\n');
    expect(templateText('\t{{.Name}} ')).toBe('\t{{.Name}}');
    expect(templateText('name: {{.Name}}\\ndriver: {{.Driver}}\\n')).toBe(
      'name: {{.Name}}\ndriver: {{.Driver}}\n',
    );
  });
});
