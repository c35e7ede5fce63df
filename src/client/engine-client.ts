import type { IncomingMessage } from 'node:http';
import { hijackRequest, type HijackedStream } from './hijack.js';
import { unixHttpRequest, type UnixHttpResponse } from './unix-http.js';
import { ClientError, ConnectionError, trimId } from './client-errors.js';
import {
  collect,
  encodeFilters,
  encodeQuery,
  goJson,
  lessThan,
  parseEventLine,
  toDaemonError,
  type Query,
} from './client-wire.js';
import type {
  DiskUsageResponse,
  EventMessage,
  Volume,
  VolumeCreateRequest,
  VolumeListResponse,
  VolumePruneReport,
} from '../types/index.js';

/** The newest API version this client speaks. */
export const clientMaxApiVersion = '1.50';

export interface ClientOptions {
  /** `unix:///path/to.sock` */
  host: string;
  /** Pins the API version (DOCKER_API_VERSION) instead of negotiating it from `/_ping`. */
  apiVersion?: string;
  userAgent?: string;
}

export { ClientError, ConnectionError, DaemonError, isApiError, trimId } from './client-errors.js';

export type RawResponse = UnixHttpResponse;

export { collect, encodeFilters, goJson, type Query } from './client-wire.js';

/** What a streamed request sends: JSON, bytes, or a stream sent chunked (import, load). */
export interface StreamRequest {
  query?: Query;
  body?: unknown;
  headers?: Record<string, string>;
}

/**
 * A client of the Docker Engine API over a unix socket, as the docker CLI behaves: `HEAD /_ping`
 * first, then requests under `/v<negotiated>`; error answers become DaemonError with the daemon's
 * `message` (or the raw text when the answer is not exactly application/json).
 */
export class EngineClient {
  private readonly socketPath: string;
  private negotiated: string | undefined;

  constructor(private readonly options: ClientOptions) {
    if (!options.host.startsWith('unix://')) {
      throw new Error(`unsupported host ${JSON.stringify(options.host)}: only unix:// sockets are supported`);
    }
    this.socketPath = options.host.slice('unix://'.length);
    this.negotiated = options.apiVersion;
  }

  get host(): string {
    return this.options.host;
  }

  /** The API version requests use (negotiated on first use). */
  async apiVersion(): Promise<string> {
    if (this.negotiated === undefined) {
      const res = await this.raw('HEAD', '/_ping');
      const server = String(res.headers['api-version'] ?? '1.24');
      this.negotiated = lessThan(server, clientMaxApiVersion) ? server : clientMaxApiVersion;
    }
    return this.negotiated;
  }

  /**
   * One request under the negotiated version prefix; throws DaemonError on ≥ 400. Before the version
   * is known, the request goes out at the client's newest and the answer's `Api-Version` settles it
   * (one round trip fewer than a ping first); a daemon older than that refuses with "too new" in its
   * version check, before any handler runs, and the request is sent again at its version.
   */
  async call(
    method: string,
    path: string,
    opts: { query?: Query; body?: unknown } = {},
  ): Promise<RawResponse> {
    const query = encodeQuery(opts.query);
    let version = this.negotiated ?? clientMaxApiVersion;
    let res = await this.raw(method, `/v${version}${path}${query}`, opts.body);
    if (this.negotiated === undefined) {
      const tooNew = /is too new\. Maximum supported API version is ([0-9.]+)/.exec(
        res.body.toString('utf8'),
      );
      if (res.status === 400 && tooNew?.[1]) {
        version = this.negotiated = tooNew[1];
        res = await this.raw(method, `/v${version}${path}${query}`, opts.body);
      } else {
        const server = res.headers['api-version'];
        this.negotiated = server && lessThan(server, clientMaxApiVersion) ? server : clientMaxApiVersion;
      }
    }
    if (res.status >= 400) throw toDaemonError(res, `/v${version}${path}`);
    return res;
  }

  async json<T>(method: string, path: string, opts: { query?: Query; body?: unknown } = {}): Promise<T> {
    const res = await this.call(method, path, opts);
    return JSON.parse(res.body.toString('utf8')) as T;
  }

