import { ContainersApi, type WaitResult } from '../client/containers-api.js';
import type { CommandContext } from './command.js';
import { streamHijacked } from './hijacked-io.js';

/**
 * What `run` and `start -a` do around a container that runs attached (docker/cli container/run.go
 * runContainer, start.go RunStart): attach (hijacked) → wait (registered before the start) → start →
 * stream until the output ends → the exit status. Signals are forwarded to the container and the
 * container's TTY follows the terminal's size, as docker's sig-proxy and MonitorTtySize do.
 */
export interface AttachedSession {
  id: string;
  tty: boolean;
  attach: { stdin: boolean; stdout: boolean; stderr: boolean };
  detachKeys?: string | undefined;
  /** `removed` for --rm containers, else `next-exit`. */
  waitCondition: 'removed' | 'next-exit';
}

export type SessionOutcome = { status: number } | { detached: true };

/** docker's signal.SignalMap names for the signals Node can catch and docker forwards. */
const forwarded: ReadonlyArray<[NodeJS.Signals, string]> = [
  ['SIGINT', 'INT'],
  ['SIGTERM', 'TERM'],
  ['SIGHUP', 'HUP'],
  ['SIGQUIT', 'QUIT'],
  ['SIGUSR1', 'USR1'],
  ['SIGUSR2', 'USR2'],
];

/** ForwardAllSignals: each signal the CLI receives is sent to the container; returns the undo. */
export function proxySignals(api: ContainersApi, id: string): () => void {
  const handlers = forwarded.map(([sig, name]) => {
    const handler = (): void => {
      api.kill(id, name).catch(() => undefined);
    };
    process.on(sig, handler);
    return () => process.off(sig, handler);
  });
  return () => handlers.forEach((off) => off());
}

/** MonitorTtySize: the container's TTY gets the terminal's size now and on every SIGWINCH. */
export function monitorTtySize(
  ctx: CommandContext,
  resize: (h: number, w: number) => Promise<void>,
): () => void {
  const apply = (): void => {
    const h = ctx.stdout.rows ?? 0;
    const w = ctx.stdout.columns ?? 0;
    if (h === 0 && w === 0) return;
    resize(h, w).catch(() => undefined);
  };
  apply();
  process.on('SIGWINCH', apply);
  return () => process.off('SIGWINCH', apply);
}

/** The terminal size docker puts in ConsoleSize: [rows, columns], or [0, 0] off a terminal. */
export function consoleSize(ctx: CommandContext): [number, number] {
  return ctx.stdout.isTTY ? [ctx.stdout.rows ?? 0, ctx.stdout.columns ?? 0] : [0, 0];
}

/**
 * Runs one attached session. `start` starts the container; its error is rethrown after the stream
 * is torn down (and, for --rm, after the container is gone).
 */
export async function runAttached(
  ctx: CommandContext,
  s: AttachedSession,
  start: () => Promise<void>,
): Promise<SessionOutcome> {
  const api = new ContainersApi(ctx.client());
  const conn = await api.attach(s.id, { ...s.attach, ...(s.detachKeys ? { detachKeys: s.detachKeys } : {}) });
  const streamed = streamHijacked(conn, {
    stdin: s.attach.stdin ? ctx.stdin : undefined,
    stdout: s.attach.stdout ? ctx.stdout : undefined,
    stderr: s.attach.stderr ? (s.tty ? ctx.stdout : ctx.stderr) : undefined,
    tty: s.tty,
    detachKeys: s.detachKeys,
  });
  // Settled promises are observed later; keep Node from reporting them as unhandled meanwhile.
  streamed.catch(() => undefined);
  const status = waitStatus(ctx, api, s.id, s.waitCondition);
  await status.registered;
  try {
    await start();
  } catch (err) {
    conn.socket.destroy();
    await streamed.catch(() => undefined);
    if (s.waitCondition === 'removed') await status.code;
    throw err;
  }
  const stopResize =
    s.tty && ctx.stdout.isTTY ? monitorTtySize(ctx, (h, w) => api.resize(s.id, h, w)) : () => {};
  try {
    const first = await Promise.race([
      streamed.then(() => 'stream' as const),
      status.code.then(() => 'status' as const),
    ]);
    if (first === 'status' && !s.attach.stdout && !s.attach.stderr) conn.socket.destroy();
    const outcome = await streamed;
    if (outcome.detached) return { detached: true };
    return { status: await status.code };
  } finally {
    stopResize();
    if (s.attach.stdin) ctx.stdin.destroy();
  }
}

/**
 * waitExitOrRemoved: the wait request is answered (headers) before `registered` resolves; `code`
 * is the exit status, or 125 when waiting failed (docker logs the error).
 */
export function waitStatus(
  ctx: CommandContext,
  api: ContainersApi,
  id: string,
  condition: string,
): { registered: Promise<void>; code: Promise<number> } {
  const waiting = api.wait(id, condition);
  const report = (msg: string): number => {
    ctx.err(`${msg}\n`);
    return 125;
  };
  const code = waiting
    .then((w) => w.result)
    .then(
      (r: WaitResult) =>
        r.Error?.Message ? report(`Error waiting for container: ${r.Error.Message}`) : r.StatusCode,
      (err: Error) => report(`error waiting for container: ${err.message}`),
    );
  return {
    registered: waiting.then(
      () => undefined,
      () => undefined,
    ),
    code,
  };
}
