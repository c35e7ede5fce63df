/**
 * docker/cli's formatter Context.Write (cli/command/formatter/formatter.go): renders rows with a
 * `--format` string.
 *
 *   renderFormatted({ format, rows, header? }): string
 *
 * 1. The format is resolved with `templateText` and parsed with docker's functions (`dockerFuncs`);
 *    a bad template throws TemplateParseError.
 * 2. Each row is executed in order, each result followed by `\n`. The first failing row throws
 *    TemplateExecError and nothing is returned (docker prints nothing in that case either).
 * 3. Only for `table …` formats: the same parsed template is executed on `header` with
 *    `dockerHeaderFuncs` swapped in; errors there are ignored and whatever it wrote before failing is
 *    the header (as in docker, where the header's error is discarded). The header line, a `\n` and the
 *    rows then go through the tab writer (minwidth 10, tabwidth 1, padding 3, blanks), so even zero
 *    rows produce a header line.
 *
 * Docker reports both errors as `template parsing error: <go message>` (dockerTemplateErrorMessage);
 * callers decide the exit code (`inspect -f`: 64 for parse errors, 1 otherwise).
 */
import { dockerFuncs, dockerHeaderFuncs } from './docker-funcs.js';
import { isTableFormat, templateText } from './formatter-format.js';
import type { GoFunc } from './go-value.js';
import { TemplateExecError } from './template-errors.js';
import { DOCKER_TABLE, TabWriter } from './tabwriter.js';
import { type Template, parseTemplate } from './template.js';

export interface RenderOptions {
  /** The `--format` value (or a command's resolved default), e.g. `table {{.Driver}}\t{{.Name}}`. */
  readonly format: string;
  /** Row contexts, in output order. */
  readonly rows: Iterable<unknown>;
  /** The header context for table formats (docker's SubHeaderContext); nil when absent. */
  readonly header?: unknown;
  /** Extra template functions on top of docker's. */
  readonly funcs?: Readonly<Record<string, GoFunc>>;
}

/** Parses a format string the way docker's formatter does (after preFormat, with docker's functions). */
export function parseFormat(format: string, funcs?: Readonly<Record<string, GoFunc>>): Template {
  return parseTemplate(templateText(format), { funcs: { ...dockerFuncs, ...funcs } });
}

/** Renders `rows` as docker's formatter would print them. */
export function renderFormatted(options: RenderOptions): string {
  const tmpl = parseFormat(options.format, options.funcs);
  let body = '';
  for (const row of options.rows) body += tmpl.execute(row) + '\n';
  if (!isTableFormat(options.format)) return body;
  return renderTable(tmpl, options.header, body);
}

/** The table half: header (with header funcs, errors swallowed) + rows through the tab writer. */
export function renderTable(tmpl: Template, header: unknown, body: string): string {
  let head: string;
  try {
    head = tmpl.withFuncs(dockerHeaderFuncs).execute(header);
  } catch (e) {
    if (!(e instanceof TemplateExecError)) throw e;
    head = e.partialOutput;
  }
  const w = new TabWriter(DOCKER_TABLE);
  w.write(head);
  w.write('\n');
  w.write(body);
  w.flush();
  return w.output();
}
