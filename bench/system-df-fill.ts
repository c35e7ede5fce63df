// Fills a daemon's volumes the way a user's containers would: `docker run --rm` of busybox:local
// mounting a share of the volumes each (`-v dfv-K:/v/K`), writing files with shell builtins only.
import { execFile } from 'node:child_process';
import { displayCommand, type CommandSpec } from './cli-startup.js';
import { RUN_IMAGE } from './container-run.js';
import { runPool } from './api-client.js';
import type { DfConfig } from './system-df.js';

export const dfVolumeName = (i: number): string => `dfv-${i}`;

/**
 * The fill script: for every volume mounted under /v, files f0 … f(n-1), each one `echo` of the
 * payload. Only shell builtins run in the loops, so a container costs one process, not one per file.
 */
export function fillScript(config: Pick<DfConfig, 'filesPerVolume' | 'fileBytes'>): string {
  const payload = 'x'.repeat(config.fileBytes - 1);
  return (
    `p=${payload}; for d in /v/*; do n=0; ` +
    `while [ $n -lt ${config.filesPerVolume} ]; do echo "$p" > "$d/f$n"; n=$((n+1)); done; done`
  );
}

/** Volume indexes (1-based) of fill container `c` (0-based): an even share, the rest to the last. */
export function volumesOfContainer(config: Pick<DfConfig, 'volumes' | 'containers'>, c: number): number[] {
  const per = Math.floor(config.volumes / config.containers);
  const from = c * per + 1;
  const to = c === config.containers - 1 ? config.volumes : from + per - 1;
  return Array.from({ length: to - from + 1 }, (_, k) => from + k);
}

export async function fillVolumes(
  docker: (...args: string[]) => CommandSpec,
  config: DfConfig,
  progress: (msg: string) => void,
): Promise<void> {
  const script = fillScript(config);
  let done = 0;
  await runPool(config.containers, config.fillConcurrency, async (c) => {
    const mounts = volumesOfContainer(config, c).flatMap((i) => ['-v', `${dfVolumeName(i)}:/v/${i}`]);
    await runAsync(docker('run', '--rm', ...mounts, RUN_IMAGE, 'sh', '-c', script));
    done++;
    progress(`  fill: container ${done}/${config.containers} done`);
  });
}

/** Runs a command without blocking the event loop (fill containers run side by side). */
function runAsync(spec: CommandSpec): Promise<void> {
  const [cmd, ...args] = spec.argv;
  const env: NodeJS.ProcessEnv = { ...process.env, ...spec.env };
  delete env.NODE_OPTIONS;
  return new Promise((resolve, reject) => {
    execFile(
      cmd as string,
      args,
      { env, timeout: 600_000, killSignal: 'SIGKILL', maxBuffer: 16 * 2 ** 20 },
      (err, _stdout, stderr) => {
        if (err) {
          const what = displayCommand(spec.argv).slice(0, 200);
          reject(new Error(`${what}… failed: ${err.message.split('\n')[0] ?? ''} ${String(stderr).trim()}`));
        } else resolve();
      },
    );
  });
}
