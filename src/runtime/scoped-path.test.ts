import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveInRoot } from './scoped-path.js';

describe('resolveInRoot', () => {
  const root = mkdtempSync(join(tmpdir(), 'strata-scoped-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  mkdirSync(join(root, 'real/dir'), { recursive: true });
  symlinkSync('/real', join(root, 'abs'));
  symlinkSync('../../../../../etc', join(root, 'escape'));
  symlinkSync('real/dir', join(root, 'rel'));
  symlinkSync('loop', join(root, 'loop'));

  it('follows symlinks as if the root were /', () => {
    expect(resolveInRoot(root, '/abs/dir')).toBe(join(root, 'real/dir'));
    expect(resolveInRoot(root, 'rel/x')).toBe(join(root, 'real/dir/x'));
    expect(resolveInRoot(root, '/escape/passwd')).toBe(join(root, 'etc/passwd'));
    expect(resolveInRoot(root, '/../../x')).toBe(join(root, 'x'));
    expect(resolveInRoot(root, '/missing/a/../b')).toBe(join(root, 'missing/b'));
  });

  it('gives up on link loops', () => {
    expect(() => resolveInRoot(root, '/loop')).toThrow(/too many symlinks/);
  });
});
