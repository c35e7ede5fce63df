/**
 * The client's side of a direct volume export (src/api/routes/archive-direct.ts): the body is the
 * tar and then a 512-byte status block, and ends when the connection closes. The last 512 bytes are
 * held back until the end and checked there: a failure the daemon reports, or a body without the
 * block (the stream was cut), is an error instead of a short archive.
 */
import type { IncomingMessage } from 'node:http';
import { Transform, type Readable, type TransformCallback } from 'node:stream';

/** Request header asking for the direct body; the answer carries it (with the block size) when given. */
export const trailerHeader = 'x-strata-archive-trailer';
const trailerSize = 512;
const magic = Buffer.from('STRATA-ARCHIVE-STATUS\n');

/** The export failed: the daemon said why, or the stream ended early. */
export class ArchiveStreamError extends Error {}

export function hasTrailer(res: IncomingMessage): boolean {
  return res.headers[trailerHeader] === String(trailerSize);
}

/** Splits a direct body into archive bytes and the status block at its end. */
export class TrailerSplitter {
  private tail: Buffer = Buffer.alloc(0);

  /** The bytes that are surely archive now, in order (the held-back tail first); no copies. */
  feed(chunk: Buffer): Buffer[] {
    if (chunk.length >= trailerSize) {
      const head = chunk.subarray(0, chunk.length - trailerSize);
      const out = this.tail.length > 0 ? [this.tail, head] : [head];
      this.tail = chunk.subarray(chunk.length - trailerSize);
      return out.filter((b) => b.length > 0);
    }
    const all = Buffer.concat([this.tail, chunk]);
    if (all.length <= trailerSize) {
      this.tail = all;
      return [];
    }
    this.tail = all.subarray(all.length - trailerSize);
    return [all.subarray(0, all.length - trailerSize)];
  }

  /** At the end of the body: throws the daemon's failure, or that the stream was cut. */
  finish(): void {
    const cut = new ArchiveStreamError('the daemon ended the stream early');
    if (this.tail.length !== trailerSize || !this.tail.subarray(0, magic.length).equals(magic)) throw cut;
    let status: { ok?: unknown; message?: unknown };
    try {
      status = JSON.parse(this.tail.subarray(magic.length).toString('utf8').trim()) as typeof status;
    } catch {
      throw cut;
    }
    if (status.ok === true) return;
    throw new ArchiveStreamError(typeof status.message === 'string' ? status.message : 'the export failed');
  }
}

/**
 * The archive alone, as a stream that errors (ArchiveStreamError) when the export failed or was cut.
 * `onBytes` counts archive bytes as they pass (a progress meter without another stream).
 */
export function archiveOf(res: IncomingMessage, onBytes?: (n: number) => void): Readable {
  const splitter = new TrailerSplitter();
  const strip = new Transform({
    readableHighWaterMark: 1 << 20,
    writableHighWaterMark: 1 << 20,
    transform(chunk: Buffer, _enc, cb: TransformCallback) {
      const parts = splitter.feed(chunk);
      for (const p of parts) {
        onBytes?.(p.length);
        this.push(p);
      }
      cb();
    },
    flush(cb: TransformCallback) {
      try {
        splitter.finish();
        cb();
      } catch (err) {
        cb(err as Error);
      }
    },
  });
  res.once('error', (err) => strip.destroy(err));
  // A reader that stops early closes the connection: the daemon's tar then stops too.
  strip.once('close', () => {
    if (!res.complete) res.destroy();
  });
  res.once('aborted', () => strip.destroy(new ArchiveStreamError('the daemon ended the stream early')));
  res.pipe(strip);
  return strip;
}
