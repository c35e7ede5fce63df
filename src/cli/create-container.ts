import { ContainersApi } from '../client/containers-api.js';
import { DaemonError } from '../client/engine-client.js';
import { ImagesApi, anonymousAuth } from '../client/images-api.js';
import { StatusError, type CommandContext } from './command.js';
import { buildContainerRequest, validatePullOption, type ContainerRequest } from './container-config.js';
import { consoleSize } from './container-session.js';
import {
  fullName,
  familiarString,
  parseAnyReference,
  withDefaultTag,
  type ImageRef,
} from './image-reference.js';
import { displayJSONMessages } from './json-messages.js';

/**
 * docker/cli container/create.go createContainer, shared by `create` and `run`: the create request,
 * and when the image is missing (404) with `--pull missing`, "Unable to find image … locally", a pull
 * shown on stderr, and the create again. `--pull always` pulls first. Warnings go to stderr.
 */

/** withHelp: an error of `run`/`create` as `strata: …` and where to find the command's help. */
export const withHelp = (message: string, command: 'run' | 'create', status: number): StatusError =>
  new StatusError(`strata: ${message}\n\nRun 'strata ${command} --help' for more information`, status);

/** The request the flags and arguments describe; a bad value (pull option, flags) exits 125. */
export function parseContainerRequest(ctx: CommandContext, command: 'run' | 'create'): ContainerRequest {
  try {
    validatePullOption(ctx.flags.string('pull'));
    return buildContainerRequest({
      flags: ctx.flags,
      image: ctx.args[0] as string,
      args: ctx.args.slice(1),
      consoleSize: consoleSize(ctx),
    });
  } catch (err) {
    throw withHelp((err as Error).message, command, 125);
  }
}

/** Pulls `ref` as createContainer's pullImage does: the stream on stderr unless quiet. */
async function pullForCreate(ctx: CommandContext, ref: ImageRef, quiet: boolean): Promise<void> {
  const tagged = withDefaultTag(ref);
  const res = await new ImagesApi(ctx.client()).pull(
    fullName(tagged),
    tagged.digest ?? tagged.tag ?? '',
    anonymousAuth,
  );
  await displayJSONMessages(res, quiet ? () => undefined : (s) => ctx.stderr.write(s), {
    terminal: !quiet && ctx.stderr.isTTY === true,
    width: ctx.stderr.columns ?? 200,
  });
}

/** Creates the container; resolves to its id. Errors are the client's (the caller decides the status). */
export async function createContainer(ctx: CommandContext, req: ContainerRequest): Promise<string> {
  const image = String(req.body.Image);
  const ref = parseAnyReference(image);
  const name = ctx.flags.string('name');
  const pull = ctx.flags.string('pull');
  const quiet = ctx.flags.bool('quiet');
  const api = new ContainersApi(ctx.client());
  if (pull === 'always' && ref) await pullForCreate(ctx, ref, quiet);
  let res;
  try {
    res = await api.create(req.body, name);
  } catch (err) {
    if (!(err instanceof DaemonError && err.status === 404 && ref && pull === 'missing')) throw err;
    if (!quiet) ctx.err(`Unable to find image '${familiarString(withDefaultTag(ref))}' locally\n`);
    await pullForCreate(ctx, ref, quiet);
    res = await api.create(req.body, name);
  }
  for (const w of res.Warnings ?? []) ctx.err(`WARNING: ${w}\n`);
  return res.Id;
}
