import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
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
  const res = await new VolumeArchiveApi(client).export(name);
  const progress = byteProgress(ctx.stderr, { label: `Exporting ${name}`, ...(total ? { total } : {}) });
  try {
    if (output === '') {
      try {
        await pipeline(res, progress.meter(), ctx.stdout, { end: false });
      } catch (err) {
        // The reader went away (`| head`): end as a writer killed by SIGPIPE does, without a word.
        if ((err as NodeJS.ErrnoException).code === 'EPIPE') throw new StatusError('', 141);
        throw err;
      }
      return;
    }
    const tmp = join(dirname(output), `.${basename(output)}.strata-tmp-${process.pid}`);
    try {
      await writeFileFrom(res, tmp, progress);
      renameSync(tmp, output);
    } catch (err) {
      rmSync(tmp, { force: true });
      throw err;
    }
  } catch (err) {
    // The daemon cuts the stream when it fails after the first byte.
    if ((err as NodeJS.ErrnoException).code === 'ECONNRESET' || (err as Error).message === 'aborted') {
      throw new StatusError(`export of ${name} failed: the daemon ended the stream early`, 1);
    }
    throw err;
  } finally {
    progress.stop();
  }
}

/**
 * Writes the stream to a new file with plain write(2)s as chunks arrive: a CLI has nothing else to
 * do meanwhile, and this is about twice as fast as a WriteStream's round trips through the pool.
 */
async function writeFileFrom(
  from: NodeJS.ReadableStream,
  path: string,
  progress: ByteProgress,
): Promise<void> {
  const fd = openSync(path, 'w', 0o600);
  try {
    await new Promise<void>((resolve, reject) => {
      from.on('data', (chunk: Buffer) => {
        try {
          writeSync(fd, chunk);
          progress.add(chunk.length);
        } catch (err) {
          reject(err as Error);
        }
      });
      from.once('end', resolve);
      from.once('error', reject);
      from.once('aborted', () => reject(new Error('aborted')));
    });
  } finally {
    closeSync(fd);
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
