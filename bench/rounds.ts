// Several rounds of the whole workload (daemon order alternating, so neither always runs on the
// quieter disk) folded into one result per daemon: the median of each number across rounds.
import type { CliMeasurement, DaemonResults, OpId, OpMeasurement } from './results.js';
import { opIds } from './results.js';
import { median } from './stats.js';

/** Strata first in odd rounds, dockerd first in even ones. */
export function roundOrder(round: number): Array<'strata' | 'dockerd'> {
  return round % 2 === 1 ? ['strata', 'dockerd'] : ['dockerd', 'strata'];
}

export function mergeOps(all: OpMeasurement[]): OpMeasurement {
  const first = all[0];
  if (first === undefined) throw new Error('mergeOps needs at least one measurement');
  return {
    n: all.reduce((a, m) => a + m.n, 0),
    reps: all.reduce((a, m) => a + m.reps, 0),
    opsPerSec: median(all.map((m) => m.opsPerSec)),
    p50Ms: median(all.map((m) => m.p50Ms)),
    p95Ms: median(all.map((m) => m.p95Ms)),
    meanMs: median(all.map((m) => m.meanMs)),
    concurrency: first.concurrency,
  };
}

export function mergeCli(all: CliMeasurement[]): CliMeasurement | undefined {
  const first = all[0];
  if (first === undefined) return undefined;
  const measured = all.filter((m) => m.unavailable === undefined);
  if (measured.length < all.length) return all.find((m) => m.unavailable !== undefined);
  return {
    command: first.command,
    runs: measured.reduce((a, m) => a + m.runs, 0),
    medianMs: median(measured.map((m) => m.medianMs)),
    p90Ms: median(measured.map((m) => m.p90Ms)),
    p95Ms: median(measured.map((m) => m.p95Ms)),
    meanMs: median(measured.map((m) => m.meanMs)),
    tool: first.tool,
  };
}

/** One daemon's rounds → one result (phases of the first round: they only serve profiling). */
export function mergeRounds(rounds: DaemonResults[]): DaemonResults {
  const first = rounds[0];
  if (first === undefined) throw new Error('mergeRounds needs at least one round');
  const ops: Partial<Record<OpId, OpMeasurement>> = {};
  for (const id of opIds) {
    const ms = rounds.map((r) => r.ops[id]).filter((m): m is OpMeasurement => m !== undefined);
    if (ms.length > 0) ops[id] = mergeOps(ms);
  }
  const merged = (pick: (r: DaemonResults) => CliMeasurement | undefined): CliMeasurement | undefined =>
    mergeCli(rounds.map(pick).filter((c): c is CliMeasurement => c !== undefined));
  const cli = merged((r) => r.cli);
  const cliEmpty = merged((r) => r.cliEmpty);
  const containerRun = merged((r) => r.containerRun);
  return {
    daemon: first.daemon,
    version: first.version,
    ops,
    phases: first.phases,
    ...(cliEmpty ? { cliEmpty } : {}),
    ...(cli ? { cli } : {}),
    ...(containerRun ? { containerRun } : {}),
  };
}
