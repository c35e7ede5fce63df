// Turns measurements into the comparison table (plain text for stdout, Markdown for .bench/) and the
// verdict on each target from the issue. Ratios read "× faster": dockerd time ÷ Strata time.
import type { MachineFacts } from './machine-facts.js';
import type { BenchConfig, CliMeasurement, DaemonResults, OpId, OpMeasurement } from './results.js';
import { systemDfNote } from './system-df-report.js';
import type { SystemDfReport } from './system-df.js';

export interface TableRow {
  id:
    | OpId
    | 'cli-volume-ls'
    | 'node-baseline'
    | 'http-floor'
    | 'container-run'
    | 'runc-floor'
    | 'system-df-cli'
    | 'system-df-cli-cold'
    | 'system-df-http'
    | 'system-df-size'
    | 'system-df-cli-floor';
  operation: string;
  strata: string;
  dockerd: string;
  /** dockerd time ÷ Strata time; undefined when one side is missing. */
  ratio: number | undefined;
  target: string;
  /** undefined: no target for this row, or it cannot be judged (no dockerd, CLI not ready). */
  met: boolean | undefined;
}

export interface Report {
  date: string;
  config: BenchConfig;
  /** Whole-workload rounds per daemon; every number in `daemons` is the median across them. */
  rounds: number;
  machine: MachineFacts;
  daemons: DaemonResults[];
  nodeBaseline: CliMeasurement;
  /** A bare node:http server answering a constant inspect body (see http-floor.ts). */
  httpFloor?: OpMeasurement;
  /** Bare `runc run` of the `docker run` row's rootfs (see container-run.ts). */
  runcFloor?: CliMeasurement;
  rows: TableRow[];
  /** Why dockerd was not measured, when it was not. */
  dockerdSkipped?: string;
  /** Why `docker run` was not measured, when it was not. */
  containerRunSkipped?: string;
  /** The unmerged result of every round. */
  perRound: DaemonResults[];
  /** `docker system df -v` over many files in many volumes, on fresh daemons (see system-df.ts). */
  systemDf?: SystemDfReport;
}

interface OpRow {
  id: OpId;
  label: (c: BenchConfig) => string;
  kind: 'rate' | 'latency';
  /** Minimum ratio the issue asks for. */
  target?: number;
}

const n = (x: number): string => x.toLocaleString('en-US');

const opRows: OpRow[] = [
  { id: 'create-small', kind: 'rate', target: 2, label: (c) => `create 0→${n(c.small)} (vol/s)` },
  { id: 'create-large', kind: 'rate', target: 2, label: (c) => `create ${n(c.small)}→${n(c.large)} (vol/s)` },
  { id: 'inspect-small', kind: 'latency', target: 3, label: (c) => `inspect @${n(c.small)}` },
  { id: 'inspect-large', kind: 'latency', target: 3, label: (c) => `inspect @${n(c.large)}` },
  { id: 'list-small', kind: 'latency', label: (c) => `list @${n(c.small)}` },
  { id: 'list-large', kind: 'latency', target: 5, label: (c) => `list @${n(c.large)}` },
  { id: 'list-label-small', kind: 'latency', label: (c) => `list label=tier=gold @${n(c.small)}` },
  {
    id: 'list-label-large',
    kind: 'latency',
    target: 50,
    label: (c) => `list label=tier=gold @${n(c.large)}`,
  },
  { id: 'remove-large', kind: 'rate', target: 2, label: (c) => `remove ${n(c.large)}→0 (vol/s)` },
  {
    id: 'inspect-large-c8',
    kind: 'latency',
    label: (c) => `inspect @${n(c.large)}, ${c.concurrency} in flight`,
  },
  {
    id: 'create-c8',
    kind: 'rate',
    label: (c) => `create ${n(c.concurrentBatch)}, ${c.concurrency} in flight (vol/s)`,
  },
  {
    id: 'remove-c8',
    kind: 'rate',
    label: (c) => `remove ${n(c.concurrentBatch)}, ${c.concurrency} in flight (vol/s)`,
  },
];

/** `strata volume ls` may take at most this multiple of a bare `node -e ''`. */
const cliTargetFactor = 1.3;
/** `docker run … true` against Strata may take at most this fraction of dockerd's time. */
const runTargetFactor = 0.33;

export interface RunRowsInput {
  runcFloor: CliMeasurement | undefined;
  /** Why containers were not run, when they were not. */
  skipped: string | undefined;
}

