import { readJson, writeJsonAtomic, type ContainerDir } from './container-dir.js';
import type { ExitStatus, RuntimeState } from './container-runtime.js';
import { rfc3339Nano } from './monitor/clock.js';
import type { ExitRecord, StartedRecord } from './monitor/protocol.js';
import { isAlive, type ProcessIdentity } from './process-liveness.js';
import type { RuncCli } from './runc-cli.js';
import type { RuntimeLogger } from './runtime-logger.js';

/** Exit code moby's restore records for a container whose task is gone (daemon/daemon.go). */
const LOST_EXIT_CODE = 255;

/**
 * A runc container's state as its directory tells it: the monitor's identity (monitor.json), its
 * started.json and exit.json. Reading is all it does, except for a container whose monitor vanished
 * without an exit record: that one is settled (killed, runc state deleted, exit 255 recorded).
 */
export class RuncStateReader {
  constructor(
    private readonly runc: RuncCli,
    private readonly log: RuntimeLogger,
  ) {}

  monitorAlive(d: ContainerDir): boolean {
    const m = readJson<ProcessIdentity>(d.monitor);
    return m !== undefined && isAlive(m);
  }

  /**
   * The state from the container dir. Order matters: a monitor that is alive before exit.json is
   * read has either written it (exited) or not yet (running).
   */
  async stateOf(d: ContainerDir): Promise<RuntimeState> {
    const alive = this.monitorAlive(d);
    const exit = readJson<ExitRecord>(d.exit);
    if (exit) return { status: 'exited', ...exitStatusOf(exit) };
    const started = readJson<StartedRecord>(d.started);
    if (alive)
      return started
        ? { status: 'running', pid: started.pid, startedAt: started.startedAt }
        : { status: 'created' };
    if (started) return { status: 'exited', ...(await this.markLost(d)) };
    return { status: 'created' };
  }

  /** The monitor vanished without recording an exit: whatever still runs is killed, 255 recorded. */
  private async markLost(d: ContainerDir): Promise<ExitStatus> {
    this.log('warn', 'container monitor lost; recording exit 255', { id: d.id });
    await this.runc.kill(d.id, 9).catch(() => false);
    await this.runc.deleteForce(d.id).catch(() => undefined);
    const exit: ExitRecord = { exitCode: LOST_EXIT_CODE, finishedAt: rfc3339Nano(), oomKilled: false };
    writeJsonAtomic(d.exit, exit);
    return exit;
  }
}

export function exitStatusOf(r: ExitRecord): ExitStatus {
  return { exitCode: r.exitCode, finishedAt: r.finishedAt, oomKilled: r.oomKilled };
}
