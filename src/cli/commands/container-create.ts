import { StatusError, type CommandContext } from '../command.js';
import { ContainerOptionError, createContainer, parseContainerRequest } from '../create-container.js';

/** `strata create [OPTIONS] IMAGE [COMMAND] [ARG...]` (docker/cli container/create.go): prints the id. */
export async function run(ctx: CommandContext): Promise<void> {
  let req;
  try {
    req = parseContainerRequest(ctx);
  } catch (err) {
    if (!(err instanceof ContainerOptionError)) throw err;
    throw new StatusError(`strata: ${err.message}\n\nRun 'strata create --help' for more information`, 125);
  }
  ctx.out(`${await createContainer(ctx, req)}\n`);
}
