import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  conflict,
  EngineError,
  invalidParameter,
  messageOf,
  notFound,
  systemError,
} from '../errors/index.js';
import { prepareBundle } from './bundle.js';
import { checkId, ContainerDir, readJson, writeJsonAtomic } from './container-dir.js';
import { ContainerTrash } from './container-trash.js';
import type {
  AttachStreams,
  ConsoleSize,
  ContainerRuntime,
  ContainerRuntimeSpec,
  ExecHandle,
  ExecSpec,
  ExitStatus,
  RunningState,
  RuntimeState,
} from './container-runtime.js';
import { runExec } from './exec-process.js';
import { KeyedLock } from './keyed-lock.js';
import { AttachClient, requestResize, waitForExit } from './monitor-client.js';
import { defaultMonitorPath, MonitorLauncher } from './monitor-launcher.js';
import type { MonitorJob } from './monitor/protocol.js';
import { mountsAtOrBelow } from './mount-table.js';
import { NextStart } from './next-start.js';
import type { OciSpec } from './oci-types.js';
import { unmount } from './overlay-mount.js';
import { identify } from './process-liveness.js';
import { PARK_MS, RootfsParking } from './rootfs-parking.js';
import { RuncCli } from './runc-cli.js';
import { exitStatusOf, RuncStateReader } from './runc-state.js';
import type { RuntimeLogger } from './runtime-logger.js';
import { parseSignal } from './signals.js';
import { containerStartError } from './start-error.js';

export type { RuntimeLogger } from './runtime-logger.js';

export interface RuncRuntimeOptions {
  /** `<data-root>/containers`: one directory per container. */
  root: string;
  /** The runc binary (default `runc`, found on PATH). */
  runcPath?: string;
  /** runc's state directory (default `<data-root>/runc`, beside `root`). */
  runcRoot?: string;
  /** The compiled monitor (default: dist/src/runtime/monitor/main.js of this package). */
  monitorPath?: string;
  /** Keep one idle monitor ready, which saves Node's start-up time on each start (default true). */
  spareMonitor?: boolean;
  /** How long a create's rootfs stays mounted for its start (cleanup with startExpected); default PARK_MS. */
  parkMs?: number;
  log?: RuntimeLogger;
}

/**
 * ContainerRuntime on runc: each container runs under its own monitor process (monitor/main.ts),
 * which outlives the daemon; everything about a container is in its directory, so a new
 * RuncRuntime (after a restart) finds running and exited containers again. See
 * container-runtime.ts for the contract.
 */
export class RuncRuntime implements ContainerRuntime {
  private readonly root: string;
  private readonly runc: RuncCli;
  private readonly launcher: MonitorLauncher;
  private readonly log: RuntimeLogger;
  private readonly states: RuncStateReader;
  private readonly nextStart = new NextStart();
  private readonly starting = new Map<string, Promise<unknown>>();
  /** prepare, start, cleanup and remove of one container run one at a time. */
  private readonly locks = new KeyedLock();
  private readonly parking: RootfsParking;
  private readonly trash: ContainerTrash;

  constructor(opts: RuncRuntimeOptions) {
    this.root = opts.root;
    this.runc = new RuncCli(opts.runcPath ?? 'runc', opts.runcRoot ?? join(dirname(opts.root), 'runc'));
    this.launcher = new MonitorLauncher(opts.monitorPath ?? defaultMonitorPath(), opts.spareMonitor ?? true);
    this.log = opts.log ?? (() => {});
    this.states = new RuncStateReader(this.runc, this.log);
    this.parking = new RootfsParking(opts.parkMs ?? PARK_MS);
    this.trash = new ContainerTrash(this.root, this.log);
  }

  /**
   * Ends the idle spare monitor; containers and their monitors go on. Rootfs left mounted for a
   * start are unmounted, and removed directories deleted, before it resolves.
   */
  async close(): Promise<void> {
    this.launcher.close();
    const parked = this.parking.ids();
    await Promise.all(
      parked.map((id) =>
        this.locks
          .run(id, async () => {
            if (this.parking.unpark(id)) await this.releaseIfIdle(this.dirOf(id));
          })
          .catch((err: unknown) =>
            this.log('warn', 'could not unmount the rootfs of a created container', {
              id,
              err: messageOf(err),
            }),
          ),
      ),
    );
    await this.trash.drained();
  }

  logPath(id: string): string {
    return new ContainerDir(this.root, id).log;
  }

  rwLayerPath(id: string): string {
    return new ContainerDir(this.root, id).upper;
  }

  async prepare(spec: ContainerRuntimeSpec): Promise<{ rootfs: string }> {
    const d = this.dirOf(spec.id);
    return this.locks.run(spec.id, async () => {
      // A rootfs a create left mounted is this start's now (prepareBundle sees it mounted).
      this.parking.unpark(spec.id);
      if (existsSync(d.dir) && (await this.stateOf(d)).status === 'running') return { rootfs: d.rootfs };
      try {
        await prepareBundle(d, spec, await this.runc.supportsRecursiveReadonly());
      } catch (err) {
        throw err instanceof EngineError ? err : systemError(messageOf(err), err);
      }
      return { rootfs: d.rootfs };
    });
  }

