import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import {
  EngineError,
  conflict,
  goPathError,
  invalidParameter,
  messages,
  notFound,
  systemError,
} from '../../errors/index.js';
import type { DriverSnapshot, VolumeSnapshots } from '../volume-driver.js';
import { directorySize } from './disk-usage.js';
import type { StorageCopier } from './tree-copy.js';
import { fsyncPath, writeFileAtomic } from './volume-files.js';
import { isLocalVolumeName } from './volume-name.js';

/**
 * On disk, beside the volume so that rename moves them and remove deletes them, and outside `_data`
 * so that a container never sees them and Docker's size of the volume does not count them:
 *
 *   <root>/<name>/_snapshots/<snap>/_data           the copy (and a backend's files beside it)
 *   <root>/<name>/_snapshots/<snap>/snapshot.json   {"CreatedAt": unix ms, "Size": bytes}
 *   <root>/<name>/_snapshots/.new-<random>/         a snapshot being made (published by one rename)
 *   <root>/<name>/_restoring.new/                   a restore's copy of the snapshot, being made
 *   <root>/<name>/_restoring/                       that copy, complete: the restore is decided
 *   <root>/<name>/_replaced/                        what the restore swapped out
 *
 * Names starting with `.` or `_` can be neither snapshot nor volume names, so nothing here is ever
 * taken for one.
 */
const SNAPSHOTS = '_snapshots';
const RESTORING_NEW = '_restoring.new';
const RESTORING = '_restoring';
const REPLACED = '_replaced';
const META = 'snapshot.json';

/** What the store needs to know of a volume the driver holds. */
export interface SnapshotVolume {
  /** `<root>/<name>` */
  dir: string;
  /** Why its data cannot be copied (a filesystem its options mount), if so. */
  refusal?: string;
  /** Whether anything has it mounted now (restore is refused then). */
  busy: boolean;
  /** Copies this volume's storage (see StorageCopier). */
  copy: StorageCopier;
  /** Bytes of the storage in a directory this volume's copy filled; `_data` walked when absent. */
  measure?(dir: string): Promise<number | undefined>;
  /**
   * Releases what the storage in a directory (a snapshot removed, data a restore replaced) holds
   * beyond it (a backend's subvolume, loop device), before the directory is deleted.
   */
  release?(dir: string): Promise<void>;
}

export interface LocalSnapshotsOptions {
  /** The volume called `name`, or undefined when the driver does not hold it. */
  locate(name: string): SnapshotVolume | undefined;
  /** fsync the directories a rename changed, so a change survives a power cut. */
  durable: boolean;
}

/** The local driver's snapshots (the VolumeSnapshots contract in volume-driver.ts). */
export class LocalSnapshots implements VolumeSnapshots {
  private deleting: Promise<void> = Promise.resolve();

  constructor(private readonly o: LocalSnapshotsOptions) {}

  async create(volume: string, snapshot: string): Promise<DriverSnapshot> {
    validateSnapshotName(snapshot);
    const vol = this.locate(volume);
    const snapshots = join(vol.dir, SNAPSHOTS);
    const final = join(snapshots, snapshot);
    if (existsSync(final)) throw conflict(messages.snapshotExists(volume, snapshot));
    const stage = join(snapshots, `.new-${randomBytes(8).toString('hex')}`);
    const createdAt = Date.now();
    try {
      mkdirSync(stage, { recursive: true, mode: 0o700 });
      await vol.copy(vol.dir, stage);
      // A plain copy was a walk already; a backend's instant copy is measured at the first list.
      const size = vol.measure ? undefined : await directorySize(join(stage, '_data'));
      writeMeta(stage, { createdAt, ...(size === undefined ? {} : { size }) });
      if (this.o.durable) fsyncPath(stage);
      if (existsSync(final)) throw conflict(messages.snapshotExists(volume, snapshot));
      renameSync(stage, final);
      if (this.o.durable) fsyncPath(snapshots);
      return { volume, name: snapshot, createdAt, ...(size === undefined ? {} : { size }) };
    } catch (err) {
      await vol.release?.(stage).catch(() => undefined);
      await rm(stage, { recursive: true, force: true }).catch(() => undefined);
      throw asEngineError(err, 'snapshot', final);
    }
  }

