import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  closeSync,
  fsyncSync,
  openSync,
  renameSync,
  statSync,
  writeSync,
} from 'node:fs';
import type { RootOwner } from './local-options.js';

/** ctime of a path, truncated to whole seconds (Docker reports CreatedAt at second precision). */
export function ctimeSeconds(path: string): number {
  try {
    return Math.floor(statSync(path).ctimeMs / 1000) * 1000;
  } catch {
    return 0;
  }
}

/** chown (then chmod: chown may clear set-id bits) of a volume root, leaving unasked parts as they are. */
export function applyRootOwner(path: string, owner: RootOwner): void {
  if (owner.uid !== undefined || owner.gid !== undefined) chownSync(path, owner.uid ?? -1, owner.gid ?? -1);
  if (owner.mode !== undefined) chmodSync(path, owner.mode);
}

/** fsync of a directory: the entries made, renamed or removed in it reach the disk. */
export function fsyncPath(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Writes a file so that a crash leaves either the old or the new content, never a torn one. */
export function writeFileAtomic(path: string, content: string, mode: number): void {
  const tmp = `${path}.tmp-${randomBytes(4).toString('hex')}`;
  const fd = openSync(tmp, 'w', mode);
  try {
    writeSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}
