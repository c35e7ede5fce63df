import { invalidParameter } from '../../errors/index.js';
import type { ContainerBackend } from '../container-backend.js';
import { parseFiltersParam } from '../filters-param.js';
import { hijack, pump } from '../hijack.js';
import { isLegacy, queryBool, sendEmpty, sendJson, type HttpContext } from '../http-context.js';
import { readJsonValue } from '../read-json-value.js';
import { route, type Route } from '../router.js';
import { containerSummary, inspectContainer, recordedSource } from '../wire/container.js';
import { streamLogs } from './container-logs.js';

const waitConditions = new Set(['not-running', 'next-exit', 'removed']);
const volumePath = recordedSource;

/** moby api/server/router/container: the container lifecycle, inspect, list, attach and logs. */
export function containerRoutes(b: ContainerBackend): Route[] {
  const id = (ctx: HttpContext): string => ctx.params.name ?? '';
  const timeout = (ctx: HttpContext): { timeout?: number; signal?: string } => {
    const t = ctx.query.get('t');
    const out: { timeout?: number; signal?: string } = {};
    if (t !== null && t !== '') {
      if (!/^-?\d+$/.test(t))
        throw invalidParameter(`strconv.Atoi: parsing ${JSON.stringify(t)}: invalid syntax`);
      out.timeout = Number(t);
    }
    const signal = ctx.query.get('signal');
    if (signal) out.signal = signal;
    return out;
  };
  return [
    route('POST', '/containers/create', async (ctx) => {
      const body = (await readJsonValue(ctx, { legacy: isLegacy(ctx) })) ?? {};
      const { HostConfig, NetworkingConfig, ...config } = body as Record<string, unknown>;
      const name = ctx.query.get('name') ?? '';
      const endpoints = (NetworkingConfig as { EndpointsConfig?: unknown } | null | undefined)
        ?.EndpointsConfig;
      const res = await b.create({
        ...(name !== '' ? { name } : {}),
        config,
        hostConfig: (HostConfig as Record<string, unknown> | null | undefined) ?? null,
        endpointsConfig:
          endpoints !== null && typeof endpoints === 'object'
            ? (endpoints as Record<string, Record<string, unknown> | null>)
            : null,
      });
      sendJson(ctx, 201, { Id: res.id, Warnings: res.warnings });
    }),
    route('GET', '/containers/json', async (ctx) => {
      const filters = parseFiltersParam(ctx.query.get('filters'), { legacy: isLegacy(ctx) });
      const limit = Number(ctx.query.get('limit') ?? '0');
      // moby: a limit lists containers in every state, as `all` does.
      let list = b.list(filters, { all: queryBool(ctx, 'all') || limit > 0 });
      if (limit > 0) list = list.slice(0, limit);
      const sized = queryBool(ctx, 'size');
      sendJson(
        ctx,
        200,
        await Promise.all(
          list.map(async (c) => containerSummary(c, volumePath, sized ? await b.sizes(c.Id) : undefined)),
        ),
      );
    }),
    route('GET', '/containers/{name}/json', (ctx) => {
      sendJson(ctx, 200, inspectContainer(b.resolve(id(ctx)), volumePath));
    }),
    route('POST', '/containers/{name}/start', async (ctx) => {
      sendEmpty(ctx, (await b.start(id(ctx))) ? 204 : 304);
    }),
    route('POST', '/containers/{name}/stop', async (ctx) => {
      sendEmpty(ctx, (await b.stop(id(ctx), timeout(ctx))) ? 204 : 304);
    }),
    route('POST', '/containers/{name}/restart', async (ctx) => {
      await b.restart(id(ctx), timeout(ctx));
      sendEmpty(ctx, 204);
    }),
    route('POST', '/containers/{name}/kill', async (ctx) => {
      await b.kill(id(ctx), ctx.query.get('signal') || 'SIGKILL');
      sendEmpty(ctx, 204);
    }),
    route('POST', '/containers/{name}/pause', async (ctx) => {
      await b.pause(id(ctx));
      sendEmpty(ctx, 204);
    }),
    route('POST', '/containers/{name}/unpause', async (ctx) => {
      await b.unpause(id(ctx));
      sendEmpty(ctx, 204);
    }),
    route('POST', '/containers/{name}/wait', async (ctx) => {
      const condition = ctx.query.get('condition') || 'not-running';
      if (!waitConditions.has(condition))
        throw invalidParameter(`invalid condition: ${JSON.stringify(condition)}`);
      b.resolve(id(ctx));
      // Docker answers the headers at once and the body when the container exits.
      ctx.res.writeHead(200, { 'Content-Type': 'application/json' });
      ctx.res.flushHeaders();
      const code = await b.wait(id(ctx), condition as 'not-running' | 'next-exit' | 'removed');
      ctx.res.end(`${JSON.stringify({ StatusCode: code })}\n`);
    }),
    route('DELETE', '/containers/{name}', async (ctx) => {
      await b.remove(id(ctx), { force: queryBool(ctx, 'force'), volumes: queryBool(ctx, 'v') });
      sendEmpty(ctx, 204);
    }),
    route('POST', '/containers/{name}/rename', (ctx) => {
      b.rename(id(ctx), ctx.query.get('name') ?? '');
      sendEmpty(ctx, 204);
    }),
    route('POST', '/containers/{name}/resize', (ctx) => {
      b.resolve(id(ctx));
      sendEmpty(ctx, 200);
    }),
    route('POST', '/containers/{name}/attach', async (ctx) => {
      const rec = b.resolve(id(ctx));
      const tty = !!rec.Config.Tty;
      const conn = hijack(ctx, { multiplexed: !tty });
      const want = { stdout: queryBool(ctx, 'stdout'), stderr: queryBool(ctx, 'stderr') };
      try {
        const { streams } = await b.attach(rec.Id, { stdin: queryBool(ctx, 'stdin') });
        await pump(conn, streams, want);
      } catch (err) {
        conn.write(2, Buffer.from(`${(err as Error).message}\n`));
        conn.end();
      }
    }),
    route('GET', '/containers/{name}/logs', async (ctx) => {
      await streamLogs(ctx, b, id(ctx));
    }),
  ];
}
