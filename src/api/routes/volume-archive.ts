import type { ServerResponse } from 'node:http';
import { invalidParameter } from '../../errors/index.js';
import type { BackendArchiveStream, BackendPathStat, VolumeArchiveBackend } from '../backend.js';
import { drainBody } from '../drain-body.js';
import { canSendDirect, sendDirect } from './archive-direct.js';
import { queryBool, sendJson, type HttpContext } from '../http-context.js';
import { route, type Route } from '../router.js';

/** The stat header of the volume archive routes (moby's is `X-Docker-Container-Path-Stat`). */
export const pathStatHeader = 'X-Strata-Volume-Path-Stat';

/**
 * Strata's own volume archive routes:
 * - `GET /volumes/{name}/export`: the volume as an `application/x-tar` stream (Podman's path shape);
 *   with `X-Strata-Archive-Trailer: 1`, straight from tar into the connection (archive-direct.ts).
 * - `POST /volumes/{name}/import[?replace=1][&devices=1]`: a tar body becomes the volume's content;
 *   the volume is made when missing; answers `{"Name","Created","Entries","Bytes"}`.
 * - `HEAD|GET|PUT /volumes/{name}/archive?path=`: moby's container archive routes for a volume
 *   (api/server/router/container/copy.go): the stat as base64 JSON in a header, a tar of the path,
 *   and extraction into a directory (`noOverwriteDirNonDir`, `copyUIDGID`).
 * An error before the first byte of a stream is an ordinary error answer; after it, the stream is cut.
 */
export function volumeArchiveRoutes(b: VolumeArchiveBackend): Route[] {
  return [
    route('GET', '/volumes/{name:.*}/export', async (ctx) => {
      const archive = await b.export(ctx.params.name ?? '');
      if (canSendDirect(ctx, archive)) await sendDirect(ctx, archive, {});
      else await sendArchive(ctx, archive, {});
    }),
    route(
      'POST',
      '/volumes/{name:.*}/import',
      async (ctx) => {
        try {
          const r = await b.import(ctx.params.name ?? '', ctx.req, {
            replace: queryBool(ctx, 'replace'),
            allowDevices: queryBool(ctx, 'devices'),
          });
          sendJson(ctx, 200, { Name: r.name, Created: r.created, Entries: r.entries, Bytes: r.bytes });
        } finally {
          await drainBody(ctx.req);
        }
      },
      { parseForm: false },
    ),
    route('HEAD', '/volumes/{name:.*}/archive', async (ctx) => {
      const stat = await b.stat(ctx.params.name ?? '', archivePath(ctx));
      ctx.res.writeHead(200, { [pathStatHeader]: encodeStat(stat), 'Content-Length': 0 });
      ctx.res.end();
    }),
    route('GET', '/volumes/{name:.*}/archive', async (ctx) => {
      const { stat, archive } = await b.archive(ctx.params.name ?? '', archivePath(ctx));
      await sendArchive(ctx, archive, { [pathStatHeader]: encodeStat(stat) });
    }),
    route(
      'PUT',
      '/volumes/{name:.*}/archive',
      async (ctx) => {
        try {
          await b.extract(ctx.params.name ?? '', archivePath(ctx), ctx.req, {
            copyUIDGID: queryBool(ctx, 'copyUIDGID'),
            noOverwriteDirNonDir: queryBool(ctx, 'noOverwriteDirNonDir'),
          });
          ctx.res.writeHead(200, { 'Content-Length': 0 });
          ctx.res.end();
        } finally {
          await drainBody(ctx.req);
        }
      },
      { parseForm: false },
    ),
  ];
}

/** httputils.ArchiveFormValues: `path` is required. */
function archivePath(ctx: HttpContext): string {
  const path = ctx.query.get('path') ?? '';
  if (path === '') throw invalidParameter('bad parameter: path cannot be empty');
  return path;
}

function encodeStat(stat: BackendPathStat): string {
  const json = JSON.stringify({
    name: stat.name,
    size: stat.size,
    mode: stat.mode,
    mtime: stat.mtime,
    linkTarget: stat.linkTarget,
  });
  return Buffer.from(json).toString('base64');
}

/** Streams the tar with backpressure; a client that goes away stops tar. */
async function sendArchive(
  ctx: HttpContext,
  archive: BackendArchiveStream,
  headers: Record<string, string>,
): Promise<void> {
  const res: ServerResponse = ctx.res;
  res.writeHead(200, { 'Content-Type': 'application/x-tar', ...headers });
  const closed = (): void => {
    if (!res.writableFinished) archive.close();
  };
  res.once('close', closed);
  archive.stream.pipe(res);
  try {
    await archive.done;
  } catch {
    // Headers are out: the only way left to say it failed is to cut the stream.
    res.destroy();
  }
}
