import { conflict, kindOf, messageOf, systemError } from '../../errors/index.js';
import type { ContainerRuntime } from '../../runtime/container-runtime.js';
import type { ContainerRecord } from './container-record.js';

/** What pause and unpause need of the container service. */
export interface PauseContext {
  runtime: ContainerRuntime;
  persist(rec: ContainerRecord): void;
  event(action: 'pause' | 'unpause', rec: ContainerRecord): void;
}

/**
 * `docker pause` (moby daemon/pause.go): freezes a running container's processes. Refusals and their
 * order are moby's: not running (409 `container X is not running`), already paused (409), restarting
 * (409). A paused container stays Running, with Paused set and Status `paused`.
 */
export async function pauseContainer(ctx: PauseContext, rec: ContainerRecord): Promise<void> {
  if (!rec.State.Running) throw conflict(`container ${rec.Id} is not running`);
  if (rec.State.Paused) throw conflict(`Container ${rec.Id} is already paused`);
  if (rec.State.Restarting) {
    throw conflict(`Container ${rec.Id} is restarting, wait until the container is running`);
  }
  try {
    await ctx.runtime.pause(rec.Id);
  } catch (err) {
    if (kindOf(err) === 'conflict') throw err;
    throw systemError(`cannot pause container ${rec.Id}: ${messageOf(err)}`, err);
  }
  rec.State = { ...rec.State, Paused: true, Status: 'paused' };
  ctx.persist(rec);
  ctx.event('pause', rec);
}

/**
 * `docker unpause` (moby daemon/unpause.go): a container that is not paused is refused with moby's
 * plain error (500 `Container X is not paused`), one that no longer runs with 409.
 */
export async function unpauseContainer(ctx: PauseContext, rec: ContainerRecord): Promise<void> {
  if (!rec.State.Paused) throw systemError(`Container ${rec.Id} is not paused`);
  if (!rec.State.Running) throw conflict(`container ${rec.Id} is not running`);
  try {
    await ctx.runtime.resume(rec.Id);
  } catch (err) {
    if (kindOf(err) === 'conflict') throw err;
    throw systemError(`Cannot unpause container ${rec.Id}: ${messageOf(err)}`, err);
  }
  rec.State = { ...rec.State, Paused: false, Status: 'running' };
  ctx.persist(rec);
  ctx.event('unpause', rec);
}

/**
 * After a signal that stops a paused container (its stop signal or SIGKILL), it is thawed so the
 * signal lands (moby killWithSignal); the exit then clears Paused.
 */
export async function thawAfterStopSignal(ctx: PauseContext, rec: ContainerRecord): Promise<void> {
  if (!rec.State.Paused) return;
  await ctx.runtime.resume(rec.Id).catch(() => undefined);
}
