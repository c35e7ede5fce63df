/**
 * The host half of `docker cp`'s path rules (moby/go-archive copy.go, docker/cli cp.go), used by
 * `strata volume cp`: which argument names the volume, what the source and destination are, and
 * where an archive must be extracted and under which name for the copy to land where asked.
 */
import { lstatSync, readlinkSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, join, posix, resolve } from 'node:path';

/** docker cp splitCpArg: `VOLUME:PATH`; an absolute path or one starting with `.` is local. */
export function splitCpArg(arg: string): { volume: string; path: string } {
  if (isAbsolute(arg)) return { volume: '', path: arg };
  const colon = arg.indexOf(':');
  if (colon < 0 || arg.startsWith('.')) return { volume: '', path: arg };
  return { volume: arg.slice(0, colon), path: arg.slice(colon + 1) };
}

export interface CopyInfo {
  path: string;
  exists: boolean;
  isDir: boolean;
  /** The name the archived entry must take (a followed link keeps the name asked for). */
  rebaseName?: string;
}

export const errCannotCopyDir = 'cannot copy directory';
export const errDirNotExists = 'no such directory';
export const errNotDirectory = 'not a directory';

const endsWithSep = (p: string): boolean => p.endsWith('/');
const specifiesCurrentDir = (p: string): boolean => posix.basename(p) === '.' || p.endsWith('/.');

/** go-archive PreserveTrailingDotOrSeparator. */
export function preserveTrailing(cleaned: string, original: string): string {
  if (specifiesCurrentDir(original) && !specifiesCurrentDir(cleaned)) {
    return cleaned.endsWith('/') ? `${cleaned}.` : `${cleaned}/.`;
  }
  if (endsWithSep(original) && !endsWithSep(cleaned)) return `${cleaned}/`;
  return cleaned;
}

/** docker cp resolveLocalPath: absolute, the trailing `/` or `/.` kept. */
export function resolveLocalPath(p: string): string {
  return preserveTrailing(resolve(p), p);
}

/** go-archive SplitPathDirEntry: (`/a/b/` → `/a`, `b`), (`/a/.` → `/a`, `.`). */
export function splitPathDirEntry(p: string): [string, string] {
  let cleaned = posix.normalize(p);
  if (cleaned.length > 1 && cleaned.endsWith('/')) cleaned = cleaned.slice(0, -1);
  if (specifiesCurrentDir(p)) cleaned = `${cleaned === '/' ? '' : cleaned}/.`;
  return [posix.dirname(cleaned), posix.basename(cleaned)];
}

/** go-archive GetRebaseName. */
export function getRebaseName(path: string, resolved: string): { resolved: string; rebaseName?: string } {
  let r = resolved;
  if (specifiesCurrentDir(path) && !specifiesCurrentDir(r)) r += '/.';
  if (endsWithSep(path) && !endsWithSep(r)) r += '/';
  const base = (p: string): string => posix.basename(posix.normalize(p)) || '/';
  return base(path) !== base(r) ? { resolved: r, rebaseName: base(path) } : { resolved: r };
}

/** go-archive CopyInfoSourcePath: the parent's links resolved; the last one too with `-L`. */
export function copyInfoSourcePath(path: string, followLink: boolean): CopyInfo {
  let resolved: string;
  let rebaseName: string | undefined;
  if (followLink) {
    ({ resolved, rebaseName } = getRebaseName(path, realpathSync(path)));
  } else {
    const slash = path.lastIndexOf('/');
    const dir = path.slice(0, slash + 1) || '.';
    const base = path.slice(slash + 1);
    const resolvedDir = realpathSync(dir);
    resolved = `${resolvedDir === '/' ? '' : resolvedDir}/${base}`;
    if (endsWithSep(path) && posix.basename(path) !== posix.basename(resolved))
      rebaseName = posix.basename(path);
  }
  const st = lstatSync(resolved);
  return { path: resolved, exists: true, isDir: st.isDirectory(), ...(rebaseName ? { rebaseName } : {}) };
}

/** go-archive CopyInfoDestinationPath: links at the destination followed (10 at most). */
export function copyInfoDestinationPath(input: string): CopyInfo {
  let path = input;
  let st = lstatOrUndefined(path);
  for (let n = 0; st?.isSymbolicLink(); n++) {
    if (n > 10) throw new Error(`too many symlinks in ${input}`);
    let target = readlinkSync(path);
    if (!isAbsolute(target)) target = join(splitPathDirEntry(path)[0], target);
    path = target;
    st = lstatOrUndefined(path);
  }
  if (st) return { path, exists: true, isDir: st.isDirectory() };
  const parent = splitPathDirEntry(path)[0];
  if (!statSync(parent).isDirectory()) throw new Error(errNotDirectory);
  return { path, exists: false, isDir: false };
}

/**
 * go-archive PrepareArchiveCopy: the directory to extract into, and the entry name to rename the
 * archive's top entry to (undefined: extract as it is).
 */
export function prepareArchiveCopy(
  src: CopyInfo,
  dst: CopyInfo,
): { dir: string; from?: string; to?: string } {
  const [dstDir, dstBase] = splitPathDirEntry(dst.path);
  const srcBase = src.rebaseName ?? splitPathDirEntry(src.path)[1];
  if (dst.exists && dst.isDir) return { dir: dst.path };
  if (dst.exists && src.isDir) throw new Error(errCannotCopyDir);
  if (dst.exists || src.isDir) return { dir: dstDir, from: srcBase, to: dstBase };
  if (endsWithSep(dst.path) || specifiesCurrentDir(dst.path)) throw new Error(errDirNotExists);
  return { dir: dstDir, from: srcBase, to: dstBase };
}

/** Go FileMode bits the CLI looks at. */
export const goModeDir = 2 ** 31;
export const goModeSymlink = 2 ** 27;

function lstatOrUndefined(p: string): ReturnType<typeof lstatSync> | undefined {
  try {
    return lstatSync(p);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}
