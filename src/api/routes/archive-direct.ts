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
import { rawHead } from '../hijack.js';

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
  // Node keeps header names in lower case: ours too, so that each name is written once.
  const head = rawHead('HTTP/1.1 200 OK', {
    ...ctx.res.getHeaders(),
    'content-type': 'application/x-tar',
    ...Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v])),
    [trailerHeader.toLowerCase()]: String(trailerSize),
    date: new Date().toUTCString(),
    connection: 'close',
  });
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
