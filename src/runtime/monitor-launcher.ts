import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
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

/** A new spare monitor is started this long after a launch (Node's start-up takes one CPU ~70 ms). */
const REFILL_DELAY_MS = 100;

type ControlMessage = { listening?: boolean; started?: StartedRecord; failed?: string };

/** A monitor process and its control channel (see monitor/protocol.ts). */
class MonitorProcess {
  readonly child: ChildProcess;
  private readonly control: Socket;
  private readonly queue: ControlMessage[] = [];
  private waiting: ((m: ControlMessage | undefined) => void) | undefined;
  private closed = false;

  constructor(monitorPath: string) {
    const env = { ...process.env };
    delete env.NODE_OPTIONS;
    this.child = spawn(process.execPath, [monitorPath], {
      detached: true,
      stdio: ['ignore', 'ignore', 'ignore', 'pipe'],
      cwd: '/',
      env,
    });
    this.child.unref();
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

  constructor(
    private readonly monitorPath: string,
    private readonly spare: boolean,
  ) {}

  /**
   * Runs `job`: `onPid` is told the monitor's pid before anything runs, `beforeGo` runs once the
   * monitor's socket accepts clients and before the process starts.
   */
  async launch(
    job: MonitorJob,
    hooks: { onPid(pid: number): void; beforeGo(): Promise<void> },
  ): Promise<LaunchResult> {
    let monitor = this.spareMonitor;
    this.spareMonitor = undefined;
    if (!monitor?.usable) {
      monitor?.kill();
      if (!existsSync(this.monitorPath)) {
        throw new Error(`container monitor ${this.monitorPath} is missing (run npm run build)`);
      }
      monitor = new MonitorProcess(this.monitorPath);
    }
    const pid = monitor.child.pid ?? 0;
    monitor.ref();
    try {
      hooks.onPid(pid);
      monitor.send({ job });
      const listening = await monitor.next();
      if (!listening?.listening) {
        return {
          monitorPid: pid,
          error: listening?.failed ?? 'container monitor exited before it was ready',
        };
      }
      await hooks.beforeGo();
      monitor.send({ go: true });
      const result = await monitor.next();
      if (result?.started) return { monitorPid: pid, started: result.started };
      return {
        monitorPid: pid,
        error: result?.failed ?? 'container monitor exited before the process started',
      };
    } finally {
      monitor.release();
      // The next spare starts once this start is over, not competing with it for the CPU.
      if (this.spare) setTimeout(() => this.refill(), REFILL_DELAY_MS).unref();
    }
  }

  /** Starts the idle monitor now (the daemon's first start is then as fast as the others). */
  prewarm(): void {
    if (this.spare) this.refill();
  }

  /** Ends the idle monitor (monitors that run containers go on). */
  close(): void {
    this.closed = true;
    this.spareMonitor?.kill();
    this.spareMonitor = undefined;
  }

  private refill(): void {
    if (this.closed || this.spareMonitor?.usable) return;
    if (!existsSync(this.monitorPath)) return;
    this.spareMonitor = new MonitorProcess(this.monitorPath);
  }
}
