import { invalidParameter, messages, unavailable } from '../../errors/index.js';
import type { VolumeBackend } from '../backend.js';
import { parseFiltersParam } from '../filters-param.js';
import type { GoStructSchema } from '../go-json-bind.js';
import { AnswerCache } from '../answer-cache.js';
import { isLegacy, queryBool, sendEmpty, sendJson, sendJsonBuffer, sendJsonText } from '../http-context.js';
import { readJsonStruct } from '../read-json.js';
import { readJsonValue } from '../read-json-value.js';
import { route, type Route } from '../router.js';
import { toWireVolume, toWireVolumeUsage, wireVolumeJson } from '../wire/volume.js';
import { goJsonCompact } from '../go-json-encode.js';

const legacy = isLegacy;

const legacyCreateFields: GoStructSchema['fields'] = {
  Driver: { kind: 'string' },
  DriverOpts: { kind: 'map[string]string' },
  Labels: { kind: 'map[string]string' },
  Name: { kind: 'string' },
};
/**
 * The Go type names appear in decode errors: 20.10 called the body VolumeCreateBody, which had no
 * ClusterVolumeSpec (so it was ignored whatever its type).
 */
const createSchema: GoStructSchema = {
  typeName: 'volume.CreateOptions',
  fields: {
    ClusterVolumeSpec: { kind: 'object', goType: 'volume.ClusterVolumeSpec' },
    ...legacyCreateFields,
  },
};
const legacyCreateSchema: GoStructSchema = {
  typeName: 'volume.VolumeCreateBody',
  fields: legacyCreateFields,
};

/**
 * moby api/server/router/volume: list, inspect, create, update (cluster only), remove, prune; and
 * Strata's own `POST /volumes/{name}/rename?name=NEW` (Docker has no volume rename, moby#31154),
 * shaped like the container rename route but answering 200 with the renamed volume; and Strata's own
 * `POST /volumes/{name}/labels` with `{"Add": {k: v}, "Remove": [k]}` (moby#25291), answering 200
 * with the volume (Docker's `PUT /volumes/{name}` is for cluster volumes only and stays Docker's).
 * Strata's `size=1` on list and inspect adds `UsedBy`, `LastMounted` and `LastUnmounted` after
 * Docker's fields, with `UsageData` and when the size was counted; its `used-by` list filter
 * (container id, name or id prefix) and `size` filter (`>1GB`) are accepted always.
 */