  createVolume(req: VolumeCreateRequest): Promise<Volume> {
    return this.json<Volume>('POST', '/volumes/create', { body: req });
  }

  /** `usage` sends Strata's `size=1`: each volume also says who uses it and when it was mounted. */
  listVolumes(
    filters?: Record<string, string[]>,
    opts: { usage?: boolean } = {},
  ): Promise<VolumeListResponse> {
    return this.json<VolumeListResponse>('GET', '/volumes', {
      query: { filters: encodeFilters(filters), size: opts.usage ? '1' : undefined },
    });
  }

  /** `usage` as for listVolumes. */
  async inspectVolume(name: string, opts: { usage?: boolean } = {}): Promise<Volume> {
    return this.json<Volume>('GET', `/volumes/${encodeURIComponent(trimId('volume', name))}`, {
      query: { size: opts.usage ? '1' : undefined },
    });
  }

  async removeVolume(name: string, force = false): Promise<void> {
    await this.call('DELETE', `/volumes/${encodeURIComponent(trimId('volume', name))}`, {
      query: { force: force ? '1' : undefined },
    });
  }

  /** Strata's own `POST /volumes/{name}/rename?name=NEW`; answers the renamed volume. */
  renameVolume(name: string, newName: string): Promise<Volume> {
    return this.json<Volume>('POST', `/volumes/${encodeURIComponent(trimId('volume', name))}/rename`, {
      query: { name: newName },
    });
  }

  /** Strata's `POST /volumes/{name}/labels`: sets (replacing) and drops labels; the volume after. */
  updateVolumeLabels(
    name: string,
    change: { Add?: Record<string, string>; Remove?: string[] },
  ): Promise<Volume> {
    return this.json<Volume>('POST', `/volumes/${encodeURIComponent(trimId('volume', name))}/labels`, {
      body: change,
    });
  }

  /**
   * `POST /volumes/prune`; with `dryRun`, Strata's `?dryrun=1`: what would be removed, removing
   * nothing, with each volume's size in `VolumeSizes`.
   */
  pruneVolumes(
    filters?: Record<string, string[]>,
    opts: { dryRun?: boolean } = {},
  ): Promise<VolumePruneReport & { VolumeSizes?: Record<string, number> }> {
    return this.json('POST', '/volumes/prune', {
      query: { filters: encodeFilters(filters), dryrun: opts.dryRun ? '1' : undefined },
    });
  }

  diskUsage(types?: string[]): Promise<DiskUsageResponse> {
    return this.json<DiskUsageResponse>('GET', '/system/df', { query: { type: types } });
  }

  version(): Promise<Record<string, unknown>> {
    return this.json('GET', '/version');
  }

  info(): Promise<Record<string, unknown>> {
    return this.json('GET', '/info');
  }

