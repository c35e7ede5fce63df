/**
 * Go's encoding/json Marshal over the value model of go-value.ts.
 *
 * `goJSONMarshal(v, { escapeHTML })`:
 *   - strings are quoted Go's way: `\" \\ \n \r \t \b \f`, other controls `\u00XX`, U+2028/U+2029
 *     escaped, and `< > &` as `\u003c \u003e \u0026` only when `escapeHTML` (json.Marshal does; docker's
 *     `json` template function turns it off). Lone surrogates become `\ufffd`.
 *   - ints as integers; floats as goJSONFloat (NaN/Inf throw `json: unsupported value: NaN`).
 *   - nil, typed nils and nil maps → `null`; arrays → `[…]`; maps → `{…}` with keys sorted bytewise;
 *     GoStruct → fields in order, honouring `jsonTags` (`name`, `omitempty`, `-`); unexported (lower-case)
 *     fields are skipped.
 *   - a value with `toGoJSON()` is replaced by the JSON text it returns (Go's MarshalJSON); that text is
 *     compacted and, with `escapeHTML`, has `< > &` escaped inside its strings — as Go's encoder does to
 *     MarshalJSON output. Text that was already escaped stays escaped.
 *   - functions and complex numbers throw `json: unsupported type: …`.
 */
import { goJSONFloat } from './go-float.js';
import {
  GoComplex,
  GoFloat,
  GoMap,
  GoNil,
  GoStruct,
  Iface,
  NO_VALUE,
  asSlice,
  goTypeName,
  isPlainObject,
  sortedEntries,
} from './go-value.js';

export interface GoJSONOptions {
  /** Escape `<`, `>`, `&` in strings (json.Marshal's default). */
  escapeHTML: boolean;
}

interface HasGoJSON {
  toGoJSON(): string;
}

function hasGoJSON(v: unknown): v is HasGoJSON {
  return typeof v === 'object' && v !== null && typeof (v as { toGoJSON?: unknown }).toGoJSON === 'function';
}

/** Go's JSON string quoting. */
export function goJSONQuote(s: string, escapeHTML: boolean): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        out += s[i]! + s[i + 1]!;
        i++;
      } else {
        out += '\\ufffd';
      }
      continue;
    }
    if (c >= 0xdc00 && c <= 0xdfff) {
      out += '\\ufffd';
      continue;
    }
    switch (c) {
      case 0x22:
        out += '\\"';
        continue;
      case 0x5c:
        out += '\\\\';
        continue;
      case 0x0a:
        out += '\\n';
        continue;
      case 0x0d:
        out += '\\r';
        continue;
      case 0x09:
        out += '\\t';
        continue;
      case 0x08:
        out += '\\b';
        continue;
      case 0x0c:
        out += '\\f';
        continue;
    }
    if (
      c < 0x20 ||
      c === 0x2028 ||
      c === 0x2029 ||
      (escapeHTML && (c === 0x3c || c === 0x3e || c === 0x26))
    ) {
      out += '\\u' + c.toString(16).padStart(4, '0');
      continue;
    }
    out += s[i]!;
  }
  return out + '"';
}

/** Removes insignificant whitespace from JSON text; escapes `< > &` in strings when asked. */
export function compactJSON(text: string, escapeHTML: boolean): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (inString) {
      if (ch === '\\') {
        out += ch + (text[i + 1] ?? '');
        i++;
        continue;
      }
      if (ch === '"') inString = false;
      if (escapeHTML && (ch === '<' || ch === '>' || ch === '&')) {
        out += '\\u' + ch.charCodeAt(0).toString(16).padStart(4, '0');
        continue;
      }
      out += ch;
      continue;
    }
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') continue;
    if (ch === '"') inString = true;
    out += ch;
  }
  return out;
}

interface JSONTag {
  name: string;
  omitEmpty: boolean;
  skip: boolean;
}

function parseTag(field: string, tag: string | undefined): JSONTag {
  if (tag === undefined) return { name: field, omitEmpty: false, skip: false };
  if (tag === '-') return { name: field, omitEmpty: false, skip: true };
  const [name = '', ...opts] = tag.split(',');
  return { name: name === '' ? field : name, omitEmpty: opts.includes('omitempty'), skip: false };
}

function isEmptyValue(v: unknown): boolean {
  if (v === null || v === undefined || v === NO_VALUE || v instanceof GoNil) return true;
  if (v instanceof Iface) return isEmptyValue(v.value);
  if (typeof v === 'string') return v.length === 0;
  if (typeof v === 'number') return v === 0;
  if (typeof v === 'bigint') return v === 0n;
  if (typeof v === 'boolean') return !v;
  if (v instanceof GoFloat) return v.value === 0;
  const slice = asSlice(v);
  if (slice !== undefined) return slice.items.length === 0;
  if (v instanceof GoMap) return v.entries === null || v.entries.size === 0;
  if (isPlainObject(v)) return sortedEntries(v).length === 0;
  return false;
}

/** json.Marshal (compact, no trailing newline). */
export function goJSONMarshal(v: unknown, options: GoJSONOptions): string {
  const esc = options.escapeHTML;
  if (v instanceof Iface) return goJSONMarshal(v.value, options);
  if (v === null || v === undefined || v === NO_VALUE || v instanceof GoNil) return 'null';
  if (hasGoJSON(v)) return compactJSON(v.toGoJSON(), esc);
  if (typeof v === 'string') return goJSONQuote(v, esc);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : goJSONFloat(v);
  if (v instanceof GoFloat) return goJSONFloat(v.value);
  if (v instanceof GoComplex || typeof v === 'function') {
    throw new Error(`json: unsupported type: ${goTypeName(v)}`);
  }
  const slice = asSlice(v);
  if (slice !== undefined) return '[' + slice.items.map((x) => goJSONMarshal(x, options)).join(',') + ']';
  if (v instanceof GoMap && v.entries === null) return 'null';
  if (v instanceof GoMap || isPlainObject(v)) {
    const parts = sortedEntries(v).map(([k, x]) => goJSONQuote(k, esc) + ':' + goJSONMarshal(x, options));
    return '{' + parts.join(',') + '}';
  }
  if (v instanceof GoStruct) {
    const parts: string[] = [];
    for (const [field, x] of Object.entries(v.fields)) {
      if (!/^\p{Lu}/u.test(field)) continue;
      const tag = parseTag(field, v.jsonTags[field]);
      if (tag.skip || (tag.omitEmpty && isEmptyValue(x))) continue;
      parts.push(goJSONQuote(tag.name, esc) + ':' + goJSONMarshal(x, options));
    }
    return '{' + parts.join(',') + '}';
  }
  return goJSONQuote(String(v), esc);
}
