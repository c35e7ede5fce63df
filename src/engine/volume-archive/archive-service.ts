/**
 * Volume archives (Strata's own): export a volume as a plain tar, import one, and docker cp's
 * stat/archive/extract for a path in a volume. Every operation mounts the volume through its
 * driver under its own mount id (so tmpfs, image-backed and FUSE volumes work) and unmounts when
 * the stream ends. An import holds the volume whole: no container may start using it, and no
 * export or copy runs on it meanwhile (each is refused with a conflict naming the other).
 */
import { randomBytes } from 'node:crypto';
import type { Socket } from 'node:net';
import type { Readable } from 'node:stream';
import { conflict, messages } from '../../errors/index.js';
import { encodeMeta, metaKeyword, type ArchiveVolumes } from './archive-volumes.js';
import { DeferredArchive } from './deferred-archive.js';
import { createArchive, type TarRun } from './gnu-tar.js';
import { ImportJournals } from './import-swap.js';
import type { PathStat } from './scoped-path.js';
import { archiveInVolume, extractInVolume, statInVolume, type ExtractOptions } from './volume-copy.js';
import { importVolume, settleImports, type ImportOptions, type ImportResult } from './volume-import.js';

export type { ImportOptions, ImportResult } from './volume-import.js';
export type { PathStat } from './scoped-path.js';

export interface VolumeArchiveOptions {
  volumes: ArchiveVolumes;
  /** Where import journals live (`<data-root>/imports`). */
  journalDir: string;
  /** syncfs the staged content before swapping it in (`--durability power`). */
  durable: boolean;
  log?: (level: 'info' | 'warn', msg: string, fields?: Record<string, unknown>) => void;
}

/** A tar stream being produced; `close` ends it early (the client went away). */
export interface ArchiveStream {
  stream: Readable;
  /** Settles when the stream has been produced in full (rejects when tar failed). */
  done: Promise<void>;
  close(): void;
  /**
   * Present when tar has not started yet: starts it writing straight into `socket` (the response
   * head already sent). Reading `stream` instead starts it on a pipe.
   */
  sendTo?(socket: Socket): void;
}

export class VolumeArchiveService {
  private readonly volumes: ArchiveVolumes;
  private readonly journals: ImportJournals;
  private readonly durable: boolean;
  private readonly log: NonNullable<VolumeArchiveOptions['log']>;
  private readonly importing = new Set<string>();
  /** Volume → exports and copies running on it. */
  private readonly readers = new Map<string, number>();

  constructor(options: VolumeArchiveOptions) {
    this.volumes = options.volumes;
    this.journals = new ImportJournals(options.journalDir, options.durable);
    this.durable = options.durable;
    this.log = options.log ?? (() => undefined);
  }

  /** Finishes or undoes imports an earlier daemon left half done; call before serving. */
  async settle(): Promise<void> {
    await settleImports(this.context(), (msg, fields) => this.log('warn', msg, { ...fields }));
  }

  async import(name: string, body: NodeJS.ReadableStream, opts: ImportOptions): Promise<ImportResult> {
    if (this.importing.has(name)) throw conflict(messages.volumeBusy(name, 'imported'));
    if ((this.readers.get(name) ?? 0) > 0) throw conflict(messages.volumeBusy(name, 'exported or copied'));
    this.importing.add(name);
    try {
      return await importVolume(this.context(), name, body, opts);
    } finally {
      this.importing.delete(name);
    }
  }

  /** The whole volume as a tar, its catalog facts in a PAX global record GNU tar ignores. */
  async export(name: string): Promise<ArchiveStream> {
    const vol = this.volumes.get(name);
    const globals = { [metaKeyword]: encodeMeta(vol) };
    return this.reading(name, (mountpoint) => {
      const archive = new DeferredArchive((output) =>
        createArchive(mountpoint, ['.'], globals, undefined, output),
      );
      return { archive, result: undefined };
    }).then((r) => r.stream);
  }

  /** `HEAD /volumes/{name}/archive?path=`. */
  async stat(name: string, path: string): Promise<PathStat> {
    this.volumes.get(name);
    const { id, mountpoint } = await this.mountFor(name);
    try {
      return statInVolume(mountpoint, name, path);
    } finally {
      await this.unmount(name, id);
    }
  }

  /** `GET /volumes/{name}/archive?path=`. */
  async archive(name: string, path: string): Promise<{ stat: PathStat; archive: ArchiveStream }> {
    this.volumes.get(name);
    const r = await this.reading(name, (mountpoint) => {
      const { stat, tar } = archiveInVolume(mountpoint, name, path);
      return { archive: fromRun(tar), result: stat };
    });
    return { stat: r.result, archive: r.stream };
  }

  /** `PUT /volumes/{name}/archive?path=`. */
  async extract(
    name: string,
    path: string,
    body: NodeJS.ReadableStream,
    opts: ExtractOptions,
  ): Promise<void> {
    this.volumes.get(name);
    if (this.importing.has(name)) throw conflict(messages.volumeBusy(name, 'imported'));
    this.enter(name);
    const { id, mountpoint } = await this.mountFor(name).catch((err: unknown) => {
      this.leave(name);
      throw err;
    });
    try {
      await extractInVolume(mountpoint, path, body, opts);
      this.volumes.contentChanged?.(name);
    } finally {
      await this.unmount(name, id);
      this.leave(name);
    }
  }

  /** Mounts, starts a tar, and releases the mount when the stream ends however it ends. */
  private async reading<T>(
    name: string,
    start: (mountpoint: string) => { archive: ArchiveStream; result: T },
  ): Promise<{ stream: ArchiveStream; result: T }> {
    if (this.importing.has(name)) throw conflict(messages.volumeBusy(name, 'imported'));
    this.enter(name);
    let mounted: { id: string; mountpoint: string } | undefined;
    try {
      mounted = await this.mountFor(name);
      const { archive, result } = start(mounted.mountpoint);
      const { id } = mounted;
      const done = archive.done.finally(() => this.unmount(name, id).finally(() => this.leave(name)));
      done.catch(() => undefined);
      // Not a spread: reading `stream` may be what starts tar.
      const stream: ArchiveStream = {
        get stream() {
          return archive.stream;
        },
        done,
        close: () => archive.close(),
      };
      if (archive.sendTo) stream.sendTo = (socket) => archive.sendTo?.(socket);
      return { stream, result };
    } catch (err) {
      if (mounted) await this.unmount(name, mounted.id);
      this.leave(name);
      throw err;
    }
  }

  private async mountFor(name: string): Promise<{ id: string; mountpoint: string }> {
    const id = `archive-${randomBytes(6).toString('hex')}`;
    return { id, mountpoint: await this.volumes.mount(name, id) };
  }

  private async unmount(name: string, id: string): Promise<void> {
    await this.volumes.unmount(name, id).catch((err: unknown) => {
      this.log('warn', 'could not unmount a volume after an archive operation', { name, err: String(err) });
    });
  }

  private enter(name: string): void {
    this.readers.set(name, (this.readers.get(name) ?? 0) + 1);
  }

  private leave(name: string): void {
    const n = (this.readers.get(name) ?? 1) - 1;
    if (n <= 0) this.readers.delete(name);
    else this.readers.set(name, n);
  }

  private context(): Parameters<typeof importVolume>[0] {
    return { volumes: this.volumes, journals: this.journals, durable: this.durable };
  }
}

function fromRun(tar: TarRun): ArchiveStream {
  return { stream: tar.child.stdout as Readable, done: tar.done, close: () => tar.kill() };
}
