import { execFile } from 'node:child_process';

/** What a finished command printed. */
export interface CommandOutput {
  stdout: string;
  stderr: string;
}

/** A command that exited non-zero: its text is the command's own complaint (first line of stderr). */
export class CommandError extends Error {
  constructor(
    readonly command: string,
    readonly code: number | string | undefined,
    readonly stderr: string,
  ) {
    const said =
      stderr
        .trim()
        .split('\n')
        .filter((l) => l.trim() !== '')
        .pop() ?? `exit ${String(code)}`;
    super(`${command}: ${said}`);
    this.name = 'CommandError';
  }
}

/**
 * Runs a storage tool (mkfs, btrfs, losetup, …) without a shell and resolves with its output; rejects
 * with a CommandError when it fails. Storage tools finish in milliseconds here; the timeout only
 * keeps a wedged device from holding a request forever.
 */
export function runCommand(
  cmd: string,
  args: readonly string[],
  timeoutMs = 120_000,
): Promise<CommandOutput> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) {
        const code = (err as NodeJS.ErrnoException & { code?: number | string }).code;
        reject(new CommandError(cmd, code, String(stderr || err.message)));
        return;
      }
      resolve({ stdout: String(stdout), stderr: String(stderr) });
    });
  });
}
