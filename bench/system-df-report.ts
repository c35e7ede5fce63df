// The `system df -v` stage's rows in the comparison table, and its note for the Markdown report.
// Ratios read as everywhere in the bench: dockerd time ÷ Strata time.
import type { TableRow } from './report.js';
import type { CliMeasurement } from './results.js';
import type { DfDaemonResult, SystemDfReport } from './system-df.js';

/** `docker system df -v` against Strata must take at most 1/50 of dockerd's time (issue 5, point 7). */
export const dfTargetRatio = 50;

const n = (x: number): string => x.toLocaleString('en-US');

function ms(x: number): string {
  if (x >= 100) return x.toFixed(0);
  if (x >= 10) return x.toFixed(1);
  return x.toFixed(2);
}

export function systemDfRows(report: SystemDfReport): TableRow[] {
  const c = report.config;
  const data = `${n(c.volumes)} volumes, ${n(c.volumes * c.filesPerVolume)} files`;
  const s = report.strata;
  const d = report.dockerd;
  const missing = (): string =>
    report.skipped !== undefined
      ? `n/a (${report.skipped})`
      : `not run (${report.dockerdSkipped ?? 'skipped'})`;
  const strataMissing = report.skipped !== undefined ? `n/a (${report.skipped})` : '—';
  const cliRatio = s && d && measured(s.cli) && measured(d.cli) ? d.cli.medianMs / s.cli.medianMs : undefined;
  const sizesEqual = s && d ? s.totalSize === d.totalSize : undefined;
  return [
    {
      id: 'system-df-cli',
      operation: `CLI \`docker system df -v\`, ${data} (wall)`,
      strata: s ? cliCell(s.cli) : strataMissing,
      dockerd: d ? cliCell(d.cli) : missing(),
      ratio: cliRatio,
      target: `≥ ${dfTargetRatio}×`,
      met: cliRatio === undefined ? undefined : cliRatio >= dfTargetRatio,
    },
    {
      id: 'system-df-cli-cold',
      operation: `same, page cache dropped before each run (a df now and then)`,
      strata: s ? cliCell(s.cliCold) : strataMissing,
      dockerd: d ? cliCell(d.cliCold) : missing(),
      ratio:
        s && d && measured(s.cliCold) && measured(d.cliCold)
          ? d.cliCold.medianMs / s.cliCold.medianMs
          : undefined,
      target: `≥ ${dfTargetRatio}×`,
      met:
        s && d && measured(s.cliCold) && measured(d.cliCold)
          ? d.cliCold.medianMs / s.cliCold.medianMs >= dfTargetRatio
          : undefined,
    },
    {
      id: 'system-df-http',
      operation: `GET /system/df, ${data}`,
      strata: s ? httpCell(s) : strataMissing,
      dockerd: d ? httpCell(d) : missing(),
      ratio: s && d ? d.http.p50Ms / s.http.p50Ms : undefined,
      target: '',
      met: undefined,
    },
    {
      id: 'system-df-size',
      operation:
        (sizesEqual === false ? 'MISMATCH: ' : '') +
        `system df total volume size (${n(report.expectedBytes)} bytes written)`,
      strata: s ? sizeCell(s, report.expectedBytes) : strataMissing,
      dockerd: d ? sizeCell(d, report.expectedBytes) : missing(),
      ratio: undefined,
      target: 'same on both',
      met: sizesEqual,
    },
    ...floorRows(s, d),
  ];
}

/**
 * The docker CLI against a constant server replaying each daemon's own answer: what the CLI itself
 * costs on that data. dockerd's df -v time ÷ the floor on Strata's answer is the best ratio possible.
 */
function floorRows(s: DfDaemonResult | undefined, d: DfDaemonResult | undefined): TableRow[] {
  if (!s) return [];
  const usable = (r: DfDaemonResult | undefined): r is DfDaemonResult =>
    r !== undefined && measured(r.cli) && measured(r.cliFloor);
  return [
    {
      id: 'system-df-cli-floor',
      operation: "floor: same CLI command, constant server replaying the daemon's answer (best df -v ratio)",
      strata: cliCell(s.cliFloor),
      dockerd: d ? cliCell(d.cliFloor) : '',
      ratio: usable(d) && measured(s.cliFloor) ? d.cli.medianMs / s.cliFloor.medianMs : undefined,
      target: '',
      met: undefined,
    },
  ];
}

const measured = (m: CliMeasurement): boolean => m.unavailable === undefined;

function cliCell(m: CliMeasurement): string {
  if (m.unavailable !== undefined) return `n/a (${m.unavailable})`;
  return `${ms(m.medianMs)} ms (p95 ${ms(m.p95Ms)}, n=${m.runs})`;
}

function httpCell(r: DfDaemonResult): string {
  return `p50 ${ms(r.http.p50Ms)} ms, p95 ${ms(r.http.p95Ms)} (n=${r.http.n})`;
}

function sizeCell(r: DfDaemonResult, expected: number): string {
  const settle = r.unsettled === undefined ? `settled in ${(r.settleMs / 1000).toFixed(1)} s` : r.unsettled;
  const off = r.totalSize === expected ? '' : ' ≠ written';
  return `${n(r.totalSize)} B${off} (${settle})`;
}

/** One line for the Markdown report's list of how things were measured. */
export function systemDfNote(report: SystemDfReport): string {
  if (report.skipped !== undefined) return `not measured (${report.skipped})`;
  const c = report.config;
  return (
    `a fresh daemon of each kind, filled by ${c.containers} \`docker run --rm\` busybox containers each ` +
    `mounting ${n(Math.floor(c.volumes / c.containers))} volumes (\`-v dfv-K:/v/K\`) and writing ` +
    `${n(c.filesPerVolume)} files of ${c.fileBytes} bytes into each with shell builtins; then ` +
    '`/system/df` polled until two answers agree and add up to the bytes written (the settle time is ' +
    `in the size row); then \`docker -H unix://SOCK system df -v\` (${c.cliWarmup} warm-up runs, ` +
    `${c.cliRuns} timed, median; the output must list every volume) and ${c.httpReps} raw ` +
    '`GET /v1.41/system/df` on a keep-alive connection (p50). Floor: the same CLI command against a ' +
    "bare node:http server replaying each daemon's own answer (the CLI's start-up, decoding and " +
    "rendering: no daemon can do better; dockerd's time ÷ the floor on Strata's answer is the best " +
    'ratio possible). Fill time: ' +
    [report.strata, report.dockerd]
      .filter((r): r is DfDaemonResult => r !== undefined)
      .map((r) => `${r.daemon} ${(r.fillMs / 1000).toFixed(1)} s`)
      .join(', ') +
    '.'
  );
}
