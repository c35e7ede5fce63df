import { invalidParameter } from '../errors/index.js';
import { decodeFirstValue, decoderHasMore, type GoJsonValue } from './go-json-decode.js';
import { readBody, type HttpContext } from './http-context.js';
import { parseMediaType } from './media-type.js';
import { maxJsonBody } from './read-json.js';

/** A decoded JSON value as plain JavaScript (objects from their entries, the last duplicate winning). */
export function toPlain(v: GoJsonValue): unknown {
  if (Array.isArray(v)) return v.map(toPlain);
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, item] of v.entries) out[k] = toPlain(item);
    return out;
  }
  return v;
}

/**
 * A request body of free shape (container create): Docker's Content-Type check and JSON decoding
 * with Go's texts, like readJsonStruct, returned as a plain value; an empty body is null.
 */
export async function readJsonValue(ctx: HttpContext, options: { legacy: boolean }): Promise<unknown> {
  const ct = ctx.req.headers['content-type'] ?? '';
  const body = await readBody(ctx.req, maxJsonBody).catch((err: unknown) => {
    if (err instanceof RangeError)
      throw invalidParameter(`invalid JSON: request body is larger than ${maxJsonBody} bytes`);
    throw err;
  });
  if (body.length === 0) return null;
  const media = parseMediaType(ct);
  if ('error' in media || media.mediaType !== 'application/json') {
    throw invalidParameter(
      options.legacy
        ? `Content-Type specified (${ct}) must be 'application/json'`
        : `unsupported Content-Type header (${ct}): must be 'application/json'`,
    );
  }
  const decoded = decodeFirstValue(body);
  const prefix = options.legacy ? '' : 'invalid JSON: ';
  if (!decoded.ok) {
    if (decoded.kind === 'eof') return null;
    throw invalidParameter(prefix + decoded.message);
  }
  if (!options.legacy && decoderHasMore(decoded.rest))
    throw invalidParameter('unexpected content after JSON');
  return toPlain(decoded.value);
}
