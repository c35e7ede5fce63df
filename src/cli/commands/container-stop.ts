import { ContainersApi } from '../../client/containers-api.js';
import { StatusError, type CommandContext } from '../command.js';
import { eachContainer } from '../each-container.js';

/**
 * `strata stop` and `strata restart` (docker/cli container/stop.go, restart.go): `-t/--timeout`
 * (or the deprecated `--time`) and `-s/--signal` go to the daemon; each name is printed once done.
 */
export async function run(ctx: CommandContext): Promise<void> {
  const changed = ctx.flags.changed;
  if (changed.has('time') && changed.has('timeout'))
    throw new StatusError('conflicting options: cannot specify both --timeout and --time', 1);
  const timeout = changed.has('timeout')
    ? ctx.flags.number('timeout')
    : changed.has('time')
      ? ctx.flags.number('time')
      : undefined;
  const api = new ContainersApi(ctx.client());
  const verb = ctx.commandPath.at(-1) === 'restart' ? 'restart' : 'stop';
  const opts = { signal: ctx.flags.string('signal'), ...(timeout !== undefined ? { timeout } : {}) };
  // docker stops in parallel and restarts one at a time; the output is in argument order either way.
  await eachContainer(ctx, (id) => api.stop(id, opts, verb), { parallel: verb === 'stop' });
}
