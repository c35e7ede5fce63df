import { describe, expect, it } from 'vitest';
import { cleanPath } from './clean-path.js';
import { formatGoTime } from './wire/go-time.js';

describe('cleanPath (gorilla/mux)', () => {
  it.each([
    ['/v1.41/volumes', '/v1.41/volumes'],
    ['/v1.41/volumes/', '/v1.41/volumes/'],
    ['/v1.41/volumes/a/../b', '/v1.41/volumes/b'],
    ['//volumes', '/volumes'],
    ['/volumes/./x', '/volumes/x'],
    ['/volumes/..', '/'],
    ['', '/'],
  ])('%j → %j', (p, clean) => expect(cleanPath(p)).toBe(clean));
});

describe('formatGoTime', () => {
  it('prints RFC3339 at second precision in the process zone', () => {
    const ms = Date.UTC(2026, 10, 27, 18, 55, 48, 999);
    const out = formatGoTime(ms);
    if (new Date(ms).getTimezoneOffset() === 0) expect(out).toBe('2026-11-27T18:55:48Z');
    expect(out).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)$/);
    expect(formatGoTime(0)).toBe('0001-01-01T00:00:00Z');
  });
});
