import { naturalSortBy } from '../../format/natural-order.js';
import type { Volume } from '../../types/index.js';
import type { CommandContext } from '../command.js';
import { loadClientConfig } from '../config-file.js';
import { filtersFromFlag } from '../flags.js';
import { renderTable } from '../table.js';
import { sizeCell } from '../volume-view.js';

/**
 * `strata volume ls` (docker/cli volume/list.go): names in natural order; `--format` wins, else
 * config.json `volumesFormat` (not with -q), else the table. The default table and -q render
 * directly; any other format goes through the Go template engine.
 */
export async function run(ctx: CommandContext): Promise<number | void> {
  const withSize = ctx.flags.bool('size');
  const res = await ctx.client().listVolumes(filtersFromFlag(ctx.flags.list('filter')), { usage: withSize });
  const quiet = ctx.flags.bool('quiet');
  let format = ctx.flags.string('format');
  if (format === '') {
    const configured = quiet ? undefined : loadClientConfig(ctx.configDir).volumesFormat;
    format = configured || 'table';
  }
  const vols = naturalSortBy(res.Volumes, (v) => v.Name);
  if (format === 'table') {
    if (quiet) ctx.out(vols.map((v) => `${v.Name}\n`).join(''));
    else if (withSize) {
      const now = Date.now();
      ctx.out(
        renderTable(
          ['DRIVER', 'VOLUME NAME', 'LINKS', 'SIZE'],
          vols.map((v) => [v.Driver, v.Name, String(v.UsageData?.RefCount ?? 0), sizeCell(v, now)]),
        ),
      );
    } else
      ctx.out(
        renderTable(
          ['DRIVER', 'VOLUME NAME'],
          vols.map((v) => [v.Driver, v.Name]),
        ),
      );
    return;
  }
  const { renderVolumes } = await import('../volume-templates.js');
  return renderVolumes(ctx, format, quiet, vols as Volume[]);
}
