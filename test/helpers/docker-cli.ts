// Run the official docker CLI (client only) against a daemon socket, isolated from the user's setup:
// a fresh DOCKER_CONFIG per call (optionally with a config.json), no TTY, a minimal environment.
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const DOCKER_CLI = process.env.STRATA_DOCKER_CLI ?? '/usr/local/bin/docker';

export interface RunDockerOptions {
  /** Daemon socket: a path or `unix://…`. */
  host: string;
  /** DOCKER_API_VERSION (pins the API version; no negotiation). */
  apiVersion?: string;
  /** Written to the CLI's stdin, then stdin is closed. Without it stdin is empty (closed at once). */
  stdin?: string | Buffer;
  /** Extra environment (wins over the defaults). */
  env?: Record<string, string>;
  /** Use this DOCKER_CONFIG dir instead of a fresh temp one. */
  configDir?: string;
  /** Contents of config.json in the fresh temp DOCKER_CONFIG (e.g. volumesFormat, pruneFilters). */
  configJson?: unknown;
  timeoutMs?: number;
}

export interface DockerResult {
  stdout: string;
  stderr: string;
  /** Exit code; -1 if killed by a signal (e.g. timeout). */
  code: number;
}

export function dockerCliAvailable(): boolean {
  try {
    accessSync(DOCKER_CLI, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export async function runDocker(args: string[], opts: RunDockerOptions): Promise<DockerResult> {
  const ownConfig = opts.configDir === undefined;
  const configDir = opts.configDir ?? (await mkdtemp(path.join(tmpdir(), 'sdcfg-')));
  try {
    if (ownConfig && opts.configJson !== undefined) {
      await writeFile(path.join(configDir, 'config.json'), JSON.stringify(opts.configJson, null, 2) + '\n');
    }
    const host = opts.host.includes('://') ? opts.host : `unix://${opts.host}`;
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
      HOME: configDir,
      DOCKER_HOST: host,
      DOCKER_CONFIG: configDir,
      TZ: 'UTC',
      LANG: 'C',
      ...(opts.apiVersion ? { DOCKER_API_VERSION: opts.apiVersion } : {}),
      ...opts.env,
    };
    return await spawnCollect(DOCKER_CLI, args, env, opts.stdin, opts.timeoutMs ?? 30_000);
  } finally {
    if (ownConfig) await rm(configDir, { recursive: true, force: true });
  }
}

function spawnCollect(
  cmd: string,
  args: string[],
  env: Record<string, string>,
  stdin: string | Buffer | undefined,
  timeoutMs: number,
): Promise<DockerResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.stdin.on('error', () => undefined); // the CLI may exit before reading stdin
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        code: code ?? -1,
      });
    });
    child.stdin.end(stdin ?? '');
  });
}