  /**
   * Streams `/events`, calling `onEvent` per message until the daemon ends the stream (`until`) or
   * `signal` aborts. Resolves when the stream ends.
   */
  async events(
    opts: { since?: string; until?: string; filters?: Record<string, string[]>; signal?: AbortSignal },
    onEvent: (e: EventMessage) => void,
  ): Promise<void> {
    const version = await this.apiVersion();
    const query = encodeQuery({ since: opts.since, until: opts.until, filters: encodeFilters(opts.filters) });
    const { request: httpRequest } = await import('node:http');
    await new Promise<void>((resolve, reject) => {
      const req = httpRequest(
        {
          socketPath: this.socketPath,
          method: 'GET',
          path: `/v${version}/events${query}`,
          headers: this.headers(),
        },
        (res) => {
          if ((res.statusCode ?? 500) >= 400) {
            collect(res).then(
              (body) =>
                reject(
                  toDaemonError(
                    {
                      status: res.statusCode ?? 500,
                      headers: { 'content-type': String(res.headers['content-type']) },
                      body,
                    },
                    '/events',
                  ),
                ),
              reject,
            );
            return;
          }
          let buf = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            buf += chunk;
            let nl;
            while ((nl = buf.indexOf('\n')) >= 0) {
              const line = buf.slice(0, nl);
              buf = buf.slice(nl + 1);
              if (line.trim() !== '') onEvent(parseEventLine(line));
            }
          });
          res.on('end', resolve);
          res.on('error', reject);
        },
      );
      req.on('error', (err) =>
        opts.signal?.aborted ? resolve() : reject(new ConnectionError(this.host, err)),
      );
      opts.signal?.addEventListener('abort', () => {
        req.destroy();
        resolve();
      });
      req.end();
    });
  }

  /**
   * A request whose answer is read as a stream (logs, wait, pull, import, load): the version is
   * negotiated first (a body stream cannot be sent twice), then the answer's headers resolve it; an
   * error status is read in full and thrown as DaemonError.
   */
  async stream(method: string, path: string, opts: StreamRequest = {}): Promise<IncomingMessage> {
    const version = await this.apiVersion();
    const { request: httpRequest } = await import('node:http');
    const headers = { ...this.headers(), ...opts.headers };
    const body = opts.body;
    const isStream = typeof (body as NodeJS.ReadableStream | undefined)?.pipe === 'function';
    let payload: Buffer | undefined;
    if (Buffer.isBuffer(body)) payload = body;
    else if (body !== undefined && !isStream) {
      payload = Buffer.from(goJson(body));
      headers['Content-Type'] ??= 'application/json';
    }
    if (payload) headers['Content-Length'] = String(payload.length);
    const route = `/v${version}${path}`;
    return new Promise<IncomingMessage>((resolve, reject) => {
      const req = httpRequest(
        { socketPath: this.socketPath, method, path: `${route}${encodeQuery(opts.query)}`, headers },
        (res) => {
          if ((res.statusCode ?? 500) < 400) {
            resolve(res);
            return;
          }
          collect(res).then((b) => {
            const type = String(res.headers['content-type'] ?? '');
            reject(
              toDaemonError(
                { status: res.statusCode ?? 500, headers: { 'content-type': type }, body: b },
                route,
              ),
            );
          }, reject);
        },
      );
      req.on('error', (err) => reject(new ConnectionError(this.host, err)));
      if (isStream) (body as NodeJS.ReadableStream).pipe(req);
      else req.end(payload);
    });
  }

  /**
   * Upgrades `POST path` to a raw two-way stream (attach, exec start). An answer other than 101 is
   * docker's `unable to upgrade to tcp, received <status>`.
   */
  async hijack(path: string, opts: { query?: Query; body?: unknown } = {}): Promise<HijackedStream> {
    const version = await this.apiVersion();
    const headers = this.headers();
    let body: Buffer | undefined;
    if (opts.body !== undefined) {
      body = Buffer.from(goJson(opts.body));
      headers['Content-Type'] = 'application/json';
    } else headers['Content-Type'] = 'text/plain';
    let res;
    try {
      res = await hijackRequest(this.socketPath, {
        path: `/v${version}${path}${encodeQuery(opts.query)}`,
        headers,
        ...(body ? { body } : {}),
      });
    } catch (err) {
      throw new ConnectionError(this.host, err);
    }
    if (!res.upgraded) throw new ClientError(`unable to upgrade to tcp, received ${res.status}`);
    return res.stream;
  }

  /** A request exactly as given (no version prefix, no error mapping). */
  async raw(method: string, path: string, body?: unknown): Promise<RawResponse> {
    const payload = body === undefined ? undefined : Buffer.from(goJson(body));
    const headers = this.headers();
    if (payload) headers['Content-Type'] = 'application/json';
    try {
      return await unixHttpRequest(this.socketPath, {
        method,
        path,
        headers,
        ...(payload ? { body: payload } : {}),
      });
    } catch (err) {
      throw new ConnectionError(this.host, err);
    }
  }

  private headers(): Record<string, string> {
    return { Host: 'api.moby.localhost', 'User-Agent': this.options.userAgent ?? 'Strata-Client (linux)' };
  }
}
