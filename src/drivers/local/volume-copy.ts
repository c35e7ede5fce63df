import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, renameSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { EngineError, goPathError, systemError } from '../../errors/index.js';
import type { StorageCopier } from './tree-copy.js';
import { fsyncPath } from './volume-files.js';

export interface CloneDirOptions {
  /** The source volume's directory, `<root>/<source>` (its `_data` and `opts.json` are copied). */
  source: string;
  /** The new volume's directory, `<root>/<target>`; must not exist. */
  target: string;
  /**
   * Where the copy is made before it is published: a directory on the same filesystem as `target`
   * whose content start-up deletes (the driver's trash), so a copy cut short leaves nothing behind.
   */
  staging: string;
  copy: StorageCopier;
  /** Releases what a copy cut short holds beyond the staging directory (a backend's subvolume). */
  release?(dir: string): Promise<void>;
  /** fsync what the publishing rename depends on (the copy itself is synced by `copy`). */
  durable: boolean;
}

/**
 * Copies a local volume's directory, data and options but not its snapshots, and publishes it under
 * the new name with one rename(2): until then it lives in the staging area, so a crash at any moment
 * leaves either no `target` or a complete one.
 */
export async function cloneVolumeDir(o: CloneDirOptions): Promise<void> {
  const stage = join(o.staging, `clone-${randomBytes(8).toString('hex')}`);
  try {
    mkdirSync(stage, { mode: 0o701 });
    await o.copy(o.source, stage);
    const opts = join(o.source, 'opts.json');
    if (existsSync(opts)) copyFileSync(opts, join(stage, 'opts.json'));
    if (o.durable) fsyncPath(stage);
    renameSync(stage, o.target);
  } catch (err) {
    await o.release?.(stage).catch(() => undefined);
    await rm(stage, { recursive: true, force: true }).catch(() => undefined);
    if (err instanceof EngineError) throw err;
    throw systemError(goPathError('clone', o.target, err), err);
  }
}
