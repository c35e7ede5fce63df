import type { MountConfig, MountPoint } from '../mounts/mount-point.js';
import type { EndpointSettings } from './container-networks.js';

/**
 * A container as the engine keeps it. Field names and shapes are Docker's (api/types/container), so
 * the API turns a record into `docker inspect`'s JSON with little work, and unknown fields a client
 * sent (Config and HostConfig are kept as given) round-trip.
 */
export interface ContainerConfig {
  Hostname?: string;
  Domainname?: string;
  User?: string;
  AttachStdin?: boolean;
  AttachStdout?: boolean;
  AttachStderr?: boolean;
  ExposedPorts?: Record<string, object> | null;
  Tty?: boolean;
  OpenStdin?: boolean;
  StdinOnce?: boolean;
  Env?: string[] | null;
  Cmd?: string[] | null;
  Image?: string;
  Volumes?: Record<string, object> | null;
  WorkingDir?: string;
  Entrypoint?: string[] | null;
  OnBuild?: string[] | null;
  Labels?: Record<string, string> | null;
  StopSignal?: string;
  StopTimeout?: number;
  [key: string]: unknown;
}

export interface HostConfig {
  Binds?: string[] | null;
  NetworkMode?: string;
  RestartPolicy?: { Name?: string; MaximumRetryCount?: number };
  AutoRemove?: boolean;
  VolumeDriver?: string;
  VolumesFrom?: string[] | null;
  Mounts?: MountConfig[] | null;
  Tmpfs?: Record<string, string> | null;
  ReadonlyRootfs?: boolean;
  [key: string]: unknown;
}

export type ContainerStatus =
  'created' | 'running' | 'paused' | 'restarting' | 'removing' | 'exited' | 'dead';

/** api/types/container.State, in Docker's field order. */
export interface ContainerState {
  Status: ContainerStatus;
  Running: boolean;
  Paused: boolean;
  Restarting: boolean;
  OOMKilled: boolean;
  Dead: boolean;
  Pid: number;
  ExitCode: number;
  Error: string;
  StartedAt: string;
  FinishedAt: string;
}

export interface ContainerRecord {
  Id: string;
  /** RFC 3339 with nanoseconds, UTC. */
  Created: string;
  Path: string;
  Args: string[];
  State: ContainerState;
  /** Image id (`sha256:…`). */
  Image: string;
  /** The image's unpacked layers when the container was made (kept even if the image goes). */
  LayerPaths: string[];
  /** With its leading slash. */
  Name: string;
  RestartCount: number;
  Config: ContainerConfig;
  HostConfig: HostConfig;
  /** Keyed by destination. */
  MountPoints: Record<string, MountPoint>;
  LogPath: string;
  /** Ids of exec sessions that still exist. */
  ExecIDs: string[];
  /** A user stopped or killed it (an `unless-stopped` policy then restarts it no more). */
  HasBeenManuallyStopped?: boolean;
  /** NetworkSettings.Networks: the networks it is attached to, by name (absent in older records). */
  Networks?: Record<string, EndpointSettings>;
}

/** Docker's zero time, for StartedAt/FinishedAt of a container that never ran. */
export const zeroTime = '0001-01-01T00:00:00Z';

export function createdState(): ContainerState {
  return {
    Status: 'created',
    Running: false,
    Paused: false,
    Restarting: false,
    OOMKilled: false,
    Dead: false,
    Pid: 0,
    ExitCode: 0,
    Error: '',
    StartedAt: zeroTime,
    FinishedAt: zeroTime,
  };
}

/** RFC 3339 with nanoseconds in UTC, as Go prints time.Time in JSON (trailing zeros trimmed). */
export function rfc3339Nano(date = new Date(), extraNanos = process.hrtime.bigint() % 1_000_000n): string {
  return formatNanos(BigInt(date.getTime()) * 1_000_000n + extraNanos);
}

function formatNanos(ns: bigint): string {
  const base = new Date(Number(ns / 1_000_000n)).toISOString().slice(0, 19);
  const frac = (ns % 1_000_000_000n).toString().padStart(9, '0').replace(/0+$/, '');
  return `${base}${frac === '' ? '' : `.${frac}`}Z`;
}

let lastCreated = 0n;
/** Now, later than any creation time this process gave before: creates in one millisecond keep their order. */
export function creationTime(): string {
  let ns = BigInt(Date.now()) * 1_000_000n + (process.hrtime.bigint() % 1_000_000n);
  if (ns <= lastCreated) ns = lastCreated + 1n;
  lastCreated = ns;
  return formatNanos(ns);
}

/** Orders two of these timestamps by time (their text does not sort: trailing zeros are trimmed). */
export function compareTimes(a: string, b: string): number {
  const head = a.slice(0, 19).localeCompare(b.slice(0, 19));
  if (head !== 0) return head;
  const frac = (t: string): string => (t.slice(20, -1) || '0').padEnd(9, '0');
  return frac(a).localeCompare(frac(b));
}
