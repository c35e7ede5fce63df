import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { conflict, invalidParameter, messageOf, notFound, systemError } from '../errors/index.js';
import { checkId } from './container-dir.js';
import type {
  AttachStreams,
  ConsoleSize,
  ContainerRuntime,
  ContainerRuntimeSpec,
  ExecHandle,
  ExecSpec,
  ExitStatus,
  RunningState,
  RuntimeState,
} from './container-runtime.js';
import { createDaemonEnvironment, replaceOrAppendEnvValues } from './docker-env.js';
import { defaultFakePrograms, type FakeProgram } from './fake-programs.js';
import { rfc3339Nano } from './monitor/clock.js';
import { StreamLogger } from './monitor/json-log.js';
import { parseSignal, SIGKILL } from './signals.js';
import { containerStartError, execStartError } from './start-error.js';

export interface FakeRuntimeOptions {
  /** Where containers' dirs and json-file logs go (default: a temporary directory, gone at exit). */
  root?: string;
  /** Extra or replacement programs, by argv[0] (basename). */
  programs?: Record<string, FakeProgram>;
  /** Users the fake's "/etc/passwd" knows (default root: 0). */
  users?: Record<string, number>;
}

interface Client {
  stdout: PassThrough;
  stderr: PassThrough;
  stdin: PassThrough | undefined;
  ended: boolean;
}

interface Proc {
  pid: number;
  tty: boolean;
  stdin: PassThrough | undefined;
  clients: Set<Client>;
  kill(sig: number): void;
  exited: Promise<number>;
}

interface Container {
  spec: ContainerRuntimeSpec;
  state: RuntimeState;
  proc: Proc | undefined;
  pendingAttach: Client[];
  pendingWaiters: Array<{ resolve(e: ExitStatus): void; reject(e: unknown): void }>;
}

let nextPid = 1000;
let sharedRoot: string | undefined;
let instances = 0;

/**
 * One temporary directory per process for fakes without a root: deleted at exit, and (for processes
 * that were killed) by the next process that makes one.
 */
function temporaryRoot(): string {
  if (!sharedRoot) {
    for (const name of readdirSync(tmpdir())) {
      const pid = /^strata-fake-runtime-(\d+)-/.exec(name)?.[1];
      if (pid && !existsSync(`/proc/${pid}`)) rmSync(join(tmpdir(), name), { recursive: true, force: true });
    }
    const dir = mkdtempSync(join(tmpdir(), `strata-fake-runtime-${process.pid}-`));
    sharedRoot = dir;
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  }
  return join(sharedRoot, String(++instances));
}

/**
 * An in-memory ContainerRuntime for engine tests: processes are small JS programs (fake-programs.ts)
 * chosen by argv[0]; logs are real json-file logs at logPath. Passes the same contract suite as
 * RuncRuntime.
 */
export class FakeRuntime implements ContainerRuntime {
  private readonly containers = new Map<string, Container>();
  private readonly programs: Record<string, FakeProgram>;
  private readonly users: Record<string, number>;
  private rootDir: string | undefined;

  constructor(private readonly opts: FakeRuntimeOptions = {}) {
    this.programs = { ...defaultFakePrograms, ...opts.programs };
    this.users = opts.users ?? { root: 0 };
    this.rootDir = opts.root;
  }

  /** Deletes the temporary directory the fake made for itself. */
  dispose(): void {
    if (!this.opts.root && this.rootDir) rmSync(this.rootDir, { recursive: true, force: true });
  }

  private get root(): string {
    this.rootDir ??= temporaryRoot();
    return this.rootDir;
  }

  logPath(id: string): string {
    return join(this.root, id, `${id}-json.log`);
  }

  /** The fake writes nothing over its images: a directory that stays absent (size 0). */
  rwLayerPath(id: string): string {
    return join(this.root, id, 'rw');
  }

  async prepare(spec: ContainerRuntimeSpec): Promise<{ rootfs: string }> {
    checkId(spec.id);
    const user = spec.process.user.split(':')[0] ?? '';
    if (user !== '' && !/^\d+$/.test(user) && this.users[user] === undefined) {
      throw systemError(`unable to find user ${user}: no matching entries in passwd file`);
    }
    const rootfs = join(this.root, spec.id, 'rootfs');
    mkdirSync(rootfs, { recursive: true });
    const c = this.containers.get(spec.id);
    if (c) {
      if (!c.proc) c.spec = spec;
    } else {
      this.containers.set(spec.id, {
        spec,
        state: { status: 'created' },
        proc: undefined,
        pendingAttach: [],
        pendingWaiters: [],
      });
    }
    return { rootfs };
  }

