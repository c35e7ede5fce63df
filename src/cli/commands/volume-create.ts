import { StatusError, type CommandContext } from '../command.js';

/** `strata volume create [OPTIONS] [VOLUME]` (docker/cli volume/create.go). Prints the volume's name. */
export async function run(ctx: CommandContext): Promise<void> {
  const positional = ctx.args[0];
  const flagName = ctx.flags.string('name');
  if (positional !== undefined && flagName !== '') {
    throw new StatusError(
      'conflicting options: cannot specify a volume-name through both --name and as a positional arg',
      1,
    );
  }
  const labels = Object.fromEntries(
    ctx.flags.list('label').map((l) => {
      const eq = l.indexOf('=');
      return eq < 0 ? [l, ''] : [l.slice(0, eq), l.slice(eq + 1)];
    }),
  );
  const opts = Object.fromEntries(ctx.flags.map('opt'));
  // The docker CLI omits empty maps, so a volume made without labels or options shows `null`.
  const vol = await ctx.client().createVolume({
    Driver: ctx.flags.string('driver'),
    ...(Object.keys(opts).length > 0 ? { DriverOpts: opts } : {}),
    ...(Object.keys(labels).length > 0 ? { Labels: labels } : {}),
    Name: positional ?? flagName,
  });
  ctx.out(`${vol.Name}\n`);
}
