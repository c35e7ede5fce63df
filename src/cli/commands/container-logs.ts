import { ContainersApi } from '../../client/containers-api.js';
import { StatusError, type CommandContext } from '../command.js';
import { toEventTimestamp } from '../event-time.js';
import { FrameReader } from '../hijacked-io.js';

/** `strata logs [-f] [-t] [--since] [--until] [-n N] CONTAINER` (docker/cli container/logs.go). */
export async function run(ctx: CommandContext): Promise<void> {
  const api = new ContainersApi(ctx.client());
  const { value: c } = await api.inspect(ctx.args[0] as string);
  const time = (flag: 'since' | 'until'): string | undefined => {
    const v = ctx.flags.string(flag);
    if (v === '') return undefined;
    try {
      return toEventTimestamp(v);
    } catch (err) {
      throw new StatusError(`invalid value for "${flag}": ${(err as Error).message}`, 1);
    }
  };
  const since = time('since');
  const until = time('until');
  const res = await api.logs(c.Id, {
    follow: ctx.flags.bool('follow'),
    ...(since !== undefined ? { since } : {}),
    ...(until !== undefined ? { until } : {}),
    tail: ctx.flags.string('tail'),
    timestamps: ctx.flags.bool('timestamps'),
    details: ctx.flags.bool('details'),
  });
  const frames = new FrameReader((stream, payload) =>
    (stream === 2 ? ctx.stderr : ctx.stdout).write(payload),
  );
  const stop = (): void => void res.destroy();
  process.once('SIGINT', stop);
  try {
    for await (const chunk of res) {
      if (c.Config.Tty) ctx.stdout.write(chunk as Buffer);
      else frames.push(chunk as Buffer);
    }
  } catch {
    // the stream was cut (Ctrl-C with --follow)
  } finally {
    process.off('SIGINT', stop);
  }
}
