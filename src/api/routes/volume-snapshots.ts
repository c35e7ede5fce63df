import { invalidParameter } from '../../errors/index.js';
import type { BackendSnapshot, VolumeCopyBackend } from '../backend.js';
import { isLegacy, queryBool, sendEmpty, sendJson, sendJsonText, type HttpContext } from '../http-context.js';
import { readJsonValue } from '../read-json-value.js';
import { route, type Route } from '../router.js';
import { formatGoTime } from '../wire/go-time.js';
import { wireVolumeJson } from '../wire/volume.js';

/**
 * Strata's own volume clone and snapshots (Docker has neither: moby#31854, moby#7127), under
 * `/volumes/{name}/…` as Podman places its volume extras. Registered before Docker's volume routes,
 * whose `/volumes/{name:.*}` would take `NAME/clone` for a name.
 *
 *   POST   /volumes/{name}/clone[?pause=1]          {"Name": DST, "Labels": {…}} → 201, the new volume
 *   POST   /volumes/{name}/snapshots[?pause=1]      {"Name": SNAP} (optional)   → 201, the snapshot
 *   GET    /volumes/{name}/snapshots                                             → 200, [snapshot]
 *   GET    /volumes/snapshots/json                  every volume's               → 200, [snapshot]
 *   POST   /volumes/{name}/snapshots/{snap}/restore                              → 204
 *   DELETE /volumes/{name}/snapshots/{snap}                                      → 204
 *
 * A snapshot is `{"Volume", "Name", "CreatedAt" (as a volume's), "Size" (bytes, -1 unknown)}`. The
 * list of all is at `snapshots/json` (the shape of `/containers/json`), not `/volumes/snapshots`,
 * which is Docker's inspect of a volume called `snapshots`.
 */
export function volumeCopyRoutes(b: VolumeCopyBackend): Route[] {
  const name = (ctx: HttpContext): string => ctx.params.name ?? '';
  return [
    route('POST', '/volumes/{name:.*}/clone', async (ctx) => {
      const body = objectBody(await readJsonValue(ctx, { legacy: isLegacy(ctx) }));
      const target = body.Name ?? '';
      const labels = body.Labels ?? null;
      if (typeof target !== 'string') throw invalidParameter('invalid JSON: "Name" must be a string');
      if (labels !== null && !isStringMap(labels)) {
        throw invalidParameter('invalid JSON: "Labels" must be an object of strings');
      }
      const vol = await b.clone(name(ctx), { name: target, labels, pause: queryBool(ctx, 'pause') });
      sendJsonText(ctx, 201, wireVolumeJson(vol, isLegacy(ctx)));
    }),
    route('GET', '/volumes/snapshots/json', async (ctx) => {
      sendJson(ctx, 200, (await b.listSnapshots()).map(toWireSnapshot));
    }),
    route('POST', '/volumes/{name:.*}/snapshots', async (ctx) => {
      const body = objectBody(await readJsonValue(ctx, { legacy: isLegacy(ctx) }));
      const snap = body.Name ?? '';
      if (typeof snap !== 'string') throw invalidParameter('invalid JSON: "Name" must be a string');
      const made = await b.createSnapshot(name(ctx), snap || undefined, { pause: queryBool(ctx, 'pause') });
      sendJson(ctx, 201, toWireSnapshot(made));
    }),
    route('GET', '/volumes/{name:.*}/snapshots', async (ctx) => {
      sendJson(ctx, 200, (await b.listSnapshots(name(ctx))).map(toWireSnapshot));
    }),
    route('POST', '/volumes/{name:.*}/snapshots/{snap}/restore', async (ctx) => {
      await b.restoreSnapshot(name(ctx), ctx.params.snap ?? '');
      sendEmpty(ctx, 204);
    }),
    route('DELETE', '/volumes/{name:.*}/snapshots/{snap}', async (ctx) => {
      await b.removeSnapshot(name(ctx), ctx.params.snap ?? '');
      sendEmpty(ctx, 204);
    }),
  ];
}

/** A snapshot on the wire: Go's field order, CreatedAt formatted as a volume's. */
export function toWireSnapshot(s: BackendSnapshot): Record<string, unknown> {
  return { Volume: s.volume, Name: s.name, CreatedAt: formatGoTime(s.createdAt), Size: s.size ?? -1 };
}

/** An optional JSON object body: absent (or `null`) is `{}`. */
function objectBody(body: unknown): Record<string, unknown> {
  if (body === null) return {};
  if (typeof body !== 'object' || Array.isArray(body)) {
    throw invalidParameter('invalid JSON: the body must be an object');
  }
  return body as Record<string, unknown>;
}

function isStringMap(v: unknown): v is Record<string, string> {
  return (
    typeof v === 'object' &&
    v !== null &&
    !Array.isArray(v) &&
    Object.values(v).every((x) => typeof x === 'string')
  );
}
