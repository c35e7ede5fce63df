/**
 * The first record of Go's encoding/csv Reader (default settings: `,` separator, `"` quoting, `""`
 * for a quote inside a quoted field), as docker's `--mount` and `--network` flags read their values.
 * Throws an Error with Go's `parse error on line 1, column N: …` text for a quote in the wrong place.
 */
export function readCsvRecord(text: string): string[] {
  const line = text.split('\n')[0]?.replace(/\r$/, '') ?? '';
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    if (line[i] !== '"') {
      const end = line.indexOf(',', i);
      const field = end < 0 ? line.slice(i) : line.slice(i, end);
      const quote = field.indexOf('"');
      if (quote >= 0) throw csvError(i + quote + 1, 'bare " in non-quoted-field');
      fields.push(field);
      if (end < 0) return fields;
      i = end + 1;
      continue;
    }
    let field = '';
    let j = i + 1;
    for (;;) {
      const q = line.indexOf('"', j);
      if (q < 0) throw csvError(line.length + 1, 'extraneous or missing " in quoted-field');
      field += line.slice(j, q);
      const next = line[q + 1];
      if (next === '"') {
        field += '"';
        j = q + 2;
        continue;
      }
      if (next === undefined || next === ',') {
        fields.push(field);
        if (next === undefined) return fields;
        i = q + 2;
        break;
      }
      throw csvError(q + 2, 'extraneous or missing " in quoted-field');
    }
  }
}

function csvError(column: number, what: string): Error {
  return new Error(`parse error on line 1, column ${column}: ${what}`);
}
