/**
 * The values docker's formatters hand to templates, built from plain getters.
 *
 * `formatterContext({ typeName, getters, methods? })` is a row context like docker/cli's
 * `*formatter.volumeContext`: each getter is a template method (`{{.Name}}`), `methods` adds methods
 * with arguments (`Label(name)`), the embedded `Header` field and the `FullHeader` method are nil (both
 * print `<no value>`),
 * an unknown name is `can't evaluate field Foo in type *formatter.volumeContext`, and `{{json .}}` gives
 * docker's MarshalJSON shape (formatter/reflect.go): an object of every getter's value, keys sorted,
 * encoded by json.Marshal (so `<`, `>`, `&` come out as `\u003c`, `\u003e`, `\u0026`, even though the
 * `json` function itself does not escape HTML).
 *
 * `headerContext(columns)` is docker's SubHeaderContext: a map[string]string from field name to column
 * title (`{ Name: 'VOLUME NAME', Driver: 'DRIVER' }`) with a `Label(name)` method giving the header of
 * `{{.Label "com.example.some-label"}}`: the last dot-separated part with `-` and `_` turned into spaces.
 * A field missing from the map renders as `<no value>` in the header, as in docker.
 *
 * `contextJSON(getters)` is the MarshalJSON text alone, for callers that need it elsewhere.
 */
import { goJSONMarshal } from './go-json.js';
import { type GoFunc, GoMap, GoStruct } from './go-value.js';

/** Column header constants shared by docker's formatters (formatter/custom.go). */
export const COMMON_HEADERS = {
  CreatedSince: 'CREATED',
  CreatedAt: 'CREATED AT',
  Size: 'SIZE',
  Labels: 'LABELS',
  Name: 'NAME',
  Description: 'DESCRIPTION',
  Driver: 'DRIVER',
  Scope: 'SCOPE',
  State: 'STATE',
  Status: 'STATUS',
  Ports: 'PORTS',
  Image: 'IMAGE',
  Error: 'ERROR',
  ContainerID: 'CONTAINER ID',
} as const;

export type Getters = Readonly<Record<string, () => unknown>>;

export interface FormatterContextOptions {
  /** Go type name for error messages, e.g. `*formatter.volumeContext`. */
  readonly typeName: string;
  /** Zero-argument methods; also the keys of `{{json .}}`. */
  readonly getters: Getters;
  /** Methods with arguments (not part of `{{json .}}`), e.g. `Label`. */
  readonly methods?: Readonly<Record<string, GoFunc>>;
}

/** A row context: a GoStruct whose JSON form is docker's MarshalJSON of the context. */
export class FormatterContext extends GoStruct {
  constructor(private readonly options: FormatterContextOptions) {
    const fullHeader = (): null => null;
    super(
      options.typeName,
      { Header: null },
      {
        methods: { FullHeader: fullHeader, ...options.methods, ...options.getters },
      },
    );
  }

  /** formatter.MarshalJSON: every getter, keys sorted, json.Marshal encoding. */
  toGoJSON(): string {
    return contextJSON(this.options.getters);
  }
}

/** Builds a row context. */
export function formatterContext(options: FormatterContextOptions): FormatterContext {
  return new FormatterContext(options);
}

/** Docker's MarshalJSON of a context with these getters. */
export function contextJSON(getters: Getters): string {
  const values = new Map<string, unknown>();
  for (const [name, get] of Object.entries(getters)) values.set(name, get());
  return goJSONMarshal(new GoMap(values), { escapeHTML: true });
}

/** SubHeaderContext.Label: the header text for `{{.Label "a.b-c_d"}}` (here `b c d`). */
export function headerLabel(name: string): string {
  const parts = name.split('.');
  return (parts[parts.length - 1] ?? '').replace(/[-_]/g, ' ');
}

/** Docker's SubHeaderContext for table headers. */
export function headerContext(columns: Readonly<Record<string, string>>): GoMap {
  return new GoMap(columns, {
    typeName: 'formatter.SubHeaderContext',
    elem: 'string',
    methods: { Label: { params: ['string'], fn: headerLabel } },
  });
}
