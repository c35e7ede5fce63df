import { GoStruct, formatterContext } from '../format/index.js';
import type { Volume } from '../types/index.js';
import { StatusError, type CommandContext } from './command.js';
import { renderRows, volumeRow } from './volume-templates.js';
import {
  TemplateExecError,
  TemplateParseError,
  dockerTemplateErrorMessage,
  parseFormat,
} from '../format/index.js';

const summaryColumns = {
  Type: 'TYPE',
  TotalCount: 'TOTAL',
  Active: 'ACTIVE',
  Size: 'SIZE',
  Reclaimable: 'RECLAIMABLE',
};

/** `system df --format` (docker/cli DiskUsageContext): summary rows, or with -v one struct. */
export function renderDiskUsage(
  ctx: CommandContext,
  format: string,
  verbose: boolean,
  summary: string[][],
  vols: Volume[],
): number {
  if (!verbose) {
    const rows = summary.map(([Type, TotalCount, Active, Size, Reclaimable]) =>
      formatterContext({
        typeName: '*formatter.diskUsageContext',
        getters: {
          Type: () => Type,
          TotalCount: () => TotalCount,
          Active: () => Active,
          Size: () => Size,
          Reclaimable: () => Reclaimable,
        },
      }),
    );
    const resolved =
      format === 'raw'
        ? 'type: {{.Type}}\ntotal: {{.TotalCount}}\nactive: {{.Active}}\nsize: {{.Size}}\nreclaimable: {{.Reclaimable}}\n'
        : format;
    return renderRows(ctx, resolved, rows, summaryColumns);
  }
  const data = new GoStruct('formatter.diskUsageContext', {
    Images: [],
    Containers: [],
    Volumes: vols.map(volumeRow),
    BuildCache: [],
  });
  try {
    ctx.out(parseFormat(format === 'json' ? '{{json .}}' : format).execute(data));
    return 0;
  } catch (err) {
    if (err instanceof TemplateParseError || err instanceof TemplateExecError) {
      throw new StatusError(dockerTemplateErrorMessage(err), 1);
    }
    throw err;
  }
}
