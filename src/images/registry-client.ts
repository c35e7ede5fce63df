/**
 * A client of the OCI distribution API for pulls: `GET /v2/` (which tells the auth scheme),
 * manifests by tag or digest, blobs (redirects followed). Bearer tokens are fetched from the realm
 * the registry names in `WWW-Authenticate` (with basic credentials when given); `Basic` challenges
 * get the credentials directly. Insecure registries (loopback, as Docker treats 127.0.0.0/8) are
 * tried over https without verification first, then plain http, as moby orders its endpoints.
 * Errors: `RegistryError` for the registry's own error bodies (code + message, as errcode.Error
 * prints them), plain Errors with Go's url.Error wording for transport failures.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { RegistryAuth } from './image-store.js';
import { acceptManifests } from './manifest.js';

export class RegistryError extends Error {
  constructor(
    readonly code: string,
    readonly detailMessage: string,
    readonly status: number,
  ) {
    // errcode.Error.Error(): the code's lower-case words, then the message.
    super(`${code.toLowerCase().replace(/_/g, ' ')}: ${detailMessage}`);
  }
}

export interface RegistryClientOptions {
  /** `host[:port]` of the registry (`registry-1.docker.io` for Docker Hub). */
  host: string;
  /** Repository path on that registry (`library/busybox`). */
  repository: string;
  insecure: boolean;
  auth?: RegistryAuth;
  userAgent?: string;
}

interface Response {
  status: number;
  headers: IncomingMessage['headers'];
  body: IncomingMessage;
}

export class RegistryClient {
  private scheme: 'https' | 'http' = 'https';
  private authorization: string | undefined;

  constructor(private readonly o: RegistryClientOptions) {}

  /** `GET /v2/`: picks the scheme and authenticates if the registry asks. */
  async ping(): Promise<void> {
    let res: Response;
    try {
      res = await this.send('GET', '/v2/');
    } catch (err) {
      if (!this.o.insecure) throw err;
      this.scheme = 'http';
      res = await this.send('GET', '/v2/');
    }
    res.body.resume();
    if (res.status === 401) await this.authenticate(String(res.headers['www-authenticate'] ?? ''));
  }

  /** A manifest by tag or digest: its bytes, media type and digest header. */
  async manifest(reference: string): Promise<{ body: Buffer; contentType: string; digest?: string }> {
    const res = await this.checked('GET', `/v2/${this.o.repository}/manifests/${reference}`, {
      Accept: acceptManifests.join(', '),
    });
    const body = await readAll(res.body);
    const digest = res.headers['docker-content-digest'];
    const out: { body: Buffer; contentType: string; digest?: string } = {
      body,
      contentType: String(res.headers['content-type'] ?? ''),
    };
    if (typeof digest === 'string') out.digest = digest;
    return out;
  }

  /** A blob's bytes as a stream, and its length (0 when the registry does not say). */
  async blob(digest: string): Promise<{ stream: IncomingMessage; size: number }> {
    const res = await this.checked('GET', `/v2/${this.o.repository}/blobs/${digest}`, {});
    return { stream: res.body, size: Number(res.headers['content-length'] ?? 0) || 0 };
  }

  private async checked(method: string, path: string, headers: Record<string, string>): Promise<Response> {
    let res = await this.send(method, path, headers);
    for (let hops = 0; res.status >= 300 && res.status < 400 && res.headers.location; hops++) {
      if (hops >= 10) throw new Error(`${goMethod(method)} "${this.url(path)}": stopped after 10 redirects`);
      res.body.resume();
      res = await this.sendUrl(method, new URL(res.headers.location, this.url(path)), headers, false);
    }
    if (res.status >= 200 && res.status < 300) return res;
    const body = await readAll(res.body);
    let errors: Array<{ code?: string; message?: string }> = [];
    try {
      errors = (JSON.parse(body.toString('utf8')) as { errors?: typeof errors }).errors ?? [];
    } catch {
      // not a registry error body
    }
    const first = errors[0];
    if (first?.code) throw new RegistryError(first.code, first.message ?? '', res.status);
    if (res.status === 401) throw new RegistryError('UNAUTHORIZED', 'authentication required', 401);
    if (res.status === 404 && path.includes('/manifests/')) {
      throw new RegistryError('MANIFEST_UNKNOWN', 'manifest unknown', 404);
    }
    throw new Error(`received unexpected HTTP status: ${res.status} ${statusText(res.status)}`);
  }

