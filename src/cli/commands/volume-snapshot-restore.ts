import { VolumeCopiesApi } from '../../client/volume-copies-api.js';
import type { CommandContext } from '../command.js';
import { withElapsed } from '../elapsed-progress.js';

/** `strata volume snapshot restore VOLUME SNAPSHOT` (Strata's own): the volume's name printed. */
export async function run(ctx: CommandContext): Promise<void> {
  const [volume = '', snapshot = ''] = ctx.args;
  const api = new VolumeCopiesApi(ctx.client());
  await withElapsed(ctx, `Restoring ${volume} from ${snapshot}…`, api.restoreSnapshot(volume, snapshot));
  ctx.out(`${volume}\n`);
}
