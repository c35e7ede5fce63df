import { invalidParameter, messages } from '../errors/index.js';
import type { HttpContext } from './http-context.js';
import { readBody } from './http-context.js';
import { bindGoStruct, type Bound, type GoStructSchema } from './go-json-bind.js';
import { decodeFirstValue, decoderHasMore } from './go-json-decode.js';
import { parseMediaType } from './media-type.js';

/** Request bodies larger than this are refused before decoding (Docker has no limit; a daemon needs one). */
export const maxJsonBody = 16 * 1024 * 1024;

/**
 * Reads a JSON request body into a struct the way the requested API version's Docker did:
 * v23+ httputils.ReadJSON (empty body = `{}`, `invalid JSON: …`, `unexpected content after JSON`) or
 * 20.10's CheckForJSON + json.Decoder (empty body is an EOF error, raw decoder texts, trailing content
 * accepted).
 */
export async function readJsonStruct(
  ctx: HttpContext,
  schema: GoStructSchema,
  options: { legacy: boolean },
): Promise<Bound> {
  const ct = ctx.req.headers['content-type'] ?? '';
  const chunked = /chunked/i.test(String(ctx.req.headers['transfer-encoding'] ?? ''));
  const length = Number(ctx.req.headers['content-length'] ?? '0');
  const hasBody = chunked || length > 0;

  if (ct !== '' || hasBody) {
    const parsed = parseMediaType(ct);
    if (options.legacy) {
      if ('error' in parsed || parsed.mediaType !== 'application/json') {
        throw invalidParameter(messages.legacyContentType(ct));
      }
    } else if ('error' in parsed) {
      throw invalidParameter(`malformed Content-Type header (${ct}): ${parsed.error}`);
    } else if (parsed.mediaType !== 'application/json') {
      throw invalidParameter(messages.unsupportedContentType(ct));
    }
  }
  if (!hasBody && !options.legacy) return {};

  let body: Buffer;
  try {
    body = await readBody(ctx.req, maxJsonBody);
  } catch (err) {
    if (err instanceof RangeError) {
      throw invalidParameter(`invalid JSON: request body is larger than ${maxJsonBody} bytes`);
    }
    throw err;
  }
  const prefix = options.legacy ? '' : 'invalid JSON: ';
  const decoded = decodeFirstValue(body);
  if (!decoded.ok) {
    if (decoded.kind === 'eof') {
      throw invalidParameter(
        options.legacy ? messages.eofReadingBody : `invalid JSON: ${messages.eofReadingBody}`,
      );
    }
    throw invalidParameter(prefix + decoded.message);
  }
  const bound = bindGoStruct(decoded.value, schema);
  if (bound.error !== undefined) throw invalidParameter(prefix + bound.error);
  if (!options.legacy && decoderHasMore(decoded.rest))
    throw invalidParameter(messages.unexpectedContentAfterJson);
  return bound.out;
}
