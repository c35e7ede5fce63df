import { describe, expect, it } from 'vitest';
import { compareTimes, creationTime, rfc3339Nano } from './container-record.js';

describe('container times', () => {
  it('orders timestamps whose trimmed fractions do not sort as text', () => {
    expect(compareTimes('2026-01-01T00:00:05.1Z', '2026-01-01T00:00:05.12Z')).toBeLessThan(0);
    expect(compareTimes('2026-01-01T00:00:05Z', '2026-01-01T00:00:05.000000001Z')).toBeLessThan(0);
    expect(compareTimes('2026-01-01T00:00:06Z', '2026-01-01T00:00:05.9Z')).toBeGreaterThan(0);
    expect(compareTimes('2026-01-01T00:00:05.5Z', '2026-01-01T00:00:05.500Z')).toBe(0);
  });

  it('gives creation times that always increase, even within one millisecond', () => {
    const times = Array.from({ length: 2000 }, () => creationTime());
    for (let i = 1; i < times.length; i++) {
      expect(compareTimes(times[i - 1] as string, times[i] as string)).toBeLessThan(0);
    }
  });

  it('prints Go’s RFC 3339 with nanoseconds, trailing zeros trimmed', () => {
    expect(rfc3339Nano(new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 120)), 0n)).toBe('2026-01-02T03:04:05.12Z');
    expect(rfc3339Nano(new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 0)), 0n)).toBe('2026-01-02T03:04:05Z');
    expect(rfc3339Nano(new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 0)), 7n)).toBe(
      '2026-01-02T03:04:05.000000007Z',
    );
  });
});
