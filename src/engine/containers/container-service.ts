import { directorySize } from '../../drivers/local/disk-usage.js';
import { conflict, invalidParameter, messages, notFound } from '../../errors/index.js';
import type { ImageStore } from '../../images/image-store.js';
import type { AttachStreams, ContainerRuntime } from '../../runtime/container-runtime.js';
import type { MetadataStore } from '../../store/metadata-store.js';
import type { EventBus } from '../event-bus.js';
import type { VolumeService } from '../volume-service.js';
import { nameConflict, validateContainerName } from './container-names.js';
import {
  mountForStart,
  releaseMountPoints,
  unmountAfterExit,
  type MountContext,
} from './container-mounts.js';
import { type ContainerRecord, zeroTime } from './container-record.js';
import { filterContainers } from './container-filters.js';
import { readLogs, type LogEntry, type LogOptions } from './container-logs.js';
import type { FilterQuery } from '../filter-args.js';
import { runtimeSpecFor, startFailure } from './runtime-spec.js';
import type { NetworkDirectory } from '../networks/network-attachments.js';
import { ContainerNetworks, joinNetworks, resolveAtStart } from './container-networks.js';
import { Waiters } from './waiters.js';
import { pauseContainer, thawAfterStopSignal, unpauseContainer } from './container-pause.js';
import { ContainerRestarts } from './container-restarts.js';
import { handleExit, watchExit, type ExitContext } from './container-exit.js';
import { killContainer, stopContainer, type StopContext } from './container-stop.js';
import { recoverContainers, type RecoveryContext } from './container-recovery.js';
import { createContainer, type CreateContext, type CreateRequest } from './container-create.js';

export interface ContainerServiceOptions {
  store: MetadataStore;
  volumes: VolumeService;
  images: ImageStore;
  runtime: ContainerRuntime;
  events: EventBus;
  /** The networks containers attach to; without one, only `default`, `host` and `none` exist. */
  networks?: NetworkDirectory;
  dataRoot: string;
  log?: (level: 'info' | 'warn' | 'error', msg: string, fields?: Record<string, unknown>) => void;
}

export type WaitCondition = 'not-running' | 'next-exit' | 'removed';

/**
 * Containers as Docker runs them (moby daemon/create.go, start.go, monitor.go, delete.go): records
 * in the catalog, processes in the runtime, volumes through the volume service (referenced from
 * create to remove, mounted from start to exit).
 */
export class ContainerService {
  private readonly records = new Map<string, ContainerRecord>();
  private readonly byName = new Map<string, string>();
  private readonly waiters = new Waiters();
  private readonly mountCtx: MountContext;
  private readonly log: NonNullable<ContainerServiceOptions['log']>;
  /**
   * The service as its concept modules (create, exit, stop, recovery, pause) see it, each through
   * its own narrow interface.
   */
  private readonly ctx: CreateContext & ExitContext & StopContext & RecoveryContext;

  constructor(private readonly o: ContainerServiceOptions) {
    this.log = o.log ?? (() => undefined);
    this.mountCtx = {
      volumes: o.volumes,
      dataRoot: o.dataRoot,
      findContainer: (ref) => this.find(ref),
      volumeEvent: (action, name, attributes) =>
        o.events.publish({ Type: 'volume', Action: action, Actor: { ID: name, Attributes: attributes } }),
    };
    const restart = (id: string): Promise<boolean> => this.start(id, { restart: true });
    this.ctx = {
      store: o.store,
      images: o.images,
      volumes: o.volumes,
      runtime: o.runtime,
      networks: o.networks,
      mounts: this.mountCtx,
      records: this.records,
      byName: this.byName,
      waiters: this.waiters,
      restarts: new ContainerRestarts({ persist: (rec) => this.persist(rec), restart, log: this.log }),
      log: this.log,
      persist: (rec) => this.persist(rec),
      event: (action, rec, extra) => this.containerEvent(action, rec, extra),
      watchExit: (rec) => watchExit(this.ctx, rec),
      handleExit: (id, exit) => handleExit(this.ctx, id, exit),
      restart,
      remove: (id, opts) => this.remove(id, opts),
      kill: (id, signal) => this.kill(id, signal),
    };
  }

  /** Start-up recovery (container-recovery.ts). */
  async init(): Promise<void> {
    await recoverContainers(this.ctx);
  }

  /** By full id, name (with or without `/`) or unique id prefix; Docker's 404 otherwise. */
  resolve(ref: string): ContainerRecord {
    const found = this.find(ref);
    if (!found) throw notFound(`No such container: ${ref}`);
    return found;
  }

