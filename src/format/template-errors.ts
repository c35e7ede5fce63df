/**
 * The two ways a Go template fails, kept apart because docker's CLI treats them differently: for
 * `docker … inspect -f` a parse error exits 64 and an execution error exits 1; every formatter prefixes
 * both with `template parsing error: ` (see `dockerTemplateErrorMessage`).
 *
 * `message` is always Go's exact error text:
 *   - parse:  `template: :1: function "InvalidFunction" not defined`
 *   - exec:   `template: :1:2: executing "" at <.Foo>: can't evaluate field Foo in type volume.Volume`
 */

/** A template that text/template's Parse rejects. */
export class TemplateParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateParseError';
  }
}

/** A template whose execution failed. `partialOutput` is what Go had written before the error. */
export class TemplateExecError extends Error {
  constructor(
    message: string,
    readonly partialOutput: string,
  ) {
    super(message);
    this.name = 'TemplateExecError';
  }
}

/** Docker's wrapping of either error: `template parsing error: <go error>`. */
export function dockerTemplateErrorMessage(err: TemplateParseError | TemplateExecError): string {
  return `template parsing error: ${err.message}`;
}
