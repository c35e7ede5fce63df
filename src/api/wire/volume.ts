import type { Volume, VolumeUsageData } from '../../types/index.js';
import type { BackendSizeReading, BackendVolume, BackendVolumeUser } from '../backend.js';
import { goJsonCompact, sortedMap } from '../go-json-encode.js';
import { formatGoTime } from './go-time.js';

/**
 * The one seam where an engine volume becomes Docker's wire `Volume`: Go field order, sorted map keys,
 * `null` kept apart from `{}`, CreatedAt in the daemon's time zone. `Status` only on inspect, and only
 * when the driver gave one; `UsageData` only where asked for (df).
 */
export function toWireVolume(
  v: BackendVolume,
  extra: { status?: boolean; usage?: VolumeUsageData } = {},
): Volume {
  const out: Volume = {
    CreatedAt: formatGoTime(v.createdAt),
    Driver: v.driver,
    Labels: sortedMap(v.labels),
    Mountpoint: v.mountpoint,
    Name: v.name,
    Options: sortedMap(v.options),
    Scope: v.scope,
  };
  if (extra.status && v.status !== undefined) out.Status = v.status;
  if (extra.usage) out.UsageData = { RefCount: extra.usage.RefCount, Size: extra.usage.Size };
  return out;
}

/**
 * A volume's wire JSON, computed once per engine view object (the engine hands out a new object when
 * the volume changes) and per escape style, so listing 10,000 volumes joins cached strings.
 */
const jsonCache = new WeakMap<BackendVolume, { modern?: string; legacy?: string }>();

export function wireVolumeJson(v: BackendVolume, legacy: boolean): string {
  let entry = jsonCache.get(v);
  if (!entry) jsonCache.set(v, (entry = {}));
  const key = legacy ? 'legacy' : 'modern';
  return (entry[key] ??= goJsonCompact(toWireVolume(v), { legacyEscapes: legacy }));
}

/**
 * A volume as Strata answers a `?size=1` request (its own opt-in, so Docker clients never see it):
 * Docker's fields with `UsageData` (Size -1 when it cannot be told, as Docker), then who uses it,
 * when it was last mounted and unmounted, and when its size was counted and whether that count is an
 * estimate (the volume is in use, or was since).
 */
export function toWireVolumeUsage(
  v: BackendVolume,
  users: readonly BackendVolumeUser[],
  size: BackendSizeReading | undefined,
  extra: { status?: boolean } = {},
): Volume {
  return {
    ...toWireVolume(v, { ...extra, usage: { RefCount: v.refs.length, Size: size?.bytes ?? -1 } }),
    UsedBy: users.map((u) => ({ Id: u.id, Name: u.name, Running: u.running })),
    LastMounted: rfc3339NanoUtc(v.lastMountedAt),
    LastUnmounted: rfc3339NanoUtc(v.lastUnmountedAt),
    SizeMeasuredAt: rfc3339NanoUtc(size?.measuredAt),
    SizeEstimated: size?.estimate ?? false,
  };
}

/** Go's RFC3339Nano in UTC (no trailing zeros in the fraction) from unix ms; "" when absent. */
function rfc3339NanoUtc(unixMs: number | undefined): string {
  if (unixMs === undefined) return '';
  return new Date(unixMs).toISOString().replace(/\.?0+Z$/, 'Z');
}