  find(ref: string): ContainerRecord | undefined {
    const exact =
      this.records.get(ref) ?? this.records.get(this.byName.get(ref.startsWith('/') ? ref : `/${ref}`) ?? '');
    if (exact || ref === '') return exact;
    const matches = [...this.records.keys()].filter((id) => id.startsWith(ref));
    if (matches.length > 1) throw invalidParameter(`multiple IDs found with provided prefix: ${ref}`);
    return matches[0] === undefined ? undefined : this.records.get(matches[0]);
  }

  /** `docker ps`: newest first, filtered as Docker filters (running only unless `all`). */
  list(filters: FilterQuery = {}, opts: { all: boolean } = { all: true }): ContainerRecord[] {
    return filterContainers([...this.records.values()], filters, {
      all: opts.all,
      resolve: (ref) => this.resolve(ref),
      imageMatches: (ref, imageId) => this.o.images.get(ref)?.id === imageId,
    });
  }

  /** The container's log entries; with `follow`, until it stops. */
  logs(ref: string, opts: LogOptions): { tty: boolean; entries: AsyncGenerator<LogEntry> } {
    const rec = this.resolve(ref);
    const stopped = (): Promise<unknown> =>
      rec.State.Running ? this.waiters.next(rec.Id) : Promise.resolve();
    return { tty: !!rec.Config.Tty, entries: readLogs(rec.LogPath, opts, stopped) };
  }

  /** Containers made from `imageId` (image removal asks). */
  usingImage(imageId: string): Array<{ id: string; running: boolean }> {
    return [...this.records.values()]
      .filter((c) => c.Image === imageId)
      .map((c) => ({ id: c.Id, running: c.State.Running }));
  }

  /**
   * Docker's SizeRw (what the container wrote over its image) and SizeRootFs (that plus the image's
   * layers), in apparent bytes as moby's overlay2 counts them.
   */
  async sizes(ref: string): Promise<{ rw: number; rootFs: number }> {
    const rec = this.resolve(ref);
    const rw = await directorySize(this.o.runtime.rwLayerPath(rec.Id)).catch(() => 0);
    return { rw, rootFs: rw + (this.o.images.get(rec.Image)?.size ?? 0) };
  }

  /** Layer directories some container stands on. */
  layersInUse(): Set<string> {
    return new Set([...this.records.values()].flatMap((c) => c.LayerPaths ?? []));
  }

  /** The NetworkAttachments the network service asks: endpoints, connect, disconnect. */
  networkAttachments(): ContainerNetworks {
    return new ContainerNetworks({
      find: (ref) => this.find(ref),
      all: () => this.records.values(),
      persist: (rec) => this.persist(rec),
    });
  }

  /** `docker create` (container-create.ts). */
  create(req: CreateRequest): Promise<{ id: string; warnings: string[] }> {
    return createContainer(this.ctx, req);
  }

  /**
   * Starts a container; false when it was already running (the API answers 304). A user's start
   * forgets earlier restarts and stops (moby ResetRestartManager); a policy's restart does not.
   */
  async start(ref: string, opts: { restart?: boolean } = {}): Promise<boolean> {
    const rec = this.resolve(ref);
    if (rec.State.Paused) throw conflict(messages.startPaused);
    if (rec.State.Running && !(opts.restart && rec.State.Restarting)) return false;
    if (!opts.restart) this.ctx.restarts.resetForUserStart(rec);
    if (rec.State.Status === 'removing')
      throw conflict(`container is marked for removal and cannot be started`);
    const mounts = await mountForStart(this.mountCtx, rec);
    let joined: ReturnType<typeof resolveAtStart> = [];
    try {
      joined = resolveAtStart(rec, this.o.networks);
      await this.o.runtime.prepare(runtimeSpecFor(rec, rec.LayerPaths, mounts));
      const running = await this.o.runtime.start(rec.Id);
      rec.State = {
        ...rec.State,
        Status: 'running',
        Running: true,
        Restarting: false,
        Pid: running.pid,
        ExitCode: 0,
        Error: '',
        StartedAt: running.startedAt,
        FinishedAt: rec.State.FinishedAt,
      };
    } catch (err) {
      const failure = startFailure(err);
      // moby: the error and an exit code are recorded; a container that never ran stays `created`.
      rec.State = {
        ...rec.State,
        Status: rec.State.StartedAt === zeroTime ? 'created' : 'exited',
        Running: false,
        Restarting: false,
        Pid: 0,
        ExitCode: failure.exitCode,
        Error: failure.message,
      };
      await unmountAfterExit(this.mountCtx, rec);
      await this.o.runtime.cleanup(rec.Id).catch(() => undefined);
      this.persist(rec);
      this.waiters.exited(rec.Id, failure.exitCode);
      if (rec.HostConfig.AutoRemove)
        await this.remove(rec.Id, { force: true, volumes: true }).catch(() => undefined);
      throw failure.error;
    }
    joinNetworks(rec, joined, this.o.networks);
    this.persist(rec);
    this.containerEvent('start', rec);
    watchExit(this.ctx, rec);
    return true;
  }

