/**
 * docker/cli's template functions (`templates/templates.go`), added to every `--format` template:
 *
 *   json v          encoding/json with HTML escaping off, trailing newline trimmed (`{{json .Labels}}`)
 *   split s sep     strings.Split (sep "" splits into characters)
 *   join xs sep     strings.Join: `xs` must be a []string (what `split` returns); anything else is Go's
 *                   `wrong type for value; expected []string; got …`
 *   title s         strings.Title (upper-cases letters after separators; `_` is not a separator)
 *   lower s, upper s
 *   pad s l r       s with l spaces before and r after, unless s is empty
 *   truncate s n    the first n bytes of s
 * `println`, `printf`, `index`, … are text/template builtins, not docker's.
 *
 * `dockerHeaderFuncs` are docker's HeaderFunctions, swapped in when a table header is rendered from the
 * same parsed template: they return their (string) input unchanged so a header cell shows the column
 * name, not e.g. `"VOLUME NAME"` or `VOLUME`; `pad` is not overridden (it keeps header alignment).
 *
 * These are docker/cli v28.2.2's functions; later releases relaxed `join` to accept any slice or map.
 */
import { goJSONMarshal } from './go-json.js';
import { type GoFunc, GoSlice } from './go-value.js';

function isSeparator(ch: string): boolean {
  const r = ch.codePointAt(0) ?? 0;
  if (r <= 0x7f) return !/[0-9a-zA-Z_]/.test(ch);
  if (/[\p{L}\p{Nd}]/u.test(ch)) return false;
  return /\s/u.test(ch);
}

/** Go's unicode.ToUpper/ToLower per rune: JS mappings that would expand a character (ß → SS) are not used. */
function mapRunes(s: string, upper: boolean): string {
  let out = '';
  for (const ch of s) {
    const m = upper ? ch.toUpperCase() : ch.toLowerCase();
    out += [...m].length === 1 ? m : ch;
  }
  return out;
}

/** Go's strings.ToUpper. */
export function goToUpper(s: string): string {
  return mapRunes(s, true);
}

/** Go's strings.ToLower. */
export function goToLower(s: string): string {
  return mapRunes(s, false);
}

/** Go's strings.Title. */
export function goTitle(s: string): string {
  let prev = ' ';
  let out = '';
  for (const ch of s) {
    out += isSeparator(prev) ? goToUpper(ch) : ch;
    prev = ch;
  }
  return out;
}

/** Go's strings.Split. */
export function goSplit(s: string, sep: string): string[] {
  if (sep === '') return [...s];
  return s.split(sep);
}

function repeat(n: number): string {
  if (n < 0) throw new Error('strings: negative Repeat count');
  return ' '.repeat(n);
}

function truncate(s: string, n: number): string {
  const bytes = Buffer.from(s, 'utf8');
  if (bytes.length < n) return s;
  if (n < 0) throw new Error(`runtime error: slice bounds out of range [:${n}]`);
  return bytes.subarray(0, n).toString('utf8');
}

/** docker/cli's basicFunctions. */
export const dockerFuncs: Readonly<Record<string, GoFunc>> = {
  json: {
    params: ['any'],
    fn: (v: unknown) => goJSONMarshal(v, { escapeHTML: false }).trim(),
  },
  split: {
    params: ['string', 'string'],
    fn: (s: string, sep: string) => new GoSlice(goSplit(s, sep), { elem: 'string' }),
  },
  join: { params: ['[]string', 'string'], fn: (elems: string[], sep: string) => elems.join(sep) },
  title: { params: ['string'], fn: goTitle },
  lower: { params: ['string'], fn: goToLower },
  upper: { params: ['string'], fn: goToUpper },
  pad: {
    params: ['string', 'int', 'int'],
    fn: (s: string, prefix: number, suffix: number) => (s === '' ? s : repeat(prefix) + s + repeat(suffix)),
  },
  truncate: { params: ['string', 'int'], fn: truncate },
};

const same = (v: string): string => v;

/** docker/cli's HeaderFunctions (used on top of dockerFuncs for table headers). */
export const dockerHeaderFuncs: Readonly<Record<string, GoFunc>> = {
  json: { params: ['string'], fn: same },
  split: { params: ['string', 'string'], fn: same },
  join: { params: ['string', 'string'], fn: same },
  title: { params: ['string'], fn: same },
  lower: { params: ['string'], fn: same },
  upper: { params: ['string'], fn: same },
  truncate: { params: ['string', 'int'], fn: same },
};
