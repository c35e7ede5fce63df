import { ImagesApi } from '../../client/images-api.js';
import { DaemonError, isApiError } from '../../client/engine-client.js';
import { StatusError, type CommandContext } from '../command.js';

/**
 * `strata rmi [-f] [--no-prune] IMAGE...` (docker/cli image/remove.go): what each removal untagged
 * and deleted; with `-f`, failures that are only "not found" are printed but do not fail.
 */
export async function run(ctx: CommandContext): Promise<void> {
  const api = new ImagesApi(ctx.client());
  const force = ctx.flags.bool('force');
  let fatal = false;
  const errors: string[] = [];
  for (const ref of ctx.args) {
    try {
      for (const item of await api.remove(ref, { force, noPrune: ctx.flags.bool('no-prune') })) {
        ctx.out(item.Deleted ? `Deleted: ${item.Deleted}\n` : `Untagged: ${item.Untagged ?? ''}\n`);
      }
    } catch (err) {
      if (!isApiError(err)) throw err;
      if (!(err instanceof DaemonError && err.status === 404)) fatal = true;
      errors.push(err.message);
    }
  }
  if (errors.length === 0) return;
  if (!force || fatal) throw new StatusError(errors.join('\n'), 1);
  ctx.err(`${errors.join('\n')}\n`);
}
