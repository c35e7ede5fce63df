// Raw HTTP over a unix socket, able to send malformed requests: any method/path, any headers, a body with
// or without Content-Length, a chunked body, or the exact bytes of a hand-written request (`raw`).
import http from 'node:http';
import net from 'node:net';

export interface RawRequestOptions {
  method: string;
  /** Request target as sent (not re-encoded): `/v1.41/volumes?filters=%7B%7D`. */
  path: string;
  /** Headers to send. node:http adds `Host: localhost` and `Connection: close` unless given here. */
  headers?: Record<string, string>;
  /** Body; sent with a computed Content-Length unless `chunks` or a Transfer-Encoding header is used. */
  body?: string | Buffer;
  /** Send the body as these chunks with `Transfer-Encoding: chunked` (no Content-Length). */
  chunks?: (string | Buffer)[];
  /** Do not send a Content-Length for `body` (the bytes follow the headers; the connection is half-closed). */
  omitContentLength?: boolean;
  /** Overall timeout; the request is aborted and the promise rejected when it passes. */
  timeoutMs?: number;
}

export interface RawResponse {
  status: number;
  /** Header names lower-cased; repeated headers joined with ", ". */
  headers: Record<string, string>;
  body: string;
  bodyBytes: Buffer;
}

export function rawRequest(socket: string, opts: RawRequestOptions): Promise<RawResponse> {
  if (opts.omitContentLength) return rawBytesRequest(socket, buildRawRequest(opts), opts.timeoutMs);
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { Host: 'localhost', Connection: 'close', ...opts.headers };
    if (opts.chunks) headers['Transfer-Encoding'] = 'chunked';
    const req = http.request({
      socketPath: socket,
      method: opts.method,
      path: opts.path,
      headers,
      agent: false,
      setHost: false,
    });
    const timer = setTimeout(
      () => req.destroy(new Error(`request timed out: ${opts.method} ${opts.path}`)),
      opts.timeoutMs ?? 30_000,
    );
    req.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    req.on('response', (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
      res.on('end', () => {
        clearTimeout(timer);
        const bodyBytes = Buffer.concat(parts);
        resolve({
          status: res.statusCode ?? 0,
          headers: joinHeaders(res.rawHeaders),
          body: bodyBytes.toString('utf8'),
          bodyBytes,
        });
      });
    });
    if (opts.chunks) {
      for (const c of opts.chunks) req.write(c);
      req.end();
    } else if (opts.body !== undefined) {
      req.end(opts.body);
    } else {
      req.end();
    }
  });
}

/** Send exact bytes and parse whatever comes back (until the server closes the connection). */
export function rawBytesRequest(
  socket: string,
  bytes: string | Buffer,
  timeoutMs = 30_000,
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const conn = net.connect(socket);
    const parts: Buffer[] = [];
    const timer = setTimeout(() => conn.destroy(new Error('raw request timed out')), timeoutMs);
    conn.on('connect', () => {
      conn.write(bytes);
      conn.end(); // half-close: the server sees EOF after the bytes
    });
    conn.on('data', (c: Buffer) => parts.push(c));
    conn.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    conn.on('close', () => {
      clearTimeout(timer);
      try {
        resolve(parseRawResponse(Buffer.concat(parts)));
      } catch (err) {
        reject(err as Error);
      }
    });
  });
}

function buildRawRequest(opts: RawRequestOptions): Buffer {
  const headers: Record<string, string> = { Host: 'localhost', Connection: 'close', ...opts.headers };
  const head = [
    `${opts.method} ${opts.path} HTTP/1.1`,
    ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
  ].join('\r\n');
  const body = opts.body === undefined ? Buffer.alloc(0) : Buffer.from(opts.body);
  return Buffer.concat([Buffer.from(head + '\r\n\r\n', 'latin1'), body]);
}

/** Minimal HTTP/1.1 response parser: Content-Length, chunked, or read-to-close bodies. */
export function parseRawResponse(buf: Buffer): RawResponse {
  const end = buf.indexOf('\r\n\r\n');
  if (end < 0) throw new Error(`incomplete HTTP response: ${JSON.stringify(buf.toString('latin1'))}`);
  const lines = buf.subarray(0, end).toString('latin1').split('\r\n');
  const m = /^HTTP\/\d\.\d (\d{3})/.exec(lines[0] ?? '');
  if (!m?.[1]) throw new Error(`bad status line: ${lines[0]}`);
  const raw: string[] = [];
  for (const line of lines.slice(1)) {
    const i = line.indexOf(':');
    if (i > 0) raw.push(line.slice(0, i).trim(), line.slice(i + 1).trim());
  }
  const headers = joinHeaders(raw);
  let rest = buf.subarray(end + 4);
  let bodyBytes: Buffer;
  if ((headers['transfer-encoding'] ?? '').toLowerCase().includes('chunked')) {
    const out: Buffer[] = [];
    for (;;) {
      const nl = rest.indexOf('\r\n');
      if (nl < 0) break;
      const size = parseInt(rest.subarray(0, nl).toString('latin1'), 16);
      if (!Number.isFinite(size) || size === 0) break;
      out.push(rest.subarray(nl + 2, nl + 2 + size));
      rest = rest.subarray(nl + 2 + size + 2);
    }
    bodyBytes = Buffer.concat(out);
  } else if (headers['content-length'] !== undefined) {
    bodyBytes = rest.subarray(0, Number(headers['content-length']));
  } else {
    bodyBytes = rest;
  }
  return { status: Number(m[1]), headers, body: bodyBytes.toString('utf8'), bodyBytes };
}

function joinHeaders(raw: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const k = (raw[i] ?? '').toLowerCase();
    const v = raw[i + 1] ?? '';
    out[k] = out[k] === undefined ? v : `${out[k]}, ${v}`;
  }
  return out;
}

/** Poll `GET /_ping` until it answers 200 (or the timeout passes). */
export async function waitForPing(socket: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    try {
      const res = await rawRequest(socket, { method: 'GET', path: '/_ping', timeoutMs: 2_000 });
      if (res.status === 200) return;
      last = `status ${res.status}`;
    } catch (err) {
      last = (err as Error).message;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no 200 from GET /_ping on ${socket} within ${timeoutMs} ms (${last})`);
}

/** JSON request helper for setup/cleanup (throws on a non-2xx status unless `allow` lists it). */
export async function apiJson<T = unknown>(
  socket: string,
  method: string,
  path: string,
  body?: unknown,
  allow: number[] = [],
): Promise<{ status: number; json: T | undefined }> {
  const res = await rawRequest(socket, {
    method,
    path,
    ...(body === undefined
      ? {}
      : { body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } }),
  });
  if ((res.status < 200 || res.status > 299) && !allow.includes(res.status)) {
    throw new Error(`${method} ${path} → ${res.status}: ${res.body.trim()}`);
  }
  let json: T | undefined;
  try {
    json = res.body.trim() === '' ? undefined : (JSON.parse(res.body) as T);
  } catch {
    json = undefined;
  }
  return { status: res.status, json };
}
