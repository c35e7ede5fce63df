import { describe, expect, it } from 'vitest';
import { humanDuration, parseGoTime } from './container.js';

describe('humanDuration (go-units)', () => {
  it.each([
    [0, 'Less than a second'],
    [1000, '1 second'],
    [59_000, '59 seconds'],
    [60_000, 'About a minute'],
    [5 * 60_000, '5 minutes'],
    [59.9 * 60_000, '59 minutes'],
    [3600_000, 'About an hour'],
    [3 * 3600_000, '3 hours'],
    [3 * 24 * 3600_000, '3 days'],
    [20 * 24 * 3600_000, '2 weeks'],
  ])('%d ms → %s', (ms, text) => expect(humanDuration(ms)).toBe(text));
});

describe('parseGoTime', () => {
  it('reads nanosecond times', () => {
    expect(parseGoTime('2026-11-27T21:19:53.123456789Z')).toBe(Date.UTC(2026, 10, 27, 21, 19, 53, 123));
    expect(parseGoTime('2026-11-27T21:19:53Z')).toBe(Date.UTC(2026, 10, 27, 21, 19, 53));
  });
});
