// Start Strata for tests, following its process contract:
//   node <repo>/bin/strata daemon --host unix://<sock> --data-root <dir>
// runs in the foreground, logs structured lines on stderr, is ready when `GET /_ping` answers 200 and stops
// on SIGTERM. Temp dirs are made here and removed by stop()/kill9() (unless `keep`).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { waitForPing } from './http.js';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The executable run with `node`; STRATA_BIN overrides it (e.g. a build elsewhere). */
export const STRATA_BIN = process.env.STRATA_BIN ?? path.join(REPO_ROOT, 'bin', 'strata');

export interface StrataOptions {
  /** Extra daemon flags, after --host/--data-root. */
  args?: string[];
  /** Extra environment (TZ defaults to UTC). */
  env?: Record<string, string>;
  /** Use this data root instead of a temp one (it is then not removed). */
  dataRoot?: string;
  startTimeoutMs?: number;
  /** Keep the temp dir on stop (debugging). */
  keep?: boolean;
}

export interface StrataDaemon {
  socket: string;
  dataRoot: string;
  /** Temp dir with socket, data root (unless given) and log. */
  dir: string;
  /** stderr of all runs so far, appended. */
  logFile: string;
  /** pid of the current process. */
  readonly pid: number;
  /** SIGTERM (if still running), wait for the exit, remove the temp dirs. */
  stop(): Promise<void>;
  /** SIGKILL (a crash) and wait for the exit; the temp dirs stay for restart(); stop() removes them. */
  kill9(): Promise<void>;
  /** SIGTERM (if still running), then start again on the same socket and data root. The socket file of a
   * killed daemon is left in place on purpose: Strata must cope with a stale socket. */
  restart(): Promise<void>;
  /** Exit code/signal of the last run that ended (undefined while running). */
  readonly lastExit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
}

export function strataUnavailableReason(): string | undefined {
  return existsSync(STRATA_BIN)
    ? undefined
    : `${path.relative(process.cwd(), STRATA_BIN)} not found (Strata is not built yet)`;
}

export async function startStrata(opts: StrataOptions = {}): Promise<StrataDaemon> {
  const dir = await mkdtemp(path.join(tmpdir(), 'sst-'));
  const socket = path.join(dir, 'strata.sock');
  const dataRoot = opts.dataRoot ?? path.join(dir, 'root');
  await mkdir(dataRoot, { recursive: true });
  const logFile = path.join(dir, 'strata.log');

  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  let lastExit: StrataDaemon['lastExit'];

  const launch = async (): Promise<void> => {
    const log = await open(logFile, 'a');
    const c = spawn(
      process.execPath,
      [STRATA_BIN, 'daemon', '--host', `unix://${socket}`, '--data-root', dataRoot, ...(opts.args ?? [])],
      {
        cwd: REPO_ROOT,
        env: { ...process.env, TZ: 'UTC', ...opts.env },
        stdio: ['ignore', log.fd, log.fd],
      },
    );
    child = c;
    lastExit = undefined;
    const onExit = (): void => {
      if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    };
    process.once('exit', onExit); // never leave a daemon behind if the test process dies
    c.once('exit', () => process.removeListener('exit', onExit));
    exited = new Promise<void>((resolve) =>
      c.once('exit', (code, signal) => {
        lastExit = { code, signal };
        resolve();
      }),
    );
    await log.close(); // the child holds its own copy of the fd
    try {
      await Promise.race([
        waitForPing(socket, opts.startTimeoutMs ?? 20_000),
        exited.then(() => {
          throw new Error(
            `strata exited during start-up (code ${lastExit?.code}, signal ${lastExit?.signal})`,
          );
        }),
      ]);
    } catch (err) {
      await signalAndWait('SIGKILL');
      throw new Error(`${(err as Error).message}\n--- strata log (tail) ---\n${tail(logFile)}`);
    }
  };

  const signalAndWait = async (sig: NodeJS.Signals, timeoutMs = 15_000): Promise<void> => {
    const c = child;
    if (!c || lastExit) return;
    c.kill(sig);
    const timeout = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), timeoutMs).unref());
    if ((await Promise.race([exited, timeout])) === 'timeout') {
      c.kill('SIGKILL');
      await exited;
      throw new Error(`strata did not exit within ${timeoutMs} ms of ${sig}; killed`);
    }
  };

  const cleanup = async (): Promise<void> => {
    if (!opts.keep) await rm(dir, { recursive: true, force: true, maxRetries: 3 });
  };

  try {
    await launch();
  } catch (err) {
    await cleanup();
    throw err;
  }

  return {
    socket,
    dataRoot,
    dir,
    logFile,
    get pid() {
      return child?.pid ?? -1;
    },
    get lastExit() {
      return lastExit;
    },
    async stop() {
      try {
        await signalAndWait('SIGTERM');
      } finally {
        await cleanup();
      }
    },
    async kill9() {
      await signalAndWait('SIGKILL');
    },
    async restart() {
      await signalAndWait('SIGTERM');
      await launch();
    },
  };
}

function tail(file: string): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-30).join('\n');
  } catch {
    return '(no log)';
  }
}
