import { describe, expect, it } from 'vitest';
import { EntryPolicy, relativeName, type NodeKind } from './entry-policy.js';
import type { GuardedEntry } from './tar-guard.js';

const e = (name: string, type = '0', linkname = ''): GuardedEntry => ({
  name,
  type,
  linkname,
  mode: 0o644,
  uid: 0,
  gid: 0,
  size: 0,
  raw: Buffer.alloc(0),
});

describe('EntryPolicy', () => {
  it('normalises names and refuses absolute ones and `..`', () => {
    expect(relativeName('./a//b/')).toBe('a/b');
    expect(relativeName('./')).toBe('');
    expect(() => relativeName('/etc/passwd')).toThrow('absolute paths are not allowed');
    expect(() => relativeName('a/../../b')).toThrow('leaves the destination');
  });

  it('accepts an ordinary tree, hard links to what it made, FIFOs, and keeps the root entry', () => {
    const p = new EntryPolicy({ allowDevices: false });
    for (const x of [
      e('./', '5'),
      e('./d/', '5'),
      e('./d/f'),
      e('./h', '1', './d/f'),
      e('./s', '2', '/etc'),
      e('./p', '6'),
    ]) {
      p.check(x);
    }
    expect(p.rootEntry?.name).toBe('./');
  });

  it('refuses writes through symlinks, directories over them, and links outside the archive', () => {
    const p = new EntryPolicy({ allowDevices: false });
    p.check(e('l', '2', '/etc'));
    expect(() => p.check(e('l/passwd'))).toThrow('through the symbolic link l');
    expect(() => p.check(e('l', '5'))).toThrow('would replace a symbolic link');
    expect(() => p.check(e('h', '1', 'l/passwd'))).toThrow('through the symbolic link l');
    expect(() => p.check(e('h', '1', 'ghost'))).toThrow('not in the archive');
    expect(() => p.check(e('h', '1', '/etc/passwd'))).toThrow('absolute');
    // A hard link to the symlink is a symlink too.
    p.check(e('l2', '1', 'l'));
    expect(() => p.check(e('l2/x'))).toThrow('through the symbolic link l2');
  });

  it('refuses device nodes unless allowed', () => {
    expect(() => new EntryPolicy({ allowDevices: false }).check(e('null', '3'))).toThrow('device nodes');
    new EntryPolicy({ allowDevices: true }).check(e('null', '3'));
  });

  it('consults the destination: its symlinks and, with noOverwriteDirNonDir, dir/non-dir swaps', () => {
    const existing = new Map<string, NodeKind>([
      ['link', 'symlink'],
      ['dir', 'dir'],
      ['file', 'file'],
    ]);
    const p = new EntryPolicy({
      allowDevices: false,
      noOverwriteDirNonDir: true,
      existing: (r) => existing.get(r),
    });
    expect(() => p.check(e('link/x'))).toThrow('through the symbolic link link');
    expect(() => p.check(e('dir'))).toThrow('cannot overwrite directory "dir" with non-directory "dir"');
    expect(() => p.check(e('file/', '5'))).toThrow(
      'cannot overwrite non-directory "file" with directory "file/"',
    );
    p.check(e('h', '1', 'file'));
    p.check(e('dir/new'));
  });
});
