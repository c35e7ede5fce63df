/**
 * moby's compression.DecompressStream: the format is told by the first bytes (gzip, bzip2, xz,
 * zstd, or none). gzip runs in zlib; the others through the system's `bzip2`, `xz` and `zstd`
 * (Debian ships all three), as Docker itself shells out to `unpigz`/`xz` when it can.
 */
import { spawn } from 'node:child_process';
import type { Readable } from 'node:stream';
import { Duplex, PassThrough, Transform, type TransformCallback } from 'node:stream';
import { createGunzip } from 'node:zlib';

export type Compression = 'none' | 'gzip' | 'bzip2' | 'xz' | 'zstd';

export function detectCompression(head: Buffer): Compression {
  if (head.length >= 3 && head[0] === 0x1f && head[1] === 0x8b && head[2] === 0x08) return 'gzip';
  if (head.length >= 3 && head.subarray(0, 3).toString('latin1') === 'BZh') return 'bzip2';
  if (head.length >= 6 && head.subarray(0, 6).equals(Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]))) {
    return 'xz';
  }
  if (head.length >= 4 && head.readUInt32LE(0) === 0xfd2fb528) return 'zstd';
  return 'none';
}

const tools: Record<Exclude<Compression, 'none' | 'gzip'>, string> = {
  bzip2: 'bzip2',
  xz: 'xz',
  zstd: 'zstd',
};

/** A decompressing stream for `kind` (identity for 'none'). */
export function decompressor(kind: Compression): Duplex {
  if (kind === 'none') return new PassThrough();
  if (kind === 'gzip') return createGunzip();
  const child = spawn(tools[kind], ['-d', '-c'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const out = Duplex.from({ writable: child.stdin, readable: child.stdout });
  child.on('error', (err) => out.destroy(err));
  child.on('close', (code) => {
    if (code !== 0) out.destroy(new Error(`${kind}: ${stderr.trim() || `exit status ${code}`}`));
  });
  return out;
}

/**
 * Passes the stream through after looking at its first bytes: the returned promise tells the
 * compression once known (at the latest when the stream ends).
 */
export class CompressionSniffer extends Transform {
  readonly kind: Promise<Compression>;
  private resolveKind!: (c: Compression) => void;
  private head: Buffer[] = [];
  private headLength = 0;
  private known = false;

  constructor() {
    super();
    this.kind = new Promise((resolve) => (this.resolveKind = resolve));
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    if (this.known) {
      cb(null, chunk);
      return;
    }
    this.head.push(chunk);
    this.headLength += chunk.length;
    if (this.headLength >= 6) this.release();
    cb();
  }

  override _flush(cb: TransformCallback): void {
    if (!this.known) this.release();
    cb();
  }

  private release(): void {
    const all = Buffer.concat(this.head);
    this.head = [];
    this.known = true;
    this.resolveKind(detectCompression(all));
    this.push(all);
  }
}

/** The whole stream decompressed, whatever its compression. */
export async function decompressed(source: Readable): Promise<Readable> {
  const sniffer = new CompressionSniffer();
  source.on('error', (err) => sniffer.destroy(err));
  source.pipe(sniffer);
  const kind = await sniffer.kind;
  if (kind === 'none') return sniffer;
  const d = decompressor(kind);
  sniffer.on('error', (err) => d.destroy(err));
  return sniffer.pipe(d);
}