  start(id: string): Promise<RunningState> {
    const d = this.existing(id);
    if (this.starting.has(id)) return Promise.reject(conflict(`container ${id} is already starting`));
    const run = this.locks.run(id, () => this.startNow(d));
    this.starting.set(id, run);
    return run.finally(() => this.starting.delete(id));
  }

  async state(id: string): Promise<RuntimeState> {
    const d = this.existing(id);
    if (this.starting.has(id)) return { status: 'created' };
    return this.stateOf(d);
  }

  async attach(id: string, opts: { stdin: boolean }): Promise<AttachStreams> {
    const d = this.existing(id);
    await this.starting.get(id)?.catch(() => undefined);
    const spec = readJson<ContainerRuntimeSpec>(d.spec);
    const client = new AttachClient(opts.stdin && !!spec?.process.openStdin, () =>
      this.nextStart.dropAttach(id, client),
    );
    if ((await this.stateOf(d)).status === 'running') {
      try {
        await client.connect(d.socket);
        return client.streams;
      } catch {
        // It exited meanwhile: the client waits for the next start.
      }
    }
    this.nextStart.addAttach(id, client);
    return client.streams;
  }

  async wait(id: string): Promise<ExitStatus> {
    const d = this.existing(id);
    for (let attempt = 0; ; attempt++) {
      // A monitor that is alive but does not answer is between its exit record and its own exit.
      if (attempt > 0) await sleep(5);
      await this.starting.get(id)?.catch(() => undefined);
      const st = await this.stateOf(d);
      if (st.status === 'exited') return exitStatusOf(st);
      if (st.status === 'created') return this.nextStart.addWaiter(id);
      const record = await waitForExit(d.socket);
      if (record) return exitStatusOf(record);
      const after = await this.stateOf(d);
      if (after.status === 'exited') return exitStatusOf(after);
    }
  }

  async kill(id: string, signal: string): Promise<void> {
    let sig: number;
    try {
      sig = parseSignal(signal);
    } catch (err) {
      throw invalidParameter(messageOf(err));
    }
    const d = this.existing(id);
    const notRunning = conflict(`container ${id} is not running`);
    if ((await this.stateOf(d)).status !== 'running') throw notRunning;
    if (!(await this.runc.kill(id, sig))) throw notRunning;
  }

  async pause(id: string): Promise<void> {
    await this.freeze(id, true);
  }

  async resume(id: string): Promise<void> {
    await this.freeze(id, false);
  }

  private async freeze(id: string, frozen: boolean): Promise<void> {
    const d = this.existing(id);
    if ((await this.stateOf(d)).status !== 'running') throw conflict(`container ${id} is not running`);
    await this.runc.freeze(id, frozen).catch((err: unknown) => {
      // runc thaws a container it sends SIGKILL to: resuming it after is done already.
      if (!frozen && /not paused/i.test(messageOf(err))) return;
      // The process exited between the state check and runc.
      if (/does not exist|not running|stopped/i.test(messageOf(err)))
        throw conflict(`container ${id} is not running`);
      throw systemError(messageOf(err), err);
    });
  }

  async exec(id: string, spec: ExecSpec): Promise<ExecHandle> {
    const d = this.existing(id);
    if ((await this.stateOf(d)).status !== 'running') throw conflict(`container ${id} is not running`);
    const container = readJson<ContainerRuntimeSpec>(d.spec);
    const config = readJson<OciSpec>(d.config);
    if (!container || !config) throw systemError(`container ${id} has no bundle`);
    try {
      return await runExec({
        id,
        dir: d.dir,
        execDir: join(d.execs, randomBytes(8).toString('hex')),
        rootfs: d.rootfs,
        runc: this.runc.path,
        runcRoot: this.runc.root,
        container,
        containerProcess: config.process,
        exec: spec,
      });
    } catch (err) {
      // moby ContainerExecCreate: a user that cannot be found is an invalid parameter.
      throw err instanceof EngineError ? err : invalidParameter(messageOf(err));
    }
  }

  async resize(id: string, size: ConsoleSize): Promise<void> {
    const d = this.existing(id);
    if ((await this.stateOf(d)).status !== 'running') throw conflict(`container ${id} is not running`);
    if (!readJson<ContainerRuntimeSpec>(d.spec)?.process.tty) return;
    await requestResize(d.socket, size).catch(() => undefined);
  }

  async cleanup(id: string, opts: { startExpected?: boolean } = {}): Promise<void> {
    const d = this.existing(id);
    if (this.starting.has(id)) throw conflict(`container ${id} is running`);
    await this.locks.run(id, async () => {
      if ((await this.stateOf(d)).status === 'running') throw conflict(`container ${id} is running`);
      this.parking.unpark(id);
      if (opts.startExpected) this.park(d);
      else await this.release(d);
    });
  }

