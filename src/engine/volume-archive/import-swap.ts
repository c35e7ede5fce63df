/**
 * How an import replaces a volume's content in a way a crash cannot tear, on any volume whose data
 * is a directory or a mounted filesystem (tmpfs, an ext4 image, a btrfs subvolume): everything
 * happens inside the mounted volume, in a work directory `.strata-import-<token>` at its root, and
 * a journal file in the daemon's data root says how far it got:
 *
 *   staging   the archive is extracted into `<work>/new`. Undo: delete the work directory (and the
 *             volume when the import created it).
 *   swap-out  the old entries of the root are renamed into `<work>/old`, one rename(2) each.
 *   swap-in   the new entries are renamed from `<work>/new` to the root, the work directory (the
 *             old content with it) is deleted, then the archive's root attributes (mode, owner,
 *             times, xattrs) are applied to the root by GNU tar.
 *   (done)    the journal is removed.
 *
 * From `swap-out` on, settling rolls forward: each step is idempotent (it moves what is left), so a
 * crash at any moment ends, after start-up's `settle`, in exactly the old or exactly the new content.
 */
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { extractArchive } from './gnu-tar.js';

export type ImportPhase = 'staging' | 'swap-out' | 'swap-in';

export interface ImportJournal {
  volume: string;
  token: string;
  /** The import made the volume: undoing it removes the volume. */
  created: boolean;
  phase: ImportPhase;
  /** The archive's root entry (headers only), base64, applied to the volume root at swap-in. */
  root?: string;
}

export const workPrefix = '.strata-import-';

export function workDir(mountpoint: string, token: string): string {
  return join(mountpoint, `${workPrefix}${token}`);
}

export class ImportJournals {
  constructor(
    private readonly dir: string,
    private readonly durable: boolean,
  ) {}

  newToken(): string {
    return randomBytes(8).toString('hex');
  }

  write(j: ImportJournal): void {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const path = join(this.dir, `${j.token}.json`);
    const tmp = `${path}.tmp`;
    const fd = openSync(tmp, 'w', 0o600);
    try {
      writeSync(fd, JSON.stringify(j));
      if (this.durable) fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
    if (this.durable) syncDir(this.dir);
  }

  remove(token: string): void {
    rmSync(join(this.dir, `${token}.json`), { force: true });
  }

  list(): ImportJournal[] {
    let names: string[];
    try {
      names = readdirSync(this.dir);
    } catch {
      return [];
    }
    const out: ImportJournal[] = [];
    for (const n of names) {
      if (n.endsWith('.tmp')) {
        rmSync(join(this.dir, n), { force: true });
        continue;
      }
      if (!n.endsWith('.json')) continue;
      try {
        out.push(JSON.parse(readFileSync(join(this.dir, n), 'utf8')) as ImportJournal);
      } catch {
        rmSync(join(this.dir, n), { force: true });
      }
    }
    return out;
  }
}

/** swap-out: every root entry but the work directory goes into `<work>/old`. */
export function moveOut(mountpoint: string, token: string): void {
  const work = workDir(mountpoint, token);
  const old = join(work, 'old');
  mkdirSync(old, { recursive: true });
  const keep = Buffer.from(`${workPrefix}${token}`);
  for (const e of names(mountpoint)) {
    if (!e.equals(keep)) renameSync(under(mountpoint, e), under(old, e));
  }
}

/** swap-in: every entry of `<work>/new` goes to the root. */
export function moveIn(mountpoint: string, token: string): void {
  const fresh = join(workDir(mountpoint, token), 'new');
  for (const e of names(fresh)) renameSync(under(fresh, e), under(mountpoint, e));
}

/** Applies the archive's root entry to the volume root (GNU tar sets mode, owner, times, xattrs). */
export async function applyRoot(mountpoint: string, root: string | undefined): Promise<void> {
  if (root === undefined) return;
  const tar = extractArchive(mountpoint, { sameOwner: true });
  tar.child.stdin?.end(Buffer.concat([Buffer.from(root, 'base64'), Buffer.alloc(1024)]));
  await tar.done;
}

export async function removeWork(mountpoint: string, token: string): Promise<void> {
  await rm(workDir(mountpoint, token), { recursive: true, force: true });
}

/** Puts the old entries back after a failed swap-out (best effort; settle finishes the job). */
export function moveBack(mountpoint: string, token: string): void {
  const old = join(workDir(mountpoint, token), 'old');
  for (const e of names(old)) renameSync(under(old, e), under(mountpoint, e));
}

/** syncfs(2) of the filesystem holding `path` (coreutils `sync -f`): staged data reaches the disk. */
export async function syncFilesystem(path: string): Promise<void> {
  const { spawn } = await import('node:child_process');
  await new Promise<void>((resolve) => {
    const p = spawn('sync', ['-f', path], { stdio: 'ignore' });
    p.once('close', () => resolve());
    p.once('error', () => resolve());
  });
}

/** Entry names as bytes: a name that is not UTF-8 must be renamed as it is. */
function names(dir: string): Buffer[] {
  try {
    return readdirSync(dir, { encoding: 'buffer' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

function under(dir: string, name: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`${dir}/`), name]);
}

/**
 * Rolls a journalled import forward from `swap-out` or `swap-in` to done (both the request and
 * start-up's settle use it; every step may run again after a crash).
 */
export async function finishSwap(mountpoint: string, j: ImportJournal): Promise<void> {
  if (j.phase === 'swap-out') moveOut(mountpoint, j.token);
  moveIn(mountpoint, j.token);
  await removeWork(mountpoint, j.token);
  await applyRoot(mountpoint, j.root);
}

function syncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
