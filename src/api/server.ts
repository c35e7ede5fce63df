import { createServer, ServerResponse, type IncomingMessage, type Server } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { httpStatusOf, kindOf, messages, messageOf } from '../errors/index.js';
import { compareApiVersions, maxApiVersion, minApiVersion } from './api-version.js';
import type { Backends } from './backend.js';
import { cleanPath } from './clean-path.js';
import { goJson } from './go-json-encode.js';
import { endOfTruncatedBody, preloadedBody, type HttpContext } from './http-context.js';
import { goParseForm, goParseQuery } from './go-form.js';
import { goClientErrorResponse, goEscapePath, writeGoPlain } from './go-http.js';
import type { Route } from './router.js';
import { containerRoutes } from './routes/containers.js';
import { eventRoutes } from './routes/events.js';
import { imageRoutes } from './routes/images.js';
import { networkRoutes } from './routes/networks.js';
import { execRoutes } from './routes/exec.js';
import { systemRoutes } from './routes/system.js';
import { volumeRoutes } from './routes/volumes.js';
import { volumeArchiveRoutes } from './routes/volume-archive.js';
import { volumeCopyRoutes } from './routes/volume-snapshots.js';

export type Log = (
  level: 'debug' | 'info' | 'warn' | 'error',
  msg: string,
  fields?: Record<string, unknown>,
) => void;

export interface ApiServerOptions {
  backends: Backends;
  log?: Log;
  /** Log every request (method, url, status, time) at debug level. */
  logRequests?: boolean;
}

const versionPrefix = /^\/v([0-9.]+)(\/.*)$/s;
/** A path without these can only be clean (gorilla/mux cleanPath would return it unchanged). */
const maybeUnclean = /\/\/|\/\.|^[^/]|^$/;

/**
 * The Engine API over node:http. One place decides what every answer shares, in moby's order:
 * path cleaning (301), the version prefix, route lookup (`404 page not found`, no common headers),
 * the version middleware (`Server`, `Api-Version`, `Ostype`; too old/new → 400), the experimental
 * middleware (`Docker-Experimental`), then the handler. Errors become `{"message": …}` with the
 * status of their kind (plain text for API ≤ 1.23, as moby's MakeErrorHandler).
 */
