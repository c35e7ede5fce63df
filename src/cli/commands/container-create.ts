import type { CommandContext } from '../command.js';
import { createContainer, parseContainerRequest } from '../create-container.js';

/** `strata create [OPTIONS] IMAGE [COMMAND] [ARG...]` (docker/cli container/create.go): prints the id. */
export async function run(ctx: CommandContext): Promise<void> {
  ctx.out(`${await createContainer(ctx, parseContainerRequest(ctx, 'create'))}\n`);
}
