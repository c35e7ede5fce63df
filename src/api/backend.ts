import type { Socket } from 'node:net';
import type { EventMessage } from '../types/index.js';
import type { ContainerBackend, ExecBackend } from './container-backend.js';
import type { ImageBackend } from './image-backend.js';
import type { NetworkBackend } from './network-backend.js';

/**
 * What the routes need from the engine, declared here by the consumer (moby's router/volume
 * backend.go habit). The daemon passes engine services that satisfy these shapes.
 */

/** Decoded `filters` query parameter: key → values, in the order given. */
export type Filters = Readonly<Record<string, readonly string[]>>;

/** Per-request facts the engine's behaviour depends on. */
export interface RequestContext {
  apiVersion: string;
}

export interface BackendVolume {
  name: string;
  driver: string;
  labels: Record<string, string> | null;
  options: Record<string, string> | null;
  /** unix ms */
  createdAt: number;
  mountpoint: string;
  scope: 'local' | 'global';
  status?: Record<string, unknown>;
  refs: string[];
  /** Unix ms of the last mount / unmount for a container; absent when never. */
  lastMountedAt?: number;
  lastUnmountedAt?: number;
}

/** A volume's size: exact, or an estimate (the volume is in use) counted at `measuredAt` (unix ms). */
export interface BackendSizeReading {
  bytes: number;
  measuredAt: number;
  estimate: boolean;
}

/** A container referencing a volume. */
export interface BackendVolumeUser {
  id: string;
  /** Without the leading slash. */
  name: string;
  running: boolean;
}

export interface VolumeBackend {
  create(
    req: {
      name?: string;
      driver?: string;
      driverOpts?: Record<string, string> | null;
      labels?: Record<string, string> | null;
    },
    ctx: RequestContext,
  ): Promise<BackendVolume>;
  get(name: string): BackendVolume;
  list(filters: Filters, ctx: RequestContext): BackendVolume[];
  /** Strata's own: the containers referencing the volume, sorted by name, running or not. */
  usedBy(name: string): BackendVolumeUser[];
  /** Strata's own: the volume's size as known now, without I/O; undefined when never counted. */
  sizeOf(name: string): BackendSizeReading | undefined;
  /** Strata's own: makes `sizeOf` answer for these volumes (all when none are named). */
  ensureSizes(names?: readonly string[]): Promise<void>;
  /** Differs after any change to any volume: list answers for an equal generation may be reused. */
  readonly generation: number;
  remove(name: string, opts: { force: boolean }): Promise<void>;
  /** Strata's own: moves an unused local volume, data, labels and options, to a new name. */
  rename(from: string, to: string): Promise<BackendVolume>;
  /** Strata's own: sets (replacing) and drops labels of an existing volume. */
  updateLabels(
    name: string,
    change: { add?: Record<string, string> | null; remove?: readonly string[] | null },
  ): Promise<BackendVolume>;
  /**
   * Docker's prune, plus Strata's `until` filter and `strata.protect` label. `dryRun` (Strata's own)
   * removes nothing, emits no event and also answers each listed volume's size.
   */
  prune(
    filters: Filters,
    ctx: RequestContext,
    opts?: { dryRun?: boolean },
  ): Promise<{ deleted: string[]; reclaimed: number; sizes?: Record<string, number> }>;
  diskUsage(): Promise<Array<BackendVolume & { size: number }>>;
}

/** A tar stream the daemon produces; `close` stops producing it (the client went away). */
export interface BackendArchiveStream {
  stream: NodeJS.ReadableStream;
  /** Settles when the whole stream was produced; rejects when producing it failed. */
  done: Promise<void>;
  close(): void;
  /**
   * Where the producer can write into the client's connection itself (tar's stdout is the socket):
   * called instead of reading `stream`, after the answer's head was written (see archive-direct.ts).
   */
  sendTo?(socket: Socket): void;
}

/** container.PathStat for a path in a volume (`X-Strata-Volume-Path-Stat`). */
export interface BackendPathStat {
  name: string;
  size: number;
  mode: number;
  mtime: string;
  linkTarget: string;
}

/** Strata's own: volume export/import and docker cp's archive routes for a volume. */
export interface VolumeArchiveBackend {
  export(name: string): Promise<BackendArchiveStream>;
  import(
    name: string,
    body: NodeJS.ReadableStream,
    opts: { replace: boolean; allowDevices: boolean },
  ): Promise<{ name: string; created: boolean; entries: number; bytes: number }>;
  stat(name: string, path: string): Promise<BackendPathStat>;
  archive(name: string, path: string): Promise<{ stat: BackendPathStat; archive: BackendArchiveStream }>;
  extract(
    name: string,
    path: string,
    body: NodeJS.ReadableStream,
    opts: { copyUIDGID: boolean; noOverwriteDirNonDir: boolean },
  ): Promise<void>;
}

/** A snapshot of a volume (Strata's own). */
export interface BackendSnapshot {
  volume: string;
  name: string;
  /** unix ms */
  createdAt: number;
  /** Bytes, as a volume's size is counted; absent when unknown. */
  size?: number;
}

/** Strata's own: volume clone and snapshots. */
export interface VolumeCopyBackend {
  clone(
    source: string,
    req: { name: string; labels?: Record<string, string> | null; pause?: boolean },
  ): Promise<BackendVolume>;
  createSnapshot(name: string, snapshot?: string, opts?: { pause?: boolean }): Promise<BackendSnapshot>;
  /** One volume's snapshots, or every volume's when no name is given. */
  listSnapshots(name?: string): Promise<BackendSnapshot[]>;
  restoreSnapshot(name: string, snapshot: string): Promise<void>;
  removeSnapshot(name: string, snapshot: string): Promise<void>;
}

export interface EventsBackend {
  /**
   * Replays buffered events from `sinceNano` (if given) and streams new ones until closed. Filters
   * follow moby daemon/events/filter.go.
   */
  subscribe(
    opts: { filters: Filters; sinceNano?: bigint; untilNano?: bigint },
    fn: (e: EventMessage) => void,
  ): { past: EventMessage[]; close(): void };
}

/** Facts about the daemon for /version and /info. */
export interface SystemBackend {
  info(): Promise<Record<string, unknown>>;
  /** Engine version string, e.g. "0.1.0". */
  engineVersion: string;
  /** Kernel version for /version and /info. */
  kernelVersion: string;
}

export interface Backends {
  volumes: VolumeBackend;
  events: EventsBackend;
  system: SystemBackend;
  containers?: ContainerBackend;
  exec?: ExecBackend;
  images?: ImageBackend;
  networks?: NetworkBackend;
  volumeArchives?: VolumeArchiveBackend;
  volumeCopies?: VolumeCopyBackend;
}
