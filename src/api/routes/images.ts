import { EngineError, invalidParameter, kindOf, messageOf, notImplemented } from '../../errors/index.js';
import { compareApiVersions } from '../api-version.js';
import { drainBody } from '../drain-body.js';
import { parseFiltersParam } from '../filters-param.js';
import { goJsonCompact } from '../go-json-encode.js';
import { isLegacy, queryBool, sendJson, type HttpContext } from '../http-context.js';
import type { ImageBackend, ImageProgress } from '../image-backend.js';
import { route, type Route } from '../router.js';
import { imageInspect, imageSummary } from '../wire/image.js';

/**
 * moby api/server/router/image (v28.2.2): list, inspect, create (pull or import), load, tag,
 * delete. Streams are pkg/streamformatter's: JSON messages ending in `\r\n`; an error after the
 * first message becomes the stream's last line (`{"errorDetail":{…},"error":…}`), before it the
 * request's status; load writes its error into the stream always.
 */
export function imageRoutes(b: ImageBackend): Route[] {
  return [
    route('GET', '/images/json', (ctx) => {
      const filters: Record<string, readonly string[]> = {
        ...parseFiltersParam(ctx.query.get('filters'), { legacy: isLegacy(ctx) }),
      };
      // API < 1.41: `filter` is a reference pattern.
      const filter = ctx.query.get('filter') ?? '';
      if (filter !== '' && compareApiVersions(ctx.apiVersion, '1.41') < 0) {
        filters.reference = [...(filters.reference ?? []), filter];
      }
      let images;
      try {
        images = b.list({ filters, all: queryBool(ctx, 'all') });
      } catch (err) {
        // Docker 20.10 spelled it `Invalid filter`.
        const m = messageOf(err);
        if (isLegacy(ctx) && m.startsWith('invalid filter')) throw invalidParameter(`I${m.slice(1)}`, err);
        throw err;
      }
      sendJson(
        ctx,
        200,
        images.map((i) => imageSummary(i, ctx.apiVersion)),
      );
    }),
    route('GET', '/images/{name:.*}/json', (ctx) => {
      const name = ctx.params.name ?? '';
      let img;
      try {
        img = b.resolve(name);
      } catch (err) {
        // Docker 20.10's LookupImage wrapped every error: `no such image: <name>: <cause>`.
        if (isLegacy(ctx))
          throw new EngineError(kindOf(err), `no such image: ${name}: ${messageOf(err)}`, { cause: err });
        throw err;
      }
      sendJson(ctx, 200, imageInspect(img, b.layerPaths(img.id), ctx.apiVersion));
    }),
    route('POST', '/images/create', async (ctx) => {
      const image = ctx.query.get('fromImage') ?? '';
      const stream = new ProgressStreamWriter(ctx);
      try {
        if (image !== '') {
          await b.pull(image, (m) => stream.write(m), {
            tag: ctx.query.get('tag') ?? '',
            auth: registryAuth(ctx.req.headers['x-registry-auth']),
          });
        } else {
          const src = ctx.query.get('fromSrc') ?? '';
          if (src !== '-') {
            throw notImplemented(
              'importing from a URL is not supported; send the archive as the body (fromSrc=-)',
            );
          }
          const message = ctx.query.get('message') ?? '';
          const img = await b.importTar(ctx.req, {
            ref: ctx.query.get('repo') ?? '',
            tag: ctx.query.get('tag') ?? '',
            changes: ctx.query.getAll('changes'),
            message: message === '' ? `Imported from ${src}` : message,
            legacyErrors: isLegacy(ctx),
          });
          stream.write({ status: img.id });
        }
      } catch (err) {
        if (!stream.started) throw err;
        stream.write({ errorDetail: { message: messageOf(err) }, error: messageOf(err) });
      }
      await drainBody(ctx.req);
      stream.end();
    }),
    route('POST', '/images/load', async (ctx) => {
      const stream = new ProgressStreamWriter(ctx);
      // moby: quiet unless told otherwise (BoolValueOrDefault(r, "quiet", true)).
      const quiet = ctx.query.has('quiet') ? queryBool(ctx, 'quiet') : true;
      stream.start();
      try {
        await b.load(ctx.req, (m) => stream.write(m), { quiet });
      } catch (err) {
        stream.write({ errorDetail: { message: messageOf(err) }, error: messageOf(err) });
      }
      await drainBody(ctx.req);
      stream.end();
    }),
    route('POST', '/images/{name:.*}/tag', (ctx) => {
      const repo = ctx.query.get('repo') ?? '';
      // moby: no repo is no reference and no error (errdefs.InvalidParameter(nil) is nil): 200.
      if (repo === '') {
        ctx.res.writeHead(200, { 'Content-Length': 0 });
        ctx.res.end();
        return;
      }
      b.tag(ctx.params.name ?? '', repo, ctx.query.get('tag') ?? '');
      ctx.res.writeHead(201, { 'Content-Length': 0 });
      ctx.res.end();
    }),
    route('DELETE', '/images/{name:.*}', async (ctx) => {
      const name = ctx.params.name ?? '';
      if (name.trim() === '') throw invalidParameter('image name cannot be blank');
      const items = await b.remove(name, {
        force: queryBool(ctx, 'force'),
        prune: !queryBool(ctx, 'noprune'),
      });
      sendJson(ctx, 200, items);
    }),
  ];
}

/** registry.DecodeAuthConfig: base64url JSON; anything undecodable means no credentials. */
function registryAuth(header: string | string[] | undefined): Record<string, string> | undefined {
  if (typeof header !== 'string' || header === '') return undefined;
  try {
    const json = JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as Record<string, unknown>;
    const out: Record<string, string> = {};
    for (const k of ['username', 'password', 'identitytoken', 'registrytoken']) {
      if (typeof json[k] === 'string' && json[k] !== '') out[k] = json[k] as string;
    }
    return Object.keys(out).length > 0 ? out : undefined;
  } catch {
    return undefined;
  }
}

/** The JSONMessage fields in Go's order, HTML-escaped as json.Marshal writes them. */
function encodeMessage(m: ImageProgress): string {
  const ordered: Record<string, unknown> = {};
  if (m.stream !== undefined && m.stream !== '') ordered.stream = m.stream;
  if (m.status !== undefined && m.status !== '') ordered.status = m.status;
  if (m.progressDetail !== undefined) ordered.progressDetail = m.progressDetail;
  if (m.progress !== undefined && m.progress !== '') ordered.progress = m.progress;
  if (m.id !== undefined && m.id !== '') ordered.id = m.id;
  if (m.errorDetail !== undefined) ordered.errorDetail = m.errorDetail;
  if (m.error !== undefined && m.error !== '') ordered.error = m.error;
  if (m.aux !== undefined) ordered.aux = m.aux;
  return goJsonCompact(ordered).replace(/[<>&]/g, (c) => `\\u00${c.charCodeAt(0).toString(16)}`);
}

/** moby's WriteFlusher + streamformatter: headers go out with the first message. */
class ProgressStreamWriter {
  started = false;

  constructor(private readonly ctx: HttpContext) {}

  start(): void {
    if (this.started) return;
    this.started = true;
    this.ctx.res.writeHead(200, { 'Content-Type': 'application/json' });
  }

  write(m: ImageProgress): void {
    this.start();
    if (!this.ctx.res.destroyed) this.ctx.res.write(`${encodeMessage(m)}\r\n`);
  }

  end(): void {
    this.start();
    this.ctx.res.end();
  }
}
