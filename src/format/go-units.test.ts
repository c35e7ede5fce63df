// Cases from docker/go-units size_test.go, plus the sizes docker's volume commands print.
import { describe, expect, it } from 'vitest';
import { bytesSize, humanSize, humanSizeWithPrecision } from './go-units.js';

const KB = 1000;
const MB = 1000 * KB;
const GB = 1000 * MB;
const TB = 1000 * GB;
const PB = 1000 * TB;
const KiB = 1024;
const MiB = 1024 * KiB;
const GiB = 1024 * MiB;
const TiB = 1024 * GiB;
const PiB = 1024 * TiB;

describe('humanSize (go-units TestHumanSize)', () => {
  it.each([
    [1000, '1kB'],
    [1024, '1.024kB'],
    [1000000, '1MB'],
    [1048576, '1.049MB'],
    [2 * MB, '2MB'],
    [3.42 * GB, '3.42GB'],
    [5.372 * TB, '5.372TB'],
    [2.22 * PB, '2.22PB'],
    [10000000000000 * PB, '1e+04YB'],
  ])('%d → %s', (n, want) => expect(humanSize(n)).toBe(want));

  it('prints the sizes docker volume prune / system df show', () => {
    expect(humanSize(0)).toBe('0B');
    expect(humanSize(2000)).toBe('2kB');
    expect(humanSize(8)).toBe('8B');
    expect(humanSize(999)).toBe('999B');
    expect(humanSize(999999)).toBe('1000kB');
    expect(humanSize(-1)).toBe('-1B');
  });

  it('rounds half to even on the exact value, like Go', () => {
    expect(humanSize(1062500)).toBe('1.062MB');
    expect(humanSize(1063500)).toBe('1.063MB');
    expect(humanSize(1187500)).toBe('1.188MB');
  });

  it('takes a precision', () => {
    expect(humanSizeWithPrecision(1234567, 3)).toBe('1.23MB');
  });
});

describe('bytesSize (go-units TestBytesSize)', () => {
  it.each([
    [1024, '1KiB'],
    [1024 * 1024, '1MiB'],
    [1048576, '1MiB'],
    [2 * MiB, '2MiB'],
    [3.42 * GiB, '3.42GiB'],
    [5.372 * TiB, '5.372TiB'],
    [2.22 * PiB, '2.22PiB'],
    [KiB * KiB * KiB * KiB * KiB * PiB, '1.049e+06YiB'],
  ])('%d → %s', (n, want) => expect(bytesSize(n)).toBe(want));
});