  async list(volume: string): Promise<DriverSnapshot[]> {
    const vol = this.locate(volume, { toRead: true });
    const snapshots = join(vol.dir, SNAPSHOTS);
    let names: string[];
    try {
      names = readdirSync(snapshots).filter(isLocalVolumeName);
    } catch {
      return [];
    }
    const out: DriverSnapshot[] = [];
    for (const name of names) {
      const dir = join(snapshots, name);
      const meta = readMeta(dir);
      if (meta.size === undefined && vol.measure) {
        // Measured once: a snapshot never changes.
        const size = await vol.measure(dir).catch(() => undefined);
        if (size !== undefined) {
          meta.size = size;
          // A snapshot removed meanwhile is simply not written to.
          tryWriteMeta(dir, meta);
        }
      }
      out.push({ volume, name, ...meta });
    }
    return out.sort((a, b) => a.createdAt - b.createdAt || (a.name < b.name ? -1 : 1));
  }

  /**
   * The snapshot is copied to `_restoring.new` (a crash now: start-up deletes it, the old data stays)
   * and published as `_restoring` by one rename: from then on the restore is decided, and what is
   * left of the swap (each entry: old one to `_replaced`, new one into place) is finished by
   * start-up if a crash cuts it short. Last, `_replaced` is moved aside and deleted in the background.
   */
  async restore(volume: string, snapshot: string): Promise<void> {
    const vol = this.locate(volume);
    const source = join(vol.dir, SNAPSHOTS, snapshot);
    if (!isLocalVolumeName(snapshot) || !existsSync(join(source, META))) {
      throw notFound(messages.noSuchSnapshot(volume, snapshot));
    }
    if (vol.busy) throw conflict(messages.activeMounts);
    const staged = join(vol.dir, RESTORING_NEW);
    rmSync(staged, { recursive: true, force: true });
    rmSync(join(vol.dir, REPLACED), { recursive: true, force: true });
    try {
      mkdirSync(staged, { mode: 0o700 });
      await vol.copy(source, staged);
      if (this.o.durable) fsyncPath(staged);
      if (this.o.locate(volume)?.busy !== false) throw conflict(messages.activeMounts);
      renameSync(staged, join(vol.dir, RESTORING));
    } catch (err) {
      await vol.release?.(staged).catch(() => undefined);
      await rm(staged, { recursive: true, force: true }).catch(() => undefined);
      throw asEngineError(err, 'restore', vol.dir);
    }
    try {
      finishRestore(vol.dir);
      if (this.o.durable) fsyncPath(vol.dir);
    } catch (err) {
      throw systemError(goPathError('restore', vol.dir, err), err);
    }
    this.discard(vol, join(vol.dir, REPLACED));
  }

  async remove(volume: string, snapshot: string): Promise<void> {
    const vol = this.locate(volume, { toRead: true });
    const snapshots = join(vol.dir, SNAPSHOTS);
    const path = join(snapshots, snapshot);
    if (!isLocalVolumeName(snapshot) || !existsSync(path)) {
      throw notFound(messages.noSuchSnapshot(volume, snapshot));
    }
    this.discard(vol, path);
  }

  /**
   * Moves `path` (a removed snapshot, replaced data) out of the way under `_snapshots/.gone-…` with
   * one rename, then releases and deletes it in the background; start-up deletes what a crash left.
   */
  private discard(vol: SnapshotVolume, path: string): void {
    const snapshots = join(vol.dir, SNAPSHOTS);
    const doomed = join(snapshots, `.gone-${randomBytes(8).toString('hex')}`);
    try {
      renameSync(path, doomed);
    } catch (err) {
      throw systemError(goPathError('rename', path, err), err);
    }
    if (this.o.durable) fsyncPath(snapshots);
    this.deleting = this.deleting
      .then(async () => {
        await vol.release?.(doomed).catch(() => undefined);
        await rm(doomed, { recursive: true, force: true });
      })
      .catch(() => undefined);
  }

