import { isApiError } from '../client/engine-client.js';
import { StatusError, type CommandContext } from './command.js';

/**
 * One operation per container argument, as docker's stop/kill/rm/restart run them: every argument is
 * tried, each success prints the argument, failures are joined on stderr with exit 1 (a `tolerate`d
 * failure is printed but does not fail the command). `parallel` runs them at once (docker's
 * parallelOperation); output stays in argument order.
 */
export async function eachContainer(
  ctx: CommandContext,
  op: (name: string) => Promise<void>,
  opts: { parallel: boolean; tolerate?: (err: unknown) => boolean },
): Promise<void> {
  const settle = (name: string): Promise<unknown> =>
    op(name).then(
      () => undefined,
      (err: unknown) => err ?? new Error(),
    );
  const results: unknown[] = [];
  if (opts.parallel) results.push(...(await Promise.all(ctx.args.map(settle))));
  else for (const name of ctx.args) results.push(await settle(name));
  const errors: string[] = [];
  results.forEach((err, i) => {
    if (err === undefined) ctx.out(`${ctx.args[i]}\n`);
    else if (!isApiError(err)) throw err;
    else if (opts.tolerate?.(err)) ctx.err(`${err.message}\n`);
    else errors.push(err.message);
  });
  if (errors.length > 0) throw new StatusError(errors.join('\n'), 1);
}
