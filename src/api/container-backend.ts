/**
 * What the container and exec routes need from the engine (declared by the consumer; the engine's
 * ContainerService and ExecService satisfy it). Records use Docker's field names.
 */
export interface BackendMountPoint {
  Type: string;
  Name: string;
  Source: string;
  Destination: string;
  Driver: string;
  Mode: string;
  RW: boolean;
  Propagation: string;
}

export interface BackendContainerState {
  Status: string;
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

export interface BackendContainer {
  Id: string;
  Created: string;
  Path: string;
  Args: string[];
  State: BackendContainerState;
  Image: string;
  Name: string;
  RestartCount: number;
  Config: {
    Image?: string;
    Tty?: boolean;
    OpenStdin?: boolean;
    Labels?: Record<string, string> | null;
  } & Record<string, unknown>;
  HostConfig: { NetworkMode?: string } & Record<string, unknown>;
  MountPoints: Record<string, BackendMountPoint>;
  LogPath: string;
  ExecIDs: string[];
  /** NetworkSettings.Networks, by network name; endpoint settings in Docker's field order. */
  Networks?: Record<string, Record<string, unknown>>;
}

export interface BackendStreams {
  stdout: NodeJS.ReadableStream;
  stderr: NodeJS.ReadableStream;
  stdin?: NodeJS.WritableStream;
  close(): void;
}

export interface ContainerBackend {
  create(req: {
    name?: string;
    config?: Record<string, unknown> | null;
    hostConfig?: Record<string, unknown> | null;
    /** NetworkingConfig.EndpointsConfig, as sent. */
    endpointsConfig?: Record<string, Record<string, unknown> | null> | null;
  }): Promise<{ id: string; warnings: string[] }>;
  resolve(ref: string): BackendContainer;
  list(filters: Readonly<Record<string, readonly string[]>>, opts: { all: boolean }): BackendContainer[];
  /** SizeRw and SizeRootFs in bytes. */
  sizes(ref: string): Promise<{ rw: number; rootFs: number }>;
  logs(
    ref: string,
    opts: { follow: boolean; sinceNano: bigint; untilNano: bigint; tail: number },
  ): { tty: boolean; entries: AsyncIterable<{ stream: 'stdout' | 'stderr'; time: string; log: string }> };
  start(ref: string): Promise<boolean>;
  stop(ref: string, opts: { timeout?: number; signal?: string }): Promise<boolean>;
  restart(ref: string, opts: { timeout?: number; signal?: string }): Promise<void>;
  kill(ref: string, signal?: string): Promise<void>;
  /** `docker pause` / `docker unpause`: freeze and thaw a running container's processes. */
  pause(ref: string): Promise<void>;
  unpause(ref: string): Promise<void>;
  wait(ref: string, condition?: 'not-running' | 'next-exit' | 'removed'): Promise<number>;
  remove(ref: string, opts: { force: boolean; volumes: boolean }): Promise<void>;
  rename(ref: string, name: string): void;
  attach(
    ref: string,
    opts: { stdin: boolean },
  ): Promise<{ record: BackendContainer; streams: BackendStreams }>;
}

export interface ExecBackend {
  create(containerRef: string, config: Record<string, unknown>): string;
  get(id: string): {
    id: string;
    containerId: string;
    config: {
      Tty?: boolean;
      AttachStdin?: boolean;
      AttachStdout?: boolean;
      AttachStderr?: boolean;
      Cmd?: string[] | null;
      User?: string;
      Privileged?: boolean;
    };
    running: boolean;
    exitCode: number | null;
    pid: number;
  };
  start(id: string): Promise<{ streams: BackendStreams; exited: Promise<number> }>;
}
