import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type { AttachStreams, ContainerRuntimeSpec, ExecHandle, ExecSpec } from './container-runtime.js';
import { createDaemonEnvironment, replaceOrAppendEnvValues } from './docker-env.js';
import { launchRunc } from './monitor/runc-launch.js';
import type { OciProcess } from './oci-types.js';
import { execStartError } from './start-error.js';
import { resolveUser } from './user-lookup.js';

export interface ExecInput {
  id: string;
  /** The container dir; the exec's files go to `<dir>/exec/<n>/`. */
  dir: string;
  execDir: string;
  rootfs: string;
  runc: string;
  runcRoot: string;
  /** The container's spec and its OCI process (capabilities, user, cwd). */
  container: ContainerRuntimeSpec;
  containerProcess: OciProcess;
  exec: ExecSpec;
}

/** The OCI process of an exec, as moby daemon/exec.go builds it from the container's. */
export function execProcess(input: ExecInput): OciProcess {
  const { exec, container, containerProcess } = input;
  const env = replaceOrAppendEnvValues(
    createDaemonEnvironment(container.hostname, exec.tty, container.process.env),
    exec.env,
  );
  const p: OciProcess = {
    ...containerProcess,
    terminal: exec.tty,
    args: exec.args,
    env,
    cwd: exec.cwd || containerProcess.cwd || '/',
    user: exec.user ? resolveUser(input.rootfs, exec.user) : containerProcess.user,
  };
  delete p.consoleSize;
  if (exec.tty && exec.consoleSize && exec.consoleSize.height > 0 && exec.consoleSize.width > 0) {
    p.consoleSize = { ...exec.consoleSize };
  }
  return p;
}

/**
 * Runs `runc exec` for one exec, as a child of the daemon (an exec does not outlive the daemon that
 * ran it). Rejects with Docker's `OCI runtime exec failed: …` when the process cannot start.
 */
export async function runExec(input: ExecInput): Promise<ExecHandle> {
  const proc = execProcess(input);
  mkdirSync(input.execDir, { recursive: true });
  const files = {
    process: join(input.execDir, 'process.json'),
    pid: join(input.execDir, 'exec.pid'),
    log: join(input.execDir, 'runc.log'),
  };
  writeFileSync(files.process, JSON.stringify(proc));
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const launched = launchRunc(
    {
      runc: input.runc,
      runcRoot: input.runcRoot,
      args: ['exec', '--process', files.process, '--pid-file', files.pid, input.id],
      pidFile: files.pid,
      logFile: files.log,
      cwd: input.dir,
      tty: input.exec.tty,
      consoleSize: proc.consoleSize,
      stdin: input.exec.stdin,
    },
    (stream, data) => {
      const out = input.exec.tty || stream === 'stdout' ? stdout : stderr;
      if (!out.writableEnded) out.write(data);
    },
  );
  const exited = launched.exited.then((code) => {
    if (!stdout.writableEnded) stdout.end();
    if (!stderr.writableEnded) stderr.end();
    rmSync(input.execDir, { recursive: true, force: true });
    return code;
  });
  const started = await launched.started;
  if ('error' in started) {
    await exited;
    throw execStartError(started.error);
  }

  let detached = false;
  const detach = (): void => {
    if (detached) return;
    detached = true;
    if (!stdout.writableEnded) stdout.end();
    if (!stderr.writableEnded) stderr.end();
  };
  const streams: AttachStreams = { stdout, stderr, close: detach };
  const childStdin = launched.child.stdin;
  if (input.exec.stdin && childStdin) {
    const stdin = new PassThrough();
    stdin.on('data', (data: Buffer) => childStdin.write(data));
    // moby exec's attach has CloseStdin: the end of the client's stdin is the process's, except
    // with a TTY, where it only detaches the client.
    stdin.on('end', () => (input.exec.tty ? detach() : childStdin.end()));
    streams.stdin = stdin;
  }
  return {
    streams,
    exited,
    pid: Promise.resolve(started.pid),
    resize: (size) => launched.resize(size),
  };
}
