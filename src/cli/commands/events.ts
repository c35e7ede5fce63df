import type { EventMessage } from '../../types/index.js';
import { StatusError, type CommandContext } from '../command.js';
import { compileUserTemplate } from '../user-template.js';
import { formatEventTime, toEventTimestamp } from '../event-time.js';
import { filtersFromFlag } from '../flags.js';

/** docker/cli system/events.go printOutput. */
function eventLine(e: EventMessage): string {
  let line = `${formatEventTime(e.timeNano)} ${e.Type} ${e.Action} ${e.Actor.ID}`;
  const keys = Object.keys(e.Actor.Attributes).sort();
  if (keys.length > 0) line += ` (${keys.map((k) => `${k}=${e.Actor.Attributes[k]}`).join(', ')})`;
  return `${line}\n`;
}

/** `strata events [--since] [--until] [--filter] [--format]`: streams until `--until` or Ctrl-C. */
export async function run(ctx: CommandContext): Promise<void> {
  let since: string | undefined;
  let until: string | undefined;
  try {
    if (ctx.flags.string('since')) since = toEventTimestamp(ctx.flags.string('since'));
    if (ctx.flags.string('until')) until = toEventTimestamp(ctx.flags.string('until'));
  } catch (err) {
    throw new StatusError((err as Error).message, 1);
  }
  let render = eventLine;
  const format = ctx.flags.string('format');
  if (format !== '') {
    const execute = await compileUserTemplate(format);
    render = (e) => `${execute(e)}\n`;
  }
  const abort = new AbortController();
  process.once('SIGINT', () => abort.abort());
  await ctx.client().events(
    {
      ...(since !== undefined ? { since } : {}),
      ...(until !== undefined ? { until } : {}),
      filters: filtersFromFlag(ctx.flags.list('filter')),
      signal: abort.signal,
    },
    (e) => ctx.out(render(e)),
  );
}
