import { randomUUID } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { connect, type Socket } from 'node:net';
import { dirname, join } from 'node:path';
import { createApiServer } from '../api/server.js';
import { goArch } from '../api/routes/system.js';
import { DriverRegistry } from '../drivers/driver-registry.js';
import { LocalDriver } from '../drivers/local/local-driver.js';
import { EventBus } from '../engine/event-bus.js';
import { VolumeService } from '../engine/volume-service.js';
import { VolumeArchiveService } from '../engine/volume-archive/archive-service.js';
import { archiveVolumesOf } from '../engine/volume-archive/service-volumes.js';
import { readReservedNetworks } from '../engine/networks/host-networks.js';
import { NetworkService } from '../engine/networks/network-service.js';
import { createLocalImageStore } from '../images/local-image-store.js';
import { ContainerService } from '../engine/containers/container-service.js';
import { ExecService } from '../engine/containers/container-exec.js';
import { RuncRuntime } from '../runtime/runc-runtime.js';
import type { ContainerBackend, ExecBackend } from '../api/container-backend.js';
import { SqliteStore } from '../store/sqlite-store.js';
import type { DaemonConfig } from './config.js';
import { buildInfo, readHostFacts } from './info.js';
import { createLogger, type Logger } from './logger.js';
import { strataVersion as engineVersion } from '../types/index.js';

export interface RunningDaemon {
  /** Stops accepting, ends open streams, closes the catalog, removes socket and pid file. */
  stop(): Promise<void>;
  sockets: string[];
}

/**
 * The composition root: builds the store, drivers, engine and API from the config, reconciles
 * catalog and disk, then listens. Nothing else in Strata constructs concrete implementations.
 */
export async function startDaemon(
  config: DaemonConfig,
  log: Logger = createLogger(config.logLevel),
): Promise<RunningDaemon> {
  mkdirSync(config.dataRoot, { recursive: true, mode: 0o711 });
  const pidFile = join(config.dataRoot, 'strata.pid');
  claimPidFile(pidFile);

  const store = new SqliteStore({
    path: join(config.dataRoot, 'strata.db'),
    synchronous: config.durability === 'power' ? 'full' : 'normal',
  });
  const drivers = new DriverRegistry();
  const local = new LocalDriver({
    root: join(config.dataRoot, 'volumes'),
    trash: join(config.dataRoot, 'trash'),
    pool: join(config.dataRoot, 'pool'),
    syncDirectories: config.durability === 'power',
    log,
    defaultBackend: config.volumeBackend,
    btrfsDir: join(config.dataRoot, 'btrfs'),
    btrfsPoolSize: config.btrfsPoolSize,
    imageDefaultSize: config.imageDefaultSize,
  });
  await local.init();
  drivers.register(local);
  const events = new EventBus();
  const volumes = new VolumeService({ store, drivers, events, log });
  volumes.init();
  const volumeArchives = new VolumeArchiveService({
    volumes: archiveVolumesOf(volumes, drivers),
    journalDir: join(config.dataRoot, 'imports'),
    durable: config.durability === 'power',
    log,
  });
  // An import cut short by a crash is finished or undone before anything can see the volume.
  await volumeArchives.settle();
  // Who is attached where is the container side's knowledge: set once the containers exist.
  const networks = new NetworkService({ store, events, reservedNetworks: () => readReservedNetworks() });
  networks.init();
  const images = createLocalImageStore({
    root: join(config.dataRoot, 'images'),
    engineVersion,
    architecture: goArch(),
    events: (action, actorId, attributes) =>
      events.publish({ Type: 'image', Action: action, Actor: { ID: actorId, Attributes: attributes } }),
  });
  const runtime = new RuncRuntime({ root: join(config.dataRoot, 'containers'), log });
  const containers = new ContainerService({
    store,
    volumes,
    images,
    runtime,
    events,
    networks,
    dataRoot: config.dataRoot,
    log,
  });
  networks.setAttachments(containers.networkAttachments());
  volumes.setContainers({
    find: (ref) => {
      const c = containers.find(ref);
      return (
        c && { id: c.Id, name: c.Name.replace(/^\//, ''), running: c.State.Running && !c.State.Restarting }
      );
    },
  });
  volumes.setPauser({
    isPaused: (id) => containers.find(id)?.State.Paused === true,
    pause: (id) => containers.pause(id),
    unpause: (id) => containers.unpause(id),
  });
  await containers.init();
  images.setUsage({
    containersUsing: (id) => containers.usingImage(id),
    layersInUse: () => containers.layersInUse(),
  });
  const exec = new ExecService(containers, runtime);

  const facts = readHostFacts();
  const id = engineId(config.dataRoot);
  const server = createApiServer({
    log,
    logRequests: config.logLevel === 'debug',
    backends: {
      volumes,
      events,
      images,
      networks,
      volumeArchives,
      volumeCopies: volumes,
      containers: containers as unknown as ContainerBackend,
      exec: exec as unknown as ExecBackend,
      system: {
        engineVersion,
        kernelVersion: facts.kernelVersion,
        info: async () =>
          buildInfo({
            facts,
            id,
            dataRoot: config.dataRoot,
            engineVersion,
            arch: goArch(),
            volumeDrivers: drivers.all().map((d) => d.name),
            containers: containers.list({}, { all: true }).map((c) => c.State.Status),
            images: images.list().length,
          }),
      },
    },
  });
  const open = new Set<Socket>();
  server.on('connection', (s: Socket) => {
    open.add(s);
    s.on('close', () => open.delete(s));
  });

  const sockets = config.hosts.map((h) => h.slice('unix://'.length));
  for (const path of sockets) await listenUnix(server, path);
  log('info', 'strata daemon ready', { sockets, dataRoot: config.dataRoot, version: engineVersion });

  let stopping: Promise<void> | undefined;
  return {
    sockets,
    stop: () =>
      (stopping ??= (async () => {
        log('info', 'stopping');
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        // Event streams never end on their own; give requests in flight a moment, then cut.
        const grace = setTimeout(() => {
          for (const s of open) s.destroy();
        }, 2_000);
        for (const s of open) if (!(s as Socket & { _httpMessage?: unknown })._httpMessage) s.destroy();
        await closed;
        clearTimeout(grace);
        await runtime.close();
        store.close();
        for (const p of sockets) rmSync(p, { force: true });
        rmSync(pidFile, { force: true });
        log('info', 'stopped');
      })()),
  };
}

/** Refuses to share a data root with a live daemon (Docker: "pid file found, ensure docker is not running"). */
function claimPidFile(path: string): void {
  if (existsSync(path)) {
    const pid = Number(readFileSync(path, 'utf8').trim());
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && processAlive(pid)) {
      throw new Error(`pid file found, ensure strata is not running or delete ${path}`);
    }
  }
  writeFileSync(path, `${process.pid}\n`);
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A stable daemon id, kept in the data root like Docker's engine-id. */
function engineId(root: string): string {
  const file = join(root, 'engine-id');
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    const id = randomUUID();
    writeFileSync(file, `${id}\n`);
    return id;
  }
}

/** Listens on a unix socket: a stale socket file is replaced, a live one is an error; mode 0660. */
async function listenUnix(server: Server, path: string): Promise<void> {
  mkdirSync(dirname(path), { recursive: true, mode: 0o755 });
  if (existsSync(path)) {
    if (await socketAnswers(path)) throw new Error(`another daemon is already listening on ${path}`);
    unlinkSync(path);
  }
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => {
      server.off('error', reject);
      resolve();
    });
  });
  chmodSync(path, 0o660);
}

function socketAnswers(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(path);
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}
