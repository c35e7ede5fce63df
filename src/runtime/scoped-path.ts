import { lstatSync, readlinkSync } from 'node:fs';
import { posix } from 'node:path';

/**
 * The host path of `path` inside the directory tree `root`, following symlinks as if `root` were
 * `/` (moby's symlink.FollowSymlinkInScope): `..` and absolute link targets never leave `root`.
 * Components that do not exist are kept as written, so the result can be created.
 */
export function resolveInRoot(root: string, path: string): string {
  const queue = path.split('/').filter((p) => p !== '' && p !== '.');
  let resolved = '/';
  let links = 0;
  while (queue.length > 0) {
    const part = queue.shift() as string;
    if (part === '..') {
      resolved = posix.dirname(resolved);
      continue;
    }
    const next = posix.join(resolved, part);
    let isLink = false;
    try {
      isLink = lstatSync(posix.join(root, next)).isSymbolicLink();
    } catch {
      // Missing: kept as written.
    }
    if (!isLink) {
      resolved = next;
      continue;
    }
    if (++links > 255) throw new Error(`too many symlinks in ${path}`);
    const target = readlinkSync(posix.join(root, next));
    if (target.startsWith('/')) resolved = '/';
    queue.unshift(...target.split('/').filter((p) => p !== '' && p !== '.'));
  }
  return posix.join(root, resolved);
}
