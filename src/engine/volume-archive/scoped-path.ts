/**
 * Paths inside a volume as a container sees them: the volume's root is `/`, symbolic links are
 * followed as if it were (moby's symlink.FollowSymlinkInScope), so no link leads out of it, and
 * stat answers in the shape of Docker's `X-Docker-Container-Path-Stat` (container.PathStat).
 */
import { lstatSync, readlinkSync, type BigIntStats } from 'node:fs';
import { posix } from 'node:path';
import { invalidParameter } from '../../errors/index.js';

const maxLinks = 255;

/**
 * Resolves `rel` (slash-separated, relative to the volume root; a leading `/` is the root) under
 * `root`, following every symbolic link in scope: an absolute target starts again at the root, `..`
 * stops at it. Components that do not exist are kept as they are. Answers the host path.
 */
export function resolveInScope(root: string, rel: string): string {
  let pending = rel.split('/');
  let resolved = '';
  let links = 0;
  while (pending.length > 0) {
    const part = pending.shift() as string;
    if (part === '' || part === '.') continue;
    if (part === '..') {
      resolved = posix.dirname(`/${resolved}`).slice(1);
      continue;
    }
    const candidate = resolved === '' ? part : `${resolved}/${part}`;
    let isLink = false;
    try {
      isLink = lstatSync(`${root}/${candidate}`).isSymbolicLink();
    } catch {
      resolved = [candidate, ...pending].filter((p) => p !== '').join('/');
      break;
    }
    if (!isLink) {
      resolved = candidate;
      continue;
    }
    if (++links > maxLinks) throw invalidParameter(`too many links in ${rel}`);
    const target = readlinkSync(`${root}/${candidate}`);
    if (target.startsWith('/')) resolved = '';
    pending = [...target.split('/'), ...pending];
  }
  return resolved === '' ? root : `${root}/${resolved}`;
}

/**
 * moby's ResolvePath: the directory part resolved in scope, the last element kept (a symbolic link
 * there is reported, not followed). A trailing `/` or `/.` is kept, as archive.PreserveTrailingDot...
 */
export function resolveKeepingLast(root: string, rel: string): { hostPath: string; absPath: string } {
  const absPath = preserveTrailing(posix.join('/', rel), rel);
  const cleaned = posix.normalize(absPath);
  // `dir/` and `dir/.` name the directory itself: its last element is followed too (filepath.Split).
  if (cleaned === '/' || absPath.endsWith('/') || absPath.endsWith('/.')) {
    return { hostPath: resolveInScope(root, cleaned), absPath };
  }
  const hostDir = resolveInScope(root, posix.dirname(cleaned));
  return { hostPath: `${hostDir}/${posix.basename(cleaned)}`, absPath };
}

/** go-archive PreserveTrailingDotOrSeparator. */
export function preserveTrailing(cleaned: string, original: string): string {
  if (original.endsWith('/.') && !cleaned.endsWith('/.')) {
    return cleaned.endsWith('/') ? `${cleaned}.` : `${cleaned}/.`;
  }
  if (original.endsWith('/') && !cleaned.endsWith('/')) return `${cleaned}/`;
  return cleaned;
}

/** container.PathStat: what `HEAD …/archive` answers. */
export interface PathStat {
  name: string;
  size: number;
  /** Go's os.FileMode bits. */
  mode: number;
  /** RFC 3339 with nanoseconds, UTC. */
  mtime: string;
  linkTarget: string;
}

export function pathStat(root: string, hostPath: string, absPath: string): PathStat | undefined {
  let st: BigIntStats;
  try {
    st = lstatSync(hostPath, { bigint: true });
  } catch {
    return undefined;
  }
  let linkTarget = '';
  if (st.isSymbolicLink()) {
    const full = resolveInScope(root, posix.normalize(absPath));
    linkTarget = full === root ? '/' : full.slice(root.length);
  }
  return {
    name: posix.basename(posix.normalize(absPath)) || '/',
    size: Number(st.size),
    mode: goFileMode(st),
    mtime: rfc3339Nano(st.mtimeNs),
    linkTarget,
  };
}

/** os.FileMode from a stat: permission bits plus Go's type and set-id flags. */
export function goFileMode(st: BigIntStats): number {
  const m = Number(st.mode);
  let mode = m & 0o777;
  if (m & 0o4000) mode |= 1 << 23;
  if (m & 0o2000) mode |= 1 << 22;
  if (m & 0o1000) mode |= 1 << 20;
  if (st.isDirectory()) mode |= 2 ** 31;
  else if (st.isSymbolicLink()) mode |= 1 << 27;
  else if (st.isBlockDevice()) mode |= 1 << 26;
  else if (st.isCharacterDevice()) mode |= (1 << 26) | (1 << 21);
  else if (st.isFIFO()) mode |= 1 << 25;
  else if (st.isSocket()) mode |= 1 << 24;
  return mode >>> 0;
}

/** Go's time.RFC3339Nano in UTC: fraction without trailing zeros. */
function rfc3339Nano(ns: bigint): string {
  const secs = ns / 1_000_000_000n;
  const frac = ns % 1_000_000_000n;
  const base = new Date(Number(secs) * 1000).toISOString().slice(0, 19);
  const f = frac === 0n ? '' : `.${frac.toString().padStart(9, '0').replace(/0+$/, '')}`;
  return `${base}${f}Z`;
}
