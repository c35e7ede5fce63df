import { humanSize } from '../../format/go-units.js';
import type { Volume } from '../../types/index.js';
import type { CommandContext } from '../command.js';
import { renderTable } from '../table.js';

/** docker/cli formatter/disk_usage.go: the summary's reclaimable column. */
function reclaimable(total: number, free: number): string {
  if (total <= 0) return humanSize(free);
  return `${humanSize(free)} (${Math.trunc((free * 100) / total)}%)`;
}

/**
 * `strata system df [-v] [--format]`: docker's summary (TYPE TOTAL ACTIVE SIZE RECLAIMABLE) or, with
 * -v, its four sections. Strata holds no images, containers or build cache yet, so those are empty.
 */
export async function run(ctx: CommandContext): Promise<number | void> {
  const du = await ctx.client().diskUsage();
  const vols = (du.Volumes ?? []) as Volume[];
  const sized = vols.filter((v) => (v.UsageData?.Size ?? -1) !== -1);
  const total = sized.reduce((n, v) => n + (v.UsageData?.Size ?? 0), 0);
  const free = sized
    .filter((v) => (v.UsageData?.RefCount ?? 0) === 0)
    .reduce((n, v) => n + (v.UsageData?.Size ?? 0), 0);
  const active = vols.filter((v) => (v.UsageData?.RefCount ?? 0) > 0).length;
  const format = ctx.flags.string('format') || 'table';
  const verbose = ctx.flags.bool('verbose');

  const summary = [
    ['Images', '0', '0', humanSize(0), humanSize(0)],
    ['Containers', '0', '0', humanSize(0), humanSize(0)],
    ['Local Volumes', String(vols.length), String(active), humanSize(total), reclaimable(total, free)],
    ['Build Cache', '0', '0', humanSize(0), humanSize(0)],
  ];
  if (format === 'table' && !verbose) {
    ctx.out(renderTable(['TYPE', 'TOTAL', 'ACTIVE', 'SIZE', 'RECLAIMABLE'], summary));
    return;
  }
  if (format === 'table') {
    const volumeRows = vols.map((v) => [
      v.Name,
      v.UsageData ? String(v.UsageData.RefCount) : 'N/A',
      v.UsageData ? humanSize(v.UsageData.Size) : 'N/A',
    ]);
    ctx.out(
      'Images space usage:\n\n' +
        renderTable(
          ['REPOSITORY', 'TAG', 'IMAGE ID', 'CREATED', 'SIZE', 'SHARED SIZE', 'UNIQUE SIZE', 'CONTAINERS'],
          [],
        ) +
        '\nContainers space usage:\n\n' +
        renderTable(
          ['CONTAINER ID', 'IMAGE', 'COMMAND', 'LOCAL VOLUMES', 'SIZE', 'CREATED', 'STATUS', 'NAMES'],
          [],
        ) +
        '\nLocal Volumes space usage:\n\n' +
        renderTable(['VOLUME NAME', 'LINKS', 'SIZE'], volumeRows) +
        `\nBuild cache usage: ${humanSize(0)}\n\n` +
        renderTable(['CACHE ID', 'CACHE TYPE', 'SIZE', 'CREATED', 'LAST USED', 'USAGE', 'SHARED'], []),
    );
    return;
  }
  const { renderDiskUsage } = await import('../disk-usage-templates.js');
  return renderDiskUsage(ctx, format, verbose, summary, vols);
}
