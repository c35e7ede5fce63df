// The Engine API workload, identical for every daemon: warm up, fill to `small` volumes, measure,
// fill to `large`, measure, remove everything (sequentially: one request in flight, as a CLI or
// compose sends them), then a batch created and removed with `concurrency` requests in flight.
import { ApiClient, runPool } from './api-client.js';
import type { BenchConfig, OpId, OpMeasurement, Phase } from './results.js';
import { median, nowMs, nowUs, seededRandom, summarize } from './stats.js';

export interface WorkloadOptions {
  socket: string;
  config: BenchConfig;
  /** Called while the daemon holds exactly `config.small` volumes (CLI timing goes here). */
  atSmall?: () => Promise<void>;
  progress: (msg: string) => void;
}

export interface WorkloadResult {
  ops: Partial<Record<OpId, OpMeasurement>>;
  phases: Phase[];
}

const volumeName = (i: number): string => `bench-${i}`;

/** What `docker volume create` sends; every 10th volume is gold. */
function createBody(name: string, i: number): unknown {
  const labels: Record<string, string> = { app: 'bench' };
  if (i % 10 === 0) labels.tier = 'gold';
  return { Driver: 'local', DriverOpts: {}, Labels: labels, Name: name };
}

const goldFilter = `/volumes?filters=${encodeURIComponent(JSON.stringify({ label: { 'tier=gold': true } }))}`;

export async function runVolumeWorkload(opts: WorkloadOptions): Promise<WorkloadResult> {
  const { config, progress } = opts;
  const seq = new ApiClient({ socket: opts.socket, prefix: config.apiPrefix, maxSockets: 1 });
  const par = new ApiClient({
    socket: opts.socket,
    prefix: config.apiPrefix,
    maxSockets: config.concurrency,
  });
  const ops: WorkloadResult['ops'] = {};
  const phases: Phase[] = [];
  const timed = async <T>(op: Phase['op'], fn: () => Promise<T>): Promise<T> => {
    const sent = seq.requests + par.requests;
    const startUs = nowUs();
    try {
      return await fn();
    } finally {
      phases.push({ op, requests: seq.requests + par.requests - sent, startUs, endUs: nowUs() });
    }
  };
  const record = (op: OpId, m: OpMeasurement): void => {
    ops[op] = m;
    progress(`  ${op}: ${describe(m)}`);
  };

  try {
    await seq.expect(200, 'GET', '/_ping');
    await timed('warmup', () => warmUp(seq, config.warmup));

    progress(`  filling to ${config.small} volumes`);
    record('create-small', await timed('create-small', () => createRange(seq, 1, config.small, 1)));
    await verifyCounts(seq, config.small);
    await measureAt(seq, 'small', config, record, timed);
    if (opts.atSmall) await opts.atSmall();

    progress(`  filling to ${config.large} volumes`);
    record(
      'create-large',
      await timed('create-large', () => createRange(seq, config.small + 1, config.large, 1)),
    );
    await verifyCounts(seq, config.large);
    await measureAt(seq, 'large', config, record, timed);
    record(
      'inspect-large-c8',
      await timed('inspect-large-c8', () => inspectRandom(par, config, config.large, config.concurrency)),
    );

    progress(`  removing ${config.large} volumes`);
    record('remove-large', await timed('remove-large', () => removeRange(seq, 1, config.large, 1)));
    await verifyCounts(seq, 0);

    const from = config.large + 1;
    const to = config.large + config.concurrentBatch;
    record('create-c8', await timed('create-c8', () => createRange(par, from, to, config.concurrency)));
    record('remove-c8', await timed('remove-c8', () => removeRange(par, from, to, config.concurrency)));
    await verifyCounts(seq, 0);
  } finally {
    seq.close();
    par.close();
  }
  return { ops, phases };
}

type Record_ = (op: OpId, m: OpMeasurement) => void;
type Timed = <T>(op: Phase['op'], fn: () => Promise<T>) => Promise<T>;

/** inspect, list and label-filtered list at the current fill level. */
async function measureAt(
  seq: ApiClient,
  level: 'small' | 'large',
  config: BenchConfig,
  record: Record_,
  timed: Timed,
): Promise<void> {
  const count = level === 'small' ? config.small : config.large;
  const listReps = level === 'small' ? config.listRepsSmall : config.listRepsLarge;
  record(`inspect-${level}`, await timed(`inspect-${level}`, () => inspectRandom(seq, config, count, 1)));
  record(`list-${level}`, await timed(`list-${level}`, () => repeatGet(seq, '/volumes', listReps)));
  record(
    `list-label-${level}`,
    await timed(`list-label-${level}`, () => repeatGet(seq, goldFilter, listReps)),
  );
}

