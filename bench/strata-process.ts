// Starts `node [nodeArgs] bin/strata daemon --host unix://<sock> --data-root <dir> [args]` in a temp
// dir. Like test/helpers/strata-daemon.ts, but it can pass flags to node itself (`--cpu-prof` is not
// allowed in NODE_OPTIONS) and finds bin/strata from the repo root, so it works from dist/bench too.
import { spawn } from 'node:child_process';
import { openSync, closeSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { waitForPing } from '../test/helpers/http.js';

export interface StrataProcessOptions {
  repoRoot: string;
  /** Flags for node before the script, e.g. `--cpu-prof`. */
  nodeArgs?: string[];
  /** Daemon flags after --host/--data-root. */
  args?: string[];
}

export interface StrataProcess {
  socket: string;
  dataRoot: string;
  /** SIGTERM, wait for the exit (SIGKILL after 20 s), remove the temp dir. Idempotent. */
  stop(): Promise<void>;
}

export async function startStrataProcess(opts: StrataProcessOptions): Promise<StrataProcess> {
  const dir = await mkdtemp(path.join(tmpdir(), 'strata-bench-'));
  const socket = path.join(dir, 'strata.sock');
  const dataRoot = path.join(dir, 'root');
  const logFile = path.join(dir, 'strata.log');
  const log = openSync(logFile, 'a');
  const env: NodeJS.ProcessEnv = { ...process.env, TZ: 'UTC' };
  delete env.NODE_OPTIONS; // the bench's own loader flags must not reach the daemon
  const child = spawn(
    process.execPath,
    [
      ...(opts.nodeArgs ?? []),
      path.join(opts.repoRoot, 'bin', 'strata'),
      'daemon',
      '--host',
      `unix://${socket}`,
      '--data-root',
      dataRoot,
      ...(opts.args ?? []),
    ],
    { cwd: opts.repoRoot, env, stdio: ['ignore', log, log] },
  );
  closeSync(log);
  let exitCode: number | null | undefined;
  const exited = new Promise<void>((resolve) =>
    child.once('exit', (code) => {
      exitCode = code;
      resolve();
    }),
  );

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      if (exitCode === undefined) {
        child.kill('SIGTERM');
        const timer = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 20_000).unref());
        if ((await Promise.race([exited, timer])) === 'timeout') {
          child.kill('SIGKILL');
          await exited;
        }
      }
      await rm(dir, { recursive: true, force: true, maxRetries: 3 });
    })());

  try {
    await Promise.race([
      waitForPing(socket, 20_000),
      exited.then(() => {
        throw new Error(`strata exited during start-up (code ${exitCode})`);
      }),
    ]);
  } catch (err) {
    const tail = safeRead(logFile).split('\n').slice(-20).join('\n');
    await stop();
    throw new Error(`${(err as Error).message}\n--- strata log (tail) ---\n${tail}`);
  }
  return { socket, dataRoot, stop };
}

function safeRead(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '(no log)';
  }
}
