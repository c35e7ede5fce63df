/**
 * Public face of the Go text/template interpreter.
 *
 *   parseTemplate(text, { funcs? }): Template
 *     Parses like `template.New("").Funcs(funcs).Parse(text)`. Throws TemplateParseError whose message is
 *     Go's (`template: :1: function "InvalidFunction" not defined`). Identifiers must name a builtin or
 *     one of `funcs` at parse time, exactly as in Go.
 *
 *   template.execute(data): string
 *     Runs the top-level template against `data` (see go-value.ts for how JS values stand for Go values).
 *     Throws TemplateExecError (Go's message; `partialOutput` holds what was written before the error).
 *
 *   template.withFuncs(funcs): Template
 *     Go's `tmpl.Funcs(m)` after parsing: the same parse tree executed with `funcs` overriding/adding
 *     functions by name. Docker renders table headers this way (its header functions replace json,
 *     split, join, title, lower, upper, truncate and keep pad).
 *
 * The template name is "" (docker's), so messages read `template: :1:…` and `executing ""`. Functions
 * are GoFuncs: a plain JS function (parameters interface{}) or a GoFuncSpec with Go parameter types.
 */
import { type GoFunc, type GoFuncSpec, funcSpec } from './go-value.js';
import { BUILTINS } from './template-builtins.js';
import { executeTemplate } from './template-exec.js';
import { type Tree, parseTrees } from './template-parser.js';

export interface ParseTemplateOptions {
  /** Extra functions (Go's FuncMap); they override builtins of the same name. */
  readonly funcs?: Readonly<Record<string, GoFunc>>;
}

function toSpecs(funcs: Readonly<Record<string, GoFunc>> | undefined): Map<string, GoFuncSpec> {
  const out = new Map<string, GoFuncSpec>();
  for (const [name, f] of Object.entries(funcs ?? {})) out.set(name, funcSpec(f));
  return out;
}

/** A parsed template; immutable and reusable. */
export class Template {
  private constructor(
    private readonly text: string,
    private readonly trees: ReadonlyMap<string, Tree>,
    private readonly funcs: ReadonlyMap<string, GoFuncSpec>,
  ) {}

  /** @internal Use parseTemplate. */
  static fromParse(text: string, funcs: Readonly<Record<string, GoFunc>> | undefined): Template {
    const specs = toSpecs(funcs);
    const trees = parseTrees(text, '', (name) => specs.has(name) || BUILTINS.has(name));
    return new Template(text, trees, specs);
  }

  /** Executes the top-level template. */
  execute(data: unknown): string {
    return this.executeTemplate('', data);
  }

  /** Executes a template defined with {{define}} / {{block}} (or "" for the top level). */
  executeTemplate(name: string, data: unknown): string {
    const ctx = { text: this.text, parseName: '', trees: this.trees, funcs: this.funcs, out: { text: '' } };
    return executeTemplate(ctx, name, data);
  }

  /** Same tree, with `funcs` replacing or adding functions for execution. */
  withFuncs(funcs: Readonly<Record<string, GoFunc>>): Template {
    const merged = new Map(this.funcs);
    for (const [name, spec] of toSpecs(funcs)) merged.set(name, spec);
    return new Template(this.text, this.trees, merged);
  }

  /** Names of all templates the text defined ("" is the top level). */
  templateNames(): string[] {
    return [...this.trees.keys()];
  }
}

/** Parses a Go template. Throws TemplateParseError. */
export function parseTemplate(text: string, options: ParseTemplateOptions = {}): Template {
  return Template.fromParse(text, options.funcs);
}
