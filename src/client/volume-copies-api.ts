import type { Volume } from '../types/index.js';
import { trimId, type EngineClient } from './engine-client.js';

/** A snapshot as the daemon answers it (`CreatedAt` as a volume's; `Size` -1 when unknown). */
export interface VolumeSnapshot {
  Volume: string;
  Name: string;
  CreatedAt: string;
  Size: number;
}

const volumePath = (name: string): string => `/volumes/${encodeURIComponent(trimId('volume', name))}`;
const snapshotPath = (name: string, snapshot: string): string =>
  `${volumePath(name)}/snapshots/${encodeURIComponent(trimId('snapshot', snapshot))}`;

/** Strata's volume clone and snapshot routes (src/api/routes/volume-snapshots.ts). */
export class VolumeCopiesApi {
  constructor(private readonly client: EngineClient) {}

  clone(
    source: string,
    req: { name: string; labels?: Record<string, string>; pause?: boolean },
  ): Promise<Volume> {
    return this.client.json<Volume>('POST', `${volumePath(source)}/clone`, {
      query: { pause: req.pause ? '1' : undefined },
      body: { Name: req.name, ...(req.labels ? { Labels: req.labels } : {}) },
    });
  }

  createSnapshot(name: string, snapshot?: string, opts: { pause?: boolean } = {}): Promise<VolumeSnapshot> {
    return this.client.json<VolumeSnapshot>('POST', `${volumePath(name)}/snapshots`, {
      query: { pause: opts.pause ? '1' : undefined },
      body: snapshot ? { Name: snapshot } : {},
    });
  }

  /** One volume's snapshots, oldest first, or every volume's when no name is given. */
  listSnapshots(name?: string): Promise<VolumeSnapshot[]> {
    return this.client.json<VolumeSnapshot[]>(
      'GET',
      name === undefined ? '/volumes/snapshots/json' : `${volumePath(name)}/snapshots`,
    );
  }

  async restoreSnapshot(name: string, snapshot: string): Promise<void> {
    await this.client.call('POST', `${snapshotPath(name, snapshot)}/restore`);
  }

  async removeSnapshot(name: string, snapshot: string): Promise<void> {
    await this.client.call('DELETE', snapshotPath(name, snapshot));
  }
}
