import { compactJSON } from '../format/go-json.js';
import { StatusError, type CommandContext } from './command.js';
import { indentJson } from './volume-view.js';

/**
 * docker/cli cli/command/inspect Inspect for objects the daemon describes in JSON: every reference is
 * looked up in order; found ones print as the daemon's JSON re-indented (`json.Indent`, four spaces,
 * one array), compacted with `-f json`, or through a `-f` template (one line each). Lookup failures
 * are collected and printed after the output, exit 1; a template that does not parse exits 64.
 *
 * Templates run on the object as Go values built from its JSON (see inspect-values.ts). Docker runs
 * them on its typed struct and, when that fails, on the raw JSON with `missingkey=error`; an unknown
 * field therefore reads `map has no entry for key "X"`, which is what this prints too.
 */
export interface Inspected {
  raw: Buffer;
  /** The Go value a template sees. */
  data: unknown;
}

export type Lookup = (ref: string) => Promise<Inspected>;

/** Whether an error is one to report per reference (not a crash). */
export type Reportable = (err: unknown) => err is Error;

export async function inspectRefs(
  ctx: CommandContext,
  refs: readonly string[],
  format: string,
  lookup: Lookup,
  reportable: Reportable,
): Promise<void> {
  let execute: ((data: unknown) => string) | undefined;
  if (format !== '' && format !== 'json') {
    const t = await import('../format/index.js');
    let tmpl: ReturnType<typeof t.parseTemplate>;
    try {
      tmpl = t.parseTemplate(format, { funcs: t.dockerFuncs });
    } catch (err) {
      if (err instanceof t.TemplateParseError) throw new StatusError(t.dockerTemplateErrorMessage(err), 64);
      throw err;
    }
    execute = (data) => {
      try {
        return tmpl.execute(data);
      } catch (err) {
        if (!(err instanceof t.TemplateExecError)) throw err;
        const m = /^(.*): can't evaluate field (\S+) in type \S+$/s.exec(err.message);
        throw new Error(
          `template parsing error: ${m ? `${m[1]}: map has no entry for key "${m[2]}"` : err.message}`,
        );
      }
    };
  }
  const errors: string[] = [];
  const raws: string[] = [];
  let lines = '';
  for (const ref of refs) {
    let found: Inspected;
    try {
      found = await lookup(ref);
    } catch (err) {
      if (!reportable(err)) throw err;
      errors.push(err.message);
      continue;
    }
    if (!execute) {
      raws.push(compactJSON(found.raw.toString('utf8'), false));
      continue;
    }
    try {
      lines += `${execute(found.data)}\n`;
    } catch (err) {
      errors.push((err as Error).message);
    }
  }
  if (execute) ctx.out(lines === '' ? '\n' : lines);
  else if (raws.length === 0) ctx.out('[]\n');
  else {
    const all = `[${raws.join(',')}]`;
    ctx.out(`${format === 'json' ? all : indentJson(all, '    ')}\n`);
  }
  if (errors.length > 0) throw new StatusError(errors.join('\n'), 1);
}
