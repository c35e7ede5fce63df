// `docker system df -v` on a daemon holding many small files in many volumes (issue 5, point 7):
// the same data written the same way into a fresh Strata and a fresh dockerd, then the official
// docker CLI timed against each, and the raw `GET /system/df` under it.
//
// Fill: `containers` runs of `docker run --rm -v dfv-K:/v/K … busybox:local sh -c SCRIPT`, each
// mounting its share of the volumes and writing `filesPerVolume` files of `fileBytes` bytes into
// each with busybox sh builtins only (echo, [, arithmetic: no fork per file), so each daemon sees
// the writes as a user's container makes them. Settle: `/system/df` is polled until two answers
// agree on every volume's size and the sizes add up to what was written (a daemon that measures in
// the background after the last unmount needs a moment; one that walks on every call does not).
// Every answer is checked: the CLI must list every volume, and both daemons must report the same
// total (a benchmark of wrong answers is worthless). Floor: the same CLI command against a server
// replaying the daemon's answer (system-df-floor.ts), since the CLI's own work bounds any ratio.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import {
  displayCommand,
  runOnce,
  timeCommand,
  timeCommandAfter,
  unavailableCli,
  type CommandSpec,
} from './cli-startup.js';
import { RUN_IMAGE, type ContainerRunKit } from './container-run.js';
import { ApiClient } from './api-client.js';
import { fillVolumes } from './system-df-fill.js';
import { measureDfCliFloor } from './system-df-floor.js';
import { launchDockerd, launchStrata, type Cleanup, type DaemonUnderTest } from './daemons.js';
import type { BenchConfig, CliMeasurement, OpMeasurement } from './results.js';
import { median, nowMs, summarize } from './stats.js';

export interface DfConfig {
  volumes: number;
  filesPerVolume: number;
  /** Bytes per file: `echo` of a (fileBytes - 1)-character line. */
  fileBytes: number;
  /** Fill containers; each mounts volumes / containers volumes. */
  containers: number;
  /** Fill containers running at once. */
  fillConcurrency: number;
  cliRuns: number;
  cliWarmup: number;
  /** Runs with the page cache dropped before each (a `system df` after a while, as users run it). */
  coldRuns: number;
  httpReps: number;
  /** Give up waiting for sizes to settle after this long (the rows then say so). */
  settleTimeoutMs: number;
}

export function dfConfigFor(quick: boolean): DfConfig {
  const common = { fileBytes: 64, fillConcurrency: 2, cliWarmup: 2 };
  return quick
    ? {
        ...common,
        volumes: 100,
        filesPerVolume: 200,
        containers: 2,
        cliRuns: 10,
        coldRuns: 3,
        httpReps: 10,
        settleTimeoutMs: 30_000,
      }
    : {
        ...common,
        volumes: 1_000,
        filesPerVolume: 200,
        containers: 10,
        cliRuns: 20,
        coldRuns: 5,
        httpReps: 20,
        settleTimeoutMs: 180_000,
      };
}

/** What one daemon did with the data. */
export interface DfDaemonResult {
  daemon: DaemonUnderTest['kind'];
  version: string;
  /** Wall time of all fill containers. */
  fillMs: number;
  /** From the last fill container's exit to the settled `/system/df` answer (or the time-out). */
  settleMs: number;
  /** Why the sizes did not settle to what was written, when they did not. */
  unsettled?: string;
  /** Sum of `UsageData.Size` over the bench volumes in the last settle answer (-1 sizes excluded). */
  totalSize: number;
  /** Bench volumes in that answer. */
  volumesReported: number;
  /** `docker -H unix://SOCK system df -v`, or why it could not be timed. */
  cli: CliMeasurement;
  /** `GET /v1.41/system/df` over a keep-alive connection. */
  http: OpMeasurement;
  /** The same CLI command against a constant server replaying this daemon's answer (system-df-floor.ts). */
  cliFloor: CliMeasurement;
  /** The CLI command with the page cache dropped before each run (as root; else why not). */
  cliCold: CliMeasurement;
}