  async remove(id: string): Promise<void> {
    const d = this.dirOf(id);
    if (this.starting.has(id)) throw conflict(`container ${id} is running`);
    await this.locks.run(id, async () => {
      this.parking.unpark(id);
      if (!existsSync(d.dir)) return;
      if ((await this.stateOf(d)).status === 'running') throw conflict(`container ${id} is running`);
      await this.release(d);
      const left = mountsAtOrBelow(d.dir);
      if (left.length > 0) throw systemError(`container ${id} still has mounts: ${left.join(', ')}`);
      this.trash.discard(d);
      this.nextStart.drop(id, notFound(`container ${id} was removed`));
    });
  }

  async recover(): Promise<Array<{ id: string; state: RuntimeState }>> {
    mkdirSync(this.root, { recursive: true });
    mkdirSync(this.runc.root, { recursive: true });
    this.launcher.prewarm();
    this.trash.purgeLeftovers();
    const out: Array<{ id: string; state: RuntimeState }> = [];
    for (const id of readdirSync(this.root).sort()) {
      const d = new ContainerDir(this.root, id);
      try {
        checkId(id);
        if (!statSync(d.dir).isDirectory()) continue;
      } catch {
        continue;
      }
      const state = await this.stateOf(d);
      if (state.status !== 'running' && !this.states.monitorAlive(d)) {
        await this.release(d).catch((err: unknown) =>
          this.log('warn', 'could not release a stopped container', { id, err: messageOf(err) }),
        );
      }
      out.push({ id, state });
    }
    return out;
  }

  /**
   * Keeps a rootfs a create mounted until a prepare() takes it over, or unmounts it after the
   * parking time. The unmount runs under the container's lock and only if the parking is still the
   * one in place, so a prepare queued before it keeps its mount.
   */
  private park(d: ContainerDir): void {
    this.parking.park(d.id, (claim) => {
      void this.locks
        .run(d.id, async () => {
          if (!claim()) return;
          await this.releaseIfIdle(d);
        })
        .catch((err: unknown) =>
          this.log('warn', 'could not unmount the rootfs of a created container', {
            id: d.id,
            err: messageOf(err),
          }),
        );
    });
  }

  /** release() of a parked container, unless something made it run or removed it meanwhile. */
  private async releaseIfIdle(d: ContainerDir): Promise<void> {
    if (this.starting.has(d.id) || !existsSync(d.dir)) return;
    if ((await this.stateOf(d)).status === 'running') return;
    await this.release(d);
  }

  private dirOf(id: string): ContainerDir {
    checkId(id);
    return new ContainerDir(this.root, id);
  }

  private existing(id: string): ContainerDir {
    const d = this.dirOf(id);
    if (!existsSync(d.dir)) throw notFound(`No such container: ${id}`);
    return d;
  }

  private stateOf(d: ContainerDir): Promise<RuntimeState> {
    return this.states.stateOf(d);
  }

  /** After an exit (or a failed start): runc's state deleted, rootfs unmounted, run files gone. */
  private async release(d: ContainerDir): Promise<void> {
    await this.runc.deleteForce(d.id);
    for (const point of mountsAtOrBelow(d.dir).reverse()) await unmount(point);
    for (const f of [d.initPid, d.runcLog, d.socket]) rmSync(f, { force: true });
    rmSync(d.execs, { recursive: true, force: true });
  }

  private async startNow(d: ContainerDir): Promise<RunningState> {
    const id = d.id;
    if ((await this.stateOf(d)).status === 'running') throw conflict(`container ${id} is already running`);
    const spec = readJson<ContainerRuntimeSpec>(d.spec);
    if (!spec || !existsSync(d.config)) throw conflict(`container ${id} is not prepared`);
    for (const f of [d.exit, d.started, d.initPid, d.runcLog, d.monitor]) rmSync(f, { force: true });
    await this.runc.deleteForce(id);
    mkdirSync(this.runc.root, { recursive: true });
    const pending = this.nextStart.take(id);
    const job: MonitorJob = {
      id,
      dir: d.dir,
      runc: this.runc.path,
      runcRoot: this.runc.root,
      tty: spec.process.tty,
      openStdin: spec.process.openStdin,
      stdinOnce: spec.process.stdinOnce ?? false,
    };
    if (spec.process.tty && spec.process.consoleSize) job.consoleSize = spec.process.consoleSize;
    job.unmountAfterExit = d.rootfs;
    if (pending.attach.length > 0) job.holdOutput = true;
    const result = await this.launcher
      .launch(job, {
        onPid: (pid) => {
          const who = identify(pid);
          if (who) writeJsonAtomic(d.monitor, who);
        },
        attach: async () => {
          await Promise.all(pending.attach.map((c) => c.connect(d.socket).catch(() => c.close())));
        },
      })
      .catch((err: unknown) => ({ monitorPid: 0, error: `container monitor: ${messageOf(err)}` }));
    if ('error' in result) {
      const err = containerStartError(result.error);
      this.log('debug', 'container start failed', { id, err: result.error });
      await this.release(d).catch(() => undefined);
      for (const c of pending.attach) c.close();
      for (const w of pending.waiters) w.reject(err);
      throw err;
    }
    for (const w of pending.waiters) this.wait(id).then(w.resolve, w.reject);
    return { pid: result.started.pid, startedAt: result.started.startedAt };
  }
}
