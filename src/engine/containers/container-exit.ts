import type { ContainerRuntime, ExitStatus } from '../../runtime/container-runtime.js';
import type { NetworkDirectory } from '../networks/network-attachments.js';
import { unmountAfterExit, type MountContext } from './container-mounts.js';
import { leaveNetworks } from './container-networks.js';
import type { ContainerRecord } from './container-record.js';
import type { ContainerRestarts } from './container-restarts.js';
import type { ContainerServiceOptions } from './container-service.js';
import type { Waiters } from './waiters.js';

/** What exit handling needs of the container service. */
export interface ExitContext {
  records: ReadonlyMap<string, ContainerRecord>;
  runtime: ContainerRuntime;
  mounts: MountContext;
  networks?: NetworkDirectory | undefined;
  waiters: Waiters;
  restarts: ContainerRestarts;
  persist(rec: ContainerRecord): void;
  event(action: string, rec: ContainerRecord, extra?: Record<string, string>): void;
  log: NonNullable<ContainerServiceOptions['log']>;
  remove(id: string, opts: { force: boolean; volumes: boolean }): Promise<void>;
}

/** Follows a running container until its process exits, then handles the exit. */
export function watchExit(ctx: ExitContext, rec: ContainerRecord): void {
  ctx.runtime.wait(rec.Id).then(
    (exit) => handleExit(ctx, rec.Id, exit),
    (err: unknown) => ctx.log('error', 'lost track of a container', { id: rec.Id, err: String(err) }),
  );
}

/**
 * A container's process exited (moby daemon/monitor.go handleContainerExit): the exit is recorded,
 * volumes unmounted, the runtime cleaned up, networks left and waiters told; then the restart
 * policy restarts it after a delay, or `--rm` removes it.
 */
export async function handleExit(ctx: ExitContext, id: string, exit: ExitStatus): Promise<void> {
  const rec = ctx.records.get(id);
  if (!rec) return;
  const restart = ctx.restarts.planAfterExit(rec, exit);
  const restarting = restart !== undefined;
  // moby SetRestarting: a container waiting for its restart counts as running (stop, rm, start).
  rec.State = {
    ...rec.State,
    Status: restarting ? 'restarting' : 'exited',
    Running: restarting,
    Paused: false,
    Restarting: restarting,
    Pid: 0,
    ExitCode: exit.exitCode,
    OOMKilled: exit.oomKilled,
    FinishedAt: exit.finishedAt,
  };
  await unmountAfterExit(ctx.mounts, rec);
  await ctx.runtime
    .cleanup(id)
    .catch((err: unknown) => ctx.log('warn', 'cleanup failed', { id, err: String(err) }));
  ctx.event('die', rec, { exitCode: String(exit.exitCode) });
  leaveNetworks(rec, ctx.networks);
  ctx.persist(rec);
  ctx.waiters.exited(id, exit.exitCode);
  if (restart) {
    restart.schedule();
    return;
  }
  if (rec.HostConfig.AutoRemove) {
    await ctx
      .remove(id, { force: true, volumes: true })
      .catch((err: unknown) => ctx.log('warn', 'auto-remove failed', { id, err: String(err) }));
  }
}
