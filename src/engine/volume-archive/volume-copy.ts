/**
 * `strata volume cp`'s daemon half, moby's container archive routes for a volume (daemon/archive*.go):
 * stat a path, archive a path (entries named after its last element, a trailing `/.` archives the
 * content), and extract an archive into a directory. Paths are resolved in the volume's scope (its
 * root is `/`; no link leads out), and extraction refuses tar-slip and writes through symbolic links.
 */
import { lstatSync } from 'node:fs';
import { posix } from 'node:path';
import { invalidParameter, messages, notFound } from '../../errors/index.js';
import { EntryPolicy, type NodeKind } from './entry-policy.js';
import { createArchive, extractArchive, type TarRun } from './gnu-tar.js';
import {
  pathStat,
  resolveInScope,
  resolveKeepingLast,
  preserveTrailing,
  type PathStat,
} from './scoped-path.js';
import { TarGuard } from './tar-guard.js';

/** HEAD: the stat of `path` in the mounted volume, or moby's not-found text. */
export function statInVolume(mountpoint: string, volume: string, path: string): PathStat {
  const { hostPath, absPath } = resolveKeepingLast(mountpoint, path);
  const stat = pathStat(mountpoint, hostPath, absPath);
  if (!stat) throw notFound(messages.volumeFileNotFound(absPath, volume));
  return stat;
}

/** GET: the stat and a tar of `path` (not following a last symbolic link), named as moby names it. */
export function archiveInVolume(
  mountpoint: string,
  volume: string,
  path: string,
): { stat: PathStat; tar: TarRun } {
  const { hostPath, absPath } = resolveKeepingLast(mountpoint, path);
  const stat = pathStat(mountpoint, hostPath, absPath);
  if (!stat) throw notFound(messages.volumeFileNotFound(absPath, volume));
  const base = absPath.endsWith('/.') ? '.' : posix.basename(posix.normalize(absPath));
  // moby v28: a directory is archived from inside as `.`, renamed to the path's last element.
  if ((stat.mode & (2 ** 31)) !== 0) {
    const rename = base === '.' || base === '' ? undefined : base;
    return { stat, tar: createArchive(hostPath, ['.'], {}, rename) };
  }
  return { stat, tar: createArchive(posix.dirname(hostPath), [posix.basename(hostPath)]) };
}

export interface ExtractOptions {
  /** `-a`: keep the archive's owners; otherwise everything belongs to root. */
  copyUIDGID: boolean;
  /** moby's default: a directory may not replace a non-directory, nor the reverse. */
  noOverwriteDirNonDir: boolean;
}

/** PUT: extracts `body` into the directory `path`; every entry is checked before tar sees it. */
export async function extractInVolume(
  mountpoint: string,
  path: string,
  body: NodeJS.ReadableStream,
  opts: ExtractOptions,
): Promise<void> {
  const abs = preserveTrailing(posix.join('/', path), path);
  const dest = resolveInScope(mountpoint, abs);
  let isDir = false;
  try {
    isDir = lstatSync(dest).isDirectory();
  } catch {
    throw notFound(messages.volumeFileNotFound(abs, posix.basename(mountpoint)));
  }
  if (!isDir) throw invalidParameter(messages.extractPointNotDirectory);
  const policy = new EntryPolicy({
    allowDevices: false,
    noOverwriteDirNonDir: opts.noOverwriteDirNonDir,
    existing: (rel) => kindAt(`${dest}/${rel}`),
  });
  let tar: TarRun | undefined;
  const guard = new TarGuard({
    check: (e) => policy.check(e),
    open: () => {
      tar = extractArchive(dest, { sameOwner: opts.copyUIDGID });
      tar.done.catch((err: Error) => guard.destroy(err));
      return Promise.resolve(tar.child.stdin as NodeJS.WritableStream);
    },
  });
  try {
    await new Promise<void>((resolve, reject) => {
      body.once('error', reject);
      guard.once('error', reject);
      guard.once('finish', resolve);
      body.pipe(guard);
    });
    await tar?.done;
  } catch (err) {
    body.unpipe(guard);
    tar?.kill();
    throw err;
  }
}

function kindAt(path: string): NodeKind | undefined {
  try {
    const st = lstatSync(path);
    if (st.isDirectory()) return 'dir';
    if (st.isSymbolicLink()) return 'symlink';
    return st.isFile() ? 'file' : 'other';
  } catch {
    return undefined;
  }
}