/** Creates and removes throw-away volumes so JIT, caches and connections are warm before timing. */
async function warmUp(client: ApiClient, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    await client.expect(201, 'POST', '/volumes/create', createBody(`bench-warm-${i}`, i));
    await client.expect(200, 'GET', `/volumes/bench-warm-${i}`);
  }
  for (let i = 0; i < count; i++) await client.expect(204, 'DELETE', `/volumes/bench-warm-${i}`);
  await client.expect(200, 'GET', '/volumes');
  await client.expect(200, 'GET', goldFilter);
}

/** Creates bench-from … bench-to (inclusive); one measurement over the whole range. */
async function createRange(
  client: ApiClient,
  from: number,
  to: number,
  concurrency: number,
): Promise<OpMeasurement> {
  const lat: number[] = [];
  const started = nowMs();
  await runPool(to - from + 1, concurrency, async (k) => {
    const i = from + k;
    const res = await client.expect(201, 'POST', '/volumes/create', createBody(volumeName(i), i));
    lat.push(res.ms);
  });
  return measurement(lat, [lat.length / ((nowMs() - started) / 1000)], concurrency);
}

async function removeRange(
  client: ApiClient,
  from: number,
  to: number,
  concurrency: number,
): Promise<OpMeasurement> {
  const lat: number[] = [];
  const started = nowMs();
  await runPool(to - from + 1, concurrency, async (k) => {
    const res = await client.expect(204, 'DELETE', `/volumes/${volumeName(from + k)}`);
    lat.push(res.ms);
  });
  return measurement(lat, [lat.length / ((nowMs() - started) / 1000)], concurrency);
}

/** `inspectReps` × `inspectPerRep` inspects of random existing volumes, after an untimed warm-up. */
async function inspectRandom(
  client: ApiClient,
  config: BenchConfig,
  count: number,
  concurrency: number,
): Promise<OpMeasurement> {
  const rnd = seededRandom(count * 31 + concurrency);
  const pick = (): string => volumeName(1 + Math.floor(rnd() * count));
  await runPool(Math.min(200, config.inspectPerRep), concurrency, async () => {
    await client.expect(200, 'GET', `/volumes/${pick()}`);
  });
  const lat: number[] = [];
  const rates: number[] = [];
  for (let rep = 0; rep < config.inspectReps; rep++) {
    const names = Array.from({ length: config.inspectPerRep }, pick);
    const started = nowMs();
    await runPool(names.length, concurrency, async (k) => {
      lat.push((await client.expect(200, 'GET', `/volumes/${names[k] as string}`)).ms);
    });
    rates.push(names.length / ((nowMs() - started) / 1000));
  }
  return measurement(lat, rates, concurrency);
}

/** `reps` sequential GETs of `path` after two untimed ones. */
async function repeatGet(client: ApiClient, path: string, reps: number): Promise<OpMeasurement> {
  for (let i = 0; i < 2; i++) await client.expect(200, 'GET', path);
  const lat: number[] = [];
  for (let i = 0; i < reps; i++) lat.push((await client.expect(200, 'GET', path)).ms);
  return measurement(
    lat,
    lat.map((ms) => 1000 / ms),
    1,
  );
}

/** Untimed check that the daemon holds what we think (a benchmark of wrong answers is worthless). */
async function verifyCounts(client: ApiClient, expected: number): Promise<void> {
  const all = JSON.parse((await client.expect(200, 'GET', '/volumes')).body.toString()) as {
    Volumes: Array<{ Name: string }> | null;
  };
  const names = (all.Volumes ?? []).map((v) => v.Name).filter((n) => n.startsWith('bench-'));
  if (names.length !== expected)
    throw new Error(`expected ${expected} bench volumes, the daemon lists ${names.length}`);
  const gold = JSON.parse((await client.expect(200, 'GET', goldFilter)).body.toString()) as {
    Volumes: Array<{ Name: string }> | null;
  };
  const wantGold = Math.floor(expected / 10);
  if ((gold.Volumes ?? []).length !== wantGold) {
    throw new Error(
      `expected ${wantGold} gold volumes, the label filter returned ${(gold.Volumes ?? []).length}`,
    );
  }
}

function measurement(latMs: number[], rates: number[], concurrency: number): OpMeasurement {
  const s = summarize(latMs);
  return {
    n: s.n,
    reps: rates.length,
    opsPerSec: median(rates),
    p50Ms: s.p50Ms,
    p95Ms: s.p95Ms,
    meanMs: s.meanMs,
    concurrency,
  };
}

function describe(m: OpMeasurement): string {
  return `${m.opsPerSec.toFixed(0)} ops/s, p50 ${m.p50Ms.toFixed(2)} ms, p95 ${m.p95Ms.toFixed(2)} ms (n=${m.n})`;
}
