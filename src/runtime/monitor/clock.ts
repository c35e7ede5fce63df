import { hrtime } from 'node:process';

let last = 0n;

/**
 * Wall-clock nanoseconds since the epoch: Date's milliseconds (so a clock adjustment while a spare
 * monitor waits is honoured), the sub-millisecond part from the monotonic clock, never going back.
 */
export function nowNs(): bigint {
  let ns = BigInt(Date.now()) * 1_000_000n + (hrtime.bigint() % 1_000_000n);
  if (ns <= last) ns = last + 1n;
  last = ns;
  return ns;
}

/** Go's time.RFC3339Nano in UTC: trailing zeros of the fraction dropped, no fraction when zero. */
export function rfc3339Nano(ns: bigint = nowNs()): string {
  const ms = ns / 1_000_000n;
  const base = new Date(Number(ms)).toISOString().slice(0, 19);
  const frac = (ns % 1_000_000_000n).toString().padStart(9, '0').replace(/0+$/, '');
  return frac === '' ? `${base}Z` : `${base}.${frac}Z`;
}
