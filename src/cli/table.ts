import { stringWidth } from '../format/rune-width.js';
import { TabWriter } from '../format/tabwriter.js';

const minWidth = 10;
const padding = 3;

/**
 * A docker table (formatter postFormat: tabwriter minwidth 10, padding 3) from cells, without the
 * template engine: what `table {{.A}}\t{{.B}}` renders when every cell is plain text. For a table
 * whose lines all have the same cells, Go's tabwriter pads every column but the last to
 * max(10, widest cell + 3); that is computed here directly, other tables go through the TabWriter.
 */
export function renderTable(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const lines = [header, ...rows];
  const n = header.length;
  const plain = lines.every((l) => l.length === n && l.every((c) => !/[\t\n\v\f\r]/.test(c)));
  if (!plain) return viaTabWriter(lines);
  const widths = new Array<number>(n).fill(minWidth);
  const cellWidths = lines.map((l) => l.map(stringWidth));
  for (const w of cellWidths) {
    for (let j = 0; j < n - 1; j++) widths[j] = Math.max(widths[j] as number, (w[j] as number) + padding);
  }
  let out = '';
  lines.forEach((line, i) => {
    for (let j = 0; j < n - 1; j++) {
      out += (line[j] as string) + ' '.repeat((widths[j] as number) - (cellWidths[i]?.[j] as number));
    }
    out += `${line[n - 1] ?? ''}\n`;
  });
  return out;
}

function viaTabWriter(lines: ReadonlyArray<readonly string[]>): string {
  const tw = new TabWriter();
  for (const line of lines) tw.write(`${line.join('\t')}\n`);
  tw.flush();
  return tw.output();
}
