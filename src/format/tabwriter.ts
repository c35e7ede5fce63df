/**
 * Go's text/tabwriter as docker/cli vendors it (`cli/command/formatter/tabwriter`): the elastic-tabstops
 * filter that aligns docker's tables. Same algorithm, same output, byte for byte.
 *
 * Input is UTF-8 text whose cells are terminated by `\t` (or `\v`); `\n` ends a line, `\f` ends a line and
 * flushes. Tab-terminated cells in consecutive lines form a column; every cell of a column is padded to
 * the column's width = max(minwidth, widest cell + padding). The text after a line's last tab is not in a
 * column and is never padded (docker's last column has no trailing blanks). A line with a single cell
 * ends all columns. Widths are display widths (go-runewidth: CJK counts 2). Text bracketed by 0xFF bytes
 * (`TabWriter.ESCAPE`) is passed through uninterpreted; pass a Uint8Array to use it.
 *
 * Docker's tables use `new TabWriter({ minwidth: 10, tabwidth: 1, padding: 3, padchar: ' ', flags: 0 })`
 * (`DOCKER_TABLE`). Usage: `w.write(text)` any number of times, then `w.flush()`, then `w.output()`.
 * Output is produced as Go produces it (flushed at single-cell lines and on flush()).
 */
import { stringWidth } from './rune-width.js';

/** Formatting flags (Go's tabwriter constants). */
export const TabFlags = {
  /** Ignore HTML tags and count entities as one character. */
  FilterHTML: 1,
  /** Drop the 0xFF escape bytes from the output. */
  StripEscape: 2,
  /** Right-align cell contents. */
  AlignRight: 4,
  /** Drop columns made only of empty `\v`-terminated cells. */
  DiscardEmptyColumns: 8,
  /** Pad leading empty cells with tabs. */
  TabIndent: 16,
  /** Print `|` between columns. */
  Debug: 32,
} as const;

export interface TabWriterOptions {
  /** Minimal cell width including padding. */
  readonly minwidth: number;
  /** Width of a tab when padchar is `\t`. */
  readonly tabwidth: number;
  /** Padding added to the widest cell of a column. */
  readonly padding: number;
  /** One ASCII padding character. */
  readonly padchar: string;
  /** OR of TabFlags. */
  readonly flags: number;
}

/** docker/cli's table settings: NewWriter(out, 10, 1, 3, ' ', 0). */
export const DOCKER_TABLE: TabWriterOptions = {
  minwidth: 10,
  tabwidth: 1,
  padding: 3,
  padchar: ' ',
  flags: 0,
};

interface Cell {
  size: number;
  width: number;
  htab: boolean;
}

const ESCAPE = 0xff;
const NL = 0x0a;

export class TabWriter {
  static readonly ESCAPE = ESCAPE;

  private readonly padbyte: number;
  private readonly flags: number;
  private out: number[] = [];
  private buf: number[] = [];
  private pos = 0;
  private cell: Cell = { size: 0, width: 0, htab: false };
  private endChar = 0;
  private lines: Cell[][] = [[]];
  private widths: number[] = [];

  constructor(private readonly opts: TabWriterOptions = DOCKER_TABLE) {
    if (opts.minwidth < 0 || opts.tabwidth < 0 || opts.padding < 0) {
      throw new Error('negative minwidth, tabwidth, or padding');
    }
    this.padbyte = opts.padchar.charCodeAt(0);
    // Tab padding enforces left alignment.
    this.flags = this.padbyte === 0x09 ? opts.flags & ~TabFlags.AlignRight : opts.flags;
  }

  /** Everything written to the output so far, as UTF-8 text. */
  output(): string {
    return Buffer.from(this.out).toString('utf8');
  }

  /** Everything written to the output so far, as bytes. */
  outputBytes(): Buffer {
    return Buffer.from(this.out);
  }

  /** Feeds text (strings are UTF-8 encoded). */
  write(data: string | Uint8Array): void {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    let n = 0;
    for (let i = 0; i < bytes.length; i++) {
      const ch = bytes[i] as number;
      if (this.endChar === 0) {
        if (ch === 0x09 || ch === 0x0b || ch === NL || ch === 0x0c) {
          this.append(bytes, n, i);
          this.updateWidth();
          n = i + 1;
          const ncells = this.terminateCell(ch === 0x09);
          if (ch === NL || ch === 0x0c) {
            this.lines.push([]);
            if (ch === 0x0c || ncells === 1) {
              this.flushBuffered();
              if (ch === 0x0c && this.flags & TabFlags.Debug) this.emit([0x2d, 0x2d, 0x2d, NL]);
            }
          }
        } else if (ch === ESCAPE) {
          this.append(bytes, n, i);
          this.updateWidth();
          n = i;
          if (this.flags & TabFlags.StripEscape) n++;
          this.endChar = ESCAPE;
        } else if ((ch === 0x3c || ch === 0x26) && this.flags & TabFlags.FilterHTML) {
          this.append(bytes, n, i);
          this.updateWidth();
          n = i;
          this.endChar = ch === 0x3c ? 0x3e : 0x3b;
        }
      } else if (ch === this.endChar) {
        const j = ch === ESCAPE && this.flags & TabFlags.StripEscape ? i : i + 1;
        this.append(bytes, n, j);
        n = i + 1;
        this.endEscape();
      }
    }
    this.append(bytes, n, bytes.length);
  }

