import { EngineError } from '../errors/index.js';

/**
 * A process that could not be started (container or exec): the error text as containerd hands it to
 * Docker 28, and the exit code moby records for it (126 cannot be invoked, 127 not found, 128
 * anything else). Kind: invalid-parameter for 126/127 (moby's startInvalidConfigError), system
 * otherwise (errdefs.Unknown).
 */
export class ContainerStartError extends EngineError {
  readonly exitCode: number;

  constructor(message: string, exitCode: number) {
    super(exitCode === 128 ? 'system' : 'invalid-parameter', message);
    this.name = 'ContainerStartError';
    this.exitCode = exitCode;
  }
}

/**
 * Errors runc's parent process reports itself (runc libcontainer/process_linux.go initProcess.start);
 * every other error comes from `runc init`, which runc ≥ 1.2 (the runc Docker 28 ships) prefixes
 * with `error during container init: `. runc 1.1 does not, so the prefix is added here.
 */
const parentSideErrors = [
  'unable to start init',
  'unable to apply cgroup configuration',
  'unable to apply Intel RDT configuration',
  "can't copy bootstrap data to pipe",
  "can't get final child's PID from pipe",
  'error getting pipe fds',
  'error waiting for our first child to exit',
  'error creating network interfaces',
  'error updating spec state',
  'error sending config to init process',
  'error during container init',
];

const startProcess = 'unable to start container process: ';

function withInitPrefix(runcError: string): string {
  const at = runcError.indexOf(startProcess);
  if (at < 0) return runcError;
  const detail = runcError.slice(at + startProcess.length);
  if (parentSideErrors.some((p) => detail.startsWith(p))) return runcError;
  return `${runcError.slice(0, at)}${startProcess}error during container init: ${detail}`;
}

/**
 * The exit code moby's setExitCodeFromError (daemon/errors.go) records for a start error. (It also
 * adds `: permission denied` to EISDIR errors and a hint to ENOTDIR ones: that belongs to the
 * engine, which records the error, so the message here is the runtime's alone.)
 */
export function startExitCode(desc: string): number {
  const lower = desc.toLowerCase();
  if (lower.includes('permission denied') || lower.includes('is a directory')) return 126;
  if (lower.includes('not a directory')) return 127;
  const invalidCommand = [
    'executable file not found',
    'no such file or directory',
    'system cannot find the file specified',
    'failed to run runc create/exec call',
  ];
  return invalidCommand.some((m) => lower.includes(m)) ? 127 : 128;
}

/**
 * The error of a failed `runc run` as Docker 28 reports a failed container start:
 * moby libcontainerd ("failed to create task for container"), containerd's shim ("failed to create
 * shim task: OCI runtime create failed: <runc's last error>") and gRPC's code (": unknown"), e.g.
 * `failed to create task for container: failed to create shim task: OCI runtime create failed:
 * runc create failed: unable to start container process: error during container init: exec:
 * "nope": executable file not found in $PATH: unknown`.
 */
export function containerStartError(runcError: string): ContainerStartError {
  const detail = withInitPrefix(runcError.replace(/^runc run failed: /, 'runc create failed: '));
  const desc = `failed to create task for container: failed to create shim task: OCI runtime create failed: ${detail}: unknown`;
  return new ContainerStartError(desc, startExitCode(desc));
}

/**
 * The error of a failed `runc exec` as Docker 28 reports it (containerd's "OCI runtime exec failed"),
 * e.g. `OCI runtime exec failed: exec failed: unable to start container process: exec: "nope":
 * executable file not found in $PATH: unknown`.
 */
export function execStartError(runcError: string): ContainerStartError {
  const desc = `OCI runtime exec failed: ${runcError}: unknown`;
  return new ContainerStartError(desc, startExitCode(desc));
}
