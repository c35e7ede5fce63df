import type { CommandContext } from '../command.js';
import { inspectRefs } from '../inspect-output.js';
import { lookupObject, reportable } from '../object-lookups.js';

/** `strata container inspect [-f FORMAT] [-s] CONTAINER...` (docker/cli container/inspect.go). */
export async function run(ctx: CommandContext): Promise<void> {
  const client = ctx.client();
  const size = ctx.flags.bool('size');
  await inspectRefs(
    ctx,
    ctx.args,
    ctx.flags.string('format'),
    (ref) => lookupObject(client, 'container', ref, { size }),
    reportable,
  );
}