  /** Formats and emits everything buffered; an unterminated escape counts as terminated. */
  flush(): void {
    this.flushBuffered();
  }

  private flushBuffered(): void {
    if (this.cell.size > 0) {
      if (this.endChar !== 0) this.endEscape();
      this.terminateCell(false);
    }
    this.format(0, 0, this.lines.length);
    this.reset();
  }

  private reset(): void {
    this.buf = [];
    this.pos = 0;
    this.cell = { size: 0, width: 0, htab: false };
    this.endChar = 0;
    this.lines = [[]];
    this.widths = [];
  }

  private emit(bytes: ArrayLike<number>): void {
    for (let i = 0; i < bytes.length; i++) this.out.push(bytes[i] as number);
  }

  private emitRange(from: number, to: number): void {
    for (let i = from; i < to; i++) this.out.push(this.buf[i] as number);
  }

  private append(bytes: Uint8Array, from: number, to: number): void {
    for (let i = from; i < to; i++) this.buf.push(bytes[i] as number);
    this.cell.size += to - from;
  }

  private updateWidth(): void {
    this.cell.width += stringWidth(Buffer.from(this.buf.slice(this.pos)).toString('utf8'));
    this.pos = this.buf.length;
  }

  private endEscape(): void {
    if (this.endChar === ESCAPE) {
      this.updateWidth();
      if (!(this.flags & TabFlags.StripEscape)) this.cell.width -= 2;
    } else if (this.endChar === 0x3b) {
      this.cell.width++;
    }
    this.pos = this.buf.length;
    this.endChar = 0;
  }

  private terminateCell(htab: boolean): number {
    this.cell.htab = htab;
    const line = this.lines[this.lines.length - 1] as Cell[];
    line.push(this.cell);
    this.cell = { size: 0, width: 0, htab: false };
    return line.length;
  }

  private writePadding(textw: number, cellw: number, useTabs: boolean): void {
    if (this.padbyte === 0x09 || useTabs) {
      const tw = this.opts.tabwidth;
      if (tw === 0) return;
      const width = Math.ceil(cellw / tw) * tw;
      const n = width - textw;
      if (n < 0) throw new Error('tabwriter: internal error');
      for (let k = 0; k < Math.ceil(n / tw); k++) this.out.push(0x09);
      return;
    }
    for (let k = 0; k < cellw - textw; k++) this.out.push(this.padbyte);
  }

  private writeLines(pos0: number, line0: number, line1: number): number {
    let pos = pos0;
    for (let i = line0; i < line1; i++) {
      const line = this.lines[i] as Cell[];
      let useTabs = (this.flags & TabFlags.TabIndent) !== 0;
      line.forEach((c, j) => {
        if (j > 0 && this.flags & TabFlags.Debug) this.out.push(0x7c);
        const w = this.widths[j];
        if (c.size === 0) {
          if (w !== undefined) this.writePadding(c.width, w, useTabs);
          return;
        }
        useTabs = false;
        if (!(this.flags & TabFlags.AlignRight)) {
          this.emitRange(pos, pos + c.size);
          pos += c.size;
          if (w !== undefined) this.writePadding(c.width, w, false);
        } else {
          if (w !== undefined) this.writePadding(c.width, w, false);
          this.emitRange(pos, pos + c.size);
          pos += c.size;
        }
      });
      if (i + 1 === this.lines.length) {
        this.emitRange(pos, pos + this.cell.size);
        pos += this.cell.size;
      } else {
        this.out.push(NL);
      }
    }
    return pos;
  }

  /** Formats lines [line0, line1) starting at buffer position pos0; returns the position after them. */
  private format(pos0: number, line0In: number, line1: number): number {
    let pos = pos0;
    let line0 = line0In;
    const column = this.widths.length;
    for (let t = line0; t < line1; t++) {
      if (column >= (this.lines[t] as Cell[]).length - 1) continue;
      // A cell exists in this column: print the lines before it, then size the column block.
      pos = this.writeLines(pos, line0, t);
      line0 = t;
      let width = this.opts.minwidth;
      let discardable = true;
      for (; t < line1; t++) {
        const line = this.lines[t] as Cell[];
        if (column >= line.length - 1) break;
        const c = line[column] as Cell;
        width = Math.max(width, c.width + this.opts.padding);
        if (c.width > 0 || c.htab) discardable = false;
      }
      if (discardable && this.flags & TabFlags.DiscardEmptyColumns) width = 0;
      this.widths.push(width);
      pos = this.format(pos, line0, t);
      this.widths.pop();
      line0 = t;
    }
    return this.writeLines(pos, line0, line1);
  }
}