export function buildRows(
  config: BenchConfig,
  strata: DaemonResults,
  dockerd: DaemonResults | undefined,
  nodeBaseline: CliMeasurement,
  httpFloor: OpMeasurement | undefined,
  run: RunRowsInput = { runcFloor: undefined, skipped: undefined },
): TableRow[] {
  const rows: TableRow[] = opRows.map((r) => {
    const s = strata.ops[r.id];
    const d = dockerd?.ops[r.id];
    const ratio = s && d ? opRatio(r.kind, s, d) : undefined;
    return {
      id: r.id,
      operation: r.label(config),
      strata: s ? cell(r.kind, s) : '—',
      dockerd: d ? cell(r.kind, d) : dockerd ? '—' : 'not run',
      ratio,
      target: r.target === undefined ? '' : `≥ ${r.target}×`,
      met: r.target === undefined || ratio === undefined ? undefined : ratio >= r.target,
    };
  });
  const dInspect = dockerd?.ops['inspect-large'];
  if (httpFloor) {
    rows.push({
      id: 'http-floor',
      operation: 'floor: bare node:http, constant reply (best inspect ratio possible)',
      strata: cell('latency', httpFloor),
      dockerd: dInspect ? `(inspect @${n(config.large)}: p50 ${ms(dInspect.p50Ms)} ms)` : '',
      ratio: dInspect ? dInspect.p50Ms / httpFloor.p50Ms : undefined,
      target: '',
      met: undefined,
    });
  }
  const limit = nodeBaseline.medianMs * cliTargetFactor;
  const cliRow = (
    label: string,
    cliS: CliMeasurement | undefined,
    cliD: CliMeasurement | undefined,
  ): void => {
    const cliReady = cliS !== undefined && cliS.unavailable === undefined;
    rows.push({
      id: 'cli-volume-ls',
      operation: label,
      strata: !cliS ? '—' : cliReady ? cliCell(cliS) : `n/a (${cliS.unavailable})`,
      dockerd: !cliD
        ? dockerd
          ? '—'
          : 'not run'
        : cliD.unavailable
          ? `n/a (${cliD.unavailable})`
          : cliCell(cliD),
      ratio: cliReady && cliD && !cliD.unavailable ? cliD.medianMs / cliS.medianMs : undefined,
      target:
        `≤ ${cliTargetFactor}× node -e '' (${limit.toFixed(1)} ms)` +
        (cliReady ? `: ${(cliS.medianMs / nodeBaseline.medianMs).toFixed(2)}×` : ''),
      met: cliReady ? cliS.medianMs <= limit : undefined,
    });
  };
  cliRow('CLI `volume ls`, empty daemon (wall)', strata.cliEmpty, dockerd?.cliEmpty);
  cliRow(`CLI \`volume ls\` @${n(config.small)} (wall)`, strata.cli, dockerd?.cli);
  rows.push(...runRows(strata, dockerd, run));
  rows.push({
    id: 'node-baseline',
    operation: "bare `node -e ''` (baseline)",
    strata: cliCell(nodeBaseline),
    dockerd: '',
    ratio: undefined,
    target: '',
    met: undefined,
  });
  return rows;
}

/** `docker run` through the docker CLI on each daemon, and the `runc run` floor under it. */
function runRows(strata: DaemonResults, dockerd: DaemonResults | undefined, run: RunRowsInput): TableRow[] {
  const s = strata.containerRun;
  const d = dockerd?.containerRun;
  const notRun = run.skipped === undefined ? '—' : `n/a (${run.skipped})`;
  const rows: TableRow[] = [
    {
      id: 'container-run',
      operation: 'CLI `docker run --rm -v vol:/data busybox:local true` (wall, default network)',
      strata: s ? runCell(s) : notRun,
      dockerd: d ? runCell(d) : dockerd ? notRun : 'not run',
      ratio: s && d ? d.medianMs / s.medianMs : undefined,
      target:
        `Strata ≤ ${runTargetFactor}× dockerd` + (s && d ? `: ${(s.medianMs / d.medianMs).toFixed(2)}×` : ''),
      met: s && d ? s.medianMs <= runTargetFactor * d.medianMs : undefined,
    },
  ];
  if (run.runcFloor) {
    rows.push({
      id: 'runc-floor',
      operation: 'floor: bare `runc run` of the same rootfs, `true`, /data bind (no daemon, no CLI)',
      strata: runCell(run.runcFloor),
      dockerd: '',
      ratio: undefined,
      target: '',
      met: undefined,
    });
  }
  return rows;
}

/** Rates: Strata ops/s ÷ dockerd ops/s. Latencies: dockerd p50 ÷ Strata p50. */
function opRatio(kind: OpRow['kind'], s: OpMeasurement, d: OpMeasurement): number {
  return kind === 'rate' ? s.opsPerSec / d.opsPerSec : d.p50Ms / s.p50Ms;
}

function ms(x: number): string {
  if (x >= 100) return x.toFixed(0);
  if (x >= 10) return x.toFixed(1);
  return x.toFixed(2);
}

function cell(kind: OpRow['kind'], m: OpMeasurement): string {
  if (kind === 'rate') return `${n(Math.round(m.opsPerSec))}/s (p50 ${ms(m.p50Ms)} ms)`;
  return `p50 ${ms(m.p50Ms)} ms, p95 ${ms(m.p95Ms)} (${n(Math.round(m.opsPerSec))}/s)`;
}

