import { isApiError } from '../../client/engine-client.js';
import { VolumeCopiesApi } from '../../client/volume-copies-api.js';
import { StatusError, type CommandContext } from '../command.js';

/**
 * `strata volume snapshot rm VOLUME SNAPSHOT...` (Strata's own): as `docker volume rm`, each removed
 * snapshot printed, failures joined on stderr with exit 1.
 */
export async function run(ctx: CommandContext): Promise<void> {
  const [volume = '', ...snapshots] = ctx.args;
  const api = new VolumeCopiesApi(ctx.client());
  const errors: string[] = [];
  for (const snap of snapshots) {
    try {
      await api.removeSnapshot(volume, snap);
      ctx.out(`${snap}\n`);
    } catch (err) {
      if (!isApiError(err)) throw err;
      errors.push(err.message);
    }
  }
  if (errors.length > 0) throw new StatusError(errors.join('\n'), 1);
}
