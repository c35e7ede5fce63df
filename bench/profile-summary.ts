// Reads a V8 CPU profile of the Strata daemon (`node --cpu-prof`) and the bench's phase windows, and
// says per operation where the daemon's time went: busy vs idle, the hottest functions by self time,
// and the Strata functions by inclusive time. Profile timestamps and the phases both use
// CLOCK_MONOTONIC microseconds, so a phase slices the samples taken while it ran.
//
// Standalone: npx tsx bench/profile-summary.ts <file.cpuprofile> [phases.json]
// (without phases, the whole profile is one window: handy for a CLI run under `node --cpu-prof`).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Phase } from './results.js';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

interface PhaseProfile {
  phase: Phase;
  wallMs: number;
  sampledMs: number;
  idleMs: number;
  gcMs: number;
  self: Array<[string, number]>;
  inclusive: Array<[string, number]>;
  /** Self time per source file (module top-level code and functions together). */
  byFile: Array<[string, number]>;
}

const special = new Set(['(idle)', '(program)', '(garbage collector)', '(root)']);

/**
 * Maps a line of compiled dist/src/x.js to the line of src/x.ts with the same text (tsc keeps
 * statements as written, minus types), so frames point at the source a reader edits.
 */
class SourceLines {
  private readonly cache = new Map<string, string[] | undefined>();

  constructor(private readonly repoRoot: string) {}

  tsLine(distRel: string, tsRel: string, distLine: number, fn: string): number | undefined {
    const dist = this.lines(distRel);
    const ts = this.lines(tsRel);
    const text = dist?.[distLine - 1]?.trim();
    if (!ts || !text) return undefined;
    const escaped = fn.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const declares = new RegExp(
      `^(export\\s+)?((private|public|protected|static|readonly|async|function|const|let|get|set)\\s+)*\\*?${escaped}\\s*(=|:|[<(])`,
    );
    const tests: Array<(l: string) => boolean> = [(l) => l === text];
    if (fn !== '(anonymous)') tests.push((l) => declares.test(l));
    for (const test of tests) {
      let best: number | undefined;
      ts.forEach((l, i) => {
        if (
          test(l.trim()) &&
          (best === undefined || Math.abs(i + 1 - distLine) < Math.abs(best - distLine))
        ) {
          best = i + 1;
        }
      });
      if (best !== undefined) return best;
    }
    return undefined;
  }

  private lines(rel: string): string[] | undefined {
    if (!this.cache.has(rel)) {
      try {
        this.cache.set(rel, readFileSync(path.join(this.repoRoot, rel), 'utf8').split('\n'));
      } catch {
        this.cache.set(rel, undefined);
      }
    }
    return this.cache.get(rel);
  }
}

