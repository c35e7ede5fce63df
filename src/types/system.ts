import type { Volume } from './volume.js';

/** `GET /version` (moby api/types.Version). */
export interface VersionComponent {
  Name: string;
  Version: string;
  Details?: Record<string, string>;
}

export interface VersionResponse {
  Platform: { Name: string };
  Components: VersionComponent[];
  Version: string;
  ApiVersion: string;
  MinAPIVersion: string;
  GitCommit: string;
  GoVersion: string;
  Os: string;
  Arch: string;
  KernelVersion: string;
  Experimental?: boolean;
  BuildTime: string;
}

/** `GET /system/df` (legacy shape, API ≤ 1.51). Sections not asked for are `null` (API ≥ 1.42). */
export interface DiskUsageResponse {
  LayersSize: number;
  Images: unknown[] | null;
  Containers: unknown[] | null;
  Volumes: Volume[] | null;
  BuildCache: unknown[] | null;
  BuilderSize?: number;
}

/** The subset of `GET /info` Strata fills; key order follows moby's system.Info. */
export type InfoResponse = Record<string, unknown>;
