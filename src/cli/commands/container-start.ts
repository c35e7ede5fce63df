import { ContainersApi } from '../../client/containers-api.js';
import { isApiError } from '../../client/engine-client.js';
import { StatusError, type CommandContext } from '../command.js';
import { loadClientConfig } from '../config-file.js';
import { proxySignals, runAttached } from '../container-session.js';

/**
 * `strata start [-a] [-i] CONTAINER...` (docker/cli container/start.go). Attached (one container),
 * it streams like `run` and exits with the container's status; otherwise each container is started
 * and printed, failures reported and summed up as `Error: failed to start containers: …`.
 */
export async function run(ctx: CommandContext): Promise<number | void> {
  const api = new ContainersApi(ctx.client());
  if (ctx.flags.bool('attach') || ctx.flags.bool('interactive')) {
    if (ctx.args.length > 1)
      throw new StatusError('you cannot start and attach multiple containers at once', 1);
    const { value: c } = await api.inspect(ctx.args[0] as string);
    const tty = !!c.Config.Tty;
    const unproxy = tty ? () => {} : proxySignals(api, c.Id);
    try {
      const outcome = await runAttached(
        ctx,
        {
          id: c.Id,
          tty,
          attach: {
            stdin: ctx.flags.bool('interactive') && !!c.Config.OpenStdin,
            stdout: true,
            stderr: true,
          },
          detachKeys: ctx.flags.string('detach-keys') || loadClientConfig(ctx.configDir).detachKeys,
          waitCondition: c.HostConfig.AutoRemove ? 'removed' : 'next-exit',
        },
        () => api.start(c.Id),
      );
      if ('detached' in outcome || outcome.status === 0) return;
      return outcome.status;
    } finally {
      unproxy();
    }
  }
  const failed: string[] = [];
  for (const name of ctx.args) {
    try {
      await api.start(name);
      ctx.out(`${name}\n`);
    } catch (err) {
      if (!isApiError(err)) throw err;
      ctx.err(`${err.message}\n`);
      failed.push(name);
    }
  }
  if (failed.length > 0) throw new StatusError(`Error: failed to start containers: ${failed.join(', ')}`, 1);
}
