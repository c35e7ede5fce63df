import { StatusError, type CommandContext } from '../command.js';
import { inspectRefs } from '../inspect-output.js';
import { lookupAny, objectTypes, reportable, type ObjectType } from '../object-lookups.js';

const typeList = `"${objectTypes.join('", "')}"`;

/** `strata inspect [-f FORMAT] [--type TYPE] [-s] NAME|ID...` (docker/cli system/inspect.go). */
export async function run(ctx: CommandContext): Promise<void> {
  const type = ctx.flags.string('type');
  if (ctx.flags.changed.has('type') && type === '')
    throw new StatusError(`type is empty: must be one of ${typeList}`, 1);
  if (type !== '' && !objectTypes.includes(type as ObjectType))
    throw new StatusError(`unknown type: ${JSON.stringify(type)}: must be one of ${typeList}`, 1);
  const client = ctx.client();
  const size = ctx.flags.bool('size');
  await inspectRefs(
    ctx,
    ctx.args,
    ctx.flags.string('format'),
    (ref) =>
      lookupAny(client, ref, { type: (type || undefined) as ObjectType | undefined, size, warn: ctx.err }),
    reportable,
  );
}
