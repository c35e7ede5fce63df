import type { IncomingMessage } from 'node:http';
import { encodeFilters, type EngineClient } from './engine-client.js';

/** `GET /images/json` items (api/types/image.Summary). */
export interface ImageSummary {
  Id: string;
  ParentId: string;
  RepoTags: string[] | null;
  RepoDigests: string[] | null;
  Created: number;
  Size: number;
  SharedSize: number;
  Labels: Record<string, string> | null;
  Containers: number;
  [key: string]: unknown;
}

export interface ImageDeleteItem {
  Untagged?: string;
  Deleted?: string;
}

/** X-Registry-Auth for a registry without stored credentials: `{}`, base64url-encoded. */
export const anonymousAuth = Buffer.from('{}').toString('base64url');

/** An image reference in a path, escaped as Go's url.URL does (`/`, `:` and `@` kept). */
export function imagePath(ref: string): string {
  return encodeURIComponent(ref).replace(/%2F/gi, '/').replace(/%3A/gi, ':').replace(/%40/g, '@');
}

/** The image half of the Engine API as the docker client calls it (moby client/image_*.go). */
export class ImagesApi {
  constructor(private readonly client: EngineClient) {}

  list(opts: { all: boolean; filters: Record<string, string[]> }): Promise<ImageSummary[]> {
    return this.client.json('GET', '/images/json', {
      query: { all: opts.all ? '1' : undefined, filters: encodeFilters(opts.filters) },
    });
  }

  async inspect(ref: string): Promise<{ raw: Buffer; value: Record<string, unknown> }> {
    const res = await this.client.call('GET', `/images/${imagePath(ref)}/json`);
    return { raw: res.body, value: JSON.parse(res.body.toString('utf8')) as Record<string, unknown> };
  }

  /** `POST /images/{ref}/tag?repo=…&tag=…`; `target` is already normalised by the caller. */
  async tag(source: string, repo: string, tag: string): Promise<void> {
    await this.client.call('POST', `/images/${imagePath(source)}/tag`, { query: { repo, tag } });
  }

  remove(ref: string, opts: { force: boolean; noPrune: boolean }): Promise<ImageDeleteItem[]> {
    return this.client.json('DELETE', `/images/${imagePath(ref)}`, {
      query: { force: opts.force ? '1' : undefined, noprune: opts.noPrune ? '1' : undefined },
    });
  }

  /** `POST /images/create?fromImage=…&tag=…`: a pull, answered as a JSON message stream. */
  pull(name: string, tag: string, registryAuth: string): Promise<IncomingMessage> {
    return this.client.stream('POST', '/images/create', {
      query: { fromImage: name, tag },
      headers: { 'X-Registry-Auth': registryAuth },
    });
  }

  /** `POST /images/create?fromSrc=-` with the archive as the body, or `fromSrc=<URL>` without one. */
  import(
    source: NodeJS.ReadableStream | undefined,
    opts: { fromSrc: string; repo: string; message: string; changes: readonly string[] },
  ): Promise<IncomingMessage> {
    return this.client.stream('POST', '/images/create', {
      query: {
        changes: opts.changes.length > 0 ? [...opts.changes] : undefined,
        fromSrc: opts.fromSrc,
        message: opts.message || undefined,
        repo: opts.repo || undefined,
      },
      ...(source ? { body: source } : {}),
      headers: { 'Content-Type': 'text/plain' },
    });
  }

  load(source: NodeJS.ReadableStream, quiet: boolean): Promise<IncomingMessage> {
    return this.client.stream('POST', '/images/load', {
      query: { quiet: quiet ? '1' : '0' },
      body: source,
      headers: { 'Content-Type': 'application/x-tar' },
    });
  }
}
