import { formatterContext, humanDuration, humanSize } from '../../format/index.js';
import { VolumeCopiesApi, type VolumeSnapshot } from '../../client/volume-copies-api.js';
import type { CommandContext } from '../command.js';
import { renderTable } from '../table.js';
import { renderRows } from '../volume-templates.js';

const columns = {
  Volume: 'VOLUME',
  Name: 'SNAPSHOT',
  CreatedSince: 'CREATED',
  CreatedAt: 'CREATED AT',
  Size: 'SIZE',
};

/**
 * `strata volume snapshot ls [--format F] [-q] [VOLUME]` (Strata's own): the columns VOLUME,
 * SNAPSHOT, CREATED, SIZE; `-q` prints snapshot names (`VOLUME/SNAPSHOT` when listing every
 * volume's); `--format` takes docker's table/json/template forms over the fields Volume, Name,
 * CreatedAt, CreatedSince and Size.
 */
export async function run(ctx: CommandContext): Promise<number | void> {
  const [volume] = ctx.args;
  const snaps = await new VolumeCopiesApi(ctx.client()).listSnapshots(volume);
  const format = ctx.flags.string('format') || 'table';
  const now = Date.now();
  if (ctx.flags.bool('quiet')) {
    ctx.out(snaps.map((s) => `${volume === undefined ? `${s.Volume}/` : ''}${s.Name}\n`).join(''));
    return;
  }
  if (format === 'table') {
    ctx.out(
      renderTable(
        ['VOLUME', 'SNAPSHOT', 'CREATED', 'SIZE'],
        snaps.map((s) => [s.Volume, s.Name, createdSince(s, now), sizeOf(s)]),
      ),
    );
    return;
  }
  return renderRows(
    ctx,
    format,
    snaps.map((s) => row(s, now)),
    columns,
  );
}

function row(s: VolumeSnapshot, now: number) {
  return formatterContext({
    typeName: '*formatter.snapshotContext',
    getters: {
      Volume: () => s.Volume,
      Name: () => s.Name,
      CreatedAt: () => s.CreatedAt,
      CreatedSince: () => createdSince(s, now),
      Size: () => sizeOf(s),
    },
  });
}

function createdSince(s: VolumeSnapshot, now: number): string {
  const at = Date.parse(s.CreatedAt);
  return Number.isNaN(at) ? 'N/A' : `${humanDuration(Math.max(0, now - at))} ago`;
}

function sizeOf(s: VolumeSnapshot): string {
  return s.Size < 0 ? 'N/A' : humanSize(s.Size);
}
