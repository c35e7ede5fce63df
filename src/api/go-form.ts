import type { IncomingMessage } from 'node:http';
import { invalidParameter } from '../errors/index.js';
import { readBody } from './http-context.js';
import { parseMediaType } from './media-type.js';

/** Go's url.QueryUnescape of one component: `+` is a space; a bad escape is Go's error text. */
function unescapeComponent(s: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s[i] as string;
    if (c === '%') {
      const hex = s.slice(i + 1, i + 3);
      if (!/^[0-9a-fA-F]{2}$/.test(hex)) {
        const bad = s.slice(i, i + 3);
        throw new Error(`invalid URL escape ${JSON.stringify(bad)}`);
      }
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else if (c === '+') bytes.push(0x20);
    else for (const b of Buffer.from(c, 'utf8')) bytes.push(b);
  }
  return Buffer.from(bytes).toString('utf8');
}

/**
 * Go's url.ParseQuery: `&`-separated `key=value` pairs; a `;` is an error (Go ≥ 1.17). Like Go it
 * keeps what it could parse and reports the first error.
 */
export function goParseQuery(raw: string): { values: URLSearchParams; error?: string } {
  const values = new URLSearchParams();
  let error: string | undefined;
  for (const part of raw.split('&')) {
    if (part === '') continue;
    if (part.includes(';')) {
      error ??= 'invalid semicolon separator in query';
      continue;
    }
    const eq = part.indexOf('=');
    try {
      const key = unescapeComponent(eq < 0 ? part : part.slice(0, eq));
      const value = unescapeComponent(eq < 0 ? '' : part.slice(eq + 1));
      values.append(key, value);
    } catch (err) {
      error ??= (err as Error).message;
    }
  }
  return error === undefined ? { values } : { values, error };
}

/** Go's limit on a urlencoded form body (net/http maxFormSize). */
const maxFormBody = 10 << 20;

/**
 * moby httputils.ParseForm → http.Request.ParseForm: the query, and for POST/PUT/PATCH with a
 * urlencoded body the body's pairs, which come first (so `Form.Get` prefers them). Errors are
 * invalid-parameter, except mime errors, which moby ignores.
 */
export async function goParseForm(req: IncomingMessage, rawQuery: string): Promise<URLSearchParams> {
  if (rawQuery === '' && req.method === 'GET') return new URLSearchParams();
  const query = goParseQuery(rawQuery);
  const method = req.method ?? 'GET';
  let body: { values: URLSearchParams; error?: string } | undefined;
  if (method === 'POST' || method === 'PUT' || method === 'PATCH') {
    const ct = req.headers['content-type'];
    const media = ct === undefined ? undefined : parseMediaType(ct);
    if (media && 'mediaType' in media && media.mediaType === 'application/x-www-form-urlencoded') {
      let buf: Buffer;
      try {
        buf = await readBody(req, maxFormBody);
      } catch (err) {
        if (err instanceof RangeError) throw invalidParameter('http: POST too large');
        throw err;
      }
      body = goParseQuery(buf.toString('utf8'));
    }
  }
  const error = body?.error ?? query.error;
  if (error !== undefined) throw invalidParameter(error);
  if (!body) return query.values;
  const merged = new URLSearchParams(body.values);
  for (const [k, v] of query.values) merged.append(k, v);
  return merged;
}
