import { describe, expect, it } from 'vitest';
import { runeWidth, stringWidth } from './rune-width.js';

describe('runeWidth / stringWidth (go-runewidth)', () => {
  it('counts East Asian wide characters as 2', () => {
    expect(stringWidth('本')).toBe(2);
    expect(stringWidth('日本語x')).toBe(7);
    expect(stringWidth('ｶ')).toBe(1);
    expect(stringWidth('Ａ')).toBe(2);
    expect(stringWidth('😀')).toBe(2);
  });

  it('counts controls and combining marks as 0', () => {
    expect(runeWidth(0x07)).toBe(0);
    expect(runeWidth(0x85)).toBe(0);
    expect(runeWidth(0xad)).toBe(0);
    expect(stringWidth('e\u0301')).toBe(1);
    expect(stringWidth('\u200b')).toBe(0);
  });

  it('uses the first non-zero-width rune of a grapheme cluster', () => {
    expect(stringWidth('👩\u200d💻')).toBe(2);
    expect(stringWidth('èèè')).toBe(3);
    expect(stringWidth('\ufffd\ufffd')).toBe(2);
  });
});
