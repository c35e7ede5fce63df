import type { IncomingMessage } from 'node:http';
import { collect, encodeFilters, trimId, type EngineClient } from './engine-client.js';
import type { HijackedStream } from './hijack.js';

/** `GET /containers/json` items, the fields the CLI reads (api/types/container.Summary). */
export interface ContainerSummary {
  Id: string;
  Names: string[];
  Image: string;
  ImageID: string;
  Command: string;
  Created: number;
  Ports: Array<{ IP?: string; PrivatePort: number; PublicPort?: number; Type: string }>;
  SizeRw?: number;
  SizeRootFs?: number;
  Labels: Record<string, string> | null;
  State: string;
  Status: string;
  NetworkSettings?: { Networks?: Record<string, unknown> } | null;
  Mounts: Array<{ Name?: string; Source: string; Driver?: string }>;
  [key: string]: unknown;
}

/** `GET /containers/{id}/json`, the fields the CLI acts on. */
export interface ContainerInspect {
  Id: string;
  Name: string;
  Config: { Tty: boolean; OpenStdin: boolean; [key: string]: unknown };
  HostConfig: { AutoRemove: boolean; [key: string]: unknown };
  State: { Running: boolean; Paused: boolean; Restarting: boolean; [key: string]: unknown };
  [key: string]: unknown;
}

export interface WaitResult {
  StatusCode: number;
  Error?: { Message: string } | null;
}

export interface ExecConfig {
  User: string;
  Privileged: boolean;
  Tty: boolean;
  ConsoleSize?: [number, number];
  AttachStdin: boolean;
  AttachStderr: boolean;
  AttachStdout: boolean;
  Detach: boolean;
  DetachKeys: string;
  Env: string[] | null;
  WorkingDir: string;
  Cmd: string[];
}

const flag = (on: boolean | undefined): string | undefined => (on ? '1' : undefined);
const path = (id: string, rest = ''): string =>
  `/containers/${encodeURIComponent(trimId('container', id))}${rest}`;

/** The container half of the Engine API as the docker client calls it (moby client/container_*.go). */
export class ContainersApi {
  constructor(private readonly client: EngineClient) {}

  create(body: unknown, name: string): Promise<{ Id: string; Warnings: string[] | null }> {
    return this.client.json('POST', '/containers/create', {
      query: { name: name !== '' ? name : undefined },
      body,
    });
  }

  /** The answer's bytes as the daemon sent them (docker's inspect prints them re-indented) and parsed. */
  async inspect(id: string, size = false): Promise<{ raw: Buffer; value: ContainerInspect }> {
    const res = await this.client.call('GET', path(id, '/json'), { query: { size: flag(size) } });
    return { raw: res.body, value: JSON.parse(res.body.toString('utf8')) as ContainerInspect };
  }

  list(opts: { all: boolean; limit: number; size: boolean; filters: Record<string, string[]> }) {
    return this.client.json<ContainerSummary[]>('GET', '/containers/json', {
      query: {
        all: flag(opts.all),
        filters: encodeFilters(opts.filters),
        limit: opts.limit > 0 ? String(opts.limit) : undefined,
        size: flag(opts.size),
      },
    });
  }

  async start(id: string): Promise<void> {
    await this.client.call('POST', path(id, '/start'));
  }

  async stop(id: string, opts: { signal?: string; timeout?: number }, verb: 'stop' | 'restart' = 'stop') {
    await this.client.call('POST', path(id, `/${verb}`), {
      query: {
        signal: opts.signal || undefined,
        t: opts.timeout !== undefined ? String(opts.timeout) : undefined,
      },
    });
  }

  async kill(id: string, signal: string): Promise<void> {
    await this.client.call('POST', path(id, '/kill'), { query: { signal: signal || undefined } });
  }

  /** `POST /containers/{id}/pause` or `/unpause`. */
  async pause(id: string, verb: 'pause' | 'unpause' = 'pause'): Promise<void> {
    await this.client.call('POST', path(id, `/${verb}`));
  }

  async remove(id: string, opts: { force: boolean; volumes: boolean; link: boolean }): Promise<void> {
    await this.client.call('DELETE', path(id), {
      query: { force: flag(opts.force), link: flag(opts.link), v: flag(opts.volumes) },
    });
  }

  async rename(id: string, name: string): Promise<void> {
    await this.client.call('POST', path(id, '/rename'), { query: { name } });
  }

  async resize(id: string, height: number, width: number, exec = false): Promise<void> {
    const p = exec ? `/exec/${encodeURIComponent(id)}/resize` : path(id, '/resize');
    await this.client.call('POST', p, { query: { h: String(height), w: String(width) } });
  }

  /**
   * `POST /containers/{id}/wait`: resolves once the daemon has answered the headers (so the wait is
   * registered before a start that follows); `result` settles when the container reaches `condition`.
   */
  async wait(id: string, condition: string): Promise<{ result: Promise<WaitResult> }> {
    const res = await this.client.stream('POST', path(id, '/wait'), {
      query: { condition: condition || undefined },
    });
    return { result: readWaitResult(res) };
  }

  attach(id: string, opts: { stdin: boolean; stdout: boolean; stderr: boolean; detachKeys?: string }) {
    return this.client.hijack(path(id, '/attach'), {
      query: {
        detachKeys: opts.detachKeys || undefined,
        stderr: flag(opts.stderr),
        stdin: flag(opts.stdin),
        stdout: flag(opts.stdout),
        stream: '1',
      },
    });
  }

  logs(
    id: string,
    opts: {
      follow: boolean;
      since?: string;
      until?: string;
      tail: string;
      timestamps: boolean;
      details: boolean;
    },
  ): Promise<IncomingMessage> {
    return this.client.stream('GET', path(id, '/logs'), {
      query: {
        details: flag(opts.details),
        follow: flag(opts.follow),
        since: opts.since,
        stderr: '1',
        stdout: '1',
        tail: opts.tail,
        timestamps: flag(opts.timestamps),
        until: opts.until,
      },
    });
  }

  execCreate(id: string, config: ExecConfig): Promise<{ Id: string }> {
    return this.client.json('POST', path(id, '/exec'), { body: config });
  }

  /** `POST /exec/{id}/start`: detached it is a plain request, else the connection is hijacked. */
  async execStart(execId: string, opts: { Detach: boolean; Tty: boolean; ConsoleSize?: [number, number] }) {
    const p = `/exec/${encodeURIComponent(execId)}/start`;
    if (opts.Detach) {
      await this.client.call('POST', p, { body: opts });
      return undefined;
    }
    return (await this.client.hijack(p, { body: opts })) as HijackedStream;
  }

  execInspect(execId: string): Promise<{ ExitCode: number | null; Running: boolean }> {
    return this.client.json('GET', `/exec/${encodeURIComponent(execId)}/json`);
  }
}

/** client ContainerWait: one JSON value; anything else is an error carrying the answer's text. */
async function readWaitResult(res: IncomingMessage): Promise<WaitResult> {
  const text = (await collect(res)).toString('utf8');
  try {
    return JSON.parse(text) as WaitResult;
  } catch {
    throw new Error(text);
  }
}
