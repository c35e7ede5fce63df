import { ContainersApi } from '../../client/containers-api.js';
import { ConnectionError } from '../../client/engine-client.js';
import { StatusError, type CommandContext } from '../command.js';

/** `strata wait CONTAINER...` (docker/cli container/wait.go): each exit code, in order. */
export async function run(ctx: CommandContext): Promise<void> {
  const api = new ContainersApi(ctx.client());
  const errors: string[] = [];
  for (const name of ctx.args) {
    try {
      const { result } = await api.wait(name, '');
      ctx.out(`${(await result).StatusCode}\n`);
    } catch (err) {
      if (err instanceof ConnectionError || !(err instanceof Error)) throw err;
      errors.push(err.message);
    }
  }
  if (errors.length > 0) throw new StatusError(errors.join('\n'), 1);
}
