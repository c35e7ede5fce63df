import { statSync } from 'node:fs';
import type { DriverRegistry } from '../drivers/driver-registry.js';
import type { MeasuredSize, VolumeRecord } from '../store/metadata-store.js';
import type { VolumeIndex } from './volume-index.js';

/**
 * A volume's size as the engine can tell it without walking the data at every call.
 * `estimate` is false when the bytes are exact now: counted after the volume's last use ended (and
 * not mounted since), or read from the backend's own accounting (btrfs qgroups, an image's blocks).
 * A volume mounted since it was counted has an estimate: the last count, with its age.
 */
export interface SizeReading {
  bytes: number;
  /** Unix ms when the count started (an accounted reading: when it was read). */
  measuredAt: number;
  estimate: boolean;
}

export interface VolumeSizesOptions {
  /** Counts the volume's data (Docker's walk); undefined when the driver cannot tell. */
  walk(name: string): Promise<number | undefined>;
  /** Exact bytes from the backend's accounting, cheap; undefined where there is none. */
  accounted(name: string): Promise<number | undefined>;
  /**
   * Whether the volume's top directory changed (mtime or ctime) after `since` (unix ms): an entry
   * added, removed or renamed there from the host while nothing had it mounted. Cheap (one stat).
   */
  touchedSince(name: string, since: number): Promise<boolean>;
  /** The catalog record (for the last count and the mount times). */
  record(name: string): VolumeRecord | undefined;
  /** Keeps a new count in the catalog. */
  save(name: string, size: MeasuredSize): void;
  now?: () => number;
  /** A count of a volume in use older than this is redone in the background when asked for. */
  busyMaxAgeMs?: number;
  /** A count of an idle volume older than this is redone in the background (writes from the host). */
  idleMaxAgeMs?: number;
  /** Walks running at once. */
  concurrency?: number;
  log?: (level: 'warn', msg: string, fields: Record<string, unknown>) => void;
}

/**
 * Cheap, always-on volume sizes (Strata's own): each volume is counted once when its last user
 * unmounts it, when it is made, and after its content is replaced (import, clone, restore); answers
 * come from that count, kept in the catalog, so `system df` and `volume ls --size` do not walk every
 * file at every call. Where the backend accounts for its bytes, that number is used instead.
 */
export class VolumeSizes {
  private readonly opts: Required<Omit<VolumeSizesOptions, 'log'>> & Pick<VolumeSizesOptions, 'log'>;
  /** Live mounts per volume (containers, copies, exports). */
  private readonly mounts = new Map<string, number>();
  /** Counts in progress, and whether another must follow because the content changed meanwhile. */
  private readonly counting = new Map<string, { done: Promise<void>; again: boolean }>();
  /** Readings from backend accounting, fresh per `ensure`. */
  private readonly accountedReadings = new Map<string, SizeReading>();
  private slots: number;
  private readonly waiting: Array<() => void> = [];

  constructor(options: VolumeSizesOptions) {
    this.opts = {
      now: Date.now,
      busyMaxAgeMs: 5_000,
      idleMaxAgeMs: 10 * 60_000,
      concurrency: 4,
      ...options,
    };
    this.slots = this.opts.concurrency;
  }

  /** A mount for any user began. */
  mounted(name: string): void {
    this.mounts.set(name, (this.mounts.get(name) ?? 0) + 1);
  }

  /** A mount ended; after the last one the volume is counted again (in the background). */
  unmounted(name: string): void {
    const n = (this.mounts.get(name) ?? 0) - 1;
    if (n > 0) {
      this.mounts.set(name, n);
      return;
    }
    this.mounts.delete(name);
    void this.refresh(name);
  }

  busy(name: string): boolean {
    return (this.mounts.get(name) ?? 0) > 0;
  }

  /** The volume's name changed: its live state follows it. */
  renamed(from: string, to: string): void {
    const n = this.mounts.get(from);
    this.mounts.delete(from);
    if (n !== undefined) this.mounts.set(to, n);
    this.accountedReadings.delete(from);
  }

  forget(name: string): void {
    this.mounts.delete(name);
    this.accountedReadings.delete(name);
  }

  /** What is known now, without any I/O; undefined when the volume was never counted. */
  reading(name: string): SizeReading | undefined {
    const accounted = this.accountedReadings.get(name);
    if (accounted) return accounted;
    const rec = this.opts.record(name);
    const size = rec?.size;
    if (!rec || !size) return undefined;
    const usedSince =
      size.measuredAt < (rec.lastMountedAt ?? 0) || size.measuredAt < (rec.lastUnmountedAt ?? 0);
    return { bytes: size.bytes, measuredAt: size.measuredAt, estimate: this.busy(name) || usedSince };
  }

