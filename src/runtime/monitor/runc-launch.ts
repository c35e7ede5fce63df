import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import { constants } from 'node:os';

/**
 * Runs one runc command that starts a process in the foreground (`runc run`, `runc exec`) and tells
 * when the process runs: runc writes --pid-file only once it does. Until then stderr (and, with a
 * TTY, stdout) is held back: if runc fails, what it printed there is its own error, not output.
 *
 * With a TTY runc needs a terminal of its own to relay the container's console through (it refuses
 * to run in the foreground without one), so it runs under script(1), which gives it a pty that is
 * put in raw mode; resizing that pty makes runc resize the container's console.
 */
export interface LaunchOptions {
  runc: string;
  /** runc's global flags go before these, e.g. ['run', '--bundle', dir, id]. */
  args: string[];
  runcRoot: string;
  pidFile: string;
  /** runc's --log file (JSON): where its error is read from when the start fails. */
  logFile: string;
  cwd: string;
  tty: boolean;
  consoleSize?: { height: number; width: number };
  /** Give the process a stdin pipe (always with a TTY, where stdin must stay open). */
  stdin: boolean;
}

export type StartResult = { pid: number } | { error: string };

export interface Launched {
  child: ChildProcess;
  /** Resolves once the process runs, or with runc's error if it never does. */
  started: Promise<StartResult>;
  /** Resolves with the exit code (128+signal when killed) after all output was delivered. */
  exited: Promise<number>;
  resize(size: { height: number; width: number }): Promise<void>;
}

export type OutputSink = (stream: 'stdout' | 'stderr', data: Buffer) => void;

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, "'\\''")}'`;
}

/** The last error runc logged (its --log-format json file). */
function runcError(logFile: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(logFile, 'utf8');
  } catch {
    return undefined;
  }
  let last: string | undefined;
  for (const line of text.split('\n')) {
    if (!line.includes('"error"')) continue;
    try {
      const entry = JSON.parse(line) as { level?: string; msg?: string };
      if (entry.level === 'error' && entry.msg) last = entry.msg;
    } catch {
      // not a JSON line
    }
  }
  return last;
}

function readPid(pidFile: string): number | undefined {
  try {
    const pid = Number(readFileSync(pidFile, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

export function launchRunc(opts: LaunchOptions, sink: OutputSink): Launched {
  const runcArgs = ['--root', opts.runcRoot, '--log', opts.logFile, '--log-format', 'json', ...opts.args];
  let child: ChildProcess;
  if (opts.tty) {
    const size = opts.consoleSize ? `rows ${opts.consoleSize.height} cols ${opts.consoleSize.width} ` : '';
    const command = `stty ${size}raw -echo 2>/dev/null; exec ${[opts.runc, ...runcArgs].map(shellQuote).join(' ')}`;
    child = spawn('script', ['-q', '-e', '-f', '-E', 'never', '-c', command, '/dev/null'], {
      cwd: opts.cwd,
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, SHELL: '/bin/sh' },
    });
  } else {
    child = spawn(opts.runc, runcArgs, {
      cwd: opts.cwd,
      stdio: [opts.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'],
    });
  }

  let state: 'starting' | 'running' | 'failed' = 'starting';
  const held: Array<['stdout' | 'stderr', Buffer]> = [];
  const hold = (stream: 'stdout' | 'stderr') => (data: Buffer) => {
    if (state === 'running') sink(stream, data);
    else if (state === 'starting' && (stream === 'stderr' || opts.tty)) held.push([stream, data]);
    else if (state === 'starting') sink(stream, data);
  };
  child.stdout?.on('data', hold('stdout'));
  child.stderr?.on('data', hold('stderr'));
  child.stdin?.on('error', () => {});

  let resolveStarted: (r: StartResult) => void = () => {};
  const started = new Promise<StartResult>((r) => (resolveStarted = r));
  let watcher: FSWatcher | undefined;
  const markRunning = (pid: number): void => {
    if (state !== 'starting') return;
    state = 'running';
    watcher?.close();
    for (const [stream, data] of held.splice(0)) sink(stream, data);
    resolveStarted({ pid });
  };
  const pidName = basename(opts.pidFile);
  try {
    watcher = watch(dirname(opts.pidFile), (_event, name) => {
      if (name !== pidName) return;
      const pid = readPid(opts.pidFile);
      if (pid !== undefined) markRunning(pid);
    });
  } catch {
    // Without inotify the start is noticed when runc exits (or by the poll below).
  }
  const poll = setInterval(() => {
    const pid = readPid(opts.pidFile);
    if (pid !== undefined) markRunning(pid);
    if (state !== 'starting') clearInterval(poll);
  }, 50);

  const exited = new Promise<number>((resolve) => {
    child.on('error', (err) => {
      clearInterval(poll);
      watcher?.close();
      if (state === 'starting') {
        state = 'failed';
        resolveStarted({ error: err.message });
      }
      resolve(255);
    });
    child.on('close', (code, signal) => {
      clearInterval(poll);
      const pid = state === 'starting' ? readPid(opts.pidFile) : undefined;
      if (pid !== undefined) markRunning(pid);
      if (state === 'starting') {
        state = 'failed';
        watcher?.close();
        const printed = Buffer.concat(held.map(([, d]) => d))
          .toString()
          .trim();
        resolveStarted({
          error: runcError(opts.logFile) ?? (printed || `runc exited with status ${code ?? signal}`),
        });
      }
      resolve(code ?? 128 + (signal ? (constants.signals[signal] ?? 0) : 0));
    });
  });

  const resize = async (size: { height: number; width: number }): Promise<void> => {
    if (!opts.tty || child.pid === undefined || state !== 'running') return;
    // script's child is runc; its stdin is the pty runc relays the container's console through.
    let runcPid: string | undefined;
    try {
      runcPid = readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8').trim().split(' ')[0];
    } catch {
      return;
    }
    if (!runcPid || !existsSync(`/proc/${runcPid}/fd/0`)) return;
    await new Promise<void>((resolve) => {
      execFile(
        'stty',
        ['-F', `/proc/${runcPid}/fd/0`, 'rows', String(size.height), 'cols', String(size.width)],
        () => resolve(),
      );
    });
  };

  return { child, started, exited, resize };
}
