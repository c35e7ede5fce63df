import { conflict, invalidParameter, messages, notFound } from '../../errors/index.js';
import type { AttachStreams, ContainerRuntime } from '../../runtime/container-runtime.js';
import { generateVolumeId } from '../volume-id.js';
import type { ContainerService } from './container-service.js';

/** `POST /containers/{id}/exec` body (api/types/container.ExecOptions). */
export interface ExecConfig {
  User?: string;
  Privileged?: boolean;
  Tty?: boolean;
  AttachStdin?: boolean;
  AttachStderr?: boolean;
  AttachStdout?: boolean;
  DetachKeys?: string;
  Env?: string[] | null;
  WorkingDir?: string;
  Cmd?: string[] | null;
}

/** An exec session as `GET /exec/{id}/json` shows it. */
export interface ExecSession {
  id: string;
  containerId: string;
  config: ExecConfig;
  running: boolean;
  exitCode: number | null;
  pid: number;
  started: boolean;
}

/** docker exec: sessions created against a running container, started once (moby daemon/exec.go). */
export class ExecService {
  private readonly sessions = new Map<string, ExecSession>();

  constructor(
    private readonly containers: ContainerService,
    private readonly runtime: ContainerRuntime,
  ) {}

  create(containerRef: string, config: ExecConfig): string {
    const rec = this.containers.resolve(containerRef);
    if (!config.Cmd || config.Cmd.length === 0) throw invalidParameter('No exec command specified');
    if (!rec.State.Running) throw conflict(`container ${rec.Id} is not running`);
    // moby getActiveContainer names the container as the client did.
    if (rec.State.Paused) throw conflict(messages.execPaused(containerRef));
    if (rec.State.Restarting) {
      throw conflict(`Container ${rec.Id} is restarting, wait until the container is running`);
    }
    const id = generateVolumeId();
    this.sessions.set(id, {
      id,
      containerId: rec.Id,
      config,
      running: false,
      exitCode: null,
      pid: 0,
      started: false,
    });
    rec.ExecIDs.push(id);
    this.containers.containerEvent('exec_create', rec, { execID: id });
    return id;
  }

  get(id: string): ExecSession {
    const s = this.sessions.get(id);
    if (!s) throw notFound(`No such exec instance: ${id}`);
    return s;
  }

  /** Starts the process; `exited` settles with its exit code once it ends. */
  async start(
    id: string,
  ): Promise<{ session: ExecSession; streams: AttachStreams; exited: Promise<number> }> {
    const s = this.get(id);
    if (s.started) throw conflict(`Error: Exec command ${id} has already run`);
    const rec = this.containers.resolve(s.containerId);
    if (!rec.State.Running) throw conflict(`container ${rec.Id} is not running`);
    if (rec.State.Paused) throw conflict(messages.execPaused(rec.Id));
    if (rec.State.Restarting) {
      throw conflict(`Container ${rec.Id} is restarting, wait until the container is running`);
    }
    s.started = true;
    s.running = true;
    const env = [...(rec.Config.Env ?? []), ...(s.config.Env ?? [])];
    let handle: Awaited<ReturnType<ContainerRuntime['exec']>>;
    try {
      handle = await this.runtime.exec(rec.Id, {
        args: s.config.Cmd ?? [],
        env,
        cwd: s.config.WorkingDir || rec.Config.WorkingDir || '/',
        user: s.config.User || rec.Config.User || '',
        tty: !!s.config.Tty,
        stdin: !!s.config.AttachStdin,
      });
    } catch (err) {
      // moby translateContainerdStartErr: the exec records 126, 127 or 128 and the error is answered.
      const code = (err as { exitCode?: unknown }).exitCode;
      s.running = false;
      s.exitCode = typeof code === 'number' ? code : 128;
      rec.ExecIDs = rec.ExecIDs.filter((e) => e !== id);
      throw err;
    }
    this.containers.containerEvent('exec_start', rec, { execID: id });
    void handle.pid.then((pid) => (s.pid = pid));
    const exited = handle.exited.then((code) => {
      s.running = false;
      s.exitCode = code;
      rec.ExecIDs = rec.ExecIDs.filter((e) => e !== id);
      this.containers.containerEvent('exec_die', rec, { execID: id, exitCode: String(code) });
      return code;
    });
    return { session: s, streams: handle.streams, exited };
  }
}
