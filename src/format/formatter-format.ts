/**
 * docker/cli's `--format` string conventions (cli/command/formatter/formatter.go), independent of any
 * resource:
 *
 *   - `table …`  a table: the rest is the row template, rendered through the tab writer under a header line
 *                made by running the same template on the header context (`table` alone is resolved to a
 *                resource's default by the command, e.g. `table {{.Driver}}\t{{.Name}}` for volumes);
 *   - `json`     exactly `json` means `{{json .}}` (one JSON object per line);
 *   - `raw`      a keyword each command maps to its own `key: value` template;
 *   - anything else is a plain Go template, one execution per row, each followed by a newline.
 *
 * `templateText(format)` is docker's preFormat: drops a leading `table`, maps `json`, trims spaces (only
 * U+0020) at both ends, and turns the two-character sequences `\t` and `\n` into tab and newline — so
 * `--format 'table {{.Name}}\t{{.Driver}}'` works from a shell.
 */

export const TABLE_FORMAT_KEY = 'table';
export const RAW_FORMAT_KEY = 'raw';
export const PRETTY_FORMAT_KEY = 'pretty';
export const JSON_FORMAT_KEY = 'json';
/** What `--format json` stands for. */
export const JSON_FORMAT = '{{json .}}';

/** Docker's Format.IsTable: the format starts with "table". */
export function isTableFormat(format: string): boolean {
  return format.startsWith(TABLE_FORMAT_KEY);
}

/** Docker's Format.IsJSON: the format is exactly "json". */
export function isJSONFormat(format: string): boolean {
  return format === JSON_FORMAT_KEY;
}

/** Docker's preFormat: the Go template text a format string stands for. */
export function templateText(format: string): string {
  let text = format;
  if (isTableFormat(format)) text = text.slice(TABLE_FORMAT_KEY.length);
  else if (isJSONFormat(format)) text = JSON_FORMAT;
  text = text.replace(/^ +| +$/g, '');
  return text.replace(/\\[tn]/g, (m) => (m === '\\t' ? '\t' : '\n'));
}
