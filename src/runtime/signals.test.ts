import { describe, expect, it } from 'vitest';
import { parseSignal } from './signals.js';

describe('parseSignal (moby/sys/signal)', () => {
  it('takes names with or without SIG, in any case, and numbers', () => {
    expect(parseSignal('TERM')).toBe(15);
    expect(parseSignal('SIGTERM')).toBe(15);
    expect(parseSignal('sigkill')).toBe(9);
    expect(parseSignal('9')).toBe(9);
    expect(parseSignal('RTMIN+3')).toBe(37);
    expect(parseSignal('SIGRTMAX-1')).toBe(63);
    expect(parseSignal('')).toBe(9);
  });

  it("refuses others with Docker's messages", () => {
    expect(() => parseSignal('FOO')).toThrow('invalid signal: FOO');
    expect(() => parseSignal('0')).toThrow('invalid signal: 0');
    expect(() => parseSignal('99')).toThrow('the linux daemon does not support signal 99');
    expect(() => parseSignal('32')).toThrow('the linux daemon does not support signal 32');
  });
});
