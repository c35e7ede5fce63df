import { ImagesApi, anonymousAuth } from '../../client/images-api.js';
import { StatusError, type CommandContext } from '../command.js';
import {
  familiarString,
  fullName,
  parseNormalizedNamed,
  refString,
  withDefaultTag,
} from '../image-reference.js';
import { displayJSONMessages } from '../json-messages.js';

/** `strata pull [-a] [-q] NAME[:TAG|@DIGEST]` (docker/cli image/pull.go). */
export async function run(ctx: CommandContext): Promise<void> {
  const all = ctx.flags.bool('all-tags');
  const quiet = ctx.flags.bool('quiet');
  let ref;
  try {
    ref = parseNormalizedNamed(ctx.args[0] as string);
  } catch (err) {
    throw new StatusError((err as Error).message, 1);
  }
  const nameOnly = ref.tag === undefined && ref.digest === undefined;
  if (all && !nameOnly) throw new StatusError("tag can't be used with --all-tags/-a", 1);
  if (!all && nameOnly) {
    ref = withDefaultTag(ref);
    if (!quiet) ctx.out(`Using default tag: ${ref.tag}\n`);
  }
  // The client sends the familiar form and parses it again: the same name and tag.
  const again = parseNormalizedNamed(familiarString(ref));
  const tag = all ? '' : (again.digest ?? withDefaultTag(again).tag ?? '');
  const res = await new ImagesApi(ctx.client()).pull(fullName(again), tag, anonymousAuth);
  await displayJSONMessages(res, quiet ? () => undefined : (s) => ctx.stdout.write(s), {
    terminal: !quiet && ctx.stdout.isTTY === true,
    width: ctx.stdout.columns ?? 200,
  });
  ctx.out(`${refString(ref)}\n`);
}
