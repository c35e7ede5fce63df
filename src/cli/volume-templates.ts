import {
  GoMap,
  GoNil,
  GoSlice,
  GoStruct,
  TemplateExecError,
  TemplateParseError,
  dockerTemplateErrorMessage,
  formatterContext,
  headerContext,
  humanSize,
  renderFormatted,
} from '../format/index.js';
import type { Volume } from '../types/index.js';
import { StatusError, type CommandContext } from './command.js';
import { joinLabels, volumeColumns } from './volume-view.js';

/** docker/cli formatter.NewVolumeFormat for the keywords; anything else is the template itself. */
function volumeFormat(source: string, quiet: boolean): string {
  if (source === 'table') return quiet ? '{{.Name}}' : 'table {{.Driver}}\t{{.Name}}';
  if (source === 'raw') return quiet ? 'name: {{.Name}}' : 'name: {{.Name}}\ndriver: {{.Driver}}\n';
  return source;
}

/** A `volume ls` row (formatter/volume.go volumeContext). */
export function volumeRow(v: Volume) {
  return formatterContext({
    typeName: '*formatter.volumeContext',
    getters: {
      Name: () => v.Name,
      Driver: () => v.Driver,
      Scope: () => v.Scope,
      Mountpoint: () => v.Mountpoint,
      Labels: () => joinLabels(v.Labels),
      Links: () => (v.UsageData ? String(v.UsageData.RefCount) : 'N/A'),
      Size: () => (v.UsageData ? humanSize(v.UsageData.Size) : 'N/A'),
      Group: () => 'N/A',
      Availability: () => 'N/A',
      Status: () => 'N/A',
    },
    methods: { Label: { params: ['string'], fn: (k: string) => v.Labels?.[k] ?? '' } },
  });
}

/** Renders through docker's formatter; template errors exit 1 with docker's text. */
export function renderRows(
  ctx: CommandContext,
  format: string,
  rows: unknown[],
  columns: Record<string, string>,
): number {
  try {
    ctx.out(renderFormatted({ format, rows, header: headerContext(columns) }));
    return 0;
  } catch (err) {
    if (err instanceof TemplateParseError || err instanceof TemplateExecError) {
      throw new StatusError(dockerTemplateErrorMessage(err), 1);
    }
    throw err;
  }
}

export function renderVolumes(ctx: CommandContext, format: string, quiet: boolean, vols: Volume[]): number {
  return renderRows(ctx, volumeFormat(format, quiet), vols.map(volumeRow), volumeColumns);
}

/** api/types/volume.Volume as the docker CLI decodes it, for `inspect -f` templates. */
export function volumeStruct(v: Volume & { ClusterVolume?: unknown }): GoStruct {
  return new GoStruct(
    'volume.Volume',
    {
      ClusterVolume: v.ClusterVolume ?? new GoNil('*volume.ClusterVolume'),
      CreatedAt: v.CreatedAt ?? '',
      Driver: v.Driver,
      Labels: new GoMap(v.Labels, { elem: 'string' }),
      Mountpoint: v.Mountpoint,
      Name: v.Name,
      Options: new GoMap(v.Options, { elem: 'string' }),
      Scope: v.Scope,
      Status: new GoMap((v.Status as Record<string, unknown> | undefined) ?? null),
      UsageData: v.UsageData
        ? new GoStruct('volume.UsageData', { RefCount: v.UsageData.RefCount, Size: v.UsageData.Size })
        : new GoNil('*volume.UsageData'),
      // Strata's own (`?size=1`, which strata always sends): omitted from JSON when empty.
      UsedBy: new GoSlice(
        (v.UsedBy ?? []).map(
          (u) => new GoStruct('volume.UsedBy', { Id: u.Id, Name: u.Name, Running: u.Running }),
        ),
        { typeName: '[]volume.UsedBy' },
      ),
      LastMounted: v.LastMounted ?? '',
      LastUnmounted: v.LastUnmounted ?? '',
    },
    {
      jsonTags: {
        ClusterVolume: 'ClusterVolume,omitempty',
        CreatedAt: 'CreatedAt,omitempty',
        Status: 'Status,omitempty',
        UsageData: 'UsageData,omitempty',
        UsedBy: 'UsedBy,omitempty',
        LastMounted: 'LastMounted,omitempty',
        LastUnmounted: 'LastUnmounted,omitempty',
      },
    },
  );
}
