import { conflict } from '../../errors/index.js';
import { thawAfterStopSignal, type PauseContext } from './container-pause.js';
import type { ContainerRecord } from './container-record.js';
import type { ContainerRestarts } from './container-restarts.js';
import type { Waiters } from './waiters.js';

/** What kill and stop need of the container service. */
export interface StopContext extends PauseContext {
  waiters: Waiters;
  restarts: ContainerRestarts;
  event(action: string, rec: ContainerRecord, extra?: Record<string, string>): void;
  /** The service's kill: the container looked up again by id. */
  kill(id: string, signal: string): Promise<void>;
}

/**
 * Sends `signal`; Docker's 409 when the container is not running. A user's kill counts as a stop
 * (`unless-stopped` no longer restarts it); the stop signal or SIGKILL also cancels restarts, and
 * a container waiting for its restart just stays stopped (moby killWithSignal).
 */
export async function killContainer(ctx: StopContext, rec: ContainerRecord, signal: string): Promise<void> {
  if (!rec.State.Running) throw conflict(`container ${rec.Id} is not running`);
  const number = signalNumber(signal);
  const stops = number === '9' || number === signalNumber(rec.Config.StopSignal || 'SIGTERM');
  if (stops) ctx.restarts.cancel(rec);
  rec.HasBeenManuallyStopped = true;
  if (rec.State.Restarting) {
    ctx.restarts.settleCanceled(rec);
    return;
  }
  ctx.persist(rec);
  await ctx.runtime.kill(rec.Id, signal);
  if (stops) await thawAfterStopSignal(ctx, rec);
  ctx.event('kill', rec, { signal: signalNumber(signal) });
}

/** SIGTERM (or the stop signal), SIGKILL after `timeout` seconds; false when not running (304). */
export async function stopContainer(
  ctx: StopContext,
  rec: ContainerRecord,
  opts: { timeout?: number; signal?: string },
): Promise<boolean> {
  if (!rec.State.Running) return false;
  if (rec.State.Restarting) {
    await ctx.kill(rec.Id, 'SIGKILL');
    ctx.event('stop', rec);
    return true;
  }
  const timeout = opts.timeout ?? rec.Config.StopTimeout ?? 10;
  const exited = ctx.waiters.next(rec.Id);
  await ctx.kill(rec.Id, opts.signal || rec.Config.StopSignal || 'SIGTERM').catch(() => undefined);
  const inTime =
    timeout < 0
      ? await exited.then(() => true)
      : await Promise.race([exited.then(() => true), sleep(timeout * 1000).then(() => false)]);
  if (!inTime) {
    await ctx.kill(rec.Id, 'SIGKILL').catch(() => undefined);
    await exited;
  }
  ctx.event('stop', rec);
  return true;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

const signalNumbers: Record<string, number> = {
  SIGHUP: 1,
  SIGINT: 2,
  SIGQUIT: 3,
  SIGKILL: 9,
  SIGUSR1: 10,
  SIGUSR2: 12,
  SIGTERM: 15,
};
/** Docker's kill event carries the signal as a number. */
function signalNumber(signal: string): string {
  if (/^\d+$/.test(signal)) return signal;
  const name = signal.toUpperCase().startsWith('SIG') ? signal.toUpperCase() : `SIG${signal.toUpperCase()}`;
  return String(signalNumbers[name] ?? signal);
}