  async start(id: string): Promise<RunningState> {
    const c = this.get(id);
    if (c.proc) throw conflict(`container ${id} is already running`);
    const { process: p } = c.spec;
    const arg0 = p.args[0] ?? '';
    const program = this.programs[arg0.split('/').pop() ?? ''];
    const pendingAttach = c.pendingAttach.splice(0);
    const waiters = c.pendingWaiters.splice(0);
    if (!program) {
      const err = containerStartError(
        `runc run failed: unable to start container process: ${notFoundText(arg0)}`,
      );
      for (const client of pendingAttach) endClient(client);
      for (const w of waiters) w.reject(err);
      throw err;
    }
    const logFd = openSync(this.logPath(id), 'a');
    const loggers = { stdout: new StreamLogger(logFd, 'stdout'), stderr: new StreamLogger(logFd, 'stderr') };
    const env = createDaemonEnvironment(c.spec.hostname, p.tty, p.env);
    const proc = this.spawn(program, p.args, env, p.openStdin, p.tty, (s, d) => loggers[s].write(d));
    for (const client of pendingAttach) this.connect(proc, client, p.stdinOnce ?? false);
    const running: RunningState = { pid: proc.pid, startedAt: rfc3339Nano() };
    c.proc = proc;
    c.state = { status: 'running', ...running };
    void proc.exited.then((exitCode) => {
      loggers.stdout.end();
      loggers.stderr.end();
      closeSync(logFd);
      c.proc = undefined;
      c.state = { status: 'exited', exitCode, finishedAt: rfc3339Nano(), oomKilled: false };
    });
    for (const w of waiters) this.wait(id).then(w.resolve, w.reject);
    return running;
  }

  async state(id: string): Promise<RuntimeState> {
    return { ...this.get(id).state };
  }

  async attach(id: string, opts: { stdin: boolean }): Promise<AttachStreams> {
    const c = this.get(id);
    const client: Client = {
      stdout: new PassThrough(),
      stderr: new PassThrough(),
      stdin: opts.stdin && c.spec.process.openStdin ? new PassThrough() : undefined,
      ended: false,
    };
    if (c.proc) this.connect(c.proc, client, c.spec.process.stdinOnce ?? false);
    else c.pendingAttach.push(client);
    const streams: AttachStreams = {
      stdout: client.stdout,
      stderr: client.stderr,
      close: () => {
        c.pendingAttach = c.pendingAttach.filter((x) => x !== client);
        c.proc?.clients.delete(client);
        endClient(client);
      },
    };
    if (client.stdin) streams.stdin = client.stdin;
    return streams;
  }

  async wait(id: string): Promise<ExitStatus> {
    const c = this.get(id);
    if (c.proc) {
      await c.proc.exited;
      await Promise.resolve();
    }
    const st = c.state;
    if (st.status === 'exited')
      return { exitCode: st.exitCode, finishedAt: st.finishedAt, oomKilled: st.oomKilled };
    return new Promise((resolve, reject) => c.pendingWaiters.push({ resolve, reject }));
  }

  async kill(id: string, signal: string): Promise<void> {
    let sig: number;
    try {
      sig = parseSignal(signal);
    } catch (err) {
      throw invalidParameter(messageOf(err));
    }
    const c = this.get(id);
    if (!c.proc) throw conflict(`container ${id} is not running`);
    c.proc.kill(sig);
  }

  async exec(id: string, spec: ExecSpec): Promise<ExecHandle> {
    const c = this.get(id);
    if (!c.proc) throw conflict(`container ${id} is not running`);
    const arg0 = spec.args[0] ?? '';
    const program = this.programs[arg0.split('/').pop() ?? ''];
    if (!program) {
      throw execStartError(`exec failed: unable to start container process: ${notFoundText(arg0)}`);
    }
    const env = replaceOrAppendEnvValues(
      createDaemonEnvironment(c.spec.hostname, spec.tty, c.spec.process.env),
      spec.env,
    );
    const proc = this.spawn(program, spec.args, env, spec.stdin, spec.tty, () => {});
    const client: Client = {
      stdout: new PassThrough(),
      stderr: new PassThrough(),
      stdin: spec.stdin ? new PassThrough() : undefined,
      ended: false,
    };
    this.connect(proc, client, true);
    const streams: AttachStreams = {
      stdout: client.stdout,
      stderr: client.stderr,
      close: () => endClient(client),
    };
    if (client.stdin) streams.stdin = client.stdin;
    return { streams, exited: proc.exited, pid: Promise.resolve(proc.pid), resize: async () => {} };
  }