export function createApiServer(options: ApiServerOptions): Server {
  const log = options.log ?? (() => undefined);
  const routes: Route[] = [
    ...systemRoutes(options.backends.system, options.backends.volumes, {
      ...(options.backends.images ? { images: options.backends.images } : {}),
      ...(options.backends.containers ? { containers: options.backends.containers } : {}),
    }),
    // Before the volume routes: `/volumes/{name:.*}` would take `NAME/export` as a name.
    ...(options.backends.volumeArchives ? volumeArchiveRoutes(options.backends.volumeArchives) : []),
    ...(options.backends.volumeCopies ? volumeCopyRoutes(options.backends.volumeCopies) : []),
    ...volumeRoutes(options.backends.volumes),
    ...eventRoutes(options.backends.events),
    ...(options.backends.containers ? containerRoutes(options.backends.containers) : []),
    ...(options.backends.exec ? execRoutes(options.backends.exec) : []),
    ...(options.backends.images ? imageRoutes(options.backends.images) : []),
    ...(options.backends.networks ? networkRoutes(options.backends.networks) : []),
  ];
  const serverHeader = `Strata/${options.backends.system.engineVersion} (linux)`;

  const handle = async (
    req: IncomingMessage,
    res: ServerResponse,
    upgrade?: HttpContext['upgrade'],
  ): Promise<void> => {
    if (options.logRequests) {
      const started = process.hrtime.bigint();
      res.on('finish', () =>
        log('debug', 'request', {
          method: req.method,
          url: req.url,
          status: res.statusCode,
          ms: Number(process.hrtime.bigint() - started) / 1e6,
        }),
      );
    }
    // An absolute-form target (`GET http://host/path`) is served by its path, as Go does.
    const rawUrl = (req.url ?? '/').replace(/^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^/?#]*/, '') || '/';
    if (req.httpVersionMinor === 1 && req.headers.host === undefined) {
      writeGoPlain(res, 400, 'Bad Request', '400 Bad Request: missing required Host header');
      return;
    }
    const q = rawUrl.indexOf('?');
    const rawPath = q < 0 ? rawUrl : rawUrl.slice(0, q);
    const rawQuery = q < 0 ? '' : rawUrl.slice(q + 1);
    let path: string;
    try {
      path = rawPath.includes('%') ? decodeURIComponent(rawPath) : rawPath;
    } catch {
      writeGoPlain(res, 400, 'Bad Request', '400 Bad Request');
      return;
    }
    const method = req.method ?? 'GET';
    if (method !== 'CONNECT') {
      const clean = maybeUnclean.test(path) ? cleanPath(path) : path;
      if (clean !== path) {
        res.writeHead(301, {
          Location: goEscapePath(clean) + (q < 0 ? '' : `?${rawQuery}`),
          'Content-Length': 0,
        });
        res.end();
        return;
      }
    }
    const m = versionPrefix.exec(path);
    const requested = m ? (m[1] as string) : '';
    const routePath = m ? (m[2] as string) : path;
    const apiVersion = requested === '' ? maxApiVersion : requested;

    const found = match(routes, method, routePath, apiVersion);
    if (!found) {
      writeError(res, 404, messages.pageNotFound, true);
      return;
    }
    res.setHeader('Server', serverHeader);
    res.setHeader('Api-Version', maxApiVersion);
    res.setHeader('Ostype', 'linux');
    const jsonErrors = requested === '' || compareApiVersions(requested, '1.23') > 0;
    if (compareApiVersions(apiVersion, minApiVersion) < 0) {
      writeError(res, 400, messages.clientTooOld(apiVersion, minApiVersion), jsonErrors);
      return;
    }
    if (compareApiVersions(apiVersion, maxApiVersion) > 0) {
      writeError(res, 400, messages.clientTooNew(apiVersion, maxApiVersion), jsonErrors);
      return;
    }
    res.setHeader('Docker-Experimental', 'false');
    const ctx: HttpContext = {
      req,
      res,
      apiVersion,
      versioned: requested !== '',
      params: found.params,
      query: new URLSearchParams(),
      ...(upgrade ? { upgrade } : {}),
    };
    try {
      if (found.route.parseForm) ctx.query = await goParseForm(req, rawQuery);
      else if (rawQuery !== '') ctx.query = goParseQuery(rawQuery).values;
      await found.route.handler(ctx);
    } catch (err) {
      const status = httpStatusOf(kindOf(err));
      if (status >= 500) log('error', 'request failed', { method, url: rawUrl, err: messageOf(err) });
      if (res.headersSent) {
        res.destroy();
        return;
      }
      writeError(res, status, messageOf(err), jsonErrors, compareApiVersions(apiVersion, '1.42') < 0);
    }
  };

  // Go's limits: 1 MiB of headers (registry auth headers are large); the Host check is Go's, below.
  const server = createServer(
    { keepAliveTimeout: 60_000, maxHeaderSize: 1 << 20, requireHostHeader: false },
    (req, res) => {
      handle(req, res).catch((err: unknown) => {
        log('error', 'unhandled request failure', { err: messageOf(err) });
        if (!res.headersSent) writeError(res, 500, messageOf(err), true);
        else res.destroy();
      });
    },
  );
  // Upgrade requests (attach, exec start) go through the same routing; the answer object writes on
  // the raw socket until a handler hijacks it.
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const res = new ServerResponse(req);
    res.assignSocket(socket as Socket);
    res.on('finish', () => socket.end());
    socket.on('error', () => socket.destroy());
    splitUpgradeBody(req, socket, head)
      .then((rest) => handle(req, res, { socket, head: rest }))
      .catch((err: unknown) => {
        log('error', 'unhandled upgrade failure', { err: messageOf(err) });
        socket.destroy();
      });
  });
  // Requests Node's parser refuses get the answer Go's net/http gives them; a client that goes away
  // mid-request must never take the daemon down.
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    log('debug', 'client error', { err: messageOf(err), code: err.code });
    if (err.code === 'HPE_INVALID_EOF_STATE' && endOfTruncatedBody(socket)) return;
    if (!socket.writable || err.code === 'ECONNRESET') {
      socket.destroy();
      return;
    }
    // Bytes that do not parse as a next request (a body sent without Content-Length, say) must not
    // cut short the answer to the request before them: Go answers that one first.
    const pending = (socket as unknown as { _httpMessage?: ServerResponse & { req?: IncomingMessage } })
      ._httpMessage;
    if (pending && !pending.writableFinished && pending.req?.complete) {
      pending.once('finish', () => socket.end(goClientErrorResponse(err.code ?? '')));
      pending.once('close', () => socket.destroy());
      return;
    }
    socket.end(goClientErrorResponse(err.code ?? ''));
  });
  return server;
}

/**
 * An upgrade request's body (exec start sends `{"Detach":false,…}`) arrives on the raw socket: read
 * Content-Length bytes of it for the handler, and return what follows (the client's stream).
 */
async function splitUpgradeBody(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<Buffer> {
  const length = Number(req.headers['content-length'] ?? '0');
  if (!Number.isInteger(length) || length <= 0) return head;
  let buf = head;
  while (buf.length < length) {
    const chunk = await new Promise<Buffer | null>((resolve) => {
      socket.once('data', (c: Buffer) => {
        socket.pause();
        resolve(c);
      });
      socket.once('end', () => resolve(null));
      socket.resume();
    });
    if (chunk === null) break;
    buf = Buffer.concat([buf, chunk]);
  }
  (req as IncomingMessage & { [preloadedBody]?: Buffer })[preloadedBody] = buf.subarray(0, length);
  return buf.subarray(length);
}

function match(
  routes: Route[],
  method: string,
  path: string,
  apiVersion: string,
): { route: Route; params: Record<string, string> } | undefined {
  for (const r of routes) {
    if (r.method !== method && r.method !== '*') continue;
    if (r.sinceApiVersion !== undefined && compareApiVersions(apiVersion, r.sinceApiVersion) < 0) continue;
    const m = r.pattern.exec(path);
    if (m) return { route: r, params: { ...(m.groups ?? {}) } };
  }
  return undefined;
}

/** moby httputils.MakeErrorHandler: JSON `{"message"}`, or Go's http.Error text for old versions. */
function writeError(
  res: ServerResponse,
  status: number,
  message: string,
  json: boolean,
  legacy = false,
): void {
  if (json) {
    const body = Buffer.from(goJson({ message }, { legacyEscapes: legacy }));
    res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': body.length });
    res.end(body);
    return;
  }
  const body = Buffer.from(`${message}\n`);
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'X-Content-Type-Options': 'nosniff',
    'Content-Length': body.length,
  });
  res.end(body);
}
