import { describe, expect, it } from 'vitest';
import { kindOf } from '../errors/index.js';
import { containerStartError, execStartError, startExitCode } from './start-error.js';

describe('start errors as Docker 28 shows them', () => {
  it('rewrites runc 1.1 errors into runc 1.2 wording under containerd and moby', () => {
    const e = containerStartError(
      'runc run failed: unable to start container process: exec: "nope": executable file not found in $PATH',
    );
    expect(e.message).toBe(
      'failed to create task for container: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: exec: "nope": executable file not found in $PATH: unknown',
    );
    expect(e.exitCode).toBe(127);
    expect(kindOf(e)).toBe('invalid-parameter');
  });

  it('leaves errors of runc’s parent side without the init prefix', () => {
    const e = containerStartError(
      'runc run failed: unable to start container process: unable to apply cgroup configuration: x',
    );
    expect(e.message).toContain(
      'unable to start container process: unable to apply cgroup configuration: x: unknown',
    );
    expect(e.exitCode).toBe(128);
    expect(kindOf(e)).toBe('system');
  });

  it('exec errors', () => {
    const e = execStartError(
      'exec failed: unable to start container process: exec: "/etc": permission denied',
    );
    expect(e.message).toBe(
      'OCI runtime exec failed: exec failed: unable to start container process: exec: "/etc": permission denied: unknown',
    );
    expect(e.exitCode).toBe(126);
  });

  it('exit codes of setExitCodeFromError', () => {
    expect(startExitCode('x: permission denied')).toBe(126);
    expect(startExitCode('x: is a directory')).toBe(126);
    expect(startExitCode('mount: not a directory')).toBe(127);
    expect(startExitCode('stat /x: no such file or directory')).toBe(127);
    expect(startExitCode('something else')).toBe(128);
  });
});
