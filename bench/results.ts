// The result model shared by the workload, the CLI timing and the report.

/** The timed API operations, in the order the workload runs them. */
export const opIds = [
  'create-small',
  'inspect-small',
  'list-small',
  'list-label-small',
  'create-large',
  'inspect-large',
  'inspect-large-c8',
  'list-large',
  'list-label-large',
  'remove-large',
  'create-c8',
  'remove-c8',
] as const;
export type OpId = (typeof opIds)[number];

/** How one operation fared on one daemon. */
export interface OpMeasurement {
  /** Requests timed (all repetitions together). */
  n: number;
  /** Repetitions; opsPerSec is their median. */
  reps: number;
  /** Completed requests per wall-clock second. */
  opsPerSec: number;
  /** Per-request latency over all timed requests. */
  p50Ms: number;
  p95Ms: number;
  meanMs: number;
  /** Requests in flight at once. */
  concurrency: number;
}

/** Wall time of one command line, start to exit. */
export interface CliMeasurement {
  command: string;
  /** undefined when measured; otherwise why not (e.g. the CLI does not print a table yet). */
  unavailable?: string;
  runs: number;
  medianMs: number;
  p90Ms: number;
  p95Ms: number;
  meanMs: number;
  tool: 'hyperfine' | 'spawnSync';
}

/** A time window of one operation, in CLOCK_MONOTONIC microseconds (for CPU-profile slicing). */
export interface Phase {
  op: OpId | 'warmup' | 'whole';
  /** API requests sent in the window (untimed warm-up requests of the operation included). */
  requests: number;
  startUs: number;
  endUs: number;
}

export interface DaemonResults {
  daemon: 'strata' | 'dockerd';
  version: string;
  ops: Partial<Record<OpId, OpMeasurement>>;
  /** `strata volume ls` / `docker volume ls` against the daemon holding `small` volumes. */
  /** `volume ls` on the daemon before any volume exists. */
  cliEmpty?: CliMeasurement;
  cli?: CliMeasurement;
  /** `docker run --rm -v vol:/data busybox:local true` through the docker CLI (see container-run.ts). */
  containerRun?: CliMeasurement;
  phases: Phase[];
}

export interface BenchConfig {
  quick: boolean;
  /** First fill level (1,000; 100 with --quick) and second (10,000). */
  small: number;
  large: number;
  /** Sequential requests per inspect repetition, and repetitions. */
  inspectPerRep: number;
  inspectReps: number;
  listRepsSmall: number;
  listRepsLarge: number;
  /** Untimed create+remove pairs before the first fill. */
  warmup: number;
  /** Volumes created and removed with `concurrency` in flight, after the sequential removal. */
  concurrentBatch: number;
  concurrency: number;
  cliRuns: number;
  /** Timed `docker run` invocations per daemon and round, after `runWarmup` untimed ones. */
  runRuns: number;
  runWarmup: number;
  apiPrefix: string;
  durability: 'crash' | 'power' | 'default';
}

export function configFor(opts: { quick: boolean; durability: BenchConfig['durability'] }): BenchConfig {
  const base = { quick: opts.quick, durability: opts.durability, apiPrefix: '/v1.41', concurrency: 8 };
  return opts.quick
    ? {
        ...base,
        small: 50,
        large: 100,
        inspectPerRep: 100,
        inspectReps: 3,
        listRepsSmall: 5,
        listRepsLarge: 5,
        warmup: 10,
        concurrentBatch: 50,
        cliRuns: 5,
        runRuns: 5,
        runWarmup: 3,
      }
    : {
        ...base,
        small: 1_000,
        large: 10_000,
        inspectPerRep: 1_000,
        inspectReps: 5,
        listRepsSmall: 30,
        listRepsLarge: 10,
        warmup: 100,
        concurrentBatch: 1_000,
        cliRuns: 30,
        runRuns: 30,
        runWarmup: 5,
      };
}
