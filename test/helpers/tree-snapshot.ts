// Every attribute of a directory tree that a volume archive must carry, for round-trip comparisons:
// type, mode (set-id and sticky bits too), owner, mtime to the nanosecond, content digest, symlink
// target, sparseness, hard-link groups and user xattrs; names handled as raw bytes, so names with
// spaces, newlines and invalid UTF-8 compare exactly.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';

export interface NodeFacts {
  type: 'file' | 'dir' | 'symlink' | 'fifo' | 'char' | 'block' | 'socket';
  mode: number;
  uid: number;
  gid: number;
  mtimeNs: string;
  size?: number;
  sha256?: string;
  target?: string;
  /** A file with holes (fewer bytes allocated than its size). */
  sparse?: boolean;
  /** Other paths of the same inode (hard links), sorted. */
  links?: string[];
  xattrs?: Record<string, string>;
}

/** Relative path (hex of its bytes for names that are not UTF-8) → facts. The root is `.`. */
export type TreeSnapshot = Record<string, NodeFacts>;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** A name as text: itself when valid UTF-8, else `hex:<bytes>`. */
export function showName(b: Buffer): string {
  try {
    return utf8.decode(b);
  } catch {
    return `hex:${b.toString('hex')}`;
  }
}

export function snapshotTree(
  root: string,
  opts: { xattrs?: boolean; rootAttrs?: boolean } = {},
): TreeSnapshot {
  const out: TreeSnapshot = {};
  const inodes = new Map<bigint, string[]>();
  const walk = (dir: Buffer, rel: string): void => {
    const names = readdirSync(dir, { encoding: 'buffer' }).sort(Buffer.compare);
    for (const name of names) {
      const full = Buffer.concat([dir, Buffer.from('/'), name]);
      const r = rel === '' ? showName(name) : `${rel}/${showName(name)}`;
      const st = lstatSync(full, { bigint: true });
      const facts = factsOf(full, st, opts.xattrs ?? true);
      out[r] = facts;
      if (facts.type === 'file' && st.nlink > 1n) inodes.set(st.ino, [...(inodes.get(st.ino) ?? []), r]);
      if (facts.type === 'dir') walk(full, r);
    }
  };
  if (opts.rootAttrs ?? true)
    out['.'] = factsOf(Buffer.from(root), lstatSync(root, { bigint: true }), opts.xattrs ?? true);
  walk(Buffer.from(root), '');
  for (const group of inodes.values()) {
    for (const p of group) {
      const facts = out[p];
      if (facts) facts.links = group.filter((q) => q !== p).sort();
    }
  }
  return out;
}

function factsOf(
  path: Buffer,
  st: ReturnType<typeof lstatSync> & { mode: bigint },
  withXattrs: boolean,
): NodeFacts {
  const base = {
    mode: Number(st.mode) & 0o7777,
    uid: Number(st.uid),
    gid: Number(st.gid),
    mtimeNs: String((st as unknown as { mtimeNs: bigint }).mtimeNs),
  };
  const xattrs = withXattrs ? readXattrs(path) : undefined;
  const x = xattrs && Object.keys(xattrs).length > 0 ? { xattrs } : {};
  if (st.isDirectory()) return { type: 'dir', ...base, ...x };
  if (st.isSymbolicLink()) {
    return { type: 'symlink', ...base, target: readlinkSync(path, { encoding: 'buffer' }).toString('hex') };
  }
  if (st.isFIFO()) return { type: 'fifo', ...base };
  if (st.isCharacterDevice()) return { type: 'char', ...base, size: Number(st.rdev) };
  if (st.isBlockDevice()) return { type: 'block', ...base, size: Number(st.rdev) };
  if (st.isSocket()) return { type: 'socket', ...base };
  const size = Number(st.size);
  return {
    type: 'file',
    ...base,
    size,
    sha256: createHash('sha256').update(readFileSync(path)).digest('hex'),
    sparse: Number(st.blocks) * 512 < size,
    ...x,
  };
}

/** user.* xattrs via getfattr (paths that are not UTF-8 cannot be passed as arguments: none read). */
function readXattrs(path: Buffer): Record<string, string> | undefined {
  let p: string;
  try {
    p = utf8.decode(path);
  } catch {
    return undefined;
  }
  let text: string;
  try {
    text = execFileSync(
      'getfattr',
      ['-h', '-d', '-m', '^user\\.', '-e', 'hex', '--absolute-names', '--', p],
      {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      },
    );
  } catch {
    return undefined;
  }
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^(user\.[^=]+)=(.*)$/.exec(line);
    if (m) out[m[1] as string] = m[2] as string;
  }
  return out;
}
