import { invalidParameter, systemError } from '../errors/index.js';
import type { Filters } from './backend.js';
import { decodeFirstValue, goJsonKind, goJsonSyntaxError, type GoJsonValue } from './go-json-decode.js';

/**
 * moby filters.FromJSON on the `filters` query parameter: `{"k":{"v":true}}` or the legacy
 * `{"k":["v"]}`; every key of the inner map counts as a value, whatever its boolean. Errors: v23+
 * says `invalid filter`; 20.10 said what Go's decoder said. `context` prefixes the message as the
 * route does (`error reading volume filters`). `legacyAsSystemError`: routes where 20.10 answered 500.
 */
export function parseFiltersParam(
  raw: string | null,
  options: { legacy: boolean; context?: string; legacyAsSystemError?: boolean },
): Filters {
  if (raw === null || raw === '') return {};
  const fail = (detail: string): never => {
    const text = options.context ? `${options.context}: ${detail}` : detail;
    // Where 20.10 passed the decoder's error through unwrapped, it became a 500.
    throw options.legacy && options.legacyAsSystemError ? systemError(text) : invalidParameter(text);
  };
  const syntax = goJsonSyntaxError(raw);
  if (syntax !== undefined) return fail(options.legacy ? syntax : 'invalid filter');
  const decoded = decodeFirstValue(Buffer.from(raw, 'utf8'));
  if (!decoded.ok) return fail('invalid filter');
  const value = decoded.value;
  if (value === null) return {};
  const typeError = (v: GoJsonValue, type: string): never =>
    fail(
      options.legacy
        ? `json: cannot unmarshal ${goJsonKind(v)} into Go value of type ${type}`
        : 'invalid filter',
    );
  if (typeof value !== 'object' || Array.isArray(value))
    return typeError(value, 'map[string]map[string]bool');

  const asSets = new Map<string, string[]>();
  let setsError: (() => never) | undefined;
  for (const [key, v] of value.entries) {
    if (v === null) {
      asSets.set(key, asSets.get(key) ?? []);
      continue;
    }
    if (typeof v !== 'object' || Array.isArray(v)) {
      setsError ??= () => typeError(v, 'map[string]bool');
      continue;
    }
    const vals = asSets.get(key) ?? [];
    for (const [k, b] of v.entries) {
      if (typeof b !== 'boolean' && b !== null) setsError ??= () => typeError(b, 'bool');
      if (!vals.includes(k)) vals.push(k);
    }
    asSets.set(key, vals);
  }
  if (setsError === undefined) return Object.fromEntries(asSets);

  // Legacy encoding: {"key": ["v1", "v2"]}.
  const asLists: Record<string, string[]> = {};
  for (const [key, v] of value.entries) {
    if (v === null) {
      asLists[key] = [];
      continue;
    }
    if (!Array.isArray(v) || v.some((item) => typeof item !== 'string' && item !== null)) return setsError();
    asLists[key] = [...new Set(v.map((item) => (item === null ? '' : (item as string))))];
  }
  return asLists;
}