function cliCell(m: CliMeasurement): string {
  return `${ms(m.medianMs)} ms (p95 ${ms(m.p95Ms)}, n=${m.runs})`;
}

function runCell(m: CliMeasurement): string {
  return `${ms(m.medianMs)} ms (p90 ${ms(m.p90Ms)}, n=${m.runs})`;
}

function ratioText(r: number | undefined): string {
  if (r === undefined || !Number.isFinite(r)) return '—';
  return r >= 100 ? `${r.toFixed(0)}×` : r >= 10 ? `${r.toFixed(1)}×` : `${r.toFixed(2)}×`;
}

function metText(row: TableRow): string {
  if (row.target === '') return '';
  if (row.met === undefined) return 'n/a';
  return row.met ? 'met' : 'MISSED';
}

const headers = ['operation', 'Strata', 'dockerd', 'ratio', 'target', 'verdict'];
const cells = (r: TableRow): string[] => [
  r.operation,
  r.strata,
  r.dockerd,
  ratioText(r.ratio),
  r.target,
  metText(r),
];

export function textTable(report: Report): string {
  const all = [headers, ...report.rows.map(cells)];
  const widths = headers.map((_, i) => Math.max(...all.map((row) => (row[i] ?? '').length)));
  const line = (row: string[]): string =>
    row
      .map((c, i) => (i === 3 ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join(' | ')
      .trimEnd();
  const sep = widths.map((w) => '-'.repeat(w)).join('-+-');
  return [line(headers), sep, ...report.rows.map((r) => line(cells(r))), '', verdictLine(report)].join('\n');
}

export function markdown(report: Report): string {
  const m = report.machine;
  const strata = report.daemons.find((d) => d.daemon === 'strata');
  const dockerd = report.daemons.find((d) => d.daemon === 'dockerd');
  const esc = (s: string): string => s.replace(/\|/g, '\\|');
  return [
    `# Strata volume benchmark — ${report.date}${report.config.quick ? ' (quick smoke run)' : ''}`,
    '',
    `- Machine: ${m.cpus} CPUs (${m.cpuModel}), ${m.memoryGiB} GiB, ${m.kernel}, temp fs ${m.tmpFs}, load average at start ${m.loadAtStart}`,
    `- Node ${m.node}; ${m.dockerd}; hyperfine: ${m.hyperfine}`,
    `- Strata ${strata?.version ?? report.systemDf?.strata?.version ?? '?'} (durability: ${report.config.durability}); dockerd ${dockerd?.version ?? report.systemDf?.dockerd?.version ?? `not run (${report.dockerdSkipped ?? 'skipped'})`}`,
    `- API over the unix socket, keep-alive, prefix ${report.config.apiPrefix}; one request in flight unless the row says otherwise.`,
    ...(report.daemons.length > 0
      ? [
          `- ${report.rounds} round(s) per daemon (order alternating); each number is the median across rounds.`,
        ]
      : []),
    `- Ratio = dockerd time ÷ Strata time (rates: Strata ops/s ÷ dockerd ops/s; latencies: p50 ÷ p50).`,
    ...(report.daemons.length > 0 ? [`- \`docker run\`: ${runNote(report)}`] : []),
    ...(report.systemDf ? [`- \`system df -v\`: ${systemDfNote(report.systemDf)}`] : []),
    '',
    `| ${headers.join(' | ')} |`,
    `|${headers.map((_, i) => (i === 3 ? '---:' : '---')).join('|')}|`,
    ...report.rows.map((r) => `| ${cells(r).map(esc).join(' | ')} |`),
    '',
    verdictLine(report),
    '',
  ].join('\n');
}

function runNote(report: Report): string {
  if (report.containerRunSkipped !== undefined) return `not measured (${report.containerRunSkipped})`;
  return (
    'the official docker CLI against each daemon on its default network (no --network flag: dockerd runs ' +
    'with --bridge=none, so its containers get their own network namespace with only lo, as on Strata); ' +
    `image imported and volume created beforehand; ${report.config.runWarmup} warm-up runs, then ` +
    `${report.config.runRuns} timed runs per round, each of which must exit 0; wall time from spawn to ` +
    'exit, median and p90. Its target column shows Strata ÷ dockerd.'
  );
}

function verdictLine(report: Report): string {
  const judged = report.rows.filter((r) => r.target !== '');
  const met = judged.filter((r) => r.met === true).length;
  const missed = judged.filter((r) => r.met === false);
  const na = judged.filter((r) => r.met === undefined).length;
  const missedText = missed.length ? ` — missed: ${missed.map((r) => r.operation).join('; ')}` : '';
  return `Targets: ${met} met, ${missed.length} missed, ${na} n/a${missedText}`;
}
