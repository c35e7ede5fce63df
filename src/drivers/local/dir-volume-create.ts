import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { goPathError, systemError } from '../../errors/index.js';
import type { DirPool } from './dir-pool.js';
import { needsMount, toOptsJson, type LocalMountOptions } from './local-options.js';
import type { LocalVolume } from './local-volume.js';
import { applyRootOwner, ctimeSeconds, writeFileAtomic } from './volume-files.js';

export interface DirCreateOptions {
  root: string;
  name: string;
  /** Ready-made directory pairs, when the driver keeps some. */
  pool: DirPool | undefined;
  /** The options as the client sent them: opts.json is written when there were any (Docker's rule). */
  given: Readonly<Record<string, string>> | null;
  parsed: LocalMountOptions | null;
}

/**
 * A `dir` volume, byte-for-byte as Docker makes it: `<root>/<name>` (0701) with `_data` (0755), from
 * the pool or made in place, and opts.json when options were given. What fails is removed.
 */
export function createDirVolume(o: DirCreateOptions): LocalVolume {
  const dir = join(o.root, o.name);
  const data = join(dir, '_data');
  if (!o.pool?.take(dir)) makeDirs(dir, data);
  if (o.given !== null && Object.keys(o.given).length > 0 && o.parsed) {
    // With a filesystem to mount, the owner applies to its root once mounted (see the driver's `mount`).
    const owner = o.parsed.owner;
    if (owner && !needsMount(o.parsed)) {
      try {
        applyRootOwner(data, owner);
      } catch (err) {
        rmSync(dir, { recursive: true, force: true });
        throw systemError(`error while setting uid/gid/mode of '${data}': ${(err as Error).message}`, err);
      }
    }
    try {
      writeFileAtomic(join(dir, 'opts.json'), toOptsJson(o.parsed), 0o600);
    } catch (err) {
      rmSync(dir, { recursive: true, force: true });
      throw systemError(`error while persisting volume options: ${(err as Error).message}`, err);
    }
  }
  return {
    name: o.name,
    dir,
    data,
    options: o.parsed,
    createdAt: ctimeSeconds(dir),
    mountIds: new Map(),
    mounted: false,
  };
}

/** The volume's two directories, made in place (when the pool has none ready). */
function makeDirs(dir: string, data: string): void {
  try {
    mkdirSync(dir, { mode: 0o701 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') {
      throw systemError(
        `error while creating volume root path '${dir}': ${goPathError('mkdir', dir, err)}`,
        err,
      );
    }
  }
  try {
    mkdirSync(data, { mode: 0o755 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') {
      rmSync(dir, { recursive: true, force: true });
      throw systemError(
        `error while creating volume data path '${data}': ${goPathError('mkdir', data, err)}`,
        err,
      );
    }
  }
}
