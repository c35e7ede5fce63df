import { isApiError } from '../../client/engine-client.js';
import { StatusError, type CommandContext } from '../command.js';

/**
 * `strata volume rm [-f] VOLUME...` (docker/cli volume/remove.go): one DELETE per name, each removed
 * name printed; failures collected on stderr, one per line, exit 1.
 */
export async function run(ctx: CommandContext): Promise<void> {
  const client = ctx.client();
  const force = ctx.flags.bool('force');
  const errors: string[] = [];
  for (const name of ctx.args) {
    try {
      await client.removeVolume(name, force);
      ctx.out(`${name}\n`);
    } catch (err) {
      if (!isApiError(err)) throw err;
      errors.push(err.message);
    }
  }
  if (errors.length > 0) throw new StatusError(errors.join('\n'), 1);
}
