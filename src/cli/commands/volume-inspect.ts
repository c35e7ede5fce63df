import { isApiError } from '../../client/engine-client.js';
import type { Volume } from '../../types/index.js';
import { StatusError, type CommandContext } from '../command.js';
import { compileUserTemplate } from '../user-template.js';
import { goMarshal, goMarshalIndent, inspectObject } from '../volume-view.js';

/**
 * `strata volume inspect [-f FORMAT] VOLUME...` (docker/cli inspect.Inspect): every name is tried;
 * found volumes are printed (indented JSON array, compact with `-f json`, or a template per volume),
 * failures are collected on stderr with exit 1. A template that does not parse exits 64.
 */
export async function run(ctx: CommandContext): Promise<void> {
  const format = ctx.flags.string('format');
  const withSize = ctx.flags.bool('size');
  let execute: ((v: Volume) => string) | undefined;
  if (format !== '' && format !== 'json') {
    const run = await compileUserTemplate(format);
    const { volumeStruct } = await import('../volume-templates.js');
    execute = (v) => run(volumeStruct(v));
  }
  const client = ctx.client();
  const found: Volume[] = [];
  const errors: string[] = [];
  let rendered = '';
  for (const name of ctx.args) {
    try {
      const answer = await client.inspectVolume(name, { usage: true });
      // Sizes only when asked for (docker's `container inspect --size`): the rest prints as docker's.
      const v = withSize ? answer : withoutSize(answer);
      if (execute) {
        try {
          rendered += `${execute(v)}\n`;
        } catch (err) {
          if (err instanceof StatusError) errors.push(err.message);
          else throw err;
        }
      } else found.push(v);
    } catch (err) {
      if (!isApiError(err) && !(err instanceof StatusError)) throw err;
      errors.push(err.message);
    }
  }
  // docker's TemplateInspector.Flush writes a lone newline when nothing rendered.
  if (execute) ctx.out(rendered === '' ? '\n' : rendered);
  else if (found.length === 0) ctx.out('[]\n');
  else {
    const objs = found.map(inspectObject);
    ctx.out(`${format === 'json' ? goMarshal(objs) : goMarshalIndent(objs)}\n`);
  }
  if (errors.length > 0) throw new StatusError(errors.join('\n'), 1);
}

function withoutSize(v: Volume): Volume {
  const { UsageData: _u, SizeEstimated: _e, SizeMeasuredAt: _m, ...rest } = v;
  return rest;
}
