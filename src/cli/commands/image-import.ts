import { createReadStream, openSync } from 'node:fs';
import { goPathError } from '../../errors/index.js';
import { ImagesApi } from '../../client/images-api.js';
import { StatusError, type CommandContext } from '../command.js';
import { parseNormalizedNamed } from '../image-reference.js';
import { displayJSONMessages } from '../json-messages.js';

/** Opens a file the way os.Open reports failures (`open x: no such file or directory`). */
export function openInput(path: string): NodeJS.ReadableStream {
  try {
    return createReadStream('', { fd: openSync(path, 'r') });
  } catch (err) {
    throw new StatusError(goPathError('open', path, err), 1);
  }
}

/** `strata import [-c CHANGE] [-m MESSAGE] file|URL|- [REPOSITORY[:TAG]]` (docker/cli image/import.go). */
export async function run(ctx: CommandContext): Promise<void> {
  const [source = '', ref = ''] = ctx.args;
  const url = /^https?:\/\//.test(source);
  const input = url ? undefined : source === '-' ? ctx.stdin : openInput(source);
  if (ref !== '') {
    try {
      parseNormalizedNamed(ref);
    } catch (err) {
      throw new StatusError((err as Error).message, 1);
    }
  }
  const res = await new ImagesApi(ctx.client()).import(input, {
    fromSrc: url ? source : '-',
    repo: ref,
    message: ctx.flags.string('message'),
    changes: ctx.flags.list('change'),
  });
  await displayJSONMessages(res, (s) => ctx.stdout.write(s), {
    terminal: ctx.stdout.isTTY === true,
    width: ctx.stdout.columns ?? 200,
  });
}
