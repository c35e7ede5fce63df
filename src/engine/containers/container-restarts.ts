import type { ExitStatus } from '../../runtime/container-runtime.js';
import type { ContainerRecord } from './container-record.js';
import type { ContainerServiceOptions } from './container-service.js';
import { RestartManager } from './restart-policy.js';

/** What the restart wiring needs of the container service. */
export interface RestartContext {
  persist(rec: ContainerRecord): void;
  /** A policy's start of the container (not a user's: earlier restarts are not forgotten). */
  restart(id: string): Promise<unknown>;
  log: NonNullable<ContainerServiceOptions['log']>;
}

/** A restart the policy asked for after an exit, counted already; schedule() sets it going. */
export interface PlannedRestart {
  schedule(): void;
}

/**
 * Restart policies wired to containers (moby daemon/monitor.go and restartmanager): one
 * RestartManager per container, made on its first exit (or its first kill), kept across the
 * restarts it makes and replaced by a user's start. restart-policy.ts decides; this keeps the
 * decisions per container and applies them to the records.
 */
export class ContainerRestarts {
  /** Restart decisions per container, made on its first exit; a user's start makes a new one. */
  private readonly managers = new Map<string, RestartManager>();
  /** Policy starts under way: a forced removal waits for one before it kills what it started. */
  private readonly starting = new Map<string, Promise<void>>();

  constructor(private readonly ctx: RestartContext) {}

  /**
   * A user's start forgets earlier restarts and stops (moby ResetRestartManager); a policy's
   * restart does not call this.
   */
  resetForUserStart(rec: ContainerRecord): void {
    this.managers.get(rec.Id)?.cancel();
    this.managers.delete(rec.Id);
    rec.RestartCount = 0;
    rec.HasBeenManuallyStopped = false;
  }

  /**
   * The policy's answer to an exit: a planned restart (RestartCount counts it at once), or
   * undefined when the container stays stopped. The plan keeps its manager, so a user's start or a
   * cancel before schedule() runs still prevents the restart.
   */
  planAfterExit(rec: ContainerRecord, exit: ExitStatus): PlannedRestart | undefined {
    const manager = this.managerFor(rec);
    const ranMs = Date.parse(exit.finishedAt) - Date.parse(rec.State.StartedAt);
    const delay = manager.decide(exit.exitCode, !!rec.HasBeenManuallyStopped, ranMs);
    if (delay === undefined) return undefined;
    rec.RestartCount++;
    const id = rec.Id;
    return {
      schedule: () =>
        manager.schedule(delay, () => {
          const started = this.ctx
            .restart(id)
            .then(() => undefined)
            .catch((err: unknown) => {
              this.ctx.log('warn', 'restart failed', { id, err: String(err) });
            })
            .finally(() => {
              if (this.starting.get(id) === started) this.starting.delete(id);
            });
          this.starting.set(id, started);
        }),
    };
  }

  /** A stop signal, SIGKILL or forced removal: no restart from now on. */
  cancel(rec: ContainerRecord): void {
    this.managerFor(rec).cancel();
  }

  /** A restart that will not happen: the container is stopped for good (moby SetStopped). */
  settleCanceled(rec: ContainerRecord): void {
    rec.State = { ...rec.State, Status: 'exited', Running: false, Restarting: false };
    this.ctx.persist(rec);
  }

  /**
   * Resolves when a start the policy began (its timer fired before a cancel) has finished, however
   * it ended: what it started can then be stopped like any running container.
   */
  async startSettled(id: string): Promise<void> {
    await this.starting.get(id);
  }

  /** The container is removed. */
  forget(id: string): void {
    this.managers.delete(id);
  }

  private managerFor(rec: ContainerRecord): RestartManager {
    let manager = this.managers.get(rec.Id);
    if (!manager) {
      manager = new RestartManager(rec.HostConfig.RestartPolicy, rec.RestartCount);
      this.managers.set(rec.Id, manager);
    }
    return manager;
  }
}
