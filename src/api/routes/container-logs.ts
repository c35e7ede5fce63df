import { invalidParameter } from '../../errors/index.js';
import { compareApiVersions } from '../api-version.js';
import type { ContainerBackend } from '../container-backend.js';
import { frame } from '../hijack.js';
import { queryBool, type HttpContext } from '../http-context.js';
import { parseEventTime } from '../wire/go-time.js';

/** Go's jsonmessage.RFC3339NanoFixed for a log entry's time (always nine fraction digits). */
function fixedNano(t: string): string {
  const m = /^(.*?)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$/.exec(t);
  return m ? `${m[1]}.${(m[2] ?? '').padEnd(9, '0')}${m[3]}` : t;
}

/**
 * `GET /containers/{id}/logs` (moby router/container getContainersLogs): the json-file entries of the
 * asked streams, framed unless the container has a TTY, optionally with timestamps; `follow` keeps
 * the answer open until the container stops.
 */
export async function streamLogs(ctx: HttpContext, b: ContainerBackend, ref: string): Promise<void> {
  const stdout = queryBool(ctx, 'stdout');
  const stderr = queryBool(ctx, 'stderr');
  if (!stdout && !stderr) throw invalidParameter('Bad parameters: you must choose at least one stream');
  const tailRaw = ctx.query.get('tail') ?? 'all';
  const tail = tailRaw === 'all' || tailRaw === '' ? -1 : Number(tailRaw);
  if (!Number.isInteger(tail)) throw invalidParameter(`invalid tail value: ${tailRaw}`);
  const since = parseEventTime(ctx.query.get('since') ?? '') ?? 0n;
  const until = parseEventTime(ctx.query.get('until') ?? '') ?? 0n;
  const { tty, entries } = b.logs(ref, {
    follow: queryBool(ctx, 'follow'),
    sinceNano: since,
    untilNano: until,
    tail,
  });
  const multiplexed = !tty;
  const contentType =
    multiplexed && compareApiVersions(ctx.apiVersion, '1.42') >= 0
      ? 'application/vnd.docker.multiplexed-stream'
      : 'application/vnd.docker.raw-stream';
  ctx.res.writeHead(200, { 'Content-Type': contentType });
  ctx.res.flushHeaders();
  const timestamps = queryBool(ctx, 'timestamps');
  let gone = false;
  ctx.res.on('close', () => (gone = true));
  for await (const e of entries) {
    if (gone) break;
    if ((e.stream === 'stdout' && !stdout) || (e.stream === 'stderr' && !stderr)) continue;
    const text = Buffer.from(timestamps ? `${fixedNano(e.time)} ${e.log}` : e.log);
    ctx.res.write(multiplexed ? frame(e.stream === 'stdout' ? 1 : 2, text) : text);
  }
  ctx.res.end();
}
