/**
 * Unpacks one layer tar (any compression) into a directory with GNU tar, in overlayfs form (see
 * whiteout-rewriter.ts), and tells its diff id (sha256 of every uncompressed byte, as moby's layer
 * store computes it) and its size (moby's directory.Size: file and symlink sizes, each inode once).
 *
 * GNU tar runs with --numeric-owner (ids as stored, never mapped through the host's passwd),
 * permissions and setuid bits kept (root), xattrs in every namespace, hardlinks and devices as
 * stored. GNU tar itself refuses `..` members and defers absolute or climbing symlinks, so a layer
 * cannot write outside `dest`.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { lstat, mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { decompressed } from './decompress.js';
import { WhiteoutRewriter } from './whiteout-rewriter.js';

export interface UnpackedLayer {
  /** `sha256:<hex>` of the uncompressed stream. */
  diffId: string;
  /** Bytes, as moby's directory.Size counts them. */
  size: number;
}

/** A pass-through that hashes what flows by. */
export class HashingStream extends Transform {
  private readonly hash = createHash('sha256');
  bytes = 0;

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.hash.update(chunk);
    this.bytes += chunk.length;
    cb(null, chunk);
  }

  /** `sha256:<hex>`; call once, after the stream ended. */
  digest(): string {
    return `sha256:${this.hash.digest('hex')}`;
  }
}

/**
 * `--ignore-zeros`: tar reads its input to the end instead of stopping at the end-of-archive blocks,
 * so the padding after them is consumed (and hashed: the diff id covers every byte) and the pipe
 * into tar never breaks under a writer that has not finished.
 */
const tarArgs = (dest: string): string[] => [
  '-x',
  '--ignore-zeros',
  '-f',
  '-',
  '-C',
  dest,
  '--numeric-owner',
  '--same-owner',
  '--same-permissions',
  '--xattrs',
  '--xattrs-include=*',
  '--warning=no-timestamp',
  '--warning=no-unknown-keyword',
];

/** Unpacks `source` (a layer tar, compressed or not) into `dest` (created if missing). */
export async function unpackLayer(source: Readable, dest: string): Promise<UnpackedLayer> {
  await mkdir(dest, { recursive: true });
  const plain = await decompressed(source);
  const hasher = new HashingStream();
  const rewriter = new WhiteoutRewriter();
  const tar = spawn('tar', tarArgs(dest), { stdio: ['pipe', 'ignore', 'pipe'] });
  let stderr = '';
  tar.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<number>((resolve, reject) => {
    tar.on('error', reject);
    tar.on('close', (code) => resolve(code ?? -1));
  });
  let streamError: unknown;
  try {
    await pipeline(plain, hasher, rewriter, tar.stdin);
  } catch (err) {
    streamError = err;
  }
  // tar's own complaint explains a broken pipe into it better than the pipe does.
  const pipeBroken = (streamError as NodeJS.ErrnoException | undefined)?.code === 'EPIPE';
  if (streamError !== undefined && !pipeBroken) {
    tar.kill('SIGKILL');
    await exited.catch(() => undefined);
    throw streamError;
  }
  const code = await exited;
  if (code !== 0) {
    const first =
      stderr.split('\n').find((l) => l.trim() !== '' && !l.includes('Exiting with failure')) ?? '';
    throw new Error(`failed to register layer: ${first.replace(/^tar: /, '') || `tar exit status ${code}`}`);
  }
  if (streamError !== undefined) throw streamError;
  return { diffId: hasher.digest(), size: await directorySize(dest) };
}

/** moby pkg/directory.Size: every non-directory entry's size once per inode. */
export async function directorySize(root: string): Promise<number> {
  const seen = new Set<number>();
  let size = 0;
  const walk = async (dir: string): Promise<void> => {
    for (const e of await readdir(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) {
        await walk(p);
        continue;
      }
      const st = await lstat(p);
      if (st.size === 0 || seen.has(st.ino)) continue;
      seen.add(st.ino);
      size += st.size;
    }
  };
  await walk(root);
  return size;
}
