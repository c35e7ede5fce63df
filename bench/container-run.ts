// A trivial container through the official docker CLI: the wall time of
//   docker run --rm -v vol:/data busybox:local true
// from spawn to exit, against each daemon, on its default network (dockerd runs with --bridge=none, so
// its default network gives the container its own network namespace with only `lo`, as Strata does).
// `busybox:local` is `docker import`ed from the test busybox rootfs tar and `vol` created before the
// clock starts; every timed run must exit 0 (hyperfine and the spawnSync fallback both fail otherwise).
// And the floor under it: `runc run` of the same rootfs with the same bind mount, no daemon, no CLI.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildBusyboxRootfs, containerE2eSkipReason } from '../test/helpers/containers.js';
import { displayCommand, runOnce, timeCommand, type CommandSpec } from './cli-startup.js';
import type { BenchConfig, CliMeasurement } from './results.js';

export const RUN_IMAGE = 'busybox:local';
export const RUN_VOLUME = 'vol';

/** What every daemon's run needs: the docker CLI, the rootfs tar, an own DOCKER_CONFIG. */
export interface ContainerRunKit {
  docker: string;
  rootfsTar: string;
  configDir: string;
  /** Removes the temp dir. */
  close(): void;
}

/** Why containers cannot be run here (root, runc, busybox-static, overlayfs, docker CLI), or undefined. */
export function containerRunSkipReason(): string | undefined {
  return containerE2eSkipReason();
}

export function makeContainerRunKit(docker: string): ContainerRunKit {
  const dir = mkdtempSync(path.join(tmpdir(), 'strata-bench-run-'));
  try {
    const rootfsTar = path.join(dir, 'rootfs.tar');
    writeFileSync(rootfsTar, buildBusyboxRootfs());
    const configDir = path.join(dir, 'docker-config');
    mkdirSync(configDir);
    return { docker, rootfsTar, configDir, close: () => rmSync(dir, { recursive: true, force: true }) };
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

/** `docker run --rm -v vol:/data busybox:local <command…>`. */
function runArgv(docker: string, ...command: string[]): string[] {
  return [docker, 'run', '--rm', '-v', `${RUN_VOLUME}:/data`, RUN_IMAGE, ...command];
}

/**
 * Imports the image and creates the volume on the daemon at `socket`, checks that a run sees the
 * volume mounted and reports a container's exit code, times the runs after untimed warm-up ones
 * (page cache, the daemon's lazy set-up, a spare monitor), then removes the volume again (the volume
 * workload that follows counts volumes) and checks that no container is left.
 */
export function measureContainerRun(
  kit: ContainerRunKit,
  socket: string,
  config: Pick<BenchConfig, 'runRuns' | 'runWarmup'>,
  progress: (msg: string) => void,
): CliMeasurement {
  const env = { DOCKER_HOST: `unix://${socket}`, DOCKER_CONFIG: kit.configDir };
  const docker = (...args: string[]): CommandSpec => ({ argv: [kit.docker, ...args], env });
  must(docker('import', kit.rootfsTar, RUN_IMAGE));
  must(docker('volume', 'create', RUN_VOLUME));
  must({ argv: runArgv(kit.docker, 'sh', '-c', "grep -q ' /data ' /proc/mounts"), env });
  must({ argv: runArgv(kit.docker, 'sh', '-c', 'exit 3'), env }, 3);
  const spec = { argv: runArgv(kit.docker, 'true'), env };
  const m = timeCommand(spec, config.runRuns, config.runWarmup);
  progress(
    `  ${displayCommand(spec.argv)}: median ${m.medianMs.toFixed(1)} ms, p90 ${m.p90Ms.toFixed(1)} over ${m.runs} runs (${m.tool})`,
  );
  must(docker('volume', 'rm', RUN_VOLUME));
  const left = must(docker('ps', '-aq')).trim();
  if (left !== '') throw new Error(`docker run --rm left containers behind: ${left.replace(/\n/g, ' ')}`);
  return m;
}

/** Runs the command; throws unless it exits `code`. Returns its stdout. */
function must(spec: CommandSpec, code = 0): string {
  const r = runOnce(spec);
  if (r.status !== code) {
    throw new Error(
      `${displayCommand(spec.argv)} exited ${r.status}, expected ${code}: ${(r.stderr || r.stdout).trim()}`,
    );
  }
  return r.stdout;
}

const FLOOR_ID = 'strata-bench-floor';

/**
 * `runc run` of a bundle holding the same rootfs (plain directory, runc's default spec: own
 * namespaces, no terminal) running `true` with a directory bind-mounted at /data, timed like a CLI.
 */
export function measureRuncFloor(
  kit: ContainerRunKit,
  config: Pick<BenchConfig, 'runRuns' | 'runWarmup'>,
): CliMeasurement {
  const dir = mkdtempSync(path.join(tmpdir(), 'strata-bench-runc-'));
  const state = path.join(dir, 'state');
  try {
    const bundle = path.join(dir, 'bundle');
    const volume = path.join(dir, 'vol');
    mkdirSync(path.join(bundle, 'rootfs'), { recursive: true });
    mkdirSync(volume);
    execFileSync('tar', ['-xf', kit.rootfsTar, '-C', path.join(bundle, 'rootfs')]);
    execFileSync('runc', ['spec', '--bundle', bundle]);
    const configPath = path.join(bundle, 'config.json');
    const spec = JSON.parse(readFileSync(configPath, 'utf8')) as {
      process: { terminal: boolean; args: string[] };
      root: { path: string; readonly: boolean };
      mounts: Array<{ destination: string; type: string; source: string; options: string[] }>;
    };
    spec.process.terminal = false;
    spec.process.args = ['true'];
    spec.root.readonly = false;
    spec.mounts.push({ destination: '/data', type: 'bind', source: volume, options: ['rbind', 'rw'] });
    writeFileSync(configPath, JSON.stringify(spec));
    const argv = ['runc', '--root', state, 'run', '--bundle', bundle, FLOOR_ID];
    return timeCommand({ argv }, config.runRuns, config.runWarmup);
  } finally {
    spawnSync('runc', ['--root', state, 'delete', '--force', FLOOR_ID], { stdio: 'ignore' });
    rmSync(dir, { recursive: true, force: true });
  }
}
