import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { invalidParameter } from '../errors/index.js';
import { SOCKET_NAME } from './monitor/protocol.js';

/** The files of one container, all under `<root>/<id>/` (Docker keeps the same under containers/<id>). */
export class ContainerDir {
  readonly dir: string;

  constructor(
    root: string,
    readonly id: string,
  ) {
    this.dir = join(root, id);
  }

  /** The overlay mount point, the container's `/`. */
  get rootfs(): string {
    return join(this.dir, 'rootfs');
  }
  get upper(): string {
    return join(this.dir, 'rw', 'upper');
  }
  get work(): string {
    return join(this.dir, 'rw', 'work');
  }
  /** Short symlinks to the image layers, so that many fit in overlay's one-page option string. */
  get layerLinks(): string {
    return join(this.dir, 'l');
  }
  /** The OCI bundle's config.json. */
  get config(): string {
    return join(this.dir, 'config.json');
  }
  /** The ContainerRuntimeSpec prepare() was given (exec and recovery read it). */
  get spec(): string {
    return join(this.dir, 'spec.json');
  }
  get log(): string {
    return join(this.dir, `${this.id}-json.log`);
  }
  get socket(): string {
    return join(this.dir, SOCKET_NAME);
  }
  /** {pid, startTime} of the monitor process (written by the daemon when it hands over the job). */
  get monitor(): string {
    return join(this.dir, 'monitor.json');
  }
  /** {pid, startedAt}, written by the monitor once the process runs. */
  get started(): string {
    return join(this.dir, 'started.json');
  }
  /** The ExitRecord, written by the monitor (or by recovery for a lost monitor). */
  get exit(): string {
    return join(this.dir, 'exit.json');
  }
  get initPid(): string {
    return join(this.dir, 'init.pid');
  }
  get runcLog(): string {
    return join(this.dir, 'runc.log');
  }
  get execs(): string {
    return join(this.dir, 'exec');
  }
}

/** Container ids become path components and runc ids: Docker's 64 hex digits, or names like them. */
export function checkId(id: string): void {
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/.test(id)) {
    throw invalidParameter(`invalid container id: ${JSON.stringify(id)}`);
  }
}

export function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

/** Writes through a temporary file and a rename, so a reader never sees half a file. */
export function writeJsonAtomic(file: string, value: unknown): void {
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, JSON.stringify(value));
  renameSync(tmp, file);
}