  /** Resolves when the deletions queued so far have finished. */
  async drained(): Promise<void> {
    await this.deleting;
  }

  /** The volume, refused when its data cannot be copied (unless only read: list and remove). */
  private locate(volume: string, opts: { toRead?: boolean } = {}): SnapshotVolume {
    const vol = this.o.locate(volume);
    if (!vol) throw notFound(messages.noSuchVolume);
    if (vol.refusal !== undefined && !opts.toRead) throw invalidParameter(vol.refusal);
    return vol;
  }
}

/**
 * Moves each entry of a published `_restoring` into the volume directory, the entry it replaces to
 * `_replaced` first. Each step is one rename and the state says which steps are done, so running it
 * again after a crash finishes the swap.
 */
function finishRestore(dir: string): void {
  const restoring = join(dir, RESTORING);
  const replaced = join(dir, REPLACED);
  mkdirSync(replaced, { recursive: true, mode: 0o700 });
  for (const entry of readdirSync(restoring)) {
    const live = join(dir, entry);
    if (existsSync(live) && !existsSync(join(replaced, entry))) renameSync(live, join(replaced, entry));
    else if (existsSync(live)) rmSync(live, { recursive: true, force: true });
    renameSync(join(restoring, entry), live);
  }
  rmSync(restoring, { recursive: true, force: true });
}

/**
 * Settles what a crash left in a volume directory, before the driver loads it: a decided restore is
 * finished, an undecided one dropped, leftovers of a finished one and snapshots never published or
 * half deleted are removed.
 */
export function settleVolumeDir(dir: string): void {
  // One listing of the directory: start-up runs this for every volume, and nearly all are settled.
  const present = new Set(readdirSync(dir));
  if (present.has(RESTORING_NEW)) rmSync(join(dir, RESTORING_NEW), { recursive: true, force: true });
  if (present.has(RESTORING)) finishRestore(dir);
  if (present.has(RESTORING) || present.has(REPLACED)) {
    rmSync(join(dir, REPLACED), { recursive: true, force: true });
  }
  if (!present.has(SNAPSHOTS)) return;
  const snapshots = join(dir, SNAPSHOTS);
  for (const e of readdirSync(snapshots)) {
    if (e.startsWith('.')) rmSync(join(snapshots, e), { recursive: true, force: true });
  }
}

/** The directories of a volume's snapshots (their storage is released with the volume's). */
export function snapshotDirs(volumeDir: string): string[] {
  const snapshots = join(volumeDir, SNAPSHOTS);
  try {
    return readdirSync(snapshots).map((e) => join(snapshots, e));
  } catch {
    return [];
  }
}

/** Snapshot names follow the local volume name rule. */
export function validateSnapshotName(name: string): void {
  if (!isLocalVolumeName(name)) throw invalidParameter(messages.invalidSnapshotName(name));
}

interface SnapshotMeta {
  createdAt: number;
  size?: number;
}

/** snapshot.json, replaced in one rename. */
function writeMeta(dir: string, meta: SnapshotMeta): void {
  const json = { CreatedAt: meta.createdAt, ...(meta.size === undefined ? {} : { Size: meta.size }) };
  writeFileAtomic(join(dir, META), JSON.stringify(json), 0o600);
}

function tryWriteMeta(dir: string, meta: SnapshotMeta): void {
  try {
    writeMeta(dir, meta);
  } catch {
    // measured again at the next list
  }
}

function readMeta(dir: string): SnapshotMeta {
  try {
    const meta = JSON.parse(readFileSync(join(dir, META), 'utf8')) as { CreatedAt?: number; Size?: number };
    return {
      createdAt: meta.CreatedAt ?? 0,
      ...(typeof meta.Size === 'number' ? { size: meta.Size } : {}),
    };
  } catch {
    return { createdAt: 0 };
  }
}

function asEngineError(err: unknown, op: string, path: string): EngineError {
  return err instanceof EngineError ? err : systemError(goPathError(op, path, err), err);
}
