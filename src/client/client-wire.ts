import type { IncomingMessage } from 'node:http';
import type { EventMessage } from '../types/index.js';
import { DaemonError } from './client-errors.js';
import type { UnixHttpResponse } from './unix-http.js';

// What goes over the wire between the engine client and the daemon: JSON as Go writes it, query
// strings, filters, whole bodies, event lines and error answers (moby client's helpers).

export type Query = Record<string, string | string[] | undefined>;

/** JSON as Go's encoding/json writes it: `<`, `>`, `&`, U+2028 and U+2029 escaped. */
export function goJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** An event line, keeping timeNano exact (it is beyond 2^53). */
export function parseEventLine(line: string): EventMessage {
  return JSON.parse(line.replace(/"timeNano":(\d+)/, '"timeNano":"$1"'), (k, v: unknown) =>
    k === 'timeNano' && typeof v === 'string' ? BigInt(v) : v,
  ) as EventMessage;
}

/** An answer's whole body. */
export function collect(res: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => resolve(Buffer.concat(chunks)));
    res.on('error', reject);
  });
}

/** moby client checkResponseErr: the JSON `message` when the type is exactly application/json. */
export function toDaemonError(res: UnixHttpResponse, route: string): DaemonError {
  const text = res.body.toString('utf8');
  if (text.trim() === '') {
    return new DaemonError(
      res.status,
      `request returned ${res.status} for API route and version ${route}, check if the server supports the requested API version`,
    );
  }
  if (res.headers['content-type'] === 'application/json') {
    try {
      const msg = (JSON.parse(text) as { message?: unknown }).message;
      if (typeof msg === 'string') return new DaemonError(res.status, msg);
    } catch {
      // fall through to the raw text
    }
  }
  return new DaemonError(res.status, text.trim());
}

/** A filter map as the `filters` query parameter (`{"k":{"v":true}}`), or nothing when empty. */
export function encodeFilters(filters?: Record<string, string[]>): string | undefined {
  if (!filters || Object.keys(filters).length === 0) return undefined;
  const out: Record<string, Record<string, boolean>> = {};
  for (const [k, vs] of Object.entries(filters)) {
    out[k] = Object.fromEntries(vs.map((v) => [v, true]));
  }
  return JSON.stringify(out);
}

export function encodeQuery(q?: Query): string {
  if (!q) return '';
  const parts: string[] = [];
  for (const [k, v] of Object.entries(q)) {
    if (v === undefined) continue;
    for (const item of Array.isArray(v) ? v : [v])
      parts.push(`${encodeURIComponent(k)}=${encodeURIComponent(item)}`);
  }
  return parts.length ? `?${parts.join('&')}` : '';
}

export function lessThan(a: string, b: string): boolean {
  const [a1 = 0, a2 = 0] = a.split('.').map(Number);
  const [b1 = 0, b2 = 0] = b.split('.').map(Number);
  return a1 !== b1 ? a1 < b1 : a2 < b2;
}
