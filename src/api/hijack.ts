import { PassThrough, type Duplex, type Readable } from 'node:stream';
import { compareApiVersions } from './api-version.js';
import type { BackendStreams } from './container-backend.js';
import type { HttpContext } from './http-context.js';

/** Docker's stdcopy frame: [stream, 0, 0, 0, size as uint32 BE] then the payload. */
export function frame(stream: 1 | 2, data: Buffer): Buffer {
  const header = Buffer.alloc(8);
  header[0] = stream;
  header.writeUInt32BE(data.length, 4);
  return Buffer.concat([header, data]);
}

export interface HijackedConnection {
  /** Writes output (framed unless raw). */
  write(stream: 1 | 2, data: Buffer): void;
  /** Where the client's stdin arrives. */
  input: Readable;
  end(): void;
  closed: Promise<void>;
}

/**
 * Takes the connection over as moby's hijack does: `101 UPGRADED` (or `200 OK` for a client that did
 * not ask to upgrade) with the headers set so far, then a raw or multiplexed stream.
 */
export function hijack(ctx: HttpContext, opts: { multiplexed: boolean }): HijackedConnection {
  const multiplexed = opts.multiplexed;
  const contentType =
    multiplexed && compareApiVersions(ctx.apiVersion, '1.42') >= 0
      ? 'application/vnd.docker.multiplexed-stream'
      : 'application/vnd.docker.raw-stream';
  const head = ctx.upgrade
    ? rawHead('HTTP/1.1 101 UPGRADED', {
        'Content-Type': contentType,
        Connection: 'Upgrade',
        Upgrade: 'tcp',
        ...ctx.res.getHeaders(),
      })
    : rawHead('HTTP/1.1 200 OK', {
        'Content-Type': 'application/vnd.docker.raw-stream',
        ...ctx.res.getHeaders(),
      });
  const socket: Duplex = ctx.upgrade?.socket ?? ctx.req.socket;
  // Node's response object must not write anything more on this connection.
  ctx.res.detachSocket?.(ctx.res.socket as never);
  socket.write(`${head}\r\n`);
  // Capture the client's input from now on: docker run sends stdin (and its EOF) before it starts
  // the container, and a socket without a 'data' listener may already be flowing.
  const input = new PassThrough();
  if (ctx.upgrade && ctx.upgrade.head.length > 0) input.write(ctx.upgrade.head);
  (ctx.upgrade ? socket : ctx.req).pipe(input);
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  return {
    write(stream, data) {
      if (!socket.writable || data.length === 0) return;
      socket.write(multiplexed ? frame(stream, data) : data);
    },
    input,
    end() {
      if (socket.writable) socket.end();
      setTimeout(() => socket.destroy(), 2000).unref();
    },
    closed,
  };
}

/** Pipes a process's streams to a hijacked connection and the connection to its stdin. */
export async function pump(
  conn: HijackedConnection,
  streams: BackendStreams,
  want: { stdout: boolean; stderr: boolean },
): Promise<void> {
  const done = (s: NodeJS.ReadableStream): Promise<void> =>
    new Promise((resolve) => {
      s.once('end', resolve);
      s.once('close', resolve);
      s.once('error', () => resolve());
    });
  streams.stdout.on('data', (d: Buffer) => want.stdout && conn.write(1, Buffer.from(d)));
  streams.stderr.on('data', (d: Buffer) => want.stderr && conn.write(2, Buffer.from(d)));
  if (streams.stdin) {
    const stdin = streams.stdin;
    conn.input.on('data', (d: Buffer) => stdin.write(d));
    conn.input.once('end', () => stdin.end());
  }
  void conn.closed.then(() => streams.close());
  await Promise.all([done(streams.stdout), done(streams.stderr)]);
  conn.end();
}

/**
 * A response head written by hand on a connection taken from Node (hijack, direct archive): the
 * status line and each header as `Canonical-Name: value`, without the blank line that ends it.
 */
export function rawHead(statusLine: string, headers: Record<string, unknown>): string {
  let head = `${statusLine}\r\n`;
  for (const [k, v] of Object.entries(headers)) head += `${canonical(k)}: ${String(v)}\r\n`;
  return head;
}

function canonical(name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_, sep: string, c: string) => sep + c.toUpperCase());
}
