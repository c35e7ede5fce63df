import type { CommandContext } from '../command.js';
import { inspectRefs } from '../inspect-output.js';
import { lookupObject, reportable } from '../object-lookups.js';

/** `strata image inspect [-f FORMAT] IMAGE...` (docker/cli image/inspect.go). */
export async function run(ctx: CommandContext): Promise<void> {
  const client = ctx.client();
  await inspectRefs(
    ctx,
    ctx.args,
    ctx.flags.string('format'),
    (ref) => lookupObject(client, 'image', ref),
    reportable,
  );
}
