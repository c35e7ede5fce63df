import { ContainersApi } from '../../client/containers-api.js';
import type { CommandContext } from '../command.js';
import { eachContainer } from '../each-container.js';

/** `strata pause CONTAINER...` (docker/cli container/pause.go): in parallel, each name printed. */
export async function run(ctx: CommandContext): Promise<void> {
  const api = new ContainersApi(ctx.client());
  await eachContainer(ctx, (id) => api.pause(id, 'pause'), { parallel: true });
}