  /** The fake keeps no frozen state: a paused fake process goes on (the engine records Paused). */
  async pause(id: string): Promise<void> {
    if (!this.get(id).proc) throw conflict(`container ${id} is not running`);
  }

  async resume(id: string): Promise<void> {
    if (!this.get(id).proc) throw conflict(`container ${id} is not running`);
  }

  async resize(id: string, _size: ConsoleSize): Promise<void> {
    if (!this.get(id).proc) throw conflict(`container ${id} is not running`);
  }

  async cleanup(id: string): Promise<void> {
    if (this.get(id).proc) throw conflict(`container ${id} is running`);
  }

  async remove(id: string): Promise<void> {
    const c = this.containers.get(id);
    if (!c) return;
    if (c.proc) throw conflict(`container ${id} is running`);
    this.containers.delete(id);
    rmSync(join(this.root, id), { recursive: true, force: true });
    for (const client of c.pendingAttach) endClient(client);
    for (const w of c.pendingWaiters) w.reject(notFound(`container ${id} was removed`));
  }

  async recover(): Promise<Array<{ id: string; state: RuntimeState }>> {
    return [...this.containers].map(([id, c]) => ({ id, state: { ...c.state } }));
  }

  private get(id: string): Container {
    checkId(id);
    const c = this.containers.get(id);
    if (!c) throw notFound(`No such container: ${id}`);
    return c;
  }

  private spawn(
    program: FakeProgram,
    args: string[],
    env: string[],
    openStdin: boolean,
    tty: boolean,
    log: (s: 'stdout' | 'stderr', d: Buffer) => void,
  ): Proc {
    let killed: (code: number) => void = () => {};
    const sigkill = new Promise<number>((resolve) => (killed = resolve));
    const traps = new Map<number, () => void>();
    const stdin = openStdin || tty ? new PassThrough() : undefined;
    const clients = new Set<Client>();
    const out = (s: 'stdout' | 'stderr') => (data: string | Buffer) => {
      const buf = Buffer.from(data);
      const stream = tty ? 'stdout' : s;
      log(stream, buf);
      for (const client of clients) if (!client.ended) client[stream].write(buf);
    };
    const pid = nextPid++;
    // The program starts after the caller has connected the clients that must see all output.
    const run = Promise.resolve().then(() =>
      program({
        args,
        env,
        stdin,
        stdout: out('stdout'),
        stderr: out('stderr'),
        trap: (sig, handler) => traps.set(sig, handler),
      }),
    );
    const exited = Promise.race([run, sigkill]).then((code) => {
      stdin?.destroy();
      for (const client of clients) endClient(client);
      clients.clear();
      return code;
    });
    // An init process ignores the signals it does not handle; SIGKILL it cannot.
    const signal = (sig: number): void => {
      if (sig === SIGKILL) killed(128 + SIGKILL);
      else traps.get(sig)?.();
    };
    return { pid, tty, stdin, clients, kill: signal, exited };
  }

  private connect(proc: Proc, client: Client, stdinOnce: boolean): void {
    proc.clients.add(client);
    const stdin = client.stdin;
    if (!stdin) return;
    stdin.on('data', (d: Buffer) => {
      if (proc.stdin && !proc.stdin.writableEnded) proc.stdin.write(d);
    });
    stdin.on('end', () => {
      if (stdinOnce && !proc.tty) proc.stdin?.end();
      else {
        proc.clients.delete(client);
        endClient(client);
      }
    });
  }
}

function endClient(client: Client): void {
  if (client.ended) return;
  client.ended = true;
  client.stdout.end();
  client.stderr.end();
}

/** runc's text for a command that is not there (a path: stat's error; a name: PATH lookup's). */
function notFoundText(arg0: string): string {
  return arg0.includes('/')
    ? `exec: ${JSON.stringify(arg0)}: stat ${arg0}: no such file or directory`
    : `exec: ${JSON.stringify(arg0)}: executable file not found in $PATH`;
}
