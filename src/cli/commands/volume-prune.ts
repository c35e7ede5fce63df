import type { VolumePruneReport } from '../../types/index.js';
import { humanSize } from '../../format/go-units.js';
import { TabWriter } from '../../format/tabwriter.js';
import { StatusError, type CommandContext } from '../command.js';
import { loadClientConfig } from '../config-file.js';
import { filtersFromFlag } from '../flags.js';
import { confirm } from '../prompt.js';

const anonymousWarning =
  'WARNING! This will remove anonymous local volumes not used by at least one container.\nAre you sure you want to continue?';
const allWarning =
  'WARNING! This will remove all local volumes not used by at least one container.\nAre you sure you want to continue?';

/** docker/cli command.PruneFilters: config.json `pruneFilters` merged with the CLI's. */
function mergeConfigFilters(filters: Record<string, string[]>, configured: readonly string[]): void {
  // filters.Args.ExactMatch: true when the key has no values, else when the value is among them.
  const exact = (k: string, v: string): boolean => (filters[k]?.length ?? 0) === 0 || filters[k]!.includes(v);
  for (const f of configured) {
    const eq = f.indexOf('=');
    if (eq < 0) continue;
    const k = f.slice(0, eq);
    const v = f.slice(eq + 1);
    if (k === 'label' && exact('label!', v)) continue;
    if (k === 'label!' && exact('label', v)) continue;
    const list = (filters[k] ??= []);
    if (!list.includes(v)) list.push(v);
  }
}

type PruneReport = VolumePruneReport & { VolumeSizes?: Record<string, number> };

/**
 * `strata volume prune [-a] [-f] [--filter k=v]` (docker/cli volume/prune.go), and Strata's own
 * `--dry-run` (what would go, with sizes; no prompt, nothing removed), `-q` (names only) and
 * `--format json` (the API's answer as one JSON line).
 */
export async function run(ctx: CommandContext): Promise<number | void> {
  const dryRun = ctx.flags.bool('dry-run');
  const quiet = ctx.flags.bool('quiet');
  const format = ctx.flags.string('format');
  if (format !== '' && format !== 'json') {
    throw new StatusError(
      `invalid argument ${JSON.stringify(format)} for "--format": only 'json' is supported`,
      125,
    );
  }
  const client = ctx.client();
  const filters = filtersFromFlag(ctx.flags.list('filter'));
  mergeConfigFilters(filters, loadClientConfig(ctx.configDir).pruneFilters ?? []);
  const version = await client.apiVersion();
  const [maj = 0, min = 0] = version.split('.').map(Number);
  const atLeast142 = maj > 1 || (maj === 1 && min >= 42);
  let warning = anonymousWarning;
  if (ctx.flags.bool('all')) {
    if (!atLeast142) {
      throw new StatusError(
        `"--all" requires API version 1.42, but the Strata daemon API version is ${version}`,
        1,
      );
    }
    if (filters.all)
      throw new StatusError('conflicting options: cannot specify both --all and --filter all=1', 1);
    filters.all = ['true'];
    warning = allWarning;
  } else if (!atLeast142) {
    warning = allWarning; // below API 1.42 the daemon prunes named volumes too
  }
  if (!dryRun && !ctx.flags.bool('force') && !(await confirm(ctx.stdin, ctx.out, warning))) {
    return 0; // docker: "volume prune has been cancelled" is a cancellation, printed nowhere
  }
  const report: PruneReport = await client.pruneVolumes(filters, { dryRun });
  if (format === 'json') ctx.out(`${JSON.stringify(report)}\n`);
  else if (quiet) ctx.out(report.VolumesDeleted.map((n) => `${n}\n`).join(''));
  else ctx.out(dryRun ? renderDryRun(report) : renderDeleted(report));
}

/** docker's prune report. */
function renderDeleted(report: PruneReport): string {
  if (report.VolumesDeleted.length === 0) return 'Total reclaimed space: 0B\n';
  const names = report.VolumesDeleted.map((n) => `${n}\n`).join('');
  return `Deleted Volumes:\n${names}\nTotal reclaimed space: ${humanSize(report.SpaceReclaimed)}\n`;
}

/** docker's report in the conditional: each volume with its size, aligned as docker's tables are. */
function renderDryRun(report: PruneReport): string {
  let list = '';
  if (report.VolumesDeleted.length > 0) {
    const tw = new TabWriter();
    for (const n of report.VolumesDeleted) tw.write(`${n}\t${humanSize(report.VolumeSizes?.[n] ?? 0)}\n`);
    tw.flush();
    list = `Would delete volumes:\n${tw.output()}\n`;
  }
  return `${list}Total reclaimable space: ${humanSize(report.SpaceReclaimed)}\n`;
}
