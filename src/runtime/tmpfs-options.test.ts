import { describe, expect, it } from 'vitest';
import { mergeTmpfsOptions } from './tmpfs-options.js';

describe('mergeTmpfsOptions (moby/sys/mount)', () => {
  it('keeps the last word of each flag and data key, in order', () => {
    expect(
      mergeTmpfsOptions(['noexec', 'nosuid', 'nodev', 'rprivate', 'size=1m', 'exec', 'size=2m']),
    ).toEqual(['nosuid', 'nodev', 'rprivate', 'exec', 'size=2m']);
    expect(mergeTmpfsOptions(['rprivate', 'ro', 'rshared', 'defaults'])).toEqual(['ro', 'rshared']);
  });

  it('refuses unknown data', () => {
    expect(() => mergeTmpfsOptions(['foo=1'])).toThrow('invalid tmpfs option ["foo" "1"]');
    expect(() => mergeTmpfsOptions(['bogus'])).toThrow('invalid tmpfs option ["bogus"]');
  });
});
