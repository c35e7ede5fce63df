import { createReadStream, statSync } from 'node:fs';
import { VolumeArchiveApi } from '../../client/volume-archive-api.js';
import { byteProgress } from '../byte-progress.js';
import { StatusError, type CommandContext } from '../command.js';

/**
 * `strata volume import [--replace] [--allow-devices] VOLUME [FILE|-]` (Strata's own): a tar (from
 * `strata volume export`, or any tar) becomes the volume's content; the volume is made when missing,
 * with the labels and options the archive carries. A volume with content needs `--replace`, which
 * swaps the content in one step. The volume's name is printed.
 */
export async function run(ctx: CommandContext): Promise<void> {
  if (ctx.args.length > 2) {
    throw new StatusError(`"strata volume import" accepts at most 2 arguments: VOLUME [FILE|-]`, 125);
  }
  const [name = '', file = '-'] = ctx.args;
  let input: NodeJS.ReadableStream;
  let total: number | undefined;
  if (file === '-') {
    if (ctx.stdin.isTTY) {
      throw new StatusError(
        'refusing to read a tar archive from a terminal: give FILE or redirect the input',
        1,
      );
    }
    input = ctx.stdin;
  } else {
    let size: number;
    try {
      const st = statSync(file);
      size = st.isFile() ? st.size : 0;
    } catch (err) {
      throw new StatusError(
        `open ${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (err as Error).message}`,
        1,
      );
    }
    total = size > 0 ? size : undefined;
    input = createReadStream(file, { highWaterMark: 1 << 20 });
  }
  const progress = byteProgress(ctx.stderr, { label: `Importing ${name}`, ...(total ? { total } : {}) });
  try {
    const answer = await new VolumeArchiveApi(ctx.client()).import(name, input.pipe(progress.meter()), {
      replace: ctx.flags.bool('replace'),
      allowDevices: ctx.flags.bool('allow-devices'),
    });
    progress.stop();
    ctx.out(`${answer.Name}\n`);
  } finally {
    progress.stop();
  }
}
