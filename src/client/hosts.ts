import { join } from 'node:path';

/** The socket a client talks to and a daemon listens on when nothing else is said (design.md). */
export function defaultHost(env: NodeJS.ProcessEnv = process.env): string {
  if (process.getuid?.() === 0) return 'unix:///run/strata/strata.sock';
  const runtimeDir = env.XDG_RUNTIME_DIR || `/tmp/strata-${process.getuid?.() ?? 'user'}`;
  return `unix://${join(runtimeDir, 'strata.sock')}`;
}

/** `-H/--host` wins, then STRATA_HOST, then DOCKER_HOST, then the default socket. */
export function resolveHost(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return flag || env.STRATA_HOST || env.DOCKER_HOST || defaultHost(env);
}
