/**
 * The disk under an image store (`<data-root>/images`): layers (layer-store.ts), configs
 * (config-store.ts), names (`repositories.json`), what pull learnt about blobs
 * (`distribution/diffid-by-digest.json`), and scratch space in `tmp/` for archives being loaded and
 * blobs being pulled (emptied at start).
 */
import { spawn } from 'node:child_process';
import {
  createReadStream,
  createWriteStream,
  lstatSync,
  mkdirSync,
  readFileSync,
  readlinkSync,
} from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { join, posix } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { writeFileAtomic } from './atomic-file.js';
import { decompressed } from './decompress.js';
import type { ArchiveFiles, StorageBackend, TempBlob } from './image-backends.js';
import { DiskConfigStore } from './config-store.js';
import { LayerStore } from './layer-store.js';

export class DiskStorage implements StorageBackend {
  readonly layers: LayerStore;
  readonly configs: DiskConfigStore;
  readonly diffIdByDigest = new Map<string, string>();
  private readonly diffIdFile: string;

  constructor(readonly root: string) {
    mkdirSync(root, { recursive: true, mode: 0o700 });
    this.layers = new LayerStore(root);
    this.layers.init();
    this.configs = new DiskConfigStore(root);
    mkdirSync(join(root, 'distribution'), { recursive: true, mode: 0o700 });
    this.diffIdFile = join(root, 'distribution', 'diffid-by-digest.json');
    try {
      const m = JSON.parse(readFileSync(this.diffIdFile, 'utf8')) as Record<string, string>;
      for (const [k, v] of Object.entries(m)) this.diffIdByDigest.set(k, v);
    } catch {
      // nothing pulled yet
    }
  }

  saveDiffIdByDigest(digest: string, diffId: string): void {
    if (this.diffIdByDigest.get(digest) === diffId) return;
    this.diffIdByDigest.set(digest, diffId);
    writeFileAtomic(this.diffIdFile, JSON.stringify(Object.fromEntries(this.diffIdByDigest)));
  }

  tempBlob(): TempBlob {
    const dir = this.layers.scratch();
    const file = join(dir, 'blob');
    return {
      writer: () => createWriteStream(file),
      reader: () => createReadStream(file),
      dispose: () => rm(dir, { recursive: true, force: true }),
    };
  }

  /** Unpacks the archive (any compression) into scratch space with GNU tar, as moby's Untar. */
  async openArchive(tar: Readable): Promise<ArchiveFiles> {
    const dir = this.layers.scratch();
    try {
      const plain = await decompressed(tar);
      // `--ignore-zeros`: read to the end (a save archive's padding included) rather than exit at the
      // end-of-archive blocks and break the pipe under a writer still sending ("Premature close").
      const args = [
        '-x',
        '--ignore-zeros',
        '-f',
        '-',
        '-C',
        dir,
        '--no-same-owner',
        '--warning=no-timestamp',
      ];
      const child = spawn('tar', args, {
        stdio: ['pipe', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      const exited = new Promise<number>((resolve, reject) => {
        child.on('error', reject);
        child.on('close', (code) => resolve(code ?? -1));
      });
      let streamError: unknown;
      await pipeline(plain, child.stdin).catch((err: unknown) => (streamError = err));
      const code = await exited;
      if (code !== 0) {
        const line = stderr.split('\n').find((l) => l.trim() !== '') ?? `tar exit status ${code}`;
        throw new Error(line.replace(/^tar: /, ''));
      }
      if (streamError !== undefined) throw streamError;
    } catch (err) {
      await rm(dir, { recursive: true, force: true });
      throw err;
    }
    const resolve = (name: string): string | undefined => resolveInScope(dir, name);
    return {
      read: async (name) => {
        const p = resolve(name);
        return p === undefined ? undefined : readFile(p);
      },
      open: (name) => {
        const p = resolve(name);
        if (p === undefined) throw new Error(`open ${name}: no such file or directory`);
        return createReadStream(p);
      },
      size: (name) => {
        const p = resolve(name);
        return p === undefined ? 0 : lstatSync(p).size;
      },
      close: () => rm(dir, { recursive: true, force: true }),
    };
  }
}

/**
 * moby's safePath (symlink.FollowSymlinkInScope): `name` inside `root`, symlinks followed but kept
 * inside `root` (an absolute target is taken from `root`). Undefined unless a regular file.
 */
export function resolveInScope(root: string, name: string): string | undefined {
  const parts = posix
    .normalize(`/${name}`)
    .split('/')
    .filter((p) => p !== '');
  const resolved: string[] = [];
  let hops = 0;
  while (parts.length > 0) {
    const part = parts.shift() as string;
    if (part === '..') {
      resolved.pop();
      continue;
    }
    if (part === '.') continue;
    const path = join(root, ...resolved, part);
    let st;
    try {
      st = lstatSync(path);
    } catch {
      return undefined;
    }
    if (st.isSymbolicLink()) {
      if (++hops > 255) return undefined;
      const target = readlinkSync(path);
      if (target.startsWith('/')) resolved.length = 0;
      parts.unshift(...target.split('/').filter((p) => p !== ''));
      continue;
    }
    resolved.push(part);
  }
  const final = join(root, ...resolved);
  try {
    return lstatSync(final).isFile() ? final : undefined;
  } catch {
    return undefined;
  }
}