  /** `docker kill` (container-stop.ts). */
  async kill(ref: string, signal = 'SIGKILL'): Promise<void> {
    await killContainer(this.ctx, this.resolve(ref), signal);
  }

  /** `docker stop` (container-stop.ts); false when not running (304). */
  async stop(ref: string, opts: { timeout?: number; signal?: string } = {}): Promise<boolean> {
    return stopContainer(this.ctx, this.resolve(ref), opts);
  }

  async restart(ref: string, opts: { timeout?: number; signal?: string } = {}): Promise<void> {
    const rec = this.resolve(ref);
    await this.stop(rec.Id, opts);
    await this.start(rec.Id);
    this.containerEvent('restart', rec);
  }

  /** Resolves with the exit code per Docker's wait conditions. */
  async wait(ref: string, condition: WaitCondition = 'not-running'): Promise<number> {
    const rec = this.resolve(ref);
    if (condition === 'removed') return this.waiters.removed(rec.Id);
    if (condition === 'not-running' && !rec.State.Running) return rec.State.ExitCode;
    return this.waiters.next(rec.Id);
  }

  async remove(ref: string, opts: { force: boolean; volumes: boolean }): Promise<void> {
    const rec = this.resolve(ref);
    if (rec.State.Running) {
      if (!opts.force && rec.State.Paused) {
        throw conflict(`cannot remove container "${rec.Name}": ${messages.removePaused}`);
      }
      if (!opts.force) {
        throw conflict(
          `cannot remove container "${rec.Name}": container is ${rec.State.Restarting ? 'restarting' : 'running'}: stop the container before removing or force remove`,
        );
      }
      this.ctx.restarts.cancel(rec);
    }
    if (rec.State.Restarting) this.ctx.restarts.settleCanceled(rec);
    // A restart already under way when the policy was canceled may still bring the container up.
    await this.ctx.restarts.startSettled(rec.Id);
    if (rec.State.Running) {
      const exited = this.waiters.next(rec.Id);
      await this.o.runtime.kill(rec.Id, 'SIGKILL').catch(() => undefined);
      await thawAfterStopSignal(this.ctx, rec);
      await exited;
    }
    if (!this.records.has(rec.Id)) return; // removed by --rm while we waited
    this.ctx.restarts.forget(rec.Id);
    rec.State.Status = 'removing';
    const errors = await releaseMountPoints(this.mountCtx, rec, opts.volumes);
    await this.o.runtime.remove(rec.Id);
    this.o.store.deleteContainer(rec.Id);
    this.records.delete(rec.Id);
    this.byName.delete(rec.Name);
    this.containerEvent('destroy', rec);
    this.waiters.removedNow(rec.Id, rec.State.ExitCode);
    if (errors.length > 0) throw invalidParameter(`Error removing volumes:\n${errors.join('\n')}`);
  }

  /** `docker pause` / `docker unpause` (container-pause.ts). */
  async pause(ref: string): Promise<void> {
    await pauseContainer(this.ctx, this.resolve(ref));
  }

  async unpause(ref: string): Promise<void> {
    await unpauseContainer(this.ctx, this.resolve(ref));
  }

  rename(ref: string, newName: string): void {
    const rec = this.resolve(ref);
    const name = validateContainerName(newName);
    if (name === rec.Name)
      throw invalidParameter(`Renaming a container with the same name as its current name`);
    const holder = this.byName.get(name);
    if (holder) throw nameConflict(name, holder);
    const old = rec.Name;
    this.byName.delete(old);
    this.byName.set(name, rec.Id);
    rec.Name = name;
    this.persist(rec);
    this.containerEvent('rename', rec, { oldName: old });
  }

  async attach(
    ref: string,
    opts: { stdin: boolean },
  ): Promise<{ record: ContainerRecord; streams: AttachStreams }> {
    const rec = this.resolve(ref);
    return {
      record: rec,
      streams: await this.o.runtime.attach(rec.Id, { stdin: opts.stdin && !!rec.Config.OpenStdin }),
    };
  }

  /** Saves a record (also after in-place changes). */
  persist(rec: ContainerRecord): void {
    this.o.store.putContainer({
      id: rec.Id,
      name: rec.Name.slice(1),
      record: rec as unknown as Record<string, unknown>,
    });
  }

  containerEvent(action: string, rec: ContainerRecord, extra: Record<string, string> = {}): void {
    this.o.events.publish({
      Type: 'container',
      Action: action,
      Actor: {
        ID: rec.Id,
        Attributes: {
          ...(rec.Config.Labels ?? {}),
          image: rec.Config.Image ?? '',
          name: rec.Name.slice(1),
          ...extra,
        },
      },
    });
  }
}
