import { ContainersApi, type ExecConfig } from '../../client/containers-api.js';
import { StatusError, type CommandContext } from '../command.js';
import { loadClientConfig } from '../config-file.js';
import { consoleSize, monitorTtySize } from '../container-session.js';
import { readKeyValueStrings } from '../env-file.js';
import { streamHijacked } from '../hijacked-io.js';

/**
 * `strata exec [OPTIONS] CONTAINER COMMAND [ARG...]` (docker/cli container/exec.go): create the exec,
 * then start it detached (`-d`) or hijacked, stream it, and exit with its exit code.
 */
export async function run(ctx: CommandContext): Promise<number | void> {
  const [name = '', ...cmd] = ctx.args;
  const detach = ctx.flags.bool('detach');
  const tty = ctx.flags.bool('tty');
  let env: string[] | null;
  try {
    env = readKeyValueStrings(ctx.flags.list('env-file'), ctx.flags.list('env'));
  } catch (err) {
    throw new StatusError((err as Error).message, 1);
  }
  const interactive = !detach && ctx.flags.bool('interactive');
  const config: ExecConfig = {
    User: ctx.flags.string('user'),
    Privileged: ctx.flags.bool('privileged'),
    Tty: tty,
    ...(tty ? { ConsoleSize: consoleSize(ctx) } : {}),
    AttachStdin: interactive,
    AttachStderr: !detach,
    AttachStdout: !detach,
    Detach: detach,
    DetachKeys: ctx.flags.string('detach-keys') || (loadClientConfig(ctx.configDir).detachKeys ?? ''),
    Env: env,
    WorkingDir: ctx.flags.string('workdir'),
    Cmd: cmd,
  };
  const api = new ContainersApi(ctx.client());
  await api.inspect(name);
  if (!detach && tty && interactive && !ctx.stdin.isTTY)
    throw new StatusError('the input device is not a TTY', 1);
  const { Id: execId } = await api.execCreate(name, config);
  if (!execId) throw new StatusError('exec ID empty', 1);
  const start = {
    Detach: detach,
    Tty: tty,
    ...(config.ConsoleSize ? { ConsoleSize: config.ConsoleSize } : {}),
  };
  const conn = await api.execStart(execId, start);
  if (!conn) return;
  const stopResize =
    tty && ctx.stdin.isTTY ? monitorTtySize(ctx, (h, w) => api.resize(execId, h, w, true)) : () => {};
  try {
    const { detached } = await streamHijacked(conn, {
      stdin: interactive ? ctx.stdin : undefined,
      stdout: ctx.stdout,
      stderr: tty ? ctx.stdout : ctx.stderr,
      tty,
      detachKeys: config.DetachKeys,
    });
    if (detached) throw new StatusError('read escape sequence', 1);
  } finally {
    stopResize();
    if (interactive) ctx.stdin.destroy();
  }
  const code = (await api.execInspect(execId)).ExitCode ?? 0;
  return code === 0 ? undefined : code;
}
