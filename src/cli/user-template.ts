import { StatusError } from './command.js';

/**
 * A user's `--format` Go template, compiled as docker/cli does for inspect-like commands: the engine
 * loads on first use; a template that does not parse is a StatusError with exit 64, one that fails
 * while running a StatusError with exit 1, both with docker's `template parsing error: …` text.
 * `json` means `{{json .}}`.
 */
export async function compileUserTemplate(format: string): Promise<(data: unknown) => string> {
  const t = await import('../format/index.js');
  let tmpl: ReturnType<typeof t.parseTemplate>;
  try {
    tmpl = t.parseTemplate(format === 'json' ? '{{json .}}' : format, { funcs: t.dockerFuncs });
  } catch (err) {
    if (err instanceof t.TemplateParseError) throw new StatusError(t.dockerTemplateErrorMessage(err), 64);
    throw err;
  }
  return (data) => {
    try {
      return tmpl.execute(data);
    } catch (err) {
      if (err instanceof t.TemplateExecError) throw new StatusError(t.dockerTemplateErrorMessage(err), 1);
      throw err;
    }
  };
}