export interface SystemDfReport {
  config: DfConfig;
  /** volumes × filesPerVolume × fileBytes: what the containers wrote. */
  expectedBytes: number;
  strata?: DfDaemonResult;
  dockerd?: DfDaemonResult;
  /** Why dockerd was not measured, when it was not. */
  dockerdSkipped?: string;
  /** Why nothing was measured (no containers here), when so. */
  skipped?: string;
}

export interface DfBenchOptions {
  config: DfConfig;
  kit: ContainerRunKit;
  progress: (msg: string) => void;
}

const apiPrefix = '/v1.41';

export interface DfStageOptions {
  repoRoot: string;
  durability: BenchConfig['durability'];
  config: DfConfig;
  /** undefined when containers cannot run here. */
  kit: ContainerRunKit | undefined;
  /** Why containers cannot run here, when they cannot. */
  containersSkipped: string | undefined;
  /** Why dockerd is not measured, when it is not. */
  dockerdSkipped: string | undefined;
  cleanup: Cleanup;
  progress: (msg: string) => void;
}

/** A fresh Strata, filled and measured, stopped; then the same with a fresh dockerd. */
export async function runSystemDfStage(opts: DfStageOptions): Promise<SystemDfReport> {
  const { config, kit, progress } = opts;
  const report: SystemDfReport = {
    config,
    expectedBytes: expectedBytes(config),
    ...(opts.dockerdSkipped === undefined ? {} : { dockerdSkipped: opts.dockerdSkipped }),
  };
  if (kit === undefined) {
    progress(`system df: not measured: ${opts.containersSkipped ?? 'containers cannot run here'}`);
    return { ...report, skipped: opts.containersSkipped ?? 'containers cannot run here' };
  }
  const bench = { config, kit, progress };
  const strata = await launchStrata({ repoRoot: opts.repoRoot, durability: opts.durability });
  opts.cleanup.add('stop strata (system df)', strata.stop);
  try {
    report.strata = await measureSystemDf(strata, bench);
  } finally {
    await strata.stop();
  }
  if (opts.dockerdSkipped === undefined) {
    const dockerd = await launchDockerd();
    opts.cleanup.add('stop dockerd (system df)', dockerd.stop);
    try {
      report.dockerd = await measureSystemDf(dockerd, bench);
    } finally {
      await dockerd.stop();
    }
  }
  const s = report.strata.totalSize;
  const d = report.dockerd?.totalSize;
  const written = `${report.expectedBytes} bytes were written`;
  if (d !== undefined && s !== d) {
    progress(`WARNING: system df totals differ: Strata reports ${s} bytes, dockerd ${d}; ${written}`);
  } else if (s !== report.expectedBytes) {
    progress(
      `WARNING: system df reports ${s} bytes on ${d === undefined ? 'Strata' : 'both daemons'}; ${written}`,
    );
  }
  return report;
}

