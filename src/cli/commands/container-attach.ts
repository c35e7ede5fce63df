import { ContainersApi, type ContainerInspect } from '../../client/containers-api.js';
import { StatusError, type CommandContext } from '../command.js';
import { loadClientConfig } from '../config-file.js';
import { monitorTtySize, proxySignals, waitStatus } from '../container-session.js';
import { streamHijacked } from '../hijacked-io.js';

function checkRunning(c: ContainerInspect): void {
  if (!c.State.Running) throw new StatusError('You cannot attach to a stopped container, start it first', 1);
  if (c.State.Paused) throw new StatusError('You cannot attach to a paused container, unpause it first', 1);
  if (c.State.Restarting)
    throw new StatusError('You cannot attach to a restarting container, wait until it is running', 1);
}

/**
 * `strata attach [--no-stdin] [--sig-proxy] CONTAINER` (docker/cli container/attach.go): streams a
 * running container until its output ends and exits with its status.
 */
export async function run(ctx: CommandContext): Promise<number | void> {
  const api = new ContainersApi(ctx.client());
  const name = ctx.args[0] as string;
  const status = waitStatus(ctx, api, name, '');
  status.code.catch(() => undefined);
  const c = (await api.inspect(name)).value;
  checkRunning(c);
  const tty = !!c.Config.Tty;
  const stdinWanted = !ctx.flags.bool('no-stdin');
  if (tty && stdinWanted && !ctx.stdin.isTTY) throw new StatusError('the input device is not a TTY', 1);
  const withStdin = stdinWanted && !!c.Config.OpenStdin;
  const detachKeys = ctx.flags.string('detach-keys') || loadClientConfig(ctx.configDir).detachKeys;
  const unproxy = ctx.flags.bool('sig-proxy') && !tty ? proxySignals(api, name) : () => {};
  try {
    const conn = await api.attach(name, {
      stdin: withStdin,
      stdout: true,
      stderr: true,
      ...(detachKeys ? { detachKeys } : {}),
    });
    checkRunning((await api.inspect(name)).value);
    const stopResize =
      tty && ctx.stdout.isTTY ? monitorTtySize(ctx, (h, w) => api.resize(name, h, w)) : () => {};
    try {
      const { detached } = await streamHijacked(conn, {
        stdin: withStdin ? ctx.stdin : undefined,
        stdout: ctx.stdout,
        stderr: ctx.stderr,
        tty,
        detachKeys,
      });
      if (detached) throw new StatusError('read escape sequence', 1);
    } finally {
      stopResize();
      if (withStdin) ctx.stdin.destroy();
    }
    const code = await status.code;
    return code === 0 ? undefined : code;
  } finally {
    unproxy();
  }
}
