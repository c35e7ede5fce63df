import { conflict, invalidParameter, messages, notFound } from '../errors/index.js';
import type { DriverSnapshot, VolumeSnapshots } from './volume-driver.js';

/** The fake driver's data of one volume: a string, and its snapshots' strings by name. */
export interface FakeContent {
  content: string;
  snapshots: Map<string, { content: string; createdAt: number }>;
  ids: Map<string, number>;
}

const snapshotName = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;

/** VolumeSnapshots over the fake driver's in-memory volumes (same contract as the local driver's). */
export class FakeSnapshots implements VolumeSnapshots {
  constructor(
    private readonly volume: (name: string) => FakeContent | undefined,
    private readonly now: () => number,
  ) {}

  async create(volume: string, snapshot: string): Promise<DriverSnapshot> {
    if (!snapshotName.test(snapshot)) throw invalidParameter(messages.invalidSnapshotName(snapshot));
    const vol = this.held(volume);
    if (vol.snapshots.has(snapshot)) throw conflict(messages.snapshotExists(volume, snapshot));
    const createdAt = this.now();
    vol.snapshots.set(snapshot, { content: vol.content, createdAt });
    return { volume, name: snapshot, createdAt, size: Buffer.byteLength(vol.content) };
  }

  async list(volume: string): Promise<DriverSnapshot[]> {
    return [...this.held(volume).snapshots]
      .map(([name, s]) => ({ volume, name, createdAt: s.createdAt, size: Buffer.byteLength(s.content) }))
      .sort((a, b) => a.createdAt - b.createdAt); // stable: made in one ms, in the order made
  }

  async restore(volume: string, snapshot: string): Promise<void> {
    const vol = this.held(volume);
    const snap = vol.snapshots.get(snapshot);
    if (!snap) throw notFound(messages.noSuchSnapshot(volume, snapshot));
    if (vol.ids.size > 0) throw conflict(messages.activeMounts);
    vol.content = snap.content;
  }

  async remove(volume: string, snapshot: string): Promise<void> {
    const vol = this.held(volume);
    if (!vol.snapshots.delete(snapshot)) throw notFound(messages.noSuchSnapshot(volume, snapshot));
  }

  private held(volume: string): FakeContent {
    const vol = this.volume(volume);
    if (!vol) throw notFound(messages.noSuchVolume);
    return vol;
  }
}
