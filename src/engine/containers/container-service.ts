import { directorySize } from '../../drivers/local/disk-usage.js';
import { conflict, invalidParameter, messages, notFound } from '../../errors/index.js';
import type { ImageStore } from '../../images/image-store.js';
import type { AttachStreams, ContainerRuntime, ExitStatus } from '../../runtime/container-runtime.js';
import type { MetadataStore } from '../../store/metadata-store.js';
import type { EventBus } from '../event-bus.js';
import { generateVolumeId } from '../volume-id.js';
import type { VolumeService } from '../volume-service.js';
import { generateContainerName, nameConflict, validateContainerName } from './container-names.js';
import {
  addAnonymousVolumes,
  mountForStart,
  populateVolumes,
  registerMountPoints,
  remountVolumes,
  releaseMountPoints,
  unmountAfterExit,
  type MountContext,
} from './container-mounts.js';
import {
  createdState,
  creationTime,
  rfc3339Nano,
  type ContainerConfig,
  type ContainerRecord,
  type HostConfig,
  zeroTime,
} from './container-record.js';
import { entrypointAndArgs, mergeImageConfig } from './merge-config.js';
import { filterContainers } from './container-filters.js';
import { readLogs, type LogEntry, type LogOptions } from './container-logs.js';
import type { FilterQuery } from '../filter-args.js';
import { runtimeSpecFor, startFailure } from './runtime-spec.js';
import type {
  EndpointSettings as EndpointRequest,
  NetworkDirectory,
} from '../networks/network-attachments.js';
import {
  ContainerNetworks,
  joinNetworks,
  leaveNetworks,
  networksAtCreate,
  resolveAtStart,
} from './container-networks.js';
import { Waiters } from './waiters.js';
import {
  pauseContainer,
  thawAfterStopSignal,
  unpauseContainer,
  type PauseContext,
} from './container-pause.js';
import { RestartManager, restartsAtBoot, validateRestartPolicy } from './restart-policy.js';

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
  /** Restart decisions per container, made on its first exit; a user's start makes a new one. */
  private readonly restarts = new Map<string, RestartManager>();
  private readonly mountCtx: MountContext;
  private readonly log: NonNullable<ContainerServiceOptions['log']>;

  constructor(private readonly o: ContainerServiceOptions) {
    this.log = o.log ?? (() => undefined);
    this.mountCtx = {
      volumes: o.volumes,
      dataRoot: o.dataRoot,
      findContainer: (ref) => this.find(ref),
      volumeEvent: (action, name, attributes) =>
        o.events.publish({ Type: 'volume', Action: action, Actor: { ID: name, Attributes: attributes } }),
    };
  }

  /**
   * Loads containers from the catalog and asks the runtime what became of them while the daemon was
   * away: running ones are watched again and their volumes mounted again (the filesystems are still
   * there; only the mount ids are re-registered), the rest are recorded as exited; `--rm` containers
   * that exited meanwhile are removed. Then what a crash may have left half done is settled: runtime
   * state without a record (a create cut short) is removed, volume references follow the records, and
   * volume filesystems no running container holds are unmounted.
   */
  async init(): Promise<void> {
    for (const row of this.o.store.listContainers()) {
      const rec = row.record as unknown as ContainerRecord;
      this.records.set(rec.Id, rec);
      this.byName.set(rec.Name, rec.Id);
    }
    const known = new Map((await this.o.runtime.recover()).map((r) => [r.id, r.state]));
    for (const id of known.keys()) {
      if (this.records.has(id)) continue;
      this.log('warn', 'removing runtime state of a container that was never recorded', { id });
      await this.o.runtime
        .remove(id)
        .catch((err: unknown) => this.log('warn', 'could not remove it', { id, err: String(err) }));
    }
    this.reconcileReferences();
    const exited: Array<[ContainerRecord, ExitStatus]> = [];
    for (const rec of this.records.values()) {
      const state = known.get(rec.Id);
      if (state?.status === 'running') {
        rec.State = {
          ...rec.State,
          // Frozen processes stay frozen while the daemon is away.
          Status: rec.State.Paused ? 'paused' : 'running',
          Running: true,
          Pid: state.pid,
          StartedAt: state.startedAt,
        };
        await remountVolumes(this.mountCtx, rec);
        this.persist(rec);
        this.watchExit(rec);
      } else if (rec.State.Running || rec.State.Status === 'removing') {
        exited.push([
          rec,
          state?.status === 'exited' ? state : { exitCode: 255, finishedAt: rfc3339Nano(), oomKilled: false },
        ]);
      }
    }
    for (const [rec, exit] of exited) await this.onExit(rec.Id, exit);
    for (const rec of this.records.values()) {
      if (rec.State.Running || rec.State.StartedAt.startsWith('0001-')) continue;
      const p = rec.HostConfig.RestartPolicy;
      if (!restartsAtBoot(p, rec.State.ExitCode, !!rec.HasBeenManuallyStopped, rec.RestartCount)) continue;
      await this.start(rec.Id, { restart: true }).catch((err: unknown) =>
        this.log('warn', 'could not restart a container at start-up', { id: rec.Id, err: String(err) }),
      );
    }
    const idle = await this.o.volumes.unmountIdle();
    if (idle.length > 0) this.log('info', 'unmounted volumes no container holds', { volumes: idle });
  }

  /**
   * Makes the volume references what the records say: a crash between a reference and the record it
   * belongs to (create, remove) leaves one without the other.
   */
  private reconcileReferences(): void {
    for (const { name, ref } of this.o.volumes.references()) {
      if (this.records.has(ref)) continue;
      this.log('warn', 'dropping a reference of a container that does not exist', { volume: name, ref });
      this.o.volumes.release(name, ref);
    }
    for (const rec of this.records.values()) {
      for (const mp of Object.values(rec.MountPoints)) {
        if (mp.Type !== 'volume') continue;
        try {
          this.o.volumes.acquire(mp.Name, rec.Id);
        } catch {
          this.log('warn', 'a volume of a container is gone', { volume: mp.Name, id: rec.Id });
        }
      }
    }
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

  async create(req: {
    name?: string;
    config?: ContainerConfig | null;
    hostConfig?: HostConfig | null;
    /** NetworkingConfig.EndpointsConfig. */
    endpointsConfig?: Record<string, EndpointRequest | null> | null;
  }): Promise<{
    id: string;
    warnings: string[];
  }> {
    const config = req.config;
    if (!config) throw invalidParameter('Config cannot be empty in order to create a container');
    const hostConfig: HostConfig = req.hostConfig ?? {};
    if (
      hostConfig.AutoRemove &&
      (hostConfig.RestartPolicy?.Name ?? 'no') !== 'no' &&
      hostConfig.RestartPolicy?.Name !== ''
    ) {
      throw invalidParameter("can't create 'AutoRemove' container with restart policy");
    }
    validateRestartPolicy(hostConfig.RestartPolicy);
    if (config.WorkingDir && !config.WorkingDir.startsWith('/')) {
      throw invalidParameter(
        `the working directory '${config.WorkingDir}' is invalid, it needs to be an absolute path`,
      );
    }
    const image = this.o.images.get(config.Image ?? '');
    if (!image) throw notFound(`No such image: ${config.Image ?? ''}`);
    const networks = networksAtCreate(hostConfig, req.endpointsConfig, this.o.networks);
    const merged = { ...mergeImageConfig(config, image.config), Image: config.Image ?? '' };
    const { path, args } = entrypointAndArgs(merged);
    const id = generateVolumeId();
    const name = this.reserveName(id, req.name ?? '');
    const rec: ContainerRecord = {
      Id: id,
      Created: creationTime(),
      Path: path,
      Args: args,
      State: createdState(),
      Image: image.id,
      LayerPaths: this.o.images.layerPaths(image.id),
      Name: name,
      RestartCount: 0,
      Config: merged,
      HostConfig: hostConfig,
      MountPoints: {},
      LogPath: this.o.runtime.logPath(id),
      ExecIDs: [],
      Networks: networks,
    };
    try {
      rec.MountPoints = await registerMountPoints(this.mountCtx, id, hostConfig);
      const { rootfs } = await this.o.runtime.prepare(runtimeSpecFor(rec, rec.LayerPaths, []));
      try {
        await addAnonymousVolumes(this.mountCtx, rec, rootfs);
        await populateVolumes(this.mountCtx, rec, rootfs);
      } finally {
        // The start that usually follows (docker run) finds the rootfs still mounted.
        await this.o.runtime.cleanup(id, { startExpected: true });
      }
      this.records.set(id, rec);
      this.persist(rec);
    } catch (err) {
      this.byName.delete(name);
      this.records.delete(id);
      await releaseMountPoints(this.mountCtx, rec, true);
      await this.o.runtime.remove(id).catch(() => undefined);
      throw err;
    }
    this.containerEvent('create', rec);
    return { id, warnings: [] };
  }

  /**
   * Starts a container; false when it was already running (the API answers 304). A user's start
   * forgets earlier restarts and stops (moby ResetRestartManager); a policy's restart does not.
   */
  async start(ref: string, opts: { restart?: boolean } = {}): Promise<boolean> {
    const rec = this.resolve(ref);
    if (rec.State.Paused) throw conflict(messages.startPaused);
    if (rec.State.Running && !(opts.restart && rec.State.Restarting)) return false;
    if (!opts.restart) {
      this.restarts.get(rec.Id)?.cancel();
      this.restarts.delete(rec.Id);
      rec.RestartCount = 0;
      rec.HasBeenManuallyStopped = false;
    }
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
    this.watchExit(rec);
    return true;
  }

  private watchExit(rec: ContainerRecord): void {
    this.o.runtime.wait(rec.Id).then(
      (exit) => this.onExit(rec.Id, exit),
      (err: unknown) => this.log('error', 'lost track of a container', { id: rec.Id, err: String(err) }),
    );
  }

  private async onExit(id: string, exit: ExitStatus): Promise<void> {
    const rec = this.records.get(id);
    if (!rec) return;
    const manager = this.restartManager(rec);
    const ranMs = Date.parse(exit.finishedAt) - Date.parse(rec.State.StartedAt);
    const delay = manager.decide(exit.exitCode, !!rec.HasBeenManuallyStopped, ranMs);
    if (delay !== undefined) rec.RestartCount++;
    // moby SetRestarting: a container waiting for its restart counts as running (stop, rm, start).
    rec.State = {
      ...rec.State,
      Status: delay === undefined ? 'exited' : 'restarting',
      Running: delay !== undefined,
      Paused: false,
      Restarting: delay !== undefined,
      Pid: 0,
      ExitCode: exit.exitCode,
      OOMKilled: exit.oomKilled,
      FinishedAt: exit.finishedAt,
    };
    await unmountAfterExit(this.mountCtx, rec);
    await this.o.runtime
      .cleanup(id)
      .catch((err: unknown) => this.log('warn', 'cleanup failed', { id, err: String(err) }));
    this.containerEvent('die', rec, { exitCode: String(exit.exitCode) });
    leaveNetworks(rec, this.o.networks);
    this.persist(rec);
    this.waiters.exited(id, exit.exitCode);
    if (delay !== undefined) {
      manager.schedule(delay, () => {
        this.start(id, { restart: true }).catch((err: unknown) => {
          this.log('warn', 'restart failed', { id, err: String(err) });
        });
      });
      return;
    }
    if (rec.HostConfig.AutoRemove) {
      await this.remove(id, { force: true, volumes: true }).catch((err: unknown) =>
        this.log('warn', 'auto-remove failed', { id, err: String(err) }),
      );
    }
  }

  /**
   * Sends `signal`; Docker's 409 when the container is not running. A user's kill counts as a stop
   * (`unless-stopped` no longer restarts it); the stop signal or SIGKILL also cancels restarts, and
   * a container waiting for its restart just stays stopped (moby killWithSignal).
   */
  async kill(ref: string, signal = 'SIGKILL'): Promise<void> {
    const rec = this.resolve(ref);
    if (!rec.State.Running) throw conflict(`container ${rec.Id} is not running`);
    const number = signalNumber(signal);
    const stops = number === '9' || number === signalNumber(rec.Config.StopSignal || 'SIGTERM');
    if (stops) this.restartManager(rec).cancel();
    rec.HasBeenManuallyStopped = true;
    if (rec.State.Restarting) {
      this.settleCanceledRestart(rec);
      return;
    }
    this.persist(rec);
    await this.o.runtime.kill(rec.Id, signal);
    if (stops) await thawAfterStopSignal(this.pauseCtx(), rec);
    this.containerEvent('kill', rec, { signal: signalNumber(signal) });
  }

  /** SIGTERM (or the stop signal), SIGKILL after `timeout` seconds; false when not running (304). */
  async stop(ref: string, opts: { timeout?: number; signal?: string } = {}): Promise<boolean> {
    const rec = this.resolve(ref);
    if (!rec.State.Running) return false;
    if (rec.State.Restarting) {
      await this.kill(rec.Id, 'SIGKILL');
      this.containerEvent('stop', rec);
      return true;
    }
    const timeout = opts.timeout ?? rec.Config.StopTimeout ?? 10;
    const exited = this.waiters.next(rec.Id);
    await this.kill(rec.Id, opts.signal || rec.Config.StopSignal || 'SIGTERM').catch(() => undefined);
    const inTime =
      timeout < 0
        ? await exited.then(() => true)
        : await Promise.race([exited.then(() => true), sleep(timeout * 1000).then(() => false)]);
    if (!inTime) {
      await this.kill(rec.Id, 'SIGKILL').catch(() => undefined);
      await exited;
    }
    this.containerEvent('stop', rec);
    return true;
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
      this.restartManager(rec).cancel();
    }
    if (rec.State.Restarting) this.settleCanceledRestart(rec);
    if (rec.State.Running) {
      const exited = this.waiters.next(rec.Id);
      await this.o.runtime.kill(rec.Id, 'SIGKILL').catch(() => undefined);
      await thawAfterStopSignal(this.pauseCtx(), rec);
      await exited;
    }
    if (!this.records.has(rec.Id)) return; // removed by --rm while we waited
    this.restarts.delete(rec.Id);
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

  private restartManager(rec: ContainerRecord): RestartManager {
    let manager = this.restarts.get(rec.Id);
    if (!manager) {
      manager = new RestartManager(rec.HostConfig.RestartPolicy, rec.RestartCount);
      this.restarts.set(rec.Id, manager);
    }
    return manager;
  }

  /** A restart that will not happen: the container is stopped for good (moby SetStopped). */
  private settleCanceledRestart(rec: ContainerRecord): void {
    rec.State = { ...rec.State, Status: 'exited', Running: false, Restarting: false };
    this.persist(rec);
  }

  /** `docker pause` / `docker unpause` (container-pause.ts). */
  async pause(ref: string): Promise<void> {
    await pauseContainer(this.pauseCtx(), this.resolve(ref));
  }

  async unpause(ref: string): Promise<void> {
    await unpauseContainer(this.pauseCtx(), this.resolve(ref));
  }

  private pauseCtx(): PauseContext {
    return {
      runtime: this.o.runtime,
      persist: (rec) => this.persist(rec),
      event: (action, rec) => this.containerEvent(action, rec),
    };
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

  private reserveName(id: string, requested: string): string {
    if (requested !== '') {
      const name = validateContainerName(requested);
      const holder = this.byName.get(name);
      if (holder) throw nameConflict(name, holder);
      this.byName.set(name, id);
      return name;
    }
    for (let attempt = 0; ; attempt++) {
      const name = `/${generateContainerName(attempt)}`;
      if (!this.byName.has(name)) {
        this.byName.set(name, id);
        return name;
      }
    }
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

const signalNumbers: Record<string, number> = {
  SIGHUP: 1,
  SIGINT: 2,
  SIGQUIT: 3,
  SIGKILL: 9,
  SIGUSR1: 10,
  SIGUSR2: 12,
  SIGTERM: 15,
};
/** Docker's kill event carries the signal as a number. */
function signalNumber(signal: string): string {
  if (/^\d+$/.test(signal)) return signal;
  const name = signal.toUpperCase().startsWith('SIG') ? signal.toUpperCase() : `SIG${signal.toUpperCase()}`;
  return String(signalNumbers[name] ?? signal);
}
