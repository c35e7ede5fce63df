import { invalidParameter, messages } from '../../errors/index.js';
import { compareApiVersions } from '../api-version.js';
import { parseFiltersParam } from '../filters-param.js';
import { isLegacy, sendEmpty, sendJson, type HttpContext } from '../http-context.js';
import type { NetworkBackend } from '../network-backend.js';
import {
  connectSchema,
  createSchema,
  disconnectSchema,
  endpointConfigOf,
  networkCreateRequest,
} from '../network-body.js';
import { readJsonStruct } from '../read-json.js';
import { route, type Route } from '../router.js';
import { toWireNetwork } from '../wire/network.js';

const legacy = isLegacy;

/**
 * moby api/server/router/network: list (`/networks` and `/networks/`), inspect, create, connect,
 * disconnect, prune, remove. Bodies are read as the requested version's Docker read them (20.10:
 * CheckForJSON + json.Decoder; 28: ReadJSON).
 */
export function networkRoutes(b: NetworkBackend): Route[] {
  const list = (ctx: HttpContext): void => {
    // 20.10 handed the decoder's error on as it was: a 500 without context.
    const filters = parseFiltersParam(ctx.query.get('filters'), {
      legacy: legacy(ctx),
      legacyAsSystemError: true,
    });
    const detailed = compareApiVersions(ctx.apiVersion, '1.28') < 0;
    const found = b.list(filters, { apiVersion: ctx.apiVersion }, { detailed });
    sendJson(
      ctx,
      200,
      found.map((n) => toWireNetwork(n, { legacy: legacy(ctx) })),
    );
  };
  return [
    route('GET', '/networks', list),
    route('GET', '/networks/', list),
    route('POST', '/networks/create', async (ctx) => {
      const body = await readJsonStruct(ctx, createSchema(legacy(ctx)), { legacy: legacy(ctx) });
      // EnableIPv4 is read from API 1.48 on (Docker 28's router drops it for older requests).
      const req = networkCreateRequest(body, {
        enableIPv4: compareApiVersions(ctx.apiVersion, '1.48') >= 0,
        legacy: legacy(ctx),
      });
      const made = b.create(req, { apiVersion: ctx.apiVersion });
      sendJson(ctx, 201, { Id: made.id, Warning: made.warning });
    }),
    route('POST', '/networks/prune', (ctx) => {
      const filters = parseFiltersParam(ctx.query.get('filters'), {
        legacy: legacy(ctx),
        legacyAsSystemError: true,
      });
      const report = b.prune(filters, { apiVersion: ctx.apiVersion });
      sendJson(ctx, 200, { NetworksDeleted: report.deleted.length > 0 ? report.deleted : null });
    }),
    route('POST', '/networks/{id:.*}/connect', async (ctx) => {
      const body = await readJsonStruct(ctx, connectSchema(legacy(ctx)), { legacy: legacy(ctx) });
      await b.connect({
        container: (body.Container as string | undefined) ?? '',
        network: ctx.params.id ?? '',
        endpointConfig: endpointConfigOf(body),
        apiVersion: ctx.apiVersion,
      });
      sendEmpty(ctx, 200);
    }),
    route('POST', '/networks/{id:.*}/disconnect', async (ctx) => {
      const body = await readJsonStruct(ctx, disconnectSchema(legacy(ctx)), { legacy: legacy(ctx) });
      await b.disconnect({
        container: (body.Container as string | undefined) ?? '',
        network: ctx.params.id ?? '',
        force: (body.Force as boolean | undefined) ?? false,
        apiVersion: ctx.apiVersion,
      });
      sendEmpty(ctx, 200);
    }),
    route('GET', '/networks/{id:.*}', (ctx) => {
      // Read from the URL alone (r.URL.Query()), not a form body.
      const verbose = ctx.query.get('verbose') ?? '';
      if (verbose !== '' && goParseBool(verbose) === undefined) {
        throw invalidParameter(messages.invalidVerbose(verbose));
      }
      const n = b.inspect(ctx.params.id ?? '', { scope: ctx.query.get('scope') ?? '' });
      sendJson(ctx, 200, toWireNetwork(n, { legacy: legacy(ctx) }));
    }),
    route('DELETE', '/networks/{id:.*}', (ctx) => {
      b.remove(ctx.params.id ?? '', { apiVersion: ctx.apiVersion });
      sendEmpty(ctx, 204);
    }),
  ];
}

/** strconv.ParseBool. */
function goParseBool(text: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(text)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(text)) return false;
  return undefined;
}
