// A private, throw-away Docker daemon (Debian's docker.io, dockerd 20.10) for recording goldens and
// for running the conformance suite against the real thing. Everything lives in one temp dir: data
// root, exec root (managed containerd, its socket), the API socket, pidfile, config file, trust key
// and the daemon log. Listens on its own unix socket only (no TCP, no iptables, no bridge).
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, createWriteStream, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { waitForPing } from './http.js';

export const DOCKERD_BIN = process.env.STRATA_DOCKERD_BIN ?? '/usr/sbin/dockerd';

export interface DockerdOptions {
  /** Extra dockerd flags appended after the defaults. */
  extraArgs?: string[];
  /** Extra environment for the daemon (TZ defaults to UTC). */
  env?: Record<string, string>;
  /** How long to wait for `/_ping` (ms). */
  startTimeoutMs?: number;
  /** Keep the temp dir after stop() (for debugging). */
  keep?: boolean;
}

export interface Dockerd {
  /** Absolute path of the API unix socket. */
  socket: string;
  /** `--data-root` as given to dockerd (no symlinks in it). */
  dataRoot: string;
  /** The daemon's log (stdout + stderr). */
  logFile: string;
  /** Temp dir holding everything; removed by stop(). */
  dir: string;
  pid: number;
  stop(): Promise<void>;
}

/** Why the real dockerd cannot be used here, or undefined when it can. */
export function dockerdUnavailableReason(): string | undefined {
  try {
    accessSync(DOCKERD_BIN, constants.X_OK);
  } catch {
    return `${DOCKERD_BIN} not found (apt-get install docker.io)`;
  }
  if (typeof process.getuid === 'function' && process.getuid() !== 0) {
    return 'dockerd needs root (run the tests as root)';
  }
  return undefined;
}

/** Whether the dockerd binary exists and we may run it (root). */
export function dockerdAvailable(): boolean {
  return dockerdUnavailableReason() === undefined;
}

export async function startDockerd(opts: DockerdOptions = {}): Promise<Dockerd> {
  const reason = dockerdUnavailableReason();
  if (reason) throw new Error(`cannot start dockerd: ${reason}`);
  // Short path: containerd's socket lives under the exec root and unix socket paths are limited to 108 bytes.
  const dir = await mkdtemp(path.join(tmpdir(), 'sdk-'));
  const dataRoot = path.join(dir, 'root');
  const execRoot = path.join(dir, 'exec');
  const socket = path.join(dir, 'docker.sock');
  const pidfile = path.join(dir, 'docker.pid');
  const configFile = path.join(dir, 'daemon.json');
  const logFile = path.join(dir, 'dockerd.log');
  // An own config file keeps /etc/docker/daemon.json out, and the trust key (20.10 writes
  // /etc/docker/key.json by default) inside the temp dir.
  await writeFile(configFile, JSON.stringify({ 'deprecated-key-path': path.join(dir, 'key.json') }) + '\n');
  const args = [
    '--data-root',
    dataRoot,
    '--exec-root',
    execRoot,
    '--host',
    `unix://${socket}`,
    '--pidfile',
    pidfile,
    '--config-file',
    configFile,
    '--iptables=false',
    '--ip-forward=false',
    '--ip-masq=false',
    '--bridge=none',
    ...(opts.extraArgs ?? []),
  ];
  const log = createWriteStream(logFile);
  const child = spawn(DOCKERD_BIN, args, {
    env: { PATH: process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin', TZ: 'UTC', ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: false,
  });
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  // Last resort if our process goes away without stop(): dockerd shuts its containerd down on SIGTERM.
  const onExit = (): void => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  };
  process.once('exit', onExit);

  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    process.removeListener('exit', onExit);
    await terminate(child, exited, 20_000);
    log.end();
    cleanupMounts(dir);
    if (!opts.keep) await rm(dir, { recursive: true, force: true, maxRetries: 3 });
  };

  try {
    await Promise.race([
      waitForPing(socket, opts.startTimeoutMs ?? 30_000),
      exited.then((code) => {
        throw new Error(`dockerd exited with code ${code} during start-up`);
      }),
    ]);
  } catch (err) {
    const tail = safeTail(logFile);
    await stop().catch(() => undefined);
    throw new Error(`${(err as Error).message}\n--- dockerd log (tail) ---\n${tail}`);
  }
  return { socket, dataRoot, logFile, dir, pid: child.pid ?? -1, stop };
}

async function terminate(child: ChildProcess, exited: Promise<unknown>, timeoutMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), timeoutMs).unref());
  if ((await Promise.race([exited, timer])) === 'timeout') {
    child.kill('SIGKILL');
    await exited;
  }
}

/** Unmount anything dockerd left below `dir` (deepest first); a clean shutdown leaves nothing. */
function cleanupMounts(dir: string): void {
  let mountinfo: string;
  try {
    mountinfo = readFileSync('/proc/self/mountinfo', 'utf8');
  } catch {
    return;
  }
  const points = mountinfo
    .split('\n')
    .map((l) => l.split(' ')[4])
    .filter((p): p is string => p !== undefined && (p === dir || p.startsWith(dir + '/')))
    .sort((a, b) => b.length - a.length);
  for (const p of points) {
    try {
      execFileSync('umount', ['-l', p], { stdio: 'ignore' });
    } catch {
      // already gone
    }
  }
}

function safeTail(file: string): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-30).join('\n');
  } catch {
    return '(no log)';
  }
}
