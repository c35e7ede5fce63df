/**
 * The fast way out for a volume export (Strata's own): GNU tar writes the archive straight into the
 * client's connection — the socket's descriptor is tar's stdout — so no byte passes through the
 * daemon's JavaScript. Only for a client that asks with `X-Strata-Archive-Trailer: 1`, because the
 * body can no longer be chunked: it ends when the connection does (`Connection: close`), and a cut
 * would look like an end. So the body is the tar followed by a 512-byte status block —
 * `STRATA-ARCHIVE-STATUS\n{"ok":true}` or `{"ok":false,"message":…}`, padded with spaces — that the
 * client strips and checks (src/client/archive-trailer.ts); no block means the stream was cut.
 * Other clients get the chunked stream, cut on failure, as before.
 */
import { Socket } from 'node:net';
import type { BackendArchiveStream } from '../backend.js';
import type { HttpContext } from '../http-context.js';

export const trailerHeader = 'X-Strata-Archive-Trailer';
export const trailerSize = 512;
const magic = 'STRATA-ARCHIVE-STATUS\n';

/** An archive whose tar has not started and can start on a socket (the engine's DeferredArchive). */

/** libuv's stream handle behind a net.Socket (not part of Node's public API, present since v0.x). */
interface StreamHandle {
  setBlocking?(blocking: boolean): number;
  readStop?(): number;
}

/** Whether this request and connection can take the direct path. */
export function canSendDirect(ctx: HttpContext, archive: BackendArchiveStream): boolean {
  if (ctx.req.headers[trailerHeader.toLowerCase()] !== '1') return false;
  if (typeof archive.sendTo !== 'function' || ctx.upgrade) return false;
  const socket = ctx.req.socket;
  if (!(socket instanceof Socket) || 'encrypted' in socket) return false;
  return typeof handleOf(socket)?.setBlocking === 'function';
}

/**
 * Writes the response head, hands the socket to tar, and when tar has exited writes the status
 * block and closes the connection. The connection is never reused: Node's response object is
 * detached from it first, as for a hijack.
 */
export async function sendDirect(
  ctx: HttpContext,
  archive: BackendArchiveStream,
  headers: Record<string, string>,
): Promise<void> {
  const socket = ctx.req.socket;
  const all: Record<string, string> = {};
  for (const [k, v] of Object.entries(ctx.res.getHeaders())) all[canonical(k)] = String(v);
  Object.assign(all, {
    'Content-Type': 'application/x-tar',
    ...headers,
    [trailerHeader]: String(trailerSize),
    Date: new Date().toUTCString(),
    Connection: 'close',
  });
  let head = 'HTTP/1.1 200 OK\r\n';
  for (const [k, v] of Object.entries(all)) head += `${k}: ${v}\r\n`;
  ctx.res.detachSocket(socket);
  socket.on('error', () => socket.destroy());
  // A client gone before tar starts or while it runs: tar stops (or never starts), the mount goes.
  socket.once('close', () => archive.close());
  const written = await new Promise<boolean>((resolve) => {
    socket.write(`${head}\r\n`, (err) => resolve(!err));
  });
  if (!written || socket.destroyed) {
    archive.close();
    return;
  }
  const handle = handleOf(socket);
  // The child makes the shared descriptor blocking: the daemon must not read it meanwhile (the
  // client sends nothing more on a GET; its going away shows as tar's EPIPE).
  handle?.readStop?.();
  let failure: unknown;
  try {
    archive.sendTo?.(socket);
    await archive.done;
  } catch (err) {
    failure = err;
  }
  if (socket.destroyed) return;
  handle?.setBlocking?.(false);
  socket.end(statusTrailer(failure), () => socket.destroy());
}

/** The 512-byte status block that ends a direct body. */
export function statusTrailer(failure?: unknown): Buffer {
  const block = Buffer.alloc(trailerSize, 0x20);
  let message = failure === undefined ? '' : failure instanceof Error ? failure.message : String(failure);
  let json = '';
  for (;;) {
    json = JSON.stringify(failure === undefined ? { ok: true } : { ok: false, message });
    if (Buffer.byteLength(magic + json) < trailerSize || message === '') break;
    message = message.slice(0, Math.max(0, message.length - 64));
  }
  block.write(magic + json, 'utf8');
  block[trailerSize - 1] = 0x0a;
  return block;
}

function handleOf(socket: Socket): StreamHandle | undefined {
  return (socket as unknown as { _handle?: StreamHandle | null })._handle ?? undefined;
}

function canonical(name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_, sep: string, c: string) => sep + c.toUpperCase());
}
