import { ContainersApi } from '../../client/containers-api.js';
import { isApiError } from '../../client/engine-client.js';
import { StatusError, type CommandContext } from '../command.js';

/** `strata rename CONTAINER NEW_NAME` (docker/cli container/rename.go). */
export async function run(ctx: CommandContext): Promise<void> {
  const [oldName = '', newName = ''] = ctx.args.map((a) => a.trim());
  if (oldName === '' || newName === '')
    throw new StatusError('Error: Neither old nor new names may be empty', 1);
  try {
    await new ContainersApi(ctx.client()).rename(oldName, newName);
  } catch (err) {
    if (!isApiError(err)) throw err;
    ctx.err(`${err.message}\n`);
    throw new StatusError(`Error: failed to rename container named ${oldName}`, 1);
  }
}