/** Fills a fresh daemon, waits for its sizes to settle, then times the CLI and the raw request. */
export async function measureSystemDf(
  daemon: DaemonUnderTest,
  opts: DfBenchOptions,
): Promise<DfDaemonResult> {
  const { config, kit, progress } = opts;
  progress(`system df: ${daemon.kind} ${daemon.version} on ${daemon.socket}`);
  const env = { DOCKER_CONFIG: kit.configDir };
  const docker = (...args: string[]): CommandSpec => ({
    argv: [kit.docker, '-H', `unix://${daemon.socket}`, ...args],
    env,
  });
  mustRun(docker('import', kit.rootfsTar, RUN_IMAGE));

  const fillStarted = nowMs();
  await fillVolumes(docker, config, progress);
  const fillEnded = nowMs();
  const fillMs = fillEnded - fillStarted;
  // The fill's dirty pages go to disk now, not during the timed runs.
  spawnSync('sync', { stdio: 'ignore' });
  progress(
    `  filled ${config.volumes} volumes × ${config.filesPerVolume} files in ${(fillMs / 1000).toFixed(1)} s`,
  );

  const client = new ApiClient({ socket: daemon.socket, prefix: apiPrefix, maxSockets: 1 });
  try {
    const settled = await settle(client, config, fillEnded, progress);
    const cliSpec = docker('system', 'df', '-v');
    const problem = dfOutputProblem(runOnce(cliSpec), config.volumes);
    let cli: CliMeasurement;
    if (problem !== undefined) {
      progress(`  ${displayCommand(cliSpec.argv)}: not measured: ${problem}`);
      cli = unavailableCli(displayCommand(cliSpec.argv), problem);
    } else {
      cli = timeCommand(cliSpec, config.cliRuns, config.cliWarmup);
      progress(
        `  docker system df -v: median ${cli.medianMs.toFixed(1)} ms over ${cli.runs} runs (${cli.tool})`,
      );
    }
    const cliCold =
      problem !== undefined
        ? unavailableCli(displayCommand(cliSpec.argv), problem)
        : coldCli(cliSpec, config.coldRuns);
    if (cliCold.unavailable === undefined) {
      progress(`  docker system df -v, cold page cache: median ${cliCold.medianMs.toFixed(1)} ms`);
    }
    const http = await timeGet(client, '/system/df', config.httpReps);
    progress(`  GET /system/df: p50 ${http.p50Ms.toFixed(1)} ms over ${http.n} requests`);
    const cliFloor = await measureDfCliFloor({
      body: (await client.expect(200, 'GET', '/system/df')).body,
      command: (socket) => ({ argv: [kit.docker, '-H', `unix://${socket}`, 'system', 'df', '-v'], env }),
      check: (out) => dfOutputProblem(out, config.volumes),
      runs: config.cliRuns,
      warmup: config.cliWarmup,
    });
    progress(
      cliFloor.unavailable === undefined
        ? `  docker system df -v against a replay of that answer (floor): median ${cliFloor.medianMs.toFixed(1)} ms`
        : `  floor not measured: ${cliFloor.unavailable}`,
    );
    return { daemon: daemon.kind, version: daemon.version, fillMs, ...settled, cli, http, cliFloor, cliCold };
  } finally {
    client.close();
  }
}

interface Settled {
  settleMs: number;
  unsettled?: string;
  totalSize: number;
  volumesReported: number;
}

interface DfVolumes {
  /** name → size, bench volumes only. */
  sizes: Map<string, number>;
  total: number;
  unknown: number;
}

/**
 * Polls `/system/df` until two answers in a row give every bench volume the same known size and
 * those sizes add up to what was written; or, failing that, until the answers have not changed for
 * `stableMs` (the sizes are final but wrong: reported as a mismatch), or the time-out.
 */
async function settle(
  client: ApiClient,
  config: DfConfig,
  started: number,
  progress: (msg: string) => void,
): Promise<Settled> {
  const expected = expectedBytes(config);
  const stableMs = 5_000;
  let prev: { sig: string; since: number } | undefined;
  for (;;) {
    const res = await client.expect(200, 'GET', '/system/df');
    const vols = benchVolumes(res.body);
    const sig = [...vols.sizes].map(([n, s]) => `${n}=${s}`).join(',');
    const now = nowMs();
    const same = prev !== undefined && prev.sig === sig;
    const complete = vols.sizes.size === config.volumes && vols.unknown === 0;
    const result = (unsettled?: string): Settled => ({
      settleMs: now - started,
      totalSize: vols.total,
      volumesReported: vols.sizes.size,
      ...(unsettled === undefined ? {} : { unsettled }),
    });
    if (same && complete && vols.total === expected) {
      progress(`  sizes settled after ${((now - started) / 1000).toFixed(1)} s: ${vols.total} bytes`);
      return result();
    }
    if (same && prev !== undefined && now - prev.since >= stableMs) {
      const why = `stable for ${stableMs / 1000} s at ${vols.total} bytes in ${vols.sizes.size} volumes (${vols.unknown} unknown), ${expected} written`;
      progress(`  warning: sizes did not add up: ${why}`);
      return result(why);
    }
    if (now - started >= config.settleTimeoutMs) {
      const why = `not settled after ${config.settleTimeoutMs / 1000} s: ${vols.total} bytes in ${vols.sizes.size} volumes (${vols.unknown} unknown), ${expected} written`;
      progress(`  warning: ${why}`);
      return result(why);
    }
    if (!same) prev = { sig, since: now };
    await new Promise((r) => setTimeout(r, 250));
  }
}

