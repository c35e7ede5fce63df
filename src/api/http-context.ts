import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { compareApiVersions } from './api-version.js';
import { goJson } from './go-json-encode.js';

/** One request as the routes see it. */
export interface HttpContext {
  req: IncomingMessage;
  res: ServerResponse;
  /** Requested API version, or the server's newest when the path had none. */
  apiVersion: string;
  /** Whether the path carried `/vX.Y`. */
  versioned: boolean;
  /** Captured path parameters (decoded). */
  params: Record<string, string>;
  query: URLSearchParams;
  /**
   * Present when the client asked to upgrade the connection (`Connection: Upgrade`, `Upgrade: tcp`),
   * as the docker CLI does for attach and exec: a hijacking handler takes the socket over; `res`
   * still writes ordinary answers (errors before the hijack) on it.
   */
  upgrade?: { socket: Duplex; head: Buffer };
}

/** Writes a Go-encoded JSON body with `Content-Type: application/json` (no parameters, as moby). */
export function sendJson(ctx: HttpContext, status: number, value: unknown): void {
  const body = Buffer.from(goJson(value, { legacyEscapes: isLegacy(ctx) }));
  ctx.res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': body.length });
  ctx.res.end(body);
}

/** Writes JSON text that is already in Go's form (a trailing newline is added). */
export function sendJsonText(ctx: HttpContext, status: number, text: string): void {
  sendJsonBuffer(ctx, status, Buffer.from(`${text}\n`));
}

/** Writes an encoded JSON answer (with its trailing newline). */
export function sendJsonBuffer(ctx: HttpContext, status: number, body: Buffer): void {
  ctx.res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': body.length });
  ctx.res.end(body);
}

export function sendEmpty(ctx: HttpContext, status: number): void {
  ctx.res.writeHead(status);
  ctx.res.end();
}

/** Requests at API ≤ 1.41 are answered as Docker 20.10 did. */
export function isLegacy(ctx: HttpContext): boolean {
  return compareApiVersions(ctx.apiVersion, '1.42') < 0;
}

/** httputils.BoolValue: "", 0, no, false, none (any case, trimmed) are false; anything else true. */
export function queryBool(ctx: HttpContext, key: string): boolean {
  const v = (ctx.query.get(key) ?? '').trim().toLowerCase();
  return !(v === '' || v === '0' || v === 'no' || v === 'false' || v === 'none');
}

/** An upgrade request's body, read off the socket before routing (Node leaves it unparsed). */
export const preloadedBody = Symbol('strata.preloadedBody');

/** Set on a socket while a handler reads its request body; see `endOfTruncatedBody`. */
const onTruncatedBody = Symbol('strata.onTruncatedBody');
type BodySocket = IncomingMessage['socket'] & { [onTruncatedBody]?: () => void };

/**
 * Reads the whole body, up to `limit` bytes (then throws a RangeError). A client that sends fewer
 * bytes than its Content-Length and closes its side gets what it sent: the decoder then reports
 * Go's `unexpected EOF`, as dockerd does, instead of the connection being dropped.
 */
export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const preloaded = (req as IncomingMessage & { [preloadedBody]?: Buffer })[preloadedBody];
  if (preloaded) {
    if (preloaded.length > limit) throw new RangeError(`request body exceeds ${limit} bytes`);
    return preloaded;
  }
  const socket = req.socket as BodySocket;
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      req.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > limit) {
          req.pause();
          reject(new RangeError(`request body exceeds ${limit} bytes`));
          return;
        }
        chunks.push(chunk);
      });
      req.on('end', resolve);
      req.on('error', reject);
      socket[onTruncatedBody] = resolve;
    });
  } finally {
    delete socket[onTruncatedBody];
  }
  return Buffer.concat(chunks);
}

/**
 * Called from the server's clientError handler for a body cut short (llhttp HPE_INVALID_EOF_STATE):
 * ends the body being read on that socket, if any. Returns whether a reader was waiting.
 */
export function endOfTruncatedBody(socket: unknown): boolean {
  const hook = (socket as BodySocket)[onTruncatedBody];
  if (!hook) return false;
  hook();
  return true;
}
