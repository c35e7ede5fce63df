/** moby oci/defaults.go defaultUnixPathEnv. */
export const defaultPathEnv = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/**
 * moby container/env.go ReplaceOrAppendEnvValues: `KEY=v` replaces KEY or is appended; a bare `KEY`
 * removes KEY. Like moby, keys appended here are not looked up again (a later duplicate appends).
 */
export function replaceOrAppendEnvValues(defaults: string[], overrides: string[]): string[] {
  const out = [...defaults];
  const index = new Map<string, number>();
  out.forEach((e, i) => {
    const eq = e.indexOf('=');
    index.set(eq < 0 ? e : e.slice(0, eq), i);
  });
  const removed = new Set<number>();
  for (const value of overrides) {
    const eq = value.indexOf('=');
    if (eq < 0) {
      const i = index.get(value);
      if (i !== undefined) removed.add(i);
      continue;
    }
    const i = index.get(value.slice(0, eq));
    if (i !== undefined) {
      out[i] = value;
      removed.delete(i);
    } else {
      out.push(value);
    }
  }
  return out.filter((_, i) => !removed.has(i));
}

/**
 * moby container/container.go CreateDaemonEnvironment: PATH and HOSTNAME (and TERM=xterm with a
 * TTY) under the container's own environment.
 */
export function createDaemonEnvironment(hostname: string, tty: boolean, env: string[]): string[] {
  const base = [defaultPathEnv, `HOSTNAME=${hostname}`];
  if (tty) base.push('TERM=xterm');
  return replaceOrAppendEnvValues(base, env);
}