export function expectedBytes(config: Pick<DfConfig, 'volumes' | 'filesPerVolume' | 'fileBytes'>): number {
  return config.volumes * config.filesPerVolume * config.fileBytes;
}

/** The bench volumes of a `/system/df` body; sizes below 0 (not known) are counted, not summed. */
export function benchVolumes(body: Buffer | string): DfVolumes {
  const df = JSON.parse(body.toString()) as {
    Volumes?: Array<{ Name?: string; UsageData?: { Size?: number } | null }> | null;
  };
  const sizes = new Map<string, number>();
  let total = 0;
  let unknown = 0;
  for (const v of df.Volumes ?? []) {
    if (v.Name === undefined || !/^dfv-\d+$/.test(v.Name)) continue;
    const size = v.UsageData?.Size ?? -1;
    sizes.set(v.Name, size);
    if (size < 0) unknown++;
    else total += size;
  }
  return { sizes: new Map([...sizes].sort(([a], [b]) => a.localeCompare(b))), total, unknown };
}

/**
 * Whether `docker system df -v` printed its volume table with every bench volume: the rows between
 * `Local Volumes space usage:` and the next section. Returns why not, or undefined when it did.
 */
export function dfOutputProblem(
  out: { status: number | null; stdout: string; stderr: string },
  volumes: number,
): string | undefined {
  if (out.status !== 0)
    return `exit ${out.status}: ${(out.stderr || out.stdout).trim().split('\n')[0] ?? ''}`;
  const lines = out.stdout.split('\n');
  const start = lines.findIndex((l) => l.startsWith('Local Volumes space usage:'));
  if (start < 0) return 'no "Local Volumes space usage:" section printed';
  let rows = 0;
  for (const line of lines.slice(start + 1)) {
    if (/\bspace usage:$/.test(line)) break;
    if (/^dfv-\d+\s/.test(line)) rows++;
  }
  if (rows !== volumes) return `volume table has ${rows} bench volumes, expected ${volumes}`;
  return undefined;
}

/** `reps` sequential GETs after one untimed one; the body is read completely each time. */
async function timeGet(client: ApiClient, path: string, reps: number): Promise<OpMeasurement> {
  await client.expect(200, 'GET', path);
  const lat: number[] = [];
  for (let i = 0; i < reps; i++) lat.push((await client.expect(200, 'GET', path)).ms);
  const s = summarize(lat);
  return {
    n: s.n,
    reps,
    opsPerSec: median(lat.map((ms) => 1000 / ms)),
    p50Ms: s.p50Ms,
    p95Ms: s.p95Ms,
    meanMs: s.meanMs,
    concurrency: 1,
  };
}

/**
 * The CLI command after `sync` and `echo 3 > /proc/sys/vm/drop_caches` each time: what a user who
 * runs `system df` now and then waits for. Only root can drop the cache.
 */
function coldCli(spec: CommandSpec, runs: number): CliMeasurement {
  if (process.getuid?.() !== 0)
    return unavailableCli(displayCommand(spec.argv), 'dropping the page cache needs root');
  return timeCommandAfter(spec, runs, () => {
    spawnSync('sync', { stdio: 'ignore' });
    writeFileSync('/proc/sys/vm/drop_caches', '3\n');
  });
}

function mustRun(spec: CommandSpec): string {
  const r = runOnce(spec);
  if (r.status !== 0) {
    throw new Error(`${displayCommand(spec.argv)} exited ${r.status}: ${(r.stderr || r.stdout).trim()}`);
  }
  return r.stdout;
}
