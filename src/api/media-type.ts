/**
 * Go's mime.ParseMediaType, as far as Docker's Content-Type check observes it: the lower-cased media
 * type, or Go's error text.
 */
const tspecials = new Set('()<>@,;:\\"/[]?='.split(''));
const isTokenChar = (ch: string): boolean => ch > ' ' && ch < '\x7f' && !tspecials.has(ch);
const trimLeftSpace = (s: string): string => s.replace(/^\s+/u, '');

function consumeToken(v: string): [token: string, rest: string] {
  let i = 0;
  while (i < v.length && isTokenChar(v[i] as string)) i++;
  return [v.slice(0, i), v.slice(i)];
}

function consumeValue(v: string): [value: string, rest: string] {
  if (!v.startsWith('"')) return consumeToken(v);
  let out = '';
  for (let i = 1; i < v.length; i++) {
    const ch = v[i] as string;
    if (ch === '"') return [out, v.slice(i + 1)];
    if (ch === '\\' && i + 1 < v.length) out += v[++i];
    else if (ch === '\r' || ch === '\n') return ['', v];
    else out += ch;
  }
  return ['', v];
}

function consumeParam(v: string): [key: string, value: string, rest: string] {
  let rest = trimLeftSpace(v);
  if (!rest.startsWith(';')) return ['', '', v];
  rest = trimLeftSpace(rest.slice(1));
  const [param, afterParam] = consumeToken(rest);
  if (param === '') return ['', '', v];
  rest = trimLeftSpace(afterParam);
  if (!rest.startsWith('=')) return ['', '', v];
  rest = trimLeftSpace(rest.slice(1));
  const [value, afterValue] = consumeValue(rest);
  if (value === '' && afterValue === rest) return ['', '', v];
  return [param.toLowerCase(), value, afterValue];
}

export function parseMediaType(v: string): { mediaType: string } | { error: string } {
  const semi = v.indexOf(';');
  const base = semi < 0 ? v : v.slice(0, semi);
  const mediaType = base.toLowerCase().trim();
  const [typ, afterTyp] = consumeToken(mediaType);
  if (typ === '') return { error: 'mime: no media type' };
  if (afterTyp !== '') {
    if (!afterTyp.startsWith('/')) return { error: 'mime: expected slash after first token' };
    const [sub, afterSub] = consumeToken(afterTyp.slice(1));
    if (sub === '') return { error: 'mime: expected token after slash' };
    if (afterSub !== '') return { error: 'mime: unexpected content after media subtype' };
  }
  let rest = v.slice(base.length);
  const seen = new Set<string>();
  while (rest.length > 0) {
    rest = trimLeftSpace(rest);
    if (rest === '') break;
    const [key, , next] = consumeParam(rest);
    if (key === '') {
      if (next.trim() === ';') break;
      return { error: 'mime: invalid media parameter' };
    }
    if (seen.has(key)) return { error: 'mime: duplicate parameter name' };
    seen.add(key);
    rest = next;
  }
  return { mediaType };
}
