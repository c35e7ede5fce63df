/**
 * A container's monitor (the role of containerd-shim): a process of its own session that outlives
 * the daemon. It runs `runc run` in the foreground, appends the output to the json-file log, serves
 * attach clients and waiters on its socket, unmounts the rootfs (when the job names it), records
 * the exit in exit.json, deletes runc's state, tells the waiters and exits. The daemon starts it
 * (often ahead of time, idle, at a low priority it raises again) and hands it the job on fd 3.
 * Only Node built-ins and sibling modules: start-up time matters (see protocol.ts).
 */
import { execFile } from 'node:child_process';
import { closeSync, existsSync, openSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { Socket } from 'node:net';
import { join } from 'node:path';
import { AttachServer } from './attach-server.js';
import { rfc3339Nano } from './clock.js';
import { StreamLogger } from './json-log.js';
import { LineReader, SOCKET_NAME, type ExitRecord, type MonitorJob } from './protocol.js';
import { launchRunc } from './runc-launch.js';

for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGPIPE'] as const) process.on(sig, () => {});
process.on('uncaughtException', (err) => fatal(err));
process.title = 'strata-monitor';

const control = new Socket({ fd: 3, readable: true, writable: true });
let job: MonitorJob | undefined;
let go: () => void = () => {};
const goSignal = new Promise<void>((resolve) => (go = resolve));
let attached: () => void = () => {};
const attachedSignal = new Promise<void>((resolve) => (attached = resolve));

/** Output kept for clients still attaching is let go beyond this (they then miss the oldest). */
const MAX_HELD = 4 * 1024 * 1024;

function tell(message: object): void {
  if (!control.destroyed) control.write(`${JSON.stringify(message)}\n`);
}

const reader = new LineReader((line) => {
  const msg = JSON.parse(line) as { job?: MonitorJob; go?: boolean; attached?: boolean };
  if (msg.job && !job) {
    job = msg.job;
    run(job).catch((err: unknown) => fatal(err));
  } else if (msg.go) {
    go();
  } else if (msg.attached) {
    attached();
  }
});
control.on('data', (chunk: Buffer) => reader.push(chunk));
control.on('error', () => {});
control.on('close', () => {
  // An idle spare whose daemon went away. With a job the channel only carried the start.
  if (!job) process.exit(0);
  go();
  attached();
});

function fatal(err: unknown): void {
  const text = err instanceof Error ? (err.stack ?? err.message) : String(err);
  try {
    writeFileSync('monitor.log', `${rfc3339Nano()} ${text}\n`, { flag: 'a' });
  } catch {
    // nowhere left to report
  }
  tell({ failed: `monitor: ${err instanceof Error ? err.message : String(err)}` });
  process.exit(1);
}

function writeJsonAtomic(file: string, value: object): void {
  const tmp = `.${file}.tmp`;
  writeFileSync(tmp, JSON.stringify(value));
  renameSync(tmp, file);
}

/** Unmounts the rootfs (the top mount on it); failures are left to the daemon's cleanup. */
function unmountRootfs(j: MonitorJob): Promise<void> {
  const target = j.unmountAfterExit;
  if (!target) return Promise.resolve();
  return new Promise((resolve) => {
    execFile('umount', [target], () => resolve());
  });
}

function runcDelete(j: MonitorJob): Promise<void> {
  if (!existsSync(join(j.runcRoot, j.id))) return Promise.resolve();
  return new Promise((resolve) => {
    execFile(j.runc, ['--root', j.runcRoot, 'delete', '--force', j.id], () => resolve());
  });
}

async function run(j: MonitorJob): Promise<void> {
  process.chdir(j.dir);
  process.title = `strata-monitor ${j.id}`;
  const logFd = openSync(`${j.id}-json.log`, 'a', 0o640);
  const loggers = { stdout: new StreamLogger(logFd, 'stdout'), stderr: new StreamLogger(logFd, 'stderr') };

  let launched: ReturnType<typeof launchRunc> | undefined = undefined;
  // An attached client may send stdin, and its end, before the process exists (docker run attaches
  // and streams stdin before it starts the container): keep both until the launch.
  const early: { data: Buffer[]; closed: boolean } = { data: [], closed: false };
  const server = new AttachServer({
    socketPath: SOCKET_NAME,
    openStdin: j.openStdin,
    closeStdinOnEof: j.stdinOnce && !j.tty,
    writeStdin: (data) => (launched ? launched.child.stdin?.write(data) : early.data.push(Buffer.from(data))),
    closeStdin: () => (launched ? launched.child.stdin?.end() : (early.closed = true)),
    resize: (size) => launched?.resize(size) ?? Promise.resolve(),
  });
  // Output for clients still attaching (see protocol.ts): kept, then given to them in order.
  let held: Array<['stdout' | 'stderr', Buffer]> | undefined = j.holdOutput ? [] : undefined;
  let heldBytes = 0;
  const release = (): void => {
    const kept = held ?? [];
    held = undefined;
    for (const [stream, data] of kept) server.broadcast(stream, data);
  };
  void attachedSignal.then(release);
  await server.listen();
  tell({ listening: true });
  await goSignal;

  launched = launchRunc(
    {
      runc: j.runc,
      runcRoot: j.runcRoot,
      args: ['run', '--bundle', j.dir, '--pid-file', join(j.dir, 'init.pid'), j.id],
      pidFile: join(j.dir, 'init.pid'),
      logFile: join(j.dir, 'runc.log'),
      cwd: j.dir,
      tty: j.tty,
      consoleSize: j.consoleSize,
      stdin: j.openStdin || j.tty,
    },
    (stream, data) => {
      // With a TTY everything the console shows is stdout (Docker logs it so).
      const s = j.tty ? 'stdout' : stream;
      loggers[s].write(data);
      if (!held) {
        server.broadcast(s, data);
        return;
      }
      held.push([s, data]);
      heldBytes += data.length;
      if (heldBytes > MAX_HELD) release();
    },
  );
  for (const chunk of early.data) launched.child.stdin?.write(chunk);
  if (early.closed) launched.child.stdin?.end();

  const started = await launched.started;
  if ('error' in started) {
    tell({ failed: started.error });
    await launched.exited;
    closeSync(logFd);
    await runcDelete(j);
    server.close();
    rmSync('init.pid', { force: true });
    process.exit(0);
  }
  const record = { pid: started.pid, startedAt: rfc3339Nano() };
  writeJsonAtomic('started.json', record);
  tell({ started: record });
  control.end();

  const exitCode = await launched.exited;
  loggers.stdout.end();
  loggers.stderr.end();
  closeSync(logFd);
  const exit: ExitRecord = { exitCode, finishedAt: rfc3339Nano(), oomKilled: false };
  // Before exit.json: whoever learns of the exit from that file (a restarted daemon) may mount the
  // rootfs again for a new start, which an unmount from here must not then take away.
  await unmountRootfs(j);
  writeJsonAtomic('exit.json', exit);
  await runcDelete(j);
  // Clients still attaching get the output before its end (the daemon says when they are there).
  await attachedSignal;
  await server.finish(exit);
  server.close();
  process.exit(0);
}
