// Cases from fvbommel/sortorder natsort_test.go and docker/cli's TestVolumeListSortOrder.
import { describe, expect, it } from 'vitest';
import { naturalCompare, naturalLess } from './natural-order.js';

describe('naturalLess (sortorder TestNaturalLess)', () => {
  it.each([
    ['0', '00', true],
    ['aa', 'ab', true],
    ['ab', 'abc', true],
    ['abc', 'ad', true],
    ['ab1', 'ab2', true],
    ['ab1c', 'ab1c', false],
    ['ab12', 'abc', true],
    ['ab2a', 'ab10', true],
    ['a0001', 'a0000001', true],
    ['a10', 'abcdefgh2', true],
    ['аб2аб', 'аб10аб', true],
    ['2аб', '3аб', true],
    ['a1b', 'a01b', true],
    ['ab01b', 'ab010b', true],
    ['a01b001', 'a001b01', true],
    ['a1', 'a1x', true],
    ['1ax', '1b', true],
    ['082', '83', true],
    ['9a', '083a', true],
  ])('%s < %s is %s', (a, b, less) => {
    expect(naturalLess(a, b)).toBe(less);
    if (less && a !== b) expect(naturalLess(b, a)).toBe(false);
  });
});

describe('naturalCompare', () => {
  it('sorts like sortorder.Natural (TestStringSort)', () => {
    const got = ['abc5', 'abc1', 'abc01', 'ab', 'abc10', 'abc2'].sort(naturalCompare);
    expect(got).toEqual(['ab', 'abc1', 'abc01', 'abc2', 'abc5', 'abc10']);
  });

  it('orders volume names like docker volume ls', () => {
    const got = ['volume-10-foo', 'volume-2-foo', 'volume-1-foo'].sort(naturalCompare);
    expect(got).toEqual(['volume-1-foo', 'volume-2-foo', 'volume-10-foo']);
    expect(['v-3', 'v10', 'v2', 'v1'].sort(naturalCompare)).toEqual(['v1', 'v2', 'v10', 'v-3']);
  });

  it('compares non-digits bytewise over UTF-8', () => {
    expect(naturalLess('\uffff', '\u{10000}')).toBe(true);
    expect(naturalCompare('a', 'a')).toBe(0);
  });
});
