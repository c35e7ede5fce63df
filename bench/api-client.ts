// A minimal Engine API client for timing: HTTP/1.1 over a unix socket with a keep-alive agent, so a
// request costs what a long-lived client (compose, an SDK) pays, not a TCP/unix connect each time.
// The body is read completely before the clock stops; it is never parsed on the timed path.
import http from 'node:http';
import { nowMs } from './stats.js';

export interface TimedResponse {
  status: number;
  body: Buffer;
  /** From just before the request is written to the last body byte received. */
  ms: number;
}

export interface ApiClientOptions {
  socket: string;
  /** Path prefix sent on every request, e.g. `/v1.41` (both daemons speak it). */
  prefix: string;
  /** Connections kept open: 1 for sequential use, N for N requests in flight. */
  maxSockets: number;
  timeoutMs?: number;
}

export class ApiClient {
  private readonly agent: http.Agent;
  /** Requests sent so far (for per-request costs of a phase). */
  requests = 0;

  constructor(private readonly options: ApiClientOptions) {
    this.agent = new http.Agent({ keepAlive: true, maxSockets: options.maxSockets });
  }

  request(method: string, path: string, json?: unknown): Promise<TimedResponse> {
    this.requests++;
    const body = json === undefined ? undefined : Buffer.from(JSON.stringify(json));
    const headers: Record<string, string | number> = { Host: 'localhost' };
    if (body) {
      headers['Content-Type'] = 'application/json';
      headers['Content-Length'] = body.length;
    }
    return new Promise((resolve, reject) => {
      const started = nowMs();
      const req = http.request({
        socketPath: this.options.socket,
        agent: this.agent,
        method,
        path: this.options.prefix + path,
        headers,
        setHost: false,
      });
      req.setTimeout(this.options.timeoutMs ?? 120_000, () =>
        req.destroy(new Error(`timed out: ${method} ${path}`)),
      );
      req.on('error', reject);
      req.on('response', (res) => {
        const parts: Buffer[] = [];
        res.on('data', (c: Buffer) => parts.push(c));
        res.on('error', reject);
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(parts), ms: nowMs() - started }),
        );
      });
      req.end(body);
    });
  }

  /** As request, but throws unless the status is the expected one. */
  async expect(status: number, method: string, path: string, json?: unknown): Promise<TimedResponse> {
    const res = await this.request(method, path, json);
    if (res.status !== status) {
      throw new Error(
        `${method} ${path}: expected ${status}, got ${res.status}: ${res.body.toString().trim()}`,
      );
    }
    return res;
  }

  close(): void {
    this.agent.destroy();
  }
}

/**
 * Runs `count` jobs with at most `concurrency` in flight, in index order of start; resolves when all
 * are done (the first failure rejects).
 */
export async function runPool(
  count: number,
  concurrency: number,
  job: (index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const i = next++;
      await job(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, () => worker()));
}
