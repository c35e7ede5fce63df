/**
 * Runs containers: an OCI bundle over an overlay root filesystem, executed by runc under a small
 * per-container monitor process that outlives the daemon (as containerd-shim does). The engine
 * decides what runs (image, mounts, process); the runtime makes it run and reports what happened.
 *
 * Lifecycle (every implementation passes src/runtime/container-runtime.contract.ts):
 *   prepare(spec)  → rootfs mounted (overlay of the image layers + the container's own upper dir) and
 *                    bundle written; nothing runs yet. Idempotent for the same id; call it before every
 *                    start (a start after an exit, a failed start or a restart of the daemon included):
 *                    it remounts what cleanup() unmounted and rewrites the bundle. Rejects with Docker's
 *                    user-lookup and working-directory errors (then nothing stays mounted).
 *   start(id)      → the monitor starts the process; resolves once it runs (pid known), or rejects with
 *                    a ContainerStartError (start-error.ts: the text containerd gives Docker 28, and
 *                    the exit code moby records, 126/127/128; moby's setExitCodeFromError suffixes for
 *                    EISDIR/ENOTDIR are the engine's) after cleaning up; the container is then
 *                    'created' again (rootfs unmounted).
 *   attach / wait / kill / exec / resize while it runs. attach and wait also work on a 'created'
 *                    container: they connect to the next start (docker run attaches before it starts,
 *                    so no output is lost); wait resolves at once for a process that already exited.
 *   cleanup(id)    → after exit: runc state deleted, rootfs unmounted; the upper dir and log are kept
 *                    (a stopped container keeps its writes until it is removed, and can start again).
 *                    With `startExpected` (the engine's create, which prepares only to look into the
 *                    rootfs) the rootfs may stay mounted a short while for the start that usually
 *                    follows (docker run: create, attach, start), which then does not mount it again;
 *                    it is unmounted when that while is over, or by remove(), recover() or RuncRuntime.close().
 *   remove(id)     → everything of the container is deleted (refuses a running container).
 * The engine learns of exits by calling wait(id) for every container it starts or recovers.
 * After a daemon restart `recover()` reports every container the runtime knows, running or exited;
 * nothing a container mounted is leaked: non-running containers' rootfs are unmounted (prepare again
 * before the next start). A container whose monitor vanished without recording an exit is reported
 * exited with 255, as moby's restore does for a task that is gone.
 *
 * Errors are EngineErrors (src/errors): not-found for an unknown id, conflict for an operation the
 * container's state forbids (`container <id> is not running`, moby daemon/errors.go), invalid-parameter
 * for bad input (`invalid signal: X`, moby/sys/signal), system otherwise.
 */
export interface MountSpec {
  destination: string;
  /** Host path (bind) or '' (tmpfs). */
  source: string;
  type: 'bind' | 'tmpfs';
  readonly: boolean;
  /** For binds: private, rprivate (default), shared, rshared, slave, rslave. */
  propagation?: string;
  /** For tmpfs: mount data such as `size=65536k,mode=1777`. */
  tmpfsOptions?: string;
  /** Binds only: the source is a file, not a directory. */
  file?: boolean;
  /** Binds only (BindOptions.NonRecursive): `bind` instead of `rbind`. */
  nonRecursive?: boolean;
  /**
   * Binds only (BindOptions.ReadOnlyNonRecursive): a read-only bind is `ro` (sub-mounts stay
   * writable). Otherwise read-only binds are recursively read-only (`rro`) where runc supports it,
   * as Docker ≥ 25 does.
   */
  readonlyNonRecursive?: boolean;
}

export interface ProcessSpec {
  args: string[];
  env: string[];
  /** Absolute working directory inside the container ('' = '/'). */
  cwd: string;
  /** Docker's `User`: '', `name`, `uid`, `uid:gid`, `name:group` — resolved against the rootfs. */
  user: string;
  tty: boolean;
  /** Keep stdin open for attach (docker -i). */
  openStdin: boolean;
  /**
   * Docker's Config.StdinOnce (`docker run -i` attached): when an attached client ends its stdin the
   * process's stdin is closed. Without it (or with a TTY) the client is only detached. Default false.
   */
  stdinOnce?: boolean;
  /** Initial TTY size (HostConfig.ConsoleSize); ignored without a TTY. */
  consoleSize?: ConsoleSize;
}

export interface ConsoleSize {
  height: number;
  width: number;
}

