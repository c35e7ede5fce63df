// Wall time of a command line from spawn to exit: hyperfine (no shell, `-N`) when installed, else
// spawnSync timed here. Either way the median of `runs` runs after warm-up runs.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CliMeasurement } from './results.js';
import { median, nowMs, percentile, summarize } from './stats.js';

export interface CommandSpec {
  argv: string[];
  /** Added to the environment (NODE_OPTIONS is always dropped, so a profiling run cannot leak in). */
  env?: Record<string, string>;
}

export function hyperfineVersion(): string | undefined {
  const r = spawnSync('hyperfine', ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  delete env.NODE_OPTIONS;
  return env;
}

/** The docker CLI on PATH (the one a user would run). */
export function dockerCliPath(): string {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    const p = path.join(dir, 'docker');
    if (dir !== '' && existsSync(p)) return p;
  }
  return 'docker';
}

export function displayCommand(argv: readonly string[]): string {
  return argv
    .map((a) => (a === '' ? "''" : /[^\w@%+=:,./-]/.test(a) ? `'${a.replace(/'/g, "'\\''")}'` : a))
    .join(' ');
}

/** Runs the command once and returns what it printed (to decide whether it works at all). */
export function runOnce(spec: CommandSpec): { status: number | null; stdout: string; stderr: string } {
  const [cmd, ...args] = spec.argv;
  const r = spawnSync(cmd as string, args, {
    env: childEnv(spec.env),
    encoding: 'utf8',
    timeout: 60_000,
    killSignal: 'SIGKILL',
  });
  return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? r.error?.message ?? '' };
}

export function timeCommand(spec: CommandSpec, runs: number, warmup = 3): CliMeasurement {
  const command = displayCommand(spec.argv);
  return hyperfineVersion() !== undefined
    ? withHyperfine(spec, command, runs, warmup)
    : withSpawnSync(spec, command, runs, warmup);
}

function withHyperfine(spec: CommandSpec, command: string, runs: number, warmup: number): CliMeasurement {
  const dir = mkdtempSync(path.join(tmpdir(), 'strata-bench-hf-'));
  try {
    const out = path.join(dir, 'hf.json');
    const r = spawnSync(
      'hyperfine',
      [
        '-N',
        '--style',
        'none',
        '--warmup',
        String(warmup),
        '--runs',
        String(runs),
        '--export-json',
        out,
        command,
      ],
      { env: childEnv(spec.env), encoding: 'utf8' },
    );
    if (r.status !== 0)
      throw new Error(`hyperfine failed on ${command}: ${r.stderr.trim() || r.stdout.trim()}`);
    const json = JSON.parse(readFileSync(out, 'utf8')) as { results: Array<{ times: number[] }> };
    const times = (json.results[0]?.times ?? []).map((s) => s * 1000);
    return fromTimes(command, times, 'hyperfine');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function withSpawnSync(spec: CommandSpec, command: string, runs: number, warmup: number): CliMeasurement {
  const [cmd, ...args] = spec.argv;
  const env = childEnv(spec.env);
  const times: number[] = [];
  for (let i = 0; i < warmup + runs; i++) {
    const started = nowMs();
    const r = spawnSync(cmd as string, args, { env, stdio: 'ignore' });
    const ms = nowMs() - started;
    if (r.status !== 0) throw new Error(`${command} exited with ${r.status ?? r.signal}`);
    if (i >= warmup) times.push(ms);
  }
  return fromTimes(command, times, 'spawnSync');
}

/**
 * Like `timeCommand` with spawnSync, but with `before` run (untimed) ahead of each run: e.g. dropping
 * the page cache so that every run finds cold caches.
 */
export function timeCommandAfter(spec: CommandSpec, runs: number, before: () => void): CliMeasurement {
  const [cmd, ...args] = spec.argv;
  const env = childEnv(spec.env);
  const command = displayCommand(spec.argv);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    before();
    const started = nowMs();
    const r = spawnSync(cmd as string, args, { env, stdio: 'ignore' });
    const ms = nowMs() - started;
    if (r.status !== 0) throw new Error(`${command} exited with ${r.status ?? r.signal}`);
    times.push(ms);
  }
  return fromTimes(command, times, 'spawnSync');
}

function fromTimes(command: string, timesMs: number[], tool: CliMeasurement['tool']): CliMeasurement {
  const s = summarize(timesMs);
  const p90Ms = percentile(
    [...timesMs].sort((a, b) => a - b),
    90,
  );
  return { command, runs: s.n, medianMs: median(timesMs), p90Ms, p95Ms: s.p95Ms, meanMs: s.meanMs, tool };
}

export function unavailableCli(command: string, reason: string): CliMeasurement {
  return {
    command,
    unavailable: reason,
    runs: 0,
    medianMs: Number.NaN,
    p90Ms: Number.NaN,
    p95Ms: Number.NaN,
    meanMs: Number.NaN,
    tool: 'spawnSync',
  };
}

/**
 * Whether `volume ls` printed Docker's table for exactly `expected` volumes: a `DRIVER  VOLUME NAME`
 * header and one row per volume. Returns why not, or undefined when it did.
 */
export function volumeLsProblem(
  out: { status: number | null; stdout: string; stderr: string },
  expected: number,
): string | undefined {
  if (out.status !== 0)
    return `exit ${out.status}: ${(out.stderr || out.stdout).trim().split('\n')[0] ?? ''}`;
  const lines = out.stdout.split('\n').filter((l) => l.trim() !== '');
  if (!/^DRIVER\s+VOLUME NAME\s*$/.test(lines[0] ?? '')) {
    return `no volume table printed (got ${JSON.stringify((lines[0] ?? '').slice(0, 60))})`;
  }
  if (lines.length - 1 !== expected) return `table has ${lines.length - 1} rows, expected ${expected}`;
  return undefined;
}
