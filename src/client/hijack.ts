import { connect, type Socket } from 'node:net';
import { dechunk } from './unix-http.js';

/**
 * A hijacked connection, as the docker client's postHijacked makes it: one request with
 * `Connection: Upgrade` / `Upgrade: tcp` on a fresh unix socket connection; a `101` answer turns the
 * socket into a raw two-way stream (container output in, stdin out). Any other answer is read in
 * full and handed back, for the caller to turn into an error.
 */
export interface HijackedStream {
  socket: Socket;
  /** `application/vnd.docker.multiplexed-stream` or `…raw-stream` (from API 1.42 on). */
  contentType: string;
}

export type HijackResult =
  | { upgraded: true; stream: HijackedStream }
  | { upgraded: false; status: number; headers: Record<string, string>; body: Buffer };

export function hijackRequest(
  socketPath: string,
  req: { path: string; headers: Record<string, string>; body?: Buffer },
): Promise<HijackResult> {
  return new Promise((resolve, reject) => {
    // Half-open: we end our side at stdin's EOF and keep reading the output.
    const socket = connect({ path: socketPath, allowHalfOpen: true });
    let buf = Buffer.alloc(0);
    const onError = (err: Error): void => reject(err);
    const onData = (chunk: Buffer): void => {
      buf = Buffer.concat([buf, chunk]);
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) return;
      const lines = buf.subarray(0, end).toString('latin1').split('\r\n');
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(lines[0] ?? '')?.[1] ?? 0);
      const headers: Record<string, string> = {};
      for (const line of lines.slice(1)) {
        const colon = line.indexOf(':');
        if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      const rest = buf.subarray(end + 4);
      socket.off('data', onData);
      socket.off('error', onError);
      if (status === 101) {
        socket.pause();
        if (rest.length > 0) socket.unshift(rest);
        resolve({ upgraded: true, stream: { socket, contentType: headers['content-type'] ?? '' } });
        return;
      }
      readRest(socket, rest, headers).then((body) => {
        socket.destroy();
        resolve({ upgraded: false, status, headers, body });
      }, reject);
    };
    socket.on('data', onData);
    socket.on('error', onError);
    const headers: Record<string, string> = {
      ...req.headers,
      'Content-Length': String(req.body?.length ?? 0),
      Connection: 'Upgrade',
      Upgrade: 'tcp',
    };
    let head = `POST ${req.path} HTTP/1.1\r\n`;
    for (const [k, v] of Object.entries(headers)) head += `${k}: ${v}\r\n`;
    socket.write(`${head}\r\n`);
    if (req.body && req.body.length > 0) socket.write(req.body);
  });
}

/** The body of a non-upgraded answer: by Content-Length, chunks, or until the server closes. */
function readRest(socket: Socket, first: Buffer, headers: Record<string, string>): Promise<Buffer> {
  return new Promise((resolve) => {
    let buf = first;
    const length = headers['content-length'] !== undefined ? Number(headers['content-length']) : undefined;
    const chunked = /chunked/i.test(headers['transfer-encoding'] ?? '');
    const done = (): boolean => {
      if (length !== undefined && buf.length >= length) {
        resolve(buf.subarray(0, length));
        return true;
      }
      if (chunked && buf.includes('\r\n0\r\n')) {
        resolve(dechunk(buf));
        return true;
      }
      return false;
    };
    if (done()) return;
    socket.on('data', (c: Buffer) => {
      buf = Buffer.concat([buf, c]);
      done();
    });
    socket.on('end', () => resolve(chunked ? dechunk(buf) : buf));
    socket.on('error', () => resolve(buf));
  });
}
