import { closeSync, openSync, renameSync, rmSync, writevSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { ArchiveStreamError, archiveOf, hasTrailer, TrailerSplitter } from '../../client/archive-trailer.js';
import { VolumeArchiveApi } from '../../client/volume-archive-api.js';
import { byteProgress, type ByteProgress } from '../byte-progress.js';
import { StatusError, type CommandContext } from '../command.js';

/**
 * `strata volume export [-o FILE] VOLUME` (Strata's own): the volume as a plain tar that GNU tar
 * extracts, its labels, options and driver in a PAX global record plain tar ignores. To stdout
 * (never to a terminal) or to FILE, written beside it first and renamed into place when complete.
 * A byte progress line on a terminal's stderr.
 */
export async function run(ctx: CommandContext): Promise<void> {
  const [name = ''] = ctx.args;
  const output = ctx.flags.string('output');
  if (output === '' && ctx.stdout.isTTY) {
    throw new StatusError(
      'refusing to write a tar archive to a terminal: use -o FILE or redirect the output',
      1,
    );
  }
  const client = ctx.client();
  const total = ctx.stderr.isTTY ? await sizeOf(client, name) : undefined;
  const res = await new VolumeArchiveApi(client).exportResponse(name);
  // The direct body (the daemon's tar writes into the connection) ends with a status block.
  const splitter = hasTrailer(res) ? new TrailerSplitter() : undefined;
  const progress = byteProgress(ctx.stderr, { label: `Exporting ${name}`, ...(total ? { total } : {}) });
  try {
    if (output === '') {
      try {
        if (splitter)
          await pipeline(
            archiveOf(res, (n) => progress.add(n)),
            ctx.stdout,
            { end: false },
          );
        else await pipeline(res, progress.meter(), ctx.stdout, { end: false });
      } catch (err) {
        // The reader went away (`| head`): end as a writer killed by SIGPIPE does, without a word.
        if ((err as NodeJS.ErrnoException).code === 'EPIPE') throw new StatusError('', 141);
        throw err;
      }
      return;
    }
    const tmp = join(dirname(output), `.${basename(output)}.strata-tmp-${process.pid}`);
    try {
      await writeFileFrom(res, tmp, progress, splitter);
      renameSync(tmp, output);
    } catch (err) {
      rmSync(tmp, { force: true });
      throw err;
    }
  } catch (err) {
    if (err instanceof ArchiveStreamError) {
      throw new StatusError(`export of ${name} failed: ${err.message}`, 1);
    }
    // The daemon cuts the (chunked) stream when it fails after the first byte.
    if ((err as NodeJS.ErrnoException).code === 'ECONNRESET' || (err as Error).message === 'aborted') {
      throw new StatusError(`export of ${name} failed: the daemon ended the stream early`, 1);
    }
    throw err;
  } finally {
    progress.stop();
  }
}

/** Bytes gathered before one writev(2): 16 socket reads' worth. */
const writeBatch = 1 << 20;

/**
 * Writes the stream to a new file with plain writev(2)s of about 1 MiB as chunks arrive: a CLI has
 * nothing else to do meanwhile, and this is about twice as fast as a WriteStream's round trips
 * through the pool. With a splitter, the status block at the end is held back and checked.
 */
async function writeFileFrom(
  from: NodeJS.ReadableStream,
  path: string,
  progress: ByteProgress,
  splitter?: TrailerSplitter,
): Promise<void> {
  const fd = openSync(path, 'w', 0o600);
  let batch: Buffer[] = [];
  let batched = 0;
  const flush = (): void => {
    for (let i = 0; i < batch.length; i += 1024) writeAll(fd, batch.slice(i, i + 1024));
    progress.add(batched);
    batch = [];
    batched = 0;
  };
  try {
    await new Promise<void>((resolve, reject) => {
      from.on('data', (chunk: Buffer) => {
        try {
          for (const part of splitter ? splitter.feed(chunk) : [chunk]) {
            batch.push(part);
            batched += part.length;
          }
          if (batched >= writeBatch) flush();
        } catch (err) {
          reject(err as Error);
        }
      });
      from.once('end', () => {
        try {
          flush();
          splitter?.finish();
          resolve();
        } catch (err) {
          reject(err as Error);
        }
      });
      from.once('error', reject);
      from.once('aborted', () => reject(new Error('aborted')));
    });
  } finally {
    closeSync(fd);
  }
}

/** writev(2) until every byte is written (a short write is rare on a file, but allowed). */
function writeAll(fd: number, bufs: Buffer[]): void {
  const rest = [...bufs];
  while (rest.length > 0) {
    let n = writevSync(fd, rest);
    while (rest.length > 0 && n >= (rest[0] as Buffer).length) n -= (rest.shift() as Buffer).length;
    if (n > 0) rest[0] = (rest[0] as Buffer).subarray(n);
  }
}

/** The volume's size as the daemon last counted it, for the progress bar; undefined when unknown. */
async function sizeOf(
  client: ReturnType<CommandContext['client']>,
  name: string,
): Promise<number | undefined> {
  try {
    const v = await client.json<{ UsageData?: { Size?: number } }>(
      'GET',
      `/volumes/${encodeURIComponent(name)}`,
      {
        query: { size: '1' },
      },
    );
    const size = v.UsageData?.Size;
    return typeof size === 'number' && size > 0 ? size : undefined;
  } catch {
    return undefined;
  }
}
