import { VolumeCopiesApi } from '../../client/volume-copies-api.js';
import type { CommandContext } from '../command.js';
import { withElapsed } from '../elapsed-progress.js';

/**
 * `strata volume clone [--label k=v]... [--pause] SOURCE TARGET` (Strata's own): one clone request,
 * the new volume's name printed; an elapsed-time line on a terminal while the copy runs.
 */
export async function run(ctx: CommandContext): Promise<void> {
  const [source = '', target = ''] = ctx.args;
  const labels = Object.fromEntries(
    ctx.flags.list('label').map((l) => {
      const eq = l.indexOf('=');
      return eq < 0 ? [l, ''] : [l.slice(0, eq), l.slice(eq + 1)];
    }),
  );
  const api = new VolumeCopiesApi(ctx.client());
  const vol = await withElapsed(
    ctx,
    `Cloning ${source} to ${target}…`,
    api.clone(source, { name: target, labels, pause: ctx.flags.bool('pause') }),
  );
  ctx.out(`${vol.Name}\n`);
}
