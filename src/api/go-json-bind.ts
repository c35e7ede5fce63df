import { goJsonKind, type GoJsonValue } from './go-json-decode.js';

/** How one struct field decodes. */
export type GoFieldKind = 'string' | 'bool' | 'map[string]string' | 'object';
export interface GoStructSchema {
  /** Go type name for messages, e.g. `volume.CreateOptions` (struct part: `CreateOptions`). */
  typeName: string;
  fields: Record<string, { kind: GoFieldKind; goType?: string }>;
}

export type Bound = Record<
  string,
  string | boolean | Record<string, string> | GoJsonValue | null | undefined
>;

/**
 * json.Unmarshal into a struct: keys match field names exactly or case-insensitively, unknown keys
 * are ignored, null leaves strings and bools as they are and sets maps and objects to nil, maps merge
 * duplicate keys. The first type mismatch is reported (after the whole value is read) with Go's
 * UnmarshalTypeError text; undefined when there is none.
 */
export function bindGoStruct(value: GoJsonValue, schema: GoStructSchema): { out: Bound; error?: string } {
  const out: Bound = {};
  const structName = schema.typeName.slice(schema.typeName.lastIndexOf('.') + 1);
  if (value === null) return { out };
  if (typeof value !== 'object' || Array.isArray(value)) {
    return {
      out,
      error: `json: cannot unmarshal ${goJsonKind(value)} into Go value of type ${schema.typeName}`,
    };
  }
  let error: string | undefined;
  const note = (kind: string, field: string, goType: string): void => {
    error ??= `json: cannot unmarshal ${kind} into Go struct field ${structName}.${field} of type ${goType}`;
  };
  const names = Object.keys(schema.fields);
  for (const [key, v] of value.entries) {
    const field = names.find((n) => n === key) ?? names.find((n) => n.toLowerCase() === key.toLowerCase());
    if (field === undefined) continue;
    const spec = schema.fields[field];
    if (!spec) continue;
    if (v === null) {
      if (spec.kind === 'map[string]string' || spec.kind === 'object') out[field] = null;
      continue;
    }
    switch (spec.kind) {
      case 'string':
        if (typeof v === 'string') out[field] = v;
        else note(goJsonKind(v), field, 'string');
        break;
      case 'bool':
        if (typeof v === 'boolean') out[field] = v;
        else note(goJsonKind(v), field, 'bool');
        break;
      case 'object':
        if (typeof v === 'object' && !Array.isArray(v)) out[field] = v;
        else note(goJsonKind(v), field, spec.goType ?? 'struct');
        break;
      case 'map[string]string': {
        if (typeof v !== 'object' || Array.isArray(v)) {
          note(goJsonKind(v), field, 'map[string]string');
          break;
        }
        const prev = out[field];
        const map: Record<string, string> =
          prev !== null && typeof prev === 'object' && !Array.isArray(prev)
            ? (prev as Record<string, string>)
            : {};
        for (const [k, item] of v.entries) {
          if (typeof item === 'string') map[k] = item;
          else if (item === null) map[k] = map[k] ?? '';
          else note(goJsonKind(item), field, 'string');
        }
        out[field] = map;
        break;
      }
    }
  }
  return error === undefined ? { out } : { out, error };
}
