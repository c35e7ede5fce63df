// The table of docker/cli's vendored tabwriter_test.go (same as Go's text/tabwriter tests), each source
// written all at once, byte by byte and in Fibonacci-sized slices. `ÿ` below stands for the 0xFF escape
// byte (the sources contain no real `ÿ`).
import { describe, expect, it } from 'vitest';
import { DOCKER_TABLE, TabFlags, TabWriter } from './tabwriter.js';

const { FilterHTML, StripEscape, AlignRight, DiscardEmptyColumns, Debug } = TabFlags;

function bytes(s: string): Buffer {
  const parts = s.split('ÿ').map((p) => Buffer.from(p, 'utf8'));
  const out: Buffer[] = [];
  parts.forEach((p, i) => {
    if (i > 0) out.push(Buffer.from([0xff]));
    out.push(p);
  });
  return Buffer.concat(out);
}

type Case = [
  name: string,
  minwidth: number,
  tabwidth: number,
  padding: number,
  padchar: string,
  flags: number,
  src: string,
  expected: string,
];

// prettier-ignore
const CASES: Case[] = [
  ['1a', 8, 0, 1, '.', 0, '', ''],
  ['1a debug', 8, 0, 1, '.', Debug, '', ''],
  ['1b esc stripped', 8, 0, 1, '.', StripEscape, 'ÿÿ', ''],
  ['1b esc', 8, 0, 1, '.', 0, 'ÿÿ', 'ÿÿ'],
  ['1c esc stripped', 8, 0, 1, '.', StripEscape, 'ÿ\tÿ', '\t'],
  ['1c esc', 8, 0, 1, '.', 0, 'ÿ\tÿ', 'ÿ\tÿ'],
  ['1d esc stripped', 8, 0, 1, '.', StripEscape, 'ÿ"foo\t\n\tbar"ÿ', '"foo\t\n\tbar"'],
  ['1d esc', 8, 0, 1, '.', 0, 'ÿ"foo\t\n\tbar"ÿ', 'ÿ"foo\t\n\tbar"ÿ'],
  ['1e esc stripped', 8, 0, 1, '.', StripEscape, 'abcÿ\tdef', 'abc\tdef'],
  ['1e esc', 8, 0, 1, '.', 0, 'abcÿ\tdef', 'abcÿ\tdef'],
  ['2', 8, 0, 1, '.', 0, '\n\n\n', '\n\n\n'],
  ['3', 8, 0, 1, '.', 0, 'a\nb\nc', 'a\nb\nc'],
  ['4a', 8, 0, 1, '.', 0, '\t', ''],
  ['4b', 8, 0, 1, '.', AlignRight, '\t', ''],
  ['5', 8, 0, 1, '.', 0, '*\t*', '*.......*'],
  ['5b', 8, 0, 1, '.', 0, '*\t*\n', '*.......*\n'],
  ['5c', 8, 0, 1, '.', 0, '*\t*\t', '*.......*'],
  ['5c debug', 8, 0, 1, '.', Debug, '*\t*\t', '*.......|*'],
  ['5d', 8, 0, 1, '.', AlignRight, '*\t*\t', '.......**'],
  ['6', 8, 0, 1, '.', 0, '\t\n', '........\n'],
  ['7a', 8, 0, 1, '.', 0, 'a) foo', 'a) foo'],
  ['7b', 8, 0, 1, ' ', 0, 'b) foo\tbar', 'b) foo  bar'],
  ['7c', 8, 0, 1, '.', 0, 'c) foo\tbar\t', 'c) foo..bar'],
  ['7d', 8, 0, 1, '.', 0, 'd) foo\tbar\n', 'd) foo..bar\n'],
  ['7e', 8, 0, 1, '.', 0, 'e) foo\tbar\t\n', 'e) foo..bar.....\n'],
  ['7f', 8, 0, 1, '.', FilterHTML, 'f) f&lt;o\t<b>bar</b>\t\n', 'f) f&lt;o..<b>bar</b>.....\n'],
  ['7g', 8, 0, 1, '.', FilterHTML, 'g) f&lt;o\t<b>bar</b>\t non-terminated entity &amp', 'g) f&lt;o..<b>bar</b>..... non-terminated entity &amp'],
  ['7g debug', 8, 0, 1, '.', FilterHTML | Debug, 'g) f&lt;o\t<b>bar</b>\t non-terminated entity &amp', 'g) f&lt;o..|<b>bar</b>.....| non-terminated entity &amp'],
  ['8', 8, 0, 1, '*', 0, 'Hello, world!\n', 'Hello, world!\n'],
  ['9a', 1, 0, 0, '.', 0, '1\t2\t3\t4\n11\t222\t3333\t44444\n', '1.2..3...4\n11222333344444\n'],
  ['9b', 1, 0, 0, '.', FilterHTML, '1\t2<!---\f--->\t3\t4\n11\t222\t3333\t44444\n', '1.2<!---\f--->..3...4\n11222333344444\n'],
  ['9c', 1, 0, 0, '.', 0, '1\t2\t3\t4\f11\t222\t3333\t44444\n', '1234\n11222333344444\n'],
  ['9c debug', 1, 0, 0, '.', Debug, '1\t2\t3\t4\f11\t222\t3333\t44444\n', '1|2|3|4\n---\n11|222|3333|44444\n'],
  ['10a', 5, 0, 0, '.', 0, '1\t2\t3\t4\n', '1....2....3....4\n'],
  ['10b', 5, 0, 0, '.', 0, '1\t2\t3\t4\t\n', '1....2....3....4....\n'],
  ['11', 8, 0, 1, '.', 0, '本\tb\tc\naa\t本本本\tcccc\tddddd\naaa\tbbbb\n', '本......b.......c\naa......本本本..cccc....ddddd\naaa.....bbbb\n'],
  ['12a', 8, 0, 1, ' ', AlignRight, 'a\tè\tc\t\naa\tèèè\tcccc\tddddd\t\naaa\tèèèè\t\n', '       a       è       c\n      aa     èèè    cccc   ddddd\n     aaa    èèèè\n'],
  ['12b', 2, 0, 0, ' ', 0, 'a\tb\tc\naa\tbbb\tcccc\naaa\tbbbb\n', 'a  b  c\naa bbbcccc\naaabbbb\n'],
  ['12c', 8, 0, 1, '_', 0, 'a\tb\tc\naa\tbbb\tcccc\naaa\tbbbb\n', 'a_______b_______c\naa______bbb_____cccc\naaa_____bbbb\n'],
  ['13a', 4, 0, 1, '-', 0, '4444\t日本語\t22\t1\t333\n999999999\t22\n7\t22\n\t\t\t88888888\n\n666666\t666666\t666666\t4444\n1\t1\t999999999\t0000000000\n', '4444------日本語-22--1---333\n999999999-22\n7---------22\n------------------88888888\n\n666666-666666-666666----4444\n1------1------999999999-0000000000\n'],
  ['13b', 4, 0, 3, '.', 0, '4444\t333\t22\t1\t333\n999999999\t22\n7\t22\n\t\t\t88888888\n\n666666\t666666\t666666\t4444\n1\t1\t999999999\t0000000000\n', '4444........333...22...1...333\n999999999...22\n7...........22\n....................88888888\n\n666666...666666...666666......4444\n1........1........999999999...0000000000\n'],
  ['13c', 8, 8, 1, '\t', FilterHTML, '4444\t333\t22\t1\t333\n999999999\t22\n7\t22\n\t\t\t88888888\n\n666666\t666666\t666666\t4444\n1\t1\t<font color=red attr=日本語>999999999</font>\t0000000000\n', '4444\t\t333\t22\t1\t333\n999999999\t22\n7\t\t22\n\t\t\t\t88888888\n\n666666\t666666\t666666\t\t4444\n1\t1\t<font color=red attr=日本語>999999999</font>\t0000000000\n'],
  ['14', 1, 0, 2, ' ', AlignRight, '.0\t.3\t2.4\t-5.1\t\n23.0\t12345678.9\t2.4\t-989.4\t\n5.1\t12.0\t2.4\t-7.0\t\n.0\t0.0\t332.0\t8908.0\t\n.0\t-.3\t456.4\t22.1\t\n.0\t1.2\t44.4\t-13.3\t\t', '    .0          .3    2.4    -5.1\n  23.0  12345678.9    2.4  -989.4\n   5.1        12.0    2.4    -7.0\n    .0         0.0  332.0  8908.0\n    .0         -.3  456.4    22.1\n    .0         1.2   44.4   -13.3'],
  ['14 debug', 1, 0, 2, ' ', AlignRight | Debug, '.0\t.3\t2.4\t-5.1\t\n23.0\t12345678.9\t2.4\t-989.4\t\n5.1\t12.0\t2.4\t-7.0\t\n.0\t0.0\t332.0\t8908.0\t\n.0\t-.3\t456.4\t22.1\t\n.0\t1.2\t44.4\t-13.3\t\t', '    .0|          .3|    2.4|    -5.1|\n  23.0|  12345678.9|    2.4|  -989.4|\n   5.1|        12.0|    2.4|    -7.0|\n    .0|         0.0|  332.0|  8908.0|\n    .0|         -.3|  456.4|    22.1|\n    .0|         1.2|   44.4|   -13.3|'],
  ['15a', 4, 0, 0, '.', 0, 'a\t\tb', 'a.......b'],
  ['15b', 4, 0, 0, '.', DiscardEmptyColumns, 'a\t\tb', 'a.......b'],
  ['15c', 4, 0, 0, '.', DiscardEmptyColumns, 'a\v\vb', 'a...b'],
  ['15d', 4, 0, 0, '.', AlignRight | DiscardEmptyColumns, 'a\v\vb', '...ab'],
  ['16a', 100, 100, 0, '\t', 0, 'a\tb\t\td\na\tb\t\td\te\na\na\tb\tc\td\na\tb\tc\td\te\n', 'a\tb\t\td\na\tb\t\td\te\na\na\tb\tc\td\na\tb\tc\td\te\n'],
  ['16b', 100, 100, 0, '\t', DiscardEmptyColumns, 'a\vb\v\vd\na\vb\v\vd\ve\na\na\vb\vc\vd\na\vb\vc\vd\ve\n', 'a\tb\td\na\tb\td\te\na\na\tb\tc\td\na\tb\tc\td\te\n'],
  ['16b debug', 100, 100, 0, '\t', DiscardEmptyColumns | Debug, 'a\vb\v\vd\na\vb\v\vd\ve\na\na\vb\vc\vd\na\vb\vc\vd\ve\n', 'a\t|b\t||d\na\t|b\t||d\t|e\na\na\t|b\t|c\t|d\na\t|b\t|c\t|d\t|e\n'],
  ['16c', 100, 100, 0, '\t', DiscardEmptyColumns, 'a\tb\t\td\na\tb\t\td\te\na\na\tb\tc\td\na\tb\tc\td\te\n', 'a\tb\t\td\na\tb\t\td\te\na\na\tb\tc\td\na\tb\tc\td\te\n'],
  ['16c debug', 100, 100, 0, '\t', DiscardEmptyColumns | Debug, 'a\tb\t\td\na\tb\t\td\te\na\na\tb\tc\td\na\tb\tc\td\te\n', 'a\t|b\t|\t|d\na\t|b\t|\t|d\t|e\na\na\t|b\t|c\t|d\na\t|b\t|c\t|d\t|e\n'],
];

