import { invalidParameter } from '../../errors/index.js';

/** HostConfig.RestartPolicy as the client sent it. */
export interface RestartPolicy {
  Name?: string;
  MaximumRetryCount?: number;
}

/** moby api/types/container ValidateRestartPolicy (Docker 28's texts). */
export function validateRestartPolicy(policy: RestartPolicy | undefined): void {
  const name = policy?.Name ?? '';
  const max = policy?.MaximumRetryCount ?? 0;
  switch (name) {
    case 'always':
    case 'unless-stopped':
    case 'no':
      if (max !== 0) {
        throw invalidParameter(
          "invalid restart policy: maximum retry count can only be used with 'on-failure'" +
            (max < 0 ? ' and cannot be negative' : ''),
        );
      }
      return;
    case 'on-failure':
      if (max < 0) throw invalidParameter('invalid restart policy: maximum retry count cannot be negative');
      return;
    case '':
      return;
    default:
      throw invalidParameter(
        `invalid restart policy: unknown policy '${name}'; use one of 'no', 'always', 'on-failure', or 'unless-stopped'`,
      );
  }
}

/** First delay before a restart; it doubles on each restart up to a minute (moby restartmanager). */
const firstDelayMs = 100;
const maxDelayMs = 60_000;
/** A run this long resets the delay. */
const resetAfterMs = 10_000;

/**
 * One container's restart decisions (moby restartmanager): whether an exit leads to a restart and
 * after which delay, and its cancellation by a kill or stop. A new manager is made by a user's start.
 */
export class RestartManager {
  private delayMs = 0;
  private canceled = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly policy: RestartPolicy | undefined,
    /** Restarts so far (the container's RestartCount): `on-failure:N` stops after N. */
    private restartCount: number,
  ) {}

  /**
   * The delay before restarting after an exit, or undefined when the container stays stopped:
   * `always` restarts; `unless-stopped` unless a user stopped it; `on-failure[:N]` after a non-zero
   * exit, at most N times. Nothing restarts once canceled.
   */
  decide(exitCode: number, manuallyStopped: boolean, ranMs: number): number | undefined {
    const name = this.policy?.Name ?? '';
    if (name === '' || name === 'no' || this.canceled) return undefined;
    if (ranMs >= resetAfterMs) this.delayMs = 0;
    this.delayMs = this.delayMs === 0 ? firstDelayMs : Math.min(this.delayMs * 2, maxDelayMs);
    let restart = false;
    if (name === 'always') restart = true;
    else if (name === 'unless-stopped') restart = !manuallyStopped;
    else if (name === 'on-failure') {
      const max = this.policy?.MaximumRetryCount ?? 0;
      if (max === 0 || this.restartCount < max) restart = exitCode !== 0;
    }
    if (!restart) return undefined;
    this.restartCount++;
    return this.delayMs;
  }

  /** Runs `restart` after `delayMs` unless canceled first. */
  schedule(delayMs: number, restart: () => void): void {
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (!this.canceled) restart();
    }, delayMs);
  }

  /** A kill, stop or removal: no restart from now on; true when one was pending. */
  cancel(): boolean {
    this.canceled = true;
    const pending = this.timer !== undefined;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    return pending;
  }
}

/**
 * moby's restore: after a daemon restart, a container that ran before and is stopped now is started
 * again when its policy says so (`always` even after a user's stop, which is what sets it apart from
 * `unless-stopped`).
 */
export function restartsAtBoot(
  policy: RestartPolicy | undefined,
  exitCode: number,
  manuallyStopped: boolean,
  restartCount: number,
): boolean {
  return new RestartManager(policy, restartCount).decide(exitCode, manuallyStopped, 0) !== undefined;
}
