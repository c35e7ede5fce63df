import { conflict, messages } from '../errors/index.js';
import type { VolumeDriver } from '../drivers/volume-driver.js';
import type { MetadataStore, VolumeRecord } from '../store/metadata-store.js';
import type { NameLocks } from './name-locks.js';
import type { VolumeIndex } from './volume-index.js';
import type { ContainerDirectory } from './volume-users.js';

/**
 * What the volume service's operations kept in their own modules (clone, snapshots, rename, label
 * edits: volume-clone.ts, volume-snapshots.ts, volume-edits.ts) use of its state; the service builds
 * it once and keeps the rules (locks first, catalog written before the answer) the same for them as
 * for its own operations.
 */
export interface VolumeAccess {
  locks: NameLocks;
  index: VolumeIndex<object>;
  store: MetadataStore;
  /** The driver called `driverName`, a lookup failure wrapped as `<op> <name>: …`. */
  driverOf(op: string, name: string, driverName: string): VolumeDriver;
  containers(): ContainerDirectory;
  pauser(): ContainerPauser | undefined;
  /**
   * Runs `fn` with the volume marked as being `what` (`cloned`, `restored`): meanwhile no container
   * may take a new reference to it or mount it (a new writer would tear the copy, a reader see the
   * swap); they are refused with `volume X is being <what>`.
   */
  busyDuring<T>(name: string, what: string, fn: () => Promise<T>): Promise<T>;
  /** The size cache learns that a volume's data changed. */
  dataChanged(name: string): void;
  /** Drops a removed volume from the catalog, the index and the size cache. */
  forget(name: string): void;
  /** Volumes in the middle of a rename: no new references until it has settled. */
  renaming: Set<string>;
  /** What the service keeps per name (the size cache's live mounts) follows a rename. */
  renamed(from: string, to: string): void;
  emit(action: string, id: string, attributes: Record<string, string>): void;
  log(level: 'info' | 'warn' | 'error', msg: string, fields?: Record<string, unknown>): void;
}

/**
 * Pauses and resumes containers for `--pause` (the container service, as `docker pause` does);
 * wired by the composition root once the containers exist.
 */
export interface ContainerPauser {
  /** Whether the container is paused now (one a user paused stays paused afterwards). */
  isPaused(id: string): boolean;
  pause(id: string): Promise<void>;
  unpause(id: string): Promise<void>;
}

/** The two names locked in one order, so opposite operations cannot wait on each other. */
export function lockBoth<T>(locks: NameLocks, a: string, b: string, fn: () => Promise<T>): Promise<T> {
  const [first, second] = a < b ? [a, b] : [b, a];
  if (first === second) return locks.run(first, fn);
  return locks.run(first, () => locks.run(second, fn));
}

/**
 * Runs `fn` with the running containers that use `rec` paused when `pause` is set; refuses (409,
 * naming them) when some run and it is not. Containers paused before stay paused; the others are
 * resumed however `fn` ends.
 */
export async function withWritersPaused<T>(
  access: VolumeAccess,
  rec: VolumeRecord,
  pause: boolean,
  fn: () => Promise<T>,
): Promise<T> {
  const running = access.index
    .refsOf(rec.name)
    .map((ref) => access.containers().find(ref))
    .filter((c) => c?.running === true);
  if (running.length === 0) return fn();
  const pauser = access.pauser();
  if (!pause || !pauser) {
    throw conflict(
      messages.volumeInUseByRunning(
        rec.name,
        running.map((c) => c?.id ?? ''),
        running.map((c) => c?.name ?? '').filter((n) => n !== ''),
      ),
    );
  }
  const paused: string[] = [];
  try {
    for (const c of running) {
      const id = c?.id ?? '';
      if (pauser.isPaused(id)) continue;
      await pauser.pause(id);
      paused.push(id);
    }
    return await fn();
  } finally {
    for (const id of paused) {
      await pauser
        .unpause(id)
        .catch((err: unknown) =>
          access.log('warn', 'could not resume a container paused for a copy', { id, err: String(err) }),
        );
    }
  }
}