function run(c: Case, chunks: (src: Buffer) => Buffer[]): Buffer {
  const [, minwidth, tabwidth, padding, padchar, flags, src] = c;
  const w = new TabWriter({ minwidth, tabwidth, padding, padchar, flags });
  for (const chunk of chunks(bytes(src))) w.write(chunk);
  w.flush();
  return w.outputBytes();
}

function fibonacci(src: Buffer): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0, d = 0; i < src.length;) {
    out.push(src.subarray(i, i + d));
    i += d;
    d++;
    if (i + d > src.length) d = src.length - i;
  }
  return out;
}

describe('TabWriter (Go tabwriter tests)', () => {
  for (const c of CASES) {
    it(c[0], () => {
      const want = bytes(c[7]);
      expect(run(c, (s) => [s])).toEqual(want);
      expect(run(c, (s) => [...s].map((b) => Buffer.from([b])))).toEqual(want);
      expect(run(c, fibonacci)).toEqual(want);
    });
  }

  it('rejects negative settings', () => {
    expect(() => new TabWriter({ ...DOCKER_TABLE, padding: -1 })).toThrow(
      'negative minwidth, tabwidth, or padding',
    );
  });
});

describe("TabWriter with docker's table settings", () => {
  const table = (text: string): string => {
    const w = new TabWriter(DOCKER_TABLE);
    w.write(text);
    w.flush();
    return w.output();
  };

  it('pads columns to at least 10 and 3 past the widest cell, never the last cell', () => {
    expect(table('DRIVER\tVOLUME NAME\nlocal\tmy_volume\n')).toBe(
      'DRIVER    VOLUME NAME\nlocal     my_volume\n',
    );
    expect(table('VOLUME NAME\tLINKS\tSIZE\nmy_volume\t0\t6B\n')).toBe(
      'VOLUME NAME   LINKS     SIZE\nmy_volume     0         6B\n',
    );
  });

  it('keeps empty cells aligned and trailing tab-terminated cells padded', () => {
    expect(table('a\t\tb\n\t\tc\n')).toBe('a                   b\n                    c\n');
    expect(table('x\t\n')).toBe('x         \n');
  });

  it('aligns wide characters by display width', () => {
    expect(table('日本語x\tlocal\nv1\tlocal\n')).toBe('日本語x   local\nv1        local\n');
    expect(table('日本語日本語\tlocal\nv1\tlocal\n')).toBe('日本語日本語   local\nv1             local\n');
  });

  it('ends columns at a line with a single cell', () => {
    expect(table('a\tb\nheading\nlonger-cell\tc\n')).toBe('a         b\nheading\nlonger-cell   c\n');
  });
});
