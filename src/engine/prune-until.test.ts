import { describe, expect, it } from 'vitest';
import { kindOf } from '../errors/index.js';
import { FilterArgs } from './filter-args.js';
import { pruneUntil } from './prune-until.js';

// 2026-11-27T22:00:00Z
const nowMs = Date.UTC(2026, 10, 27, 22, 0, 0);
const until = (v: string, legacy = false): bigint | undefined =>
  pruneUntil(FilterArgs.of({ until: [v] }), { legacy, nowMs });
const sec = (iso: string): bigint => BigInt(Date.parse(iso) / 1000) * 1_000_000_000n;

describe('pruneUntil (moby getUntilFromPruneFilters + GetTimestamp)', () => {
  it('reads durations, unix seconds and RFC 3339 dates and times', () => {
    expect(pruneUntil(FilterArgs.of({}), { legacy: false })).toBeUndefined();
    expect(until('24h')).toBe(sec('2026-11-26T22:00:00Z'));
    expect(until('90m')).toBe(sec('2026-11-27T20:30:00Z'));
    expect(until('1700000000')).toBe(1_700_000_000_000_000_000n);
    expect(until('1700000000.5')).toBe(1_700_000_000_500_000_000n);
    expect(until('0')).toBe(0n);
    expect(until('2026-11-01')).toBe(sec('2026-11-01T00:00:00Z'));
    expect(until('2026-11-01T10')).toBe(sec('2026-11-01T10:00:00Z'));
    expect(until('2026-11-01T10:30:15')).toBe(sec('2026-11-01T10:30:15Z'));
    expect(until('2026-11-01T10:30:15Z')).toBe(sec('2026-11-01T10:30:15Z'));
    expect(until('2026-11-01T10:30:15+02:00')).toBe(sec('2026-11-01T08:30:15Z'));
    expect(until('2026-11-01T10:30:15.25Z')).toBe(sec('2026-11-01T10:30:15Z') + 250_000_000n);
    expect(until('2026-11-01Z')).toBe(sec('2026-11-01T00:00:00Z'));
  });

  it("answers Go's errors: invalid-parameter in 28, server errors in 20.10", () => {
    const err = (v: string | string[], legacy = false): { kind: string; message: string } => {
      try {
        pruneUntil(FilterArgs.of({ until: Array.isArray(v) ? v : [v] }), { legacy, nowMs });
      } catch (e) {
        return { kind: kindOf(e), message: (e as Error).message };
      }
      throw new Error('expected a failure');
    };
    expect(err(['1h', '2h'])).toEqual({
      kind: 'invalid-parameter',
      message: 'more than one until filter specified',
    });
    expect(err('zzz', true)).toEqual({
      kind: 'system',
      message: 'failed to parse value as time or duration: "zzz"',
    });
    expect(err('2026-13-01').message).toBe('parsing time "2026-13-01": month out of range');
    expect(err('2026-02-30').message).toBe('parsing time "2026-02-30": day out of range');
    expect(err('2026-1-01').message).toBe(
      'parsing time "2026-1-01" as "2006-01-02": cannot parse "1-01" as "01"',
    );
    expect(err('2026-01-01x').message).toBe('parsing time "2026-01-01x": extra text: "x"');
  });
});
