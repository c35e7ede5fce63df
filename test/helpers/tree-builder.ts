// Generated directory trees for archive round-trip property tests: regular, empty and sparse files,
// directories, symlinks (targets anywhere, `..` and absolute included), hard links and FIFOs, with
// random modes (set-id and sticky bits), owners, mtimes and user xattrs, under names with spaces,
// newlines, non-ASCII and invalid UTF-8 bytes. Build needs root (chown).
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  closeSync,
  lchownSync,
  linkSync,
  lutimesSync,
  mkdirSync,
  openSync,
  renameSync,
  symlinkSync,
  utimesSync,
  writeSync,
  ftruncateSync,
} from 'node:fs';
import fc from 'fast-check';

export type EntrySpec =
  | { kind: 'file'; content: Uint8Array }
  | { kind: 'sparse'; size: number; at: number; bytes: Uint8Array }
  | { kind: 'symlink'; target: string }
  | { kind: 'hardlink'; to: number }
  | { kind: 'fifo' };

export interface Attrs {
  mode: number;
  uid: number;
  gid: number;
  /** Seconds since the epoch, with a fraction. */
  mtime: number;
  xattr?: string;
}

export interface TreeSpec {
  /** Directory i lives in directory parent (-1: the root). */
  dirs: Array<{ name: Uint8Array; parent: number; attrs: Attrs }>;
  entries: Array<{ name: Uint8Array; parent: number; spec: EntrySpec; attrs: Attrs }>;
  root: Attrs;
}

const nameBytes: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc
    .constantFrom('a b', 'new\nline', 'ünïcödé', 'tab\there', '-dash', '.hidden', 'x'.repeat(120))
    .map((s) => new Uint8Array(Buffer.from(s))),
  fc.stringMatching(/^[a-zA-Z0-9._ -]{1,16}$/).map((s) => new Uint8Array(Buffer.from(s))),
  // Raw bytes, invalid UTF-8 likely; never NUL or '/'.
  fc.uint8Array({ minLength: 1, maxLength: 6 }).map((b) => b.map((x) => (x === 0 || x === 0x2f ? 0xff : x))),
);

const attrs: fc.Arbitrary<Attrs> = fc.record(
  {
    mode: fc.integer({ min: 0, max: 0o7777 }),
    uid: fc.integer({ min: 0, max: 70_000 }),
    gid: fc.integer({ min: 0, max: 70_000 }),
    mtime: fc
      .integer({ min: 1, max: 2_000_000_000 })
      .chain((s) => fc.integer({ min: 0, max: 999 }).map((ms) => s + ms / 1000)),
    xattr: fc.stringMatching(/^[a-z0-9]{1,12}$/),
  },
  { requiredKeys: ['mode', 'uid', 'gid', 'mtime'] },
);

const entrySpec: fc.Arbitrary<EntrySpec> = fc.oneof(
  fc.record({ kind: fc.constant('file' as const), content: fc.uint8Array({ maxLength: 3000 }) }),
  fc.record({ kind: fc.constant('file' as const), content: fc.constant(new Uint8Array(0)) }),
  fc.record({
    kind: fc.constant('sparse' as const),
    size: fc.integer({ min: 1 << 20, max: 8 << 20 }),
    at: fc.integer({ min: 0, max: (1 << 20) - 100 }),
    bytes: fc.uint8Array({ minLength: 1, maxLength: 64 }),
  }),
  fc.record({
    kind: fc.constant('symlink' as const),
    target: fc.oneof(
      fc.constantFrom('/etc', '../../..', '/', 'dangling', 'a b/../x'),
      fc.string({ minLength: 1, maxLength: 20 }).filter((s) => !s.includes('\u0000')),
    ),
  }),
  fc.record({ kind: fc.constant('hardlink' as const), to: fc.nat() }),
  fc.record({ kind: fc.constant('fifo' as const) }),
);

export const treeSpec: fc.Arbitrary<TreeSpec> = fc.record({
  dirs: fc.array(fc.record({ name: nameBytes, parent: fc.integer({ min: -1, max: 3 }), attrs }), {
    maxLength: 4,
  }),
  entries: fc.array(
    fc.record({ name: nameBytes, parent: fc.integer({ min: -1, max: 3 }), spec: entrySpec, attrs }),
    {
      maxLength: 14,
    },
  ),
  root: attrs,
});

/** Builds the tree under the existing directory `root`. */
export function buildTree(root: string, t: TreeSpec): void {
  const dirPaths: Buffer[] = [];
  const rootB = Buffer.from(root);
  const inDir = (parent: number, name: Uint8Array, i: string): Buffer => {
    const base = parent >= 0 && parent < dirPaths.length ? (dirPaths[parent] as Buffer) : rootB;
    // A per-entry suffix keeps names unique within a directory.
    return Buffer.concat([base, Buffer.from('/'), Buffer.from(name), Buffer.from(`~${i}`)]);
  };
  const owners: Array<[Buffer, Attrs, boolean]> = [];
  t.dirs.forEach((d, i) => {
    const p = inDir(d.parent < i ? d.parent : -1, d.name, `d${i}`);
    mkdirSync(p);
    dirPaths.push(p);
    owners.push([p, d.attrs, true]);
  });
  const files: Buffer[] = [];
  t.entries.forEach((e, i) => {
    const p = inDir(e.parent, e.name, `e${i}`);
    const s = e.spec;
    if (s.kind === 'file' || (s.kind === 'hardlink' && files.length === 0)) {
      const fd = openSync(p, 'w');
      if (s.kind === 'file') writeSync(fd, s.content);
      closeSync(fd);
      files.push(p);
    } else if (s.kind === 'sparse') {
      const fd = openSync(p, 'w');
      ftruncateSync(fd, s.size);
      writeSync(fd, s.bytes, 0, s.bytes.length, s.at);
      closeSync(fd);
      files.push(p);
    } else if (s.kind === 'hardlink') {
      linkSync(files[s.to % files.length] as Buffer, p);
    } else if (s.kind === 'symlink') {
      symlinkSync(s.target, p);
    } else {
      // mkfifo(1) takes its name as text: made under an ASCII name, then renamed (bytes kept).
      const tmp = Buffer.concat([rootB, Buffer.from(`/.fifo-${i}`)]);
      execFileSync('mkfifo', [tmp.toString()]);
      renameSync(tmp, p);
    }
    owners.push([p, e.attrs, s.kind !== 'symlink']);
  });
  for (const [p, a, chmodable] of owners) {
    lchownSync(p, a.uid, a.gid);
    // chown clears set-id bits: the mode goes after.
    if (chmodable) chmodSync(p, a.mode);
    if (a.xattr && chmodable) setXattr(p, a.xattr);
  }
  // Times last, deepest first, so making children does not move a directory's mtime afterwards.
  for (const [p, a] of [...owners].reverse()) lutimesSync(p, a.mtime, a.mtime);
  lchownSync(rootB, t.root.uid, t.root.gid);
  chmodSync(rootB, t.root.mode);
  utimesSync(rootB, t.root.mtime, t.root.mtime);
}

function setXattr(p: Buffer, value: string): void {
  const path = p.toString('utf8');
  if (!Buffer.from(path).equals(p)) return; // not UTF-8: cannot be named to setfattr
  try {
    execFileSync('setfattr', ['-h', '-n', 'user.strata', '-v', value, '--', path], { stdio: 'ignore' });
  } catch {
    // FIFOs cannot carry user xattrs; the snapshot then simply has none.
  }
}