  /**
   * Makes `reading` answer for each volume: reads backend accounting; counts now the volumes never
   * counted and the idle ones used or touched at their top since their count (the answer is then
   * exact); starts, without
   * waiting, a new count of a busy volume whose estimate is older than `busyMaxAgeMs` and of an idle
   * one older than `idleMaxAgeMs`.
   */
  async ensure(names: Iterable<string>): Promise<void> {
    const now = this.opts.now();
    const waits: Array<Promise<void>> = [];
    for (const name of names) {
      waits.push(
        (async () => {
          const bytes = await this.opts.accounted(name).catch(() => undefined);
          if (bytes !== undefined) {
            this.accountedReadings.set(name, { bytes, measuredAt: now, estimate: false });
            return;
          }
          this.accountedReadings.delete(name);
          const r = this.reading(name);
          const idle = !this.busy(name);
          const stale =
            r !== undefined &&
            idle &&
            (r.estimate || (await this.opts.touchedSince(name, r.measuredAt).catch(() => false)));
          if (r === undefined || stale) {
            await this.refresh(name);
            return;
          }
          const maxAge = idle ? this.opts.idleMaxAgeMs : this.opts.busyMaxAgeMs;
          if (now - r.measuredAt > maxAge) void this.refresh(name);
        })(),
      );
    }
    await Promise.all(waits);
  }

  /**
   * Counts the volume again; one count at a time per volume, and one more after it when asked
   * during a count (the content may have changed after the walk passed). Never throws: a volume
   * that cannot be counted keeps its last reading.
   */
  refresh(name: string): Promise<void> {
    const running = this.counting.get(name);
    if (running) {
      running.again = true;
      return running.done;
    }
    const entry = { done: Promise.resolve(), again: false };
    entry.done = (async () => {
      do {
        entry.again = false;
        await this.countOnce(name);
      } while (entry.again);
      this.counting.delete(name);
    })();
    this.counting.set(name, entry);
    return entry.done;
  }

  /** Resolves when every count started so far has finished (tests, shutdown). */
  async settled(): Promise<void> {
    while (this.counting.size > 0) await Promise.all([...this.counting.values()].map((c) => c.done));
  }

  private async countOnce(name: string): Promise<void> {
    await this.acquireSlot();
    try {
      if (!this.opts.record(name)) return;
      const startedAt = this.opts.now();
      let bytes: number | undefined;
      try {
        bytes = await this.opts.walk(name);
      } catch (err) {
        this.opts.log?.('warn', 'could not count a volume', { name, err: String(err) });
        return;
      }
      if (bytes === undefined || !this.opts.record(name)) return;
      this.opts.save(name, { bytes, measuredAt: startedAt });
    } finally {
      this.releaseSlot();
    }
  }

  private async acquireSlot(): Promise<void> {
    if (this.slots > 0) {
      this.slots--;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  private releaseSlot(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.slots++;
  }
}

/**
 * The size cache over the volume service's catalog index and drivers: walks with the driver's
 * `usage` (Docker's count), reads its `accountedUsage` where it has one, and checks the top
 * directory's times with one synchronous stat (a cached inode: a microsecond, where a threadpool
 * round trip costs more; `system df` over 1,000 volumes asks 1,000 of them).
 */
export function catalogSizes(deps: {
  index: VolumeIndex<object>;
  drivers: DriverRegistry;
  save(name: string, size: MeasuredSize): void;
  log?: VolumeSizesOptions['log'];
}): VolumeSizes {
  const { index, drivers } = deps;
  const driverOf = (name: string) => {
    const rec = index.get(name);
    return rec && drivers.has(rec.driver) ? drivers.get(rec.driver) : undefined;
  };
  return new VolumeSizes({
    walk: async (name) => {
      const driver = driverOf(name);
      return driver?.usage ? driver.usage(name) : undefined;
    },
    accounted: async (name) => {
      const driver = driverOf(name);
      return driver?.accountedUsage ? driver.accountedUsage(name) : undefined;
    },
    touchedSince: async (name, since) => {
      const driver = driverOf(name);
      if (!driver) return false;
      const st = statSync(driver.path(name));
      // The kernel's file times come from a coarse clock, a few ms behind Date.now().
      return Math.max(st.mtimeMs, st.ctimeMs) > since - 20;
    },
    record: (name) => index.get(name),
    save: deps.save,
    ...(deps.log ? { log: deps.log } : {}),
  });
}
