import { ContainersApi } from '../../client/containers-api.js';
import { StatusError, type CommandContext } from '../command.js';
import { proxySignals, runAttached } from '../container-session.js';
import { createContainer, parseContainerRequest, withHelp } from '../create-container.js';
import { loadClientConfig } from '../config-file.js';

/**
 * docker/cli run.go toStatusError: a failure from the daemon (create, start) as `docker: …` with
 * 127 for a missing executable, 126 for one that cannot run, 125 otherwise.
 */
export function runStatusError(err: unknown): StatusError {
  const msg = err instanceof Error ? err.message : String(err);
  if (/executable file not found|no such file or directory|system cannot find the file specified/.test(msg))
    return withHelp(msg, 'run', 127);
  if (/permission denied|is a directory/.test(msg)) return withHelp(msg, 'run', 126);
  return withHelp(msg, 'run', 125);
}

/**
 * `strata run [OPTIONS] IMAGE [COMMAND] [ARG...]` (docker/cli container/run.go): create (pulling a
 * missing image), then either print the id and start (`-d`), or attach, wait and start, stream the
 * container's output (and stdin with `-i`), and exit with the container's status.
 */
export async function run(ctx: CommandContext): Promise<number | void> {
  const req = parseContainerRequest(ctx, 'run');
  const detach = ctx.flags.bool('detach');
  if (!detach) {
    if (req.tty && req.attachStdin && !ctx.stdin.isTTY)
      throw new StatusError('the input device is not a TTY', 1);
  } else {
    if (ctx.flags.list('attach').length > 0)
      throw new StatusError('conflicting options: cannot specify both --attach and --detach', 1);
    Object.assign(req.body, {
      AttachStdin: false,
      AttachStdout: false,
      AttachStderr: false,
      StdinOnce: false,
    });
    req.attachStdin = req.attachStdout = req.attachStderr = false;
  }

  let id: string;
  try {
    id = await createContainer(ctx, req);
  } catch (err) {
    throw runStatusError(err);
  }
  const api = new ContainersApi(ctx.client());
  const unproxy = ctx.flags.bool('sig-proxy') ? proxySignals(api, id) : () => {};
  try {
    if (!req.attachStdin && !req.attachStdout && !req.attachStderr) {
      ctx.out(`${id}\n`);
      try {
        await api.start(id);
      } catch (err) {
        throw runStatusError(err);
      }
      return;
    }
    const outcome = await runAttached(
      ctx,
      {
        id,
        tty: req.tty,
        attach: { stdin: req.attachStdin, stdout: req.attachStdout, stderr: req.attachStderr },
        detachKeys: ctx.flags.string('detach-keys') || loadClientConfig(ctx.configDir).detachKeys,
        waitCondition: req.autoRemove ? 'removed' : 'next-exit',
      },
      async () => {
        try {
          await api.start(id);
        } catch (err) {
          throw runStatusError(err);
        }
      },
    );
    if ('detached' in outcome || outcome.status === 0) return;
    return outcome.status;
  } finally {
    unproxy();
  }
}
