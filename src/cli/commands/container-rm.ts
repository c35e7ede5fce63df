import { ContainersApi } from '../../client/containers-api.js';
import { ClientError, DaemonError } from '../../client/engine-client.js';
import type { CommandContext } from '../command.js';
import { eachContainer } from '../each-container.js';

/**
 * `strata rm [-f] [-v] [-l] CONTAINER...` (docker/cli container/rm.go): with `-f`, a container that
 * does not exist is reported on stderr but is not a failure.
 */
export async function run(ctx: CommandContext): Promise<void> {
  const api = new ContainersApi(ctx.client());
  const force = ctx.flags.bool('force');
  const opts = { force, volumes: ctx.flags.bool('volumes'), link: ctx.flags.bool('link') };
  await eachContainer(
    ctx,
    async (name) => {
      const id = name.replace(/^\/+|\/+$/g, '');
      if (id === '') throw new ClientError('container name cannot be empty');
      await api.remove(id, opts);
    },
    { parallel: true, tolerate: (err) => force && err instanceof DaemonError && err.status === 404 },
  );
}