export function volumeRoutes(b: VolumeBackend): Route[] {
  const listCache = new AnswerCache(8);
  return [
    route('GET', '/volumes', async (ctx) => {
      const filters = parseFiltersParam(ctx.query.get('filters'), {
        legacy: legacy(ctx),
        context: 'error reading volume filters',
      });
      const withSize = queryBool(ctx, 'size');
      // Strata's `size` filter compares sizes: they must be known first (cheap once counted).
      if (withSize || filters.size !== undefined) await b.ensureSizes();
      if (withSize) {
        // Running states and size estimates change without the volumes changing: never cached.
        const items = b
          .list(filters, { apiVersion: ctx.apiVersion })
          .map((v) =>
            goJsonCompact(toWireVolumeUsage(v, b.usedBy(v.name), b.sizeOf(v.name)), {
              legacyEscapes: legacy(ctx),
            }),
          );
        sendJsonText(ctx, 200, `{"Volumes":[${items.join(',')}],"Warnings":null}`);
        return;
      }
      const key = `${ctx.apiVersion}\u0000${JSON.stringify(filters)}`;
      let body = listCache.get(key, b.generation);
      if (body === undefined) {
        const vols = b.list(filters, { apiVersion: ctx.apiVersion });
        const items = vols.map((v) => wireVolumeJson(v, legacy(ctx)));
        body = Buffer.from(`{"Volumes":[${items.join(',')}],"Warnings":null}\n`);
        listCache.set(key, b.generation, body);
      }
      sendJsonBuffer(ctx, 200, body);
    }),
    route('POST', '/volumes/create', async (ctx) => {
      const body = await readJsonStruct(ctx, legacy(ctx) ? legacyCreateSchema : createSchema, {
        legacy: legacy(ctx),
      });
      if (!legacy(ctx) && body.ClusterVolumeSpec !== undefined && body.ClusterVolumeSpec !== null) {
        throw unavailable(messages.notSwarmManager);
      }
      const vol = await b.create(
        {
          name: (body.Name as string | undefined) ?? '',
          driver: (body.Driver as string | undefined) ?? '',
          driverOpts: (body.DriverOpts as Record<string, string> | null | undefined) ?? null,
          labels: (body.Labels as Record<string, string> | null | undefined) ?? null,
        },
        { apiVersion: ctx.apiVersion },
      );
      sendJsonText(ctx, 201, wireVolumeJson(vol, legacy(ctx)));
    }),
    route('POST', '/volumes/prune', async (ctx) => {
      const filters = parseFiltersParam(ctx.query.get('filters'), {
        legacy: legacy(ctx),
        legacyAsSystemError: true,
      });
      // `dryrun` is Strata's own: Docker clients never send it, so their answers are unchanged.
      const dryRun = queryBool(ctx, 'dryrun');
      const report = await b.prune(filters, { apiVersion: ctx.apiVersion }, { dryRun });
      const answer = { VolumesDeleted: report.deleted, SpaceReclaimed: report.reclaimed };
      sendJson(ctx, 200, dryRun ? { ...answer, VolumeSizes: report.sizes ?? {} } : answer);
    }),
    route('POST', '/volumes/{name:.*}/rename', async (ctx) => {
      const vol = await b.rename(ctx.params.name ?? '', ctx.query.get('name') ?? '');
      sendJsonText(ctx, 200, wireVolumeJson(vol, legacy(ctx)));
    }),
    route('POST', '/volumes/{name:.*}/labels', async (ctx) => {
      const change = labelChange(await readJsonValue(ctx, { legacy: legacy(ctx) }));
      const vol = await b.updateLabels(ctx.params.name ?? '', change);
      sendJsonText(ctx, 200, wireVolumeJson(vol, legacy(ctx)));
    }),
    route('GET', '/volumes/{name:.*}', async (ctx) => {
      const v = b.get(ctx.params.name ?? '');
      if (queryBool(ctx, 'size')) {
        await b.ensureSizes([v.name]);
        sendJson(ctx, 200, toWireVolumeUsage(v, b.usedBy(v.name), b.sizeOf(v.name), { status: true }));
      }
      else if (v.status === undefined) sendJsonText(ctx, 200, wireVolumeJson(v, legacy(ctx)));
      else sendJson(ctx, 200, toWireVolume(v, { status: true }));
    }),
    route(
      'PUT',
      '/volumes/{name:.*}',
      () => {
        throw unavailable(messages.clusterUpdateUnavailable);
      },
      { since: '1.42' },
    ),
    route('DELETE', '/volumes/{name:.*}', async (ctx) => {
      await b.remove(ctx.params.name ?? '', { force: queryBool(ctx, 'force') });
      sendEmpty(ctx, 204);
    }),
  ];
}

/** The label edit body: `Add` a map of strings, `Remove` a list of strings; either may be absent. */
function labelChange(body: unknown): { add: Record<string, string> | null; remove: string[] | null } {
  if (body === null) return { add: null, remove: null };
  if (typeof body !== 'object' || Array.isArray(body)) {
    throw invalidParameter('invalid JSON: the body must be an object with "Add" and "Remove"');
  }
  const fields = body as Record<string, unknown>;
  const add = fields.Add ?? null;
  const remove = fields.Remove ?? null;
  const isStrings = (vs: unknown[]): boolean => vs.every((v) => typeof v === 'string');
  if (add !== null && (typeof add !== 'object' || Array.isArray(add) || !isStrings(Object.values(add)))) {
    throw invalidParameter('invalid JSON: "Add" must be an object of strings');
  }
  if (remove !== null && (!Array.isArray(remove) || !isStrings(remove))) {
    throw invalidParameter('invalid JSON: "Remove" must be a list of strings');
  }
  return { add: add as Record<string, string> | null, remove: remove as string[] | null };
}
