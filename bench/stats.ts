// Small statistics for benchmark samples: nearest-rank percentiles, medians, a seeded PRNG so that
// every daemon under test sees the same request sequence.

export interface LatencySummary {
  /** Number of samples. */
  n: number;
  p50Ms: number;
  p95Ms: number;
  meanMs: number;
}

/** Nearest-rank percentile of an ascending array (p in 0..100); NaN for no samples. */
export function percentile(sortedAsc: readonly number[], p: number): number {
  if (sortedAsc.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sortedAsc.length);
  return sortedAsc[Math.min(sortedAsc.length - 1, Math.max(0, rank - 1))] as number;
}

export function median(values: readonly number[]): number {
  return percentile(
    [...values].sort((a, b) => a - b),
    50,
  );
}

export function summarize(samplesMs: readonly number[]): LatencySummary {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const sum = sorted.reduce((a, b) => a + b, 0);
  return {
    n: sorted.length,
    p50Ms: percentile(sorted, 50),
    p95Ms: percentile(sorted, 95),
    meanMs: sorted.length === 0 ? Number.NaN : sum / sorted.length,
  };
}

/** Monotonic now in milliseconds (fractional). */
export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/** Monotonic now in microseconds: the clock V8 CPU profiles use (CLOCK_MONOTONIC), for phase slicing. */
export function nowUs(): number {
  return Number(process.hrtime.bigint() / 1000n);
}

/** mulberry32: a tiny deterministic PRNG; returns floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
