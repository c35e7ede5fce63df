import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { archiveOf, hasTrailer, trailerHeader } from './archive-trailer.js';
import { trimId, type EngineClient } from './engine-client.js';

/** The stat header of Strata's volume archive routes (moby: X-Docker-Container-Path-Stat). */
export const pathStatHeader = 'x-strata-volume-path-stat';

/** container.PathStat as the daemon sends it. */
export interface VolumePathStat {
  name: string;
  size: number;
  /** Go os.FileMode bits: 1<<31 directory, 1<<27 symbolic link. */
  mode: number;
  mtime: string;
  linkTarget: string;
}

export const modeDir = 2 ** 31;
export const modeSymlink = 2 ** 27;

export interface ImportAnswer {
  Name: string;
  Created: boolean;
  Entries: number;
  Bytes: number;
}

const volumePath = (name: string): string => `/volumes/${encodeURIComponent(trimId('volume', name))}`;

/** Strata's volume export/import and cp routes, as the CLI and tests call them. */
export class VolumeArchiveApi {
  constructor(private readonly client: EngineClient) {}

  /**
   * `GET /volumes/{name}/export`: the tar stream. It errors (ArchiveStreamError) when the daemon
   * reports a failure or the stream was cut short, so a complete stream is a complete archive.
   */
  async export(name: string): Promise<Readable> {
    const res = await this.exportResponse(name);
    return hasTrailer(res) ? archiveOf(res) : res;
  }

  /**
   * The raw answer to `GET /volumes/{name}/export`, asking for the direct body (tar straight from
   * the daemon's tar, then a status block: see archive-trailer.ts); `hasTrailer` tells whether the
   * daemon sent it so.
   */
  exportResponse(name: string): Promise<IncomingMessage> {
    return this.client.stream('GET', `${volumePath(name)}/export`, { headers: { [trailerHeader]: '1' } });
  }

  /** `POST /volumes/{name}/import`: sends `tar` and answers what was imported. */
  async import(
    name: string,
    tar: NodeJS.ReadableStream,
    opts: { replace?: boolean; allowDevices?: boolean } = {},
  ): Promise<ImportAnswer> {
    const res = await this.client.stream('POST', `${volumePath(name)}/import`, {
      query: { replace: opts.replace ? '1' : undefined, devices: opts.allowDevices ? '1' : undefined },
      body: tar,
      headers: { 'Content-Type': 'application/x-tar' },
    });
    return JSON.parse((await readAll(res)).toString('utf8')) as ImportAnswer;
  }

  /** `HEAD /volumes/{name}/archive?path=`; not-found is a DaemonError with status 404. */
  async stat(name: string, path: string): Promise<VolumePathStat> {
    const res = await this.client.stream('HEAD', `${volumePath(name)}/archive`, { query: { path } });
    res.resume();
    return decodeStat(res.headers[pathStatHeader]);
  }

  /** `GET /volumes/{name}/archive?path=`: the stat and the tar stream. */
  async get(name: string, path: string): Promise<{ stat: VolumePathStat; tar: IncomingMessage }> {
    const res = await this.client.stream('GET', `${volumePath(name)}/archive`, { query: { path } });
    return { stat: decodeStat(res.headers[pathStatHeader]), tar: res };
  }

  /** `PUT /volumes/{name}/archive?path=`: extracts `tar` into the directory `path`. */
  async put(
    name: string,
    path: string,
    tar: NodeJS.ReadableStream,
    opts: { copyUIDGID?: boolean; allowOverwriteDirWithFile?: boolean } = {},
  ): Promise<void> {
    const res = await this.client.stream('PUT', `${volumePath(name)}/archive`, {
      query: {
        path,
        noOverwriteDirNonDir: opts.allowOverwriteDirWithFile ? undefined : 'true',
        copyUIDGID: opts.copyUIDGID ? 'true' : undefined,
      },
      body: tar,
      headers: { 'Content-Type': 'application/x-tar' },
    });
    await readAll(res);
  }
}

function decodeStat(header: string | string[] | undefined): VolumePathStat {
  if (typeof header !== 'string' || header === '') throw new Error('the daemon sent no path stat');
  return JSON.parse(Buffer.from(header, 'base64').toString('utf8')) as VolumePathStat;
}

function readAll(res: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => resolve(Buffer.concat(chunks)));
    res.on('error', reject);
  });
}