/**
 * What prepare() needs. The runtime adds what Docker's daemon adds when it builds the OCI spec:
 * PATH, HOSTNAME and (with a TTY) TERM=xterm under the image/user env, Docker's default mounts,
 * capabilities, masked and read-only paths, and /etc/hostname, /etc/hosts, /etc/resolv.conf
 * (unless a mount already targets them).
 */
export interface ContainerRuntimeSpec {
  id: string;
  /** Unpacked image layers, lowest first (overlay lowerdirs are given top first). */
  layers: string[];
  process: ProcessSpec;
  hostname: string;
  mounts: MountSpec[];
  network: 'none' | 'host';
  readonlyRootfs: boolean;
}

export interface ExitStatus {
  exitCode: number;
  /** RFC 3339 with nanoseconds, UTC. */
  finishedAt: string;
  oomKilled: boolean;
}

export interface RunningState {
  pid: number;
  /** RFC 3339 with nanoseconds, UTC. */
  startedAt: string;
}

export type RuntimeState =
  { status: 'created' } | ({ status: 'running' } & RunningState) | ({ status: 'exited' } & ExitStatus);

/** Streams of one attached client. Without a TTY stdout and stderr are separate; with one only stdout. */
export interface AttachStreams {
  stdout: NodeJS.ReadableStream;
  stderr: NodeJS.ReadableStream;
  /** Present when attached with stdin and the container keeps stdin open; end() closes the process's stdin. */
  stdin?: NodeJS.WritableStream;
  /** Detaches this client (the container goes on). */
  close(): void;
}

/** As Docker's exec: env is laid over the container's (PATH, HOSTNAME, its Config.Env); '' cwd/user = the container's. */
export interface ExecSpec {
  args: string[];
  env: string[];
  cwd: string;
  user: string;
  tty: boolean;
  stdin: boolean;
  consoleSize?: ConsoleSize;
}

/**
 * A running exec'd process. exec() rejects with a ContainerStartError (`OCI runtime exec failed: …`,
 * exit code 126/127) when the process cannot start. Ending `streams.stdin` closes the process's stdin.
 */
export interface ExecHandle {
  streams: AttachStreams;
  /** Resolves with the exec'd process's exit code (128+signal when killed). */
  exited: Promise<number>;
  pid: Promise<number>;
  resize(size: ConsoleSize): Promise<void>;
}

export interface ContainerRuntime {
  prepare(spec: ContainerRuntimeSpec): Promise<{ rootfs: string }>;
  start(id: string): Promise<RunningState>;
  state(id: string): Promise<RuntimeState>;
  /**
   * Live output from now on (history is in logPath). On a container that does not run, the client
   * is connected to the next start of this runtime object (before the process runs). The streams
   * end when the process exits or the client is detached. `stdin` only with opts.stdin and openStdin.
   */
  attach(id: string, opts: { stdin: boolean }): Promise<AttachStreams>;
  /**
   * Resolves with the exit of the running process, at once with the recorded one for an exited
   * container, or with the exit of the next start for a 'created' one (rejects if that start fails).
   */
  wait(id: string): Promise<ExitStatus>;
  /**
   * Freezes every process of a running container (`docker pause`: the cgroup freezer) or thaws
   * them; conflict `container <id> is not running` otherwise. A frozen container's signals (a kill)
   * take effect once it is thawed (runc thaws one it sends SIGKILL to); resuming a running container
   * that is not frozen does nothing. Whether a container is paused is the engine's record.
   */
  pause(id: string): Promise<void>;
  resume(id: string): Promise<void>;
  /** Docker's signal spellings: `KILL`, `SIGKILL`, `9`, `RTMIN+3` ('' = SIGKILL). */
  kill(id: string, signal: string): Promise<void>;
  exec(id: string, spec: ExecSpec): Promise<ExecHandle>;
  /** Resizes the TTY of a running container (no-op without a TTY). */
  resize(id: string, size: ConsoleSize): Promise<void>;
  cleanup(id: string, opts?: { startExpected?: boolean }): Promise<void>;
  remove(id: string): Promise<void>;
  /** json-file log lines (`{"log","stream","time"}`) of the container so far. */
  logPath(id: string): string;
  /** The container's own read-write layer (what it wrote over its image), for its size. */
  rwLayerPath(id: string): string;
  recover(): Promise<Array<{ id: string; state: RuntimeState }>>;
}
