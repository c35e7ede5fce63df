import { VolumeCopiesApi } from '../../client/volume-copies-api.js';
import { StatusError, type CommandContext } from '../command.js';
import { withElapsed } from '../elapsed-progress.js';

/**
 * `strata volume snapshot create [--pause] VOLUME [SNAPSHOT]` (Strata's own): the snapshot's name
 * printed (the daemon picks a UTC time stamp when none is given).
 */
export async function run(ctx: CommandContext): Promise<void> {
  if (ctx.args.length > 2) {
    const p = ctx.commandPath.join(' ');
    throw new StatusError(
      `${ctx.commandPath[0]}: '${p}' requires at least 1 and at most 2 arguments\n\nUsage:  ${p} [OPTIONS] VOLUME [SNAPSHOT]\n\nRun '${p} --help' for more information`,
      1,
    );
  }
  const [volume = '', snapshot] = ctx.args;
  const api = new VolumeCopiesApi(ctx.client());
  const made = await withElapsed(
    ctx,
    `Snapshotting ${volume}…`,
    api.createSnapshot(volume, snapshot, { pause: ctx.flags.bool('pause') }),
  );
  ctx.out(`${made.Name}\n`);
}
