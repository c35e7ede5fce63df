import { ContainersApi } from '../../client/containers-api.js';
import type { CommandContext } from '../command.js';
import { eachContainer } from '../each-container.js';

/** `strata kill [-s SIGNAL] CONTAINER...` (docker/cli container/kill.go). */
export async function run(ctx: CommandContext): Promise<void> {
  const api = new ContainersApi(ctx.client());
  await eachContainer(ctx, (id) => api.kill(id, ctx.flags.string('signal')), { parallel: true });
}
