/**
 * Docker Engine API volume wire types (moby api/types/volume). Key order in these interfaces is the
 * order Go emits them; producers must build objects in this order.
 */

/** A volume as returned by the Engine API. `Labels`/`Options` are `null` unless the creator sent a map. */
export interface Volume {
  CreatedAt?: string;
  Driver: string;
  Labels: Record<string, string> | null;
  Mountpoint: string;
  Name: string;
  Options: Record<string, string> | null;
  Scope: 'local' | 'global';
  Status?: Record<string, unknown>;
  UsageData?: VolumeUsageData;
  /** Strata's own, only in `?size=1` answers: the containers referencing the volume, by name. */
  UsedBy?: VolumeUsedBy[];
  /** Strata's own, only in `?size=1` answers: RFC3339Nano UTC, "" when never. */
  LastMounted?: string;
  LastUnmounted?: string;
  /** Strata's own, only in `?size=1` answers: when UsageData.Size was counted, "" when never. */
  SizeMeasuredAt?: string;
  /** Strata's own: true when the size is the last count of a volume in use (or used since). */
  SizeEstimated?: boolean;
}

/** One container referencing a volume (Strata's own). Key order: Id, Name, Running. */
export interface VolumeUsedBy {
  Id: string;
  /** Without the leading slash. */
  Name: string;
  Running: boolean;
}

/** `UsageData` of `/system/df` (and of Strata's `?size=1` answers). Key order: RefCount, Size. */
export interface VolumeUsageData {
  RefCount: number;
  Size: number;
}

/** Body of `POST /volumes/create`. Unknown fields are ignored. */
export interface VolumeCreateRequest {
  Name?: string;
  Driver?: string;
  DriverOpts?: Record<string, string> | null;
  Labels?: Record<string, string> | null;
  ClusterVolumeSpec?: unknown;
}

/** Body of `GET /volumes`. `Volumes` is never null; `Warnings` is null unless a driver failed. */
export interface VolumeListResponse {
  Volumes: Volume[];
  Warnings: string[] | null;
}

/** Body of `POST /volumes/prune`. */
export interface VolumePruneReport {
  VolumesDeleted: string[];
  SpaceReclaimed: number;
}
