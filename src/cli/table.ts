import { TabWriter } from '../format/tabwriter.js';

/**
 * A docker table (formatter postFormat: tabwriter minwidth 10, padding 3) from cells, without the
 * template engine: what `table {{.A}}\t{{.B}}` renders when every cell is plain text.
 */
export function renderTable(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const tw = new TabWriter();
  tw.write(`${header.join('\t')}\n`);
  for (const row of rows) tw.write(`${row.join('\t')}\n`);
  tw.flush();
  return tw.output();
}
