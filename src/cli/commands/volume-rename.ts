import type { CommandContext } from '../command.js';

/**
 * `strata volume rename VOLUME NEW_NAME` (Strata's own; Docker has no volume rename, moby#31154):
 * one rename request, the new name printed. A daemon error propagates: `Error response from
 * daemon: …` on stderr, exit 1.
 */
export async function run(ctx: CommandContext): Promise<void> {
  const [name = '', newName = ''] = ctx.args;
  const vol = await ctx.client().renameVolume(name, newName);
  ctx.out(`${vol.Name}\n`);
}