  private async authenticate(challenge: string): Promise<void> {
    const m = /^(\w+)\s+(.*)$/.exec(challenge.trim());
    if (!m) return;
    const scheme = (m[1] as string).toLowerCase();
    const params = new Map<string, string>();
    for (const p of (m[2] as string).matchAll(/(\w+)="([^"]*)"/g)) params.set(p[1] as string, p[2] as string);
    const { username, password } = this.o.auth ?? {};
    const basic =
      username !== undefined && username !== ''
        ? `Basic ${Buffer.from(`${username}:${password ?? ''}`).toString('base64')}`
        : undefined;
    if (scheme === 'basic') {
      this.authorization = basic;
      return;
    }
    if (scheme !== 'bearer' || !params.has('realm')) return;
    if (this.o.auth?.registrytoken) {
      this.authorization = `Bearer ${this.o.auth.registrytoken}`;
      return;
    }
    const url = new URL(params.get('realm') as string);
    if (params.has('service')) url.searchParams.set('service', params.get('service') as string);
    url.searchParams.set('scope', `repository:${this.o.repository}:pull`);
    const headers: Record<string, string> = basic ? { Authorization: basic } : {};
    const res = await this.sendUrl('GET', url, headers, false);
    const body = await readAll(res.body);
    if (res.status !== 200) {
      throw new RegistryError('UNAUTHORIZED', `authentication required`, res.status);
    }
    const token = JSON.parse(body.toString('utf8')) as { token?: string; access_token?: string };
    const value = token.token ?? token.access_token;
    if (value) this.authorization = `Bearer ${value}`;
  }

  private url(path: string): string {
    return `${this.scheme}://${this.o.host}${path}`;
  }

  private send(method: string, path: string, headers: Record<string, string> = {}): Promise<Response> {
    return this.sendUrl(method, new URL(this.url(path)), headers, true);
  }

  private sendUrl(
    method: string,
    url: URL,
    headers: Record<string, string>,
    withAuth: boolean,
  ): Promise<Response> {
    const h: Record<string, string> = { 'User-Agent': this.o.userAgent ?? 'strata', ...headers };
    const sameHost = url.host === this.o.host;
    if (withAuth || sameHost) if (this.authorization) h.Authorization = this.authorization;
    const fn = url.protocol === 'http:' ? httpRequest : httpsRequest;
    return new Promise((resolve, reject) => {
      const req = fn(url, { method, headers: h, rejectUnauthorized: !this.o.insecure }, (res) =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: res }),
      );
      req.setTimeout(60_000, () => req.destroy(new Error('i/o timeout')));
      req.on('error', (err: NodeJS.ErrnoException) => reject(transportError(method, url, err)));
      req.end();
    });
  }
}

/** Go's url.Error wording: `Get "http://127.0.0.1:5000/v2/": dial tcp 127.0.0.1:5000: connect: connection refused`. */
function transportError(method: string, url: URL, err: NodeJS.ErrnoException): Error {
  const port = url.port || (url.protocol === 'http:' ? '80' : '443');
  const addr = `${url.hostname}:${port}`;
  let detail = err.message;
  if (err.code === 'ECONNREFUSED') detail = `dial tcp ${addr}: connect: connection refused`;
  else if (err.code === 'ENOTFOUND') detail = `dial tcp: lookup ${url.hostname}: no such host`;
  else if (err.code === 'ETIMEDOUT') detail = `dial tcp ${addr}: i/o timeout`;
  return new Error(`${goMethod(method)} "${url.toString()}": ${detail}`, { cause: err });
}

function goMethod(method: string): string {
  return method.charAt(0) + method.slice(1).toLowerCase();
}

function statusText(status: number): string {
  const texts: Record<number, string> = {
    400: 'Bad Request',
    403: 'Forbidden',
    404: 'Not Found',
    500: 'Internal Server Error',
    502: 'Bad Gateway',
    503: 'Service Unavailable',
  };
  return texts[status] ?? '';
}

async function readAll(s: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of s) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}
