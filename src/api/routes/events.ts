import { invalidParameter } from '../../errors/index.js';
import type { EventsBackend } from '../backend.js';
import { parseFiltersParam } from '../filters-param.js';
import { goJson } from '../go-json-encode.js';
import { compareApiVersions } from '../api-version.js';
import { route, type Route } from '../router.js';
import { parseEventTime } from '../wire/go-time.js';

/**
 * `GET /events` (moby router/system getEvents): buffered events from `since` (or up to `until`),
 * then live ones until `until` passes or the client leaves. One JSON document per line, flushed.
 */
export function eventRoutes(events: EventsBackend): Route[] {
  return [
    route('GET', '/events', async (ctx) => {
      const since = parseEventTime(ctx.query.get('since') ?? '');
      const until = parseEventTime(ctx.query.get('until') ?? '');
      if (until !== undefined && since !== undefined && until < since) {
        throw invalidParameter(
          `\`since\` time (${ctx.query.get('since')}) cannot be after \`until\` time (${ctx.query.get('until')})`,
        );
      }
      const legacy = compareApiVersions(ctx.apiVersion, '1.42') < 0;
      const filters = parseFiltersParam(ctx.query.get('filters'), { legacy, legacyAsSystemError: true });
      const nowNano = BigInt(Date.now()) * 1_000_000n;
      const onlyPast = until !== undefined && until < nowNano;

      const res = ctx.res;
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.flushHeaders();
      const opts: Parameters<EventsBackend['subscribe']>[0] = { filters };
      if (since !== undefined) opts.sinceNano = since;
      if (until !== undefined) opts.untilNano = until;
      await new Promise<void>((resolve) => {
        const sub = events.subscribe(opts, (e) => {
          if (!res.writableEnded) res.write(goJson(e, { bigints: true, legacyEscapes: legacy }));
        });
        let timer: NodeJS.Timeout | undefined;
        const finish = (): void => {
          sub.close();
          if (timer) clearTimeout(timer);
          if (!res.writableEnded) res.end();
          resolve();
        };
        for (const e of sub.past) res.write(goJson(e, { bigints: true, legacyEscapes: legacy }));
        if (onlyPast) return finish();
        if (until !== undefined) timer = setTimeout(finish, Number((until - nowNano) / 1_000_000n) + 1);
        ctx.req.socket.on('close', finish);
        res.on('close', finish);
      });
    }),
  ];
}
