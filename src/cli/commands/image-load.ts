import { ImagesApi } from '../../client/images-api.js';
import { StatusError, type CommandContext } from '../command.js';
import { displayJSONMessages } from '../json-messages.js';
import { openInput } from './image-import.js';

/** `strata load [-i FILE] [-q]` (docker/cli image/load.go): a docker save archive or OCI layout. */
export async function run(ctx: CommandContext): Promise<void> {
  const path = ctx.flags.string('input');
  if (path === '' && ctx.stdin.isTTY)
    throw new StatusError('requested load from stdin, but stdin is empty', 1);
  const input = path === '' ? ctx.stdin : openInput(path);
  const quiet = ctx.flags.bool('quiet') || ctx.stdout.isTTY !== true;
  const res = await new ImagesApi(ctx.client()).load(input, quiet);
  if (res.headers['content-type'] === 'application/json') {
    await displayJSONMessages(res, (s) => ctx.stdout.write(s), {
      terminal: ctx.stdout.isTTY === true,
      width: ctx.stdout.columns ?? 200,
    });
    return;
  }
  for await (const chunk of res) ctx.stdout.write(chunk as Buffer);
}
