import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { release } from 'node:os';
import { join } from 'node:path';

export interface RuncResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** runc's own short commands (kill, delete, features); the long-running ones go through runc-launch. */
export class RuncCli {
  private rro: Promise<boolean> | undefined;

  constructor(
    readonly path: string,
    readonly root: string,
  ) {}

  run(args: string[]): Promise<RuncResult> {
    return new Promise((resolve) => {
      execFile(this.path, ['--root', this.root, ...args], { timeout: 60_000 }, (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        resolve({ code, stdout: String(stdout), stderr: String(stderr || (err ? err.message : '')) });
      });
    });
  }

  /** Whether runc holds state for `id` (a container it created and has not deleted). */
  hasState(id: string): boolean {
    return existsSync(join(this.root, id));
  }

  /** Sends a signal to the container's init; false when the container does not run. */
  async kill(id: string, signal: number): Promise<boolean> {
    const r = await this.run(['kill', id, String(signal)]);
    if (r.code === 0) return true;
    if (/not running|does not exist|no such process|process already finished/i.test(r.stderr)) return false;
    throw new Error(`runc kill: ${r.stderr.trim()}`);
  }

  /** Freezes every process of the container (`runc pause`: the cgroup freezer) or thaws them. */
  async freeze(id: string, frozen: boolean): Promise<void> {
    const r = await this.run([frozen ? 'pause' : 'resume', id]);
    if (r.code !== 0)
      throw new Error(r.stderr.trim() || `runc ${frozen ? 'pause' : 'resume'} exited ${r.code}`);
  }

  /** Deletes runc's state of `id`, killing what still runs; nothing to delete is fine. */
  async deleteForce(id: string): Promise<void> {
    if (!this.hasState(id)) return;
    const r = await this.run(['delete', '--force', id]);
    if (r.code !== 0 && this.hasState(id)) throw new Error(`runc delete: ${r.stderr.trim()}`);
  }

  /**
   * Whether read-only binds can be recursively read-only (`rro`): runc lists it in `runc features`
   * and the kernel has mount_setattr (5.12), as moby's supportsRecursivelyReadOnly checks.
   */
  supportsRecursiveReadonly(): Promise<boolean> {
    this.rro ??= (async () => {
      const [major = 0, minor = 0] = release()
        .split('.')
        .map((n) => parseInt(n, 10));
      if (major < 5 || (major === 5 && minor < 12)) return false;
      const r = await this.run(['features']);
      if (r.code !== 0) return false;
      try {
        const features = JSON.parse(r.stdout) as { mountOptions?: string[] };
        return features.mountOptions?.includes('rro') ?? false;
      } catch {
        return false;
      }
    })();
    return this.rro;
  }
}
