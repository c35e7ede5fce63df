import type { CommandContext } from '../command.js';

/**
 * `strata volume update VOLUME [--label-add k=v]... [--label-rm k]...` (Strata's own; Docker cannot
 * change a volume's labels, moby#25291): one label edit request, the volume's name printed. A
 * daemon error propagates: `Error response from daemon: …` on stderr, exit 1.
 */
export async function run(ctx: CommandContext): Promise<void> {
  const [name = ''] = ctx.args;
  const add = Object.fromEntries(
    ctx.flags.list('label-add').map((l) => {
      const eq = l.indexOf('=');
      return eq < 0 ? [l, ''] : [l.slice(0, eq), l.slice(eq + 1)];
    }),
  );
  const remove = ctx.flags.list('label-rm');
  const vol = await ctx.client().updateVolumeLabels(name, { Add: add, Remove: remove });
  ctx.out(`${vol.Name}\n`);
}
