import { connect } from 'node:net';

/**
 * One HTTP/1.1 request over a unix socket, answered in full (`Connection: close`). Used for every
 * request-and-answer call: it avoids loading node:http and its agent, a large share of a CLI
 * command's start-up. Streams (events) use node:http.
 */
export interface UnixHttpResponse {
  status: number;
  /** Lower-cased names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  body: Buffer;
}

export function unixHttpRequest(
  socketPath: string,
  req: { method: string; path: string; headers: Record<string, string>; body?: Buffer },
): Promise<UnixHttpResponse> {
  return new Promise((resolve, reject) => {
    const sock = connect(socketPath);
    const chunks: Buffer[] = [];
    sock.on('error', reject);
    sock.on('data', (c: Buffer) => chunks.push(c));
    sock.on('end', () => {
      try {
        resolve(parseResponse(Buffer.concat(chunks), req.method === 'HEAD'));
      } catch (err) {
        reject(err);
      }
    });
    let head = `${req.method} ${req.path} HTTP/1.1\r\n`;
    const headers: Record<string, string> = { ...req.headers, Connection: 'close' };
    if (req.body) headers['Content-Length'] = String(req.body.length);
    for (const [k, v] of Object.entries(headers)) head += `${k}: ${v}\r\n`;
    sock.write(`${head}\r\n`);
    if (req.body) sock.write(req.body);
  });
}

function parseResponse(raw: Buffer, isHead: boolean): UnixHttpResponse {
  const end = raw.indexOf('\r\n\r\n');
  if (end < 0) throw new Error('malformed HTTP response from the daemon');
  const lines = raw.subarray(0, end).toString('latin1').split('\r\n');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(lines[0] ?? '')?.[1]);
  if (!Number.isInteger(status)) throw new Error(`malformed HTTP status line: ${lines[0]}`);
  const headers: Record<string, string> = {};
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const k = line.slice(0, colon).trim().toLowerCase();
    const v = line.slice(colon + 1).trim();
    headers[k] = headers[k] === undefined ? v : `${headers[k]}, ${v}`;
  }
  let body = isHead ? Buffer.alloc(0) : raw.subarray(end + 4);
  if (/chunked/i.test(headers['transfer-encoding'] ?? '')) body = dechunk(body);
  else if (headers['content-length'] !== undefined)
    body = body.subarray(0, Number(headers['content-length']));
  return { status, headers, body };
}

/** A chunked transfer-encoded body, decoded. */
export function dechunk(buf: Buffer): Buffer {
  const parts: Buffer[] = [];
  let pos = 0;
  for (;;) {
    const eol = buf.indexOf('\r\n', pos);
    if (eol < 0) break;
    const size = parseInt(buf.subarray(pos, eol).toString('latin1'), 16);
    if (!Number.isFinite(size) || size === 0) break;
    parts.push(buf.subarray(eol + 2, eol + 2 + size));
    pos = eol + 2 + size + 2;
  }
  return Buffer.concat(parts);
}
