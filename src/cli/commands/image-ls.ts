import { ImagesApi } from '../../client/images-api.js';
import type { CommandContext } from '../command.js';
import { loadClientConfig } from '../config-file.js';
import { filtersFromFlag } from '../flags.js';
import { imageColumns, imageFormat, imageLines, imageRow } from '../image-view.js';
import { renderRows } from '../volume-templates.js';

const imageSubcommands = new Set([
  'build',
  'history',
  'import',
  'inspect',
  'list',
  'load',
  'ls',
  'prune',
  'pull',
  'push',
  'rm',
  'save',
  'tag',
]);

/** `strata images` / `strata image ls` (docker/cli image/list.go). */
export async function run(ctx: CommandContext): Promise<number | void> {
  const filters = filtersFromFlag(ctx.flags.list('filter'));
  const match = ctx.args[0] ?? '';
  if (match !== '') (filters.reference ??= []).push(match);
  const images = await new ImagesApi(ctx.client()).list({ all: ctx.flags.bool('all'), filters });
  const quiet = ctx.flags.bool('quiet');
  let format = ctx.flags.string('format');
  if (format === '') format = (!quiet && loadClientConfig(ctx.configDir).imagesFormat) || 'table';
  const showDigests = ctx.flags.bool('digests');
  const resolved = imageFormat(format, quiet, showDigests);
  const needDigest = showDigests || resolved.includes('{{.Digest}}');
  const trunc = !ctx.flags.bool('no-trunc');
  const now = Date.now();
  const rows = images.flatMap((i) =>
    imageLines(i, { showDigests, needDigest }).map((l) => imageRow(i, l, trunc, now)),
  );
  const status = renderRows(ctx, resolved, rows, imageColumns);
  if (
    match !== '' &&
    images.length === 0 &&
    ctx.commandPath.at(-1) === 'images' &&
    imageSubcommands.has(match)
  ) {
    ctx.err(`\nNo images found matching ${JSON.stringify(match)}: did you mean "strata image ${match}"?\n`);
  }
  return status;
}