/** Where a frame comes from, as a reader of the repo would look for it (dist/src/x.js → src/x.ts:line). */
function frameKey(f: CallFrame, repoRoot: string, sources: SourceLines): string {
  const fn = f.functionName || '(anonymous)';
  if (special.has(fn) && f.url === '') return fn;
  let where = f.url.replace(/^file:\/\//, '');
  if (where.startsWith(repoRoot + '/')) where = where.slice(repoRoot.length + 1);
  const line = f.lineNumber + 1;
  const dist = /^dist\/(src\/.*)\.js$/.exec(where);
  if (dist) {
    const ts = `${dist[1] as string}.ts`;
    const tsLine = sources.tsLine(where, ts, line, fn);
    return `${fn} (${ts}:${tsLine ?? `? (dist line ${line})`})`;
  }
  where = where.replace(/^.*\/node_modules\//, 'node_modules/');
  return where === '' ? `${fn} [native]` : `${fn} (${where}:${line})`;
}

export function profilePhases(profile: CpuProfile, phases: Phase[], repoRoot: string): PhaseProfile[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const sources = new SourceLines(repoRoot);
  const keyOf = new Map(profile.nodes.map((n) => [n.id, frameKey(n.callFrame, repoRoot, sources)]));
  const fileOf = new Map(
    profile.nodes.map((n) => [
      n.id,
      n.callFrame.url === ''
        ? '[native/VM]'
        : n.callFrame.url
            .replace(/^file:\/\//, '')
            .replace(repoRoot + '/', '')
            .replace(/^dist\/(src\/.*)\.js$/, '$1.ts'),
    ]),
  );
  const isStrata = new Map(profile.nodes.map((n) => [n.id, n.callFrame.url.includes('/dist/src/')]));

  // Sample i lasts until sample i+1.
  const times: number[] = [];
  let t = profile.startTime;
  for (const d of profile.timeDeltas) times.push((t += d));

  return phases.map((phase) => {
    const self = new Map<string, number>();
    const incl = new Map<string, number>();
    const files = new Map<string, number>();
    let sampledUs = 0;
    let idleUs = 0;
    let gcUs = 0;
    for (let i = 0; i < profile.samples.length; i++) {
      const at = times[i] as number;
      if (at < phase.startUs || at > phase.endUs) continue;
      const dur = Math.min((times[i + 1] ?? at) - at, 100_000);
      const id = profile.samples[i] as number;
      const key = keyOf.get(id) ?? '?';
      sampledUs += dur;
      if (key === '(idle)') {
        idleUs += dur;
        continue;
      }
      if (key === '(garbage collector)') gcUs += dur;
      self.set(key, (self.get(key) ?? 0) + dur);
      const file = fileOf.get(id) ?? '?';
      files.set(file, (files.get(file) ?? 0) + dur);
      const seen = new Set<string>();
      for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
        const k = keyOf.get(cur) ?? '?';
        if (!isStrata.get(cur) || seen.has(k) || !byId.has(cur)) continue;
        seen.add(k);
        incl.set(k, (incl.get(k) ?? 0) + dur);
      }
    }
    const top = (m: Map<string, number>, count: number): Array<[string, number]> =>
      [...m.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, count)
        .map(([k, us]) => [k, us / 1000]);
    return {
      phase,
      wallMs: (phase.endUs - phase.startUs) / 1000,
      sampledMs: sampledUs / 1000,
      idleMs: idleUs / 1000,
      gcMs: gcUs / 1000,
      self: top(self, 12),
      inclusive: top(incl, 14),
      byFile: top(files, 10),
    };
  });
}

export function renderProfileSummary(results: PhaseProfile[]): string {
  const out: string[] = ['# Strata daemon CPU profile by operation', ''];
  for (const r of results) {
    if (r.sampledMs === 0) {
      out.push(`## ${r.phase.op}: no samples in this window (clock mismatch or profile missing)`, '');
      continue;
    }
    const busy = r.sampledMs - r.idleMs;
    const perReq = r.phase.requests > 0 ? (busy * 1000) / r.phase.requests : Number.NaN;
    out.push(
      `## ${r.phase.op}`,
      '',
      `wall ${r.wallMs.toFixed(0)} ms, ${r.phase.requests} requests; main thread busy ${busy.toFixed(0)} ms ` +
        `(${((busy / r.sampledMs) * 100).toFixed(0)}%, ${perReq.toFixed(0)} µs/request), GC ${r.gcMs.toFixed(0)} ms`,
      '',
      'self time (ms, % of busy):',
      ...r.self.map(
        ([k, ms]) => `  ${ms.toFixed(1).padStart(8)}  ${((ms / busy) * 100).toFixed(1).padStart(5)}%  ${k}`,
      ),
      '',
      'Strata functions, inclusive time (ms, % of busy):',
      ...r.inclusive.map(
        ([k, ms]) => `  ${ms.toFixed(1).padStart(8)}  ${((ms / busy) * 100).toFixed(1).padStart(5)}%  ${k}`,
      ),
      '',
      'self time by file (ms, % of busy):',
      ...r.byFile.map(
        ([k, ms]) => `  ${ms.toFixed(1).padStart(8)}  ${((ms / busy) * 100).toFixed(1).padStart(5)}%  ${k}`,
      ),
      '',
    );
  }
  return out.join('\n');
}

/** Without phases, the whole profile is one window named `whole`. */
export function summarizeProfileFile(
  profileFile: string,
  phases: Phase[] | undefined,
  repoRoot: string,
): string {
  const profile = JSON.parse(readFileSync(profileFile, 'utf8')) as CpuProfile;
  const windows = phases ?? [
    { op: 'whole', requests: 0, startUs: profile.startTime, endUs: profile.endTime },
  ];
  return renderProfileSummary(profilePhases(profile, windows, repoRoot));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [profileFile, phasesFile] = process.argv.slice(2);
  if (!profileFile) {
    process.stderr.write('usage: tsx bench/profile-summary.ts <file.cpuprofile> [phases.json]\n');
    process.exit(2);
  }
  const phases = phasesFile ? (JSON.parse(readFileSync(phasesFile, 'utf8')) as Phase[]) : undefined;
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  process.stdout.write(summarizeProfileFile(profileFile, phases, root) + '\n');
}
