import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { setPriority } from 'node:os';
import type { Socket } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LineReader, type MonitorJob, type StartedRecord } from './monitor/protocol.js';

/** The compiled monitor: beside this module in dist/, or dist/ of the package when run from src/. */
export function defaultMonitorPath(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const beside = join(here, 'monitor', 'main.js');
  if (existsSync(beside)) return beside;
  return join(here, '..', '..', 'dist', 'src', 'runtime', 'monitor', 'main.js');
}

/**
 * Niceness of an idle spare monitor while it boots (Node's start-up takes one CPU ~50-70 ms): it
 * boots during the start that used the previous spare, and must not take the CPU from it (runc, the
 * daemon, the client). The launcher puts the monitor back to normal priority before it hands it a
 * job, so runc and the container inherit the normal one. Only where the daemon may raise a
 * priority again (root); elsewhere spares boot at normal priority.
 */
const SPARE_NICENESS = 19;

/**
 * Starts closer together than this are a burst (docker run after docker run): the next spare must
 * boot at once, while this start waits on runc, to be ready for the next start. Otherwise it boots
 * REFILL_DELAY_MS after the start, when the machine is most likely idle again.
 */
const BURST_MS = 250;
const REFILL_DELAY_MS = 100;

type ControlMessage = { listening?: boolean; started?: StartedRecord; failed?: string };

/** A monitor process and its control channel (see monitor/protocol.ts). */
class MonitorProcess {
  readonly child: ChildProcess;
  private readonly control: Socket;
  private readonly queue: ControlMessage[] = [];
  private waiting: ((m: ControlMessage | undefined) => void) | undefined;
  private closed = false;

  private niced = false;

  constructor(monitorPath: string, lowPriority: boolean) {
    const env = { ...process.env };
    delete env.NODE_OPTIONS;
    this.child = spawn(process.execPath, [monitorPath], {
      detached: true,
      stdio: ['ignore', 'ignore', 'ignore', 'pipe'],
      cwd: '/',
      env,
    });
    this.child.unref();
    if (lowPriority && this.child.pid !== undefined) {
      try {
        setPriority(this.child.pid, SPARE_NICENESS);
        this.niced = true;
      } catch {
        // gone already, or not allowed: it boots at normal priority
      }
    }
    this.control = this.child.stdio[3] as Socket;
    this.control.unref();
    const reader = new LineReader((line) => this.deliver(JSON.parse(line) as ControlMessage));
    this.control.on('data', (chunk: Buffer) => reader.push(chunk));
    this.control.on('error', () => {});
    this.control.on('close', () => {
      this.closed = true;
      this.deliver(undefined);
    });
    this.child.on('error', () => this.deliver(undefined));
  }

  get usable(): boolean {
    return !this.closed && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Keeps the daemon's event loop alive while a launch waits on this monitor (idle spares do not). */
  ref(): void {
    this.control.ref();
  }

  /**
   * Back to normal priority before the monitor gets a job (runc and the container inherit its
   * main thread's). Throws when that is refused: a job must never run at the spare's niceness.
   */
  restorePriority(): void {
    const pid = this.child.pid;
    if (!this.niced || pid === undefined) return;
    // Linux's setpriority(PRIO_PROCESS) sets one thread: every thread of the monitor is set, so
    // that none of Node's own threads (GC, I/O) lags behind when the machine is busy.
    let threads: number[] = [pid];
    try {
      threads = readdirSync(`/proc/${pid}/task`).map(Number);
    } catch {
      // no /proc: the main thread alone
    }
    for (const tid of threads) {
      try {
        setPriority(tid, 0);
      } catch (err) {
        // A thread that ended meanwhile is fine; a refusal for the main thread is not.
        if (tid === pid) throw err;
      }
    }
    this.niced = false;
  }

  send(message: object): void {
    this.control.write(`${JSON.stringify(message)}\n`);
  }

  /** The next message; undefined when the monitor went away. */
  next(): Promise<ControlMessage | undefined> {
    const m = this.queue.shift();
    if (m || this.closed) return Promise.resolve(m);
    return new Promise((resolve) => (this.waiting = resolve));
  }

  /** Lets go of the monitor: it runs on by itself. */
  release(): void {
    this.control.destroy();
  }

  kill(): void {
    this.control.destroy();
    if (this.usable) this.child.kill('SIGKILL');
  }

  private deliver(m: ControlMessage | undefined): void {
    const w = this.waiting;
    this.waiting = undefined;
    if (w) w(m);
    else if (m) this.queue.push(m);
  }
}

export type LaunchResult =
  { monitorPid: number; started: StartedRecord } | { monitorPid: number; error: string };

/**
 * Starts container monitors. Node needs tens of milliseconds to start, so one idle monitor is kept
 * ready (when `spare` is on) and the next start hands its job to it; an idle monitor exits when
 * the daemon (its control channel) goes away.
 */
export class MonitorLauncher {
  private spareMonitor: MonitorProcess | undefined;
  private closed = false;
  private lastLaunch = -Infinity;

  constructor(
    private readonly monitorPath: string,
    private readonly spare: boolean,
  ) {}

  /**
   * Runs `job`: `onPid` is told the monitor's pid before anything runs, `attach` runs once the
   * monitor's socket accepts clients; the process may be starting meanwhile, and with
   * `job.holdOutput` the monitor keeps its output for the clients `attach` connects.
   */
  async launch(
    job: MonitorJob,
    hooks: { onPid(pid: number): void; attach(): Promise<void> },
  ): Promise<LaunchResult> {
    const now = performance.now();
    const burst = now - this.lastLaunch < BURST_MS;
    this.lastLaunch = now;
    let monitor = this.spareMonitor;
    this.spareMonitor = undefined;
    if (monitor?.usable) {
      try {
        monitor.restorePriority();
      } catch {
        monitor.kill();
        monitor = undefined;
      }
    }
    if (!monitor?.usable) {
      monitor?.kill();
      if (!existsSync(this.monitorPath)) {
        throw new Error(`container monitor ${this.monitorPath} is missing (run npm run build)`);
      }
      monitor = new MonitorProcess(this.monitorPath, false);
    }
    const pid = monitor.child.pid ?? 0;
    monitor.ref();
    let refilling = false;
    try {
      hooks.onPid(pid);
      monitor.send({ job });
      monitor.send({ go: true });
      const listening = await monitor.next();
      if (!listening?.listening) {
        return {
          monitorPid: pid,
          error: listening?.failed ?? 'container monitor exited before it was ready',
        };
      }
      await hooks.attach();
      monitor.send({ attached: true });
      if (burst) {
        // The next spare boots while this one waits on runc (the daemon has nothing else to do).
        refilling = true;
        this.refill();
      }
      const result = await monitor.next();
      if (result?.started) return { monitorPid: pid, started: result.started };
      return {
        monitorPid: pid,
        error: result?.failed ?? 'container monitor exited before the process started',
      };
    } finally {
      monitor.release();
      if (!refilling) setTimeout(() => this.refill(), REFILL_DELAY_MS).unref();
    }
  }

  /** Starts the idle monitor now (the daemon's first start is then as fast as the others). */
  prewarm(): void {
    this.refill();
  }

  /** Ends the idle monitor (monitors that run containers go on). */
  close(): void {
    this.closed = true;
    this.spareMonitor?.kill();
    this.spareMonitor = undefined;
  }

  private refill(): void {
    if (!this.spare || this.closed || this.spareMonitor?.usable) return;
    if (!existsSync(this.monitorPath)) return;
    this.spareMonitor = new MonitorProcess(this.monitorPath, process.getuid?.() === 0);
  }
}
