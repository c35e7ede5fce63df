import { ContainersApi, type ContainerSummary } from '../../client/containers-api.js';
import { StatusError, type CommandContext } from '../command.js';
import { loadClientConfig } from '../config-file.js';
import { containerColumns, containerFormat, containerRow } from '../container-view.js';
import { filtersFromFlag } from '../flags.js';
import { renderRows } from '../volume-templates.js';

/**
 * buildContainerListOptions' template check: the format is parsed as given and run once on an empty
 * container; a template that reads `.Size` asks the daemon for sizes.
 */
async function checkTemplate(format: string): Promise<boolean> {
  const t = await import('../../format/index.js');
  let tmpl;
  try {
    tmpl = t.parseTemplate(format, { funcs: t.dockerFuncs });
  } catch (err) {
    if (err instanceof t.TemplateParseError)
      throw new StatusError(`failed to parse template: ${err.message}`, 1);
    throw err;
  }
  let usesSize = false;
  const empty: ContainerSummary = {
    ...{ Id: '', Names: [], Image: '', ImageID: '', Command: '', Created: 0, Ports: [] },
    ...{ Labels: null, State: '', Status: '', Mounts: [] },
  };
  try {
    tmpl.execute(containerRow(empty, { trunc: false, onSize: () => (usesSize = true) }));
  } catch (err) {
    if (err instanceof t.TemplateExecError)
      throw new StatusError(`failed to execute template: ${err.message}`, 1);
    throw err;
  }
  return usesSize;
}

/** `strata ps` / `strata container ls` (docker/cli container/list.go). */
export async function run(ctx: CommandContext): Promise<number | void> {
  const quiet = ctx.flags.bool('quiet');
  let format = ctx.flags.string('format');
  if (format === '') format = loadClientConfig(ctx.configDir).psFormat ?? '';
  else if (quiet) ctx.err('WARNING: Ignoring custom format, because both --format and --quiet are set.\n');
  let size = ctx.flags.bool('size');
  let limit = ctx.flags.number('last');
  if (ctx.flags.bool('latest') && limit === -1) limit = 1;
  if (format !== '' && (await checkTemplate(format)) && !quiet && !size && !ctx.flags.changed.has('size')) {
    size = true;
  }
  const containers = await new ContainersApi(ctx.client()).list({
    all: ctx.flags.bool('all'),
    limit,
    size,
    filters: filtersFromFlag(ctx.flags.list('filter')),
  });
  const trunc = !ctx.flags.bool('no-trunc');
  const now = Date.now();
  return renderRows(
    ctx,
    containerFormat(format, quiet, size),
    containers.map((c) => containerRow(c, { trunc, now })),
    containerColumns,
  );
}
