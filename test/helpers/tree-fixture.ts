// A fixed directory tree with every kind of thing a faithful copy must keep (compare copies with
// tree-snapshot.ts's snapshotTree): sparse, empty and set-id files, hardlinks, symlinks (one
// dangling), owners, modes, old mtimes, user and trusted xattrs, names with spaces, a newline,
// non-UTF-8 bytes.
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  closeSync,
  existsSync,
  linkSync,
  mkdirSync,
  openSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';

/** Why xattrs cannot be set here (the `attr` package's setfattr/getfattr), if so. */
export function xattrToolsUnavailableReason(): string | undefined {
  return existsSync('/usr/bin/setfattr') && existsSync('/usr/bin/getfattr')
    ? undefined
    : 'setfattr/getfattr missing (Debian package attr)';
}

/** Fills `dir` (existing) with the fixture; `sparseBytes` is the apparent size of the sparse file. */
export function makeFixtureTree(dir: string, opts: { sparseBytes?: number } = {}): void {
  const at = (...p: string[]): string => join(dir, ...p);
  writeFileSync(at('plain.txt'), 'hello\n');
  writeFileSync(at('empty'), '');
  const fd = openSync(at('sparse.img'), 'w');
  writeSync(fd, 'head');
  writeSync(fd, 'tail', (opts.sparseBytes ?? 64 * 1024 * 1024) - 4);
  closeSync(fd);
  mkdirSync(at('dir', 'nested', 'deep'), { recursive: true });
  writeFileSync(at('dir', 'nested', 'deep', 'file'), 'x'.repeat(10_000));
  mkdirSync(at('empty-dir'));
  linkSync(at('plain.txt'), at('dir', 'hardlink'));
  symlinkSync('plain.txt', at('link-rel'));
  symlinkSync('/etc/does-not-exist', at('link-dangling'));
  writeFileSync(at('with space'), 'space');
  writeFileSync(at('new\nline'), 'newline');
  // Not UTF-8: only a Buffer path can name it.
  writeFileSync(
    Buffer.concat([Buffer.from(`${dir}/`), Buffer.from([0x6e, 0xff, 0xfe, 0x2e, 0x62])]),
    'bytes',
  );
  writeFileSync(at('ünïcødé ✓'), 'utf8');
  writeFileSync(at('setuid'), '#!/bin/sh\n');
  chmodSync(at('setuid'), 0o4755);
  writeFileSync(at('private'), 'secret');
  chmodSync(at('private'), 0o600);
  chownSync(at('private'), 1234, 5678);
  chownSync(at('dir'), 4321, 8765);
  chmodSync(at('dir', 'nested'), 0o750);
  execFileSync('setfattr', ['-n', 'user.colour', '-v', 'blue', at('plain.txt')]);
  execFileSync('setfattr', ['-n', 'user.empty', at('dir')]);
  execFileSync('setfattr', ['-n', 'trusted.strata', '-v', '0x00ff10', at('empty')]);
  const old = new Date('2001-02-03T04:05:06.789Z');
  utimesSync(at('plain.txt'), old, old);
  utimesSync(at('dir', 'nested', 'deep'), old, old);
  utimesSync(dir, old, old);
}
