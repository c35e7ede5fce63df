/**
 * What the archive operations need from the volume engine, declared by them (the consumer owns the
 * interface). The daemon builds it from the VolumeService and the driver registry.
 */
export interface ArchiveVolume {
  name: string;
  driver: string;
  labels: Record<string, string> | null;
  options: Record<string, string> | null;
}

export interface ArchiveVolumes {
  /** The volume, or a not-found error. */
  get(name: string): ArchiveVolume;
  has(name: string): boolean;
  create(req: {
    name: string;
    driver: string;
    driverOpts: Record<string, string> | null;
    labels: Record<string, string> | null;
  }): Promise<ArchiveVolume>;
  remove(name: string): Promise<void>;
  /** Mounts through the volume's driver for `id` (not a container); answers the host path. */
  mount(name: string, id: string): Promise<string>;
  unmount(name: string, id: string): Promise<void>;
  /**
   * Refuses a volume containers use (conflict, naming them) and keeps new container references out
   * until the returned release is called.
   */
  hold(name: string, what: string): () => void;
  /** Runs `fn` while no other operation on the name (create, remove, rename) runs. */
  withNameLock<T>(name: string, fn: () => Promise<T>): Promise<T>;
  /** Tells the engine the volume's content changed (cached sizes), when it keeps any. */
  contentChanged?(name: string): void;
}

/** The volume's catalog facts carried by an export (PAX global record `STRATA.volume`). */
export interface VolumeMeta {
  v: 1;
  name: string;
  driver: string;
  labels: Record<string, string> | null;
  options: Record<string, string> | null;
}

export const metaKeyword = 'STRATA.volume';

export function encodeMeta(vol: ArchiveVolume): string {
  const meta: VolumeMeta = {
    v: 1,
    name: vol.name,
    driver: vol.driver,
    labels: vol.labels,
    options: vol.options,
  };
  return Buffer.from(JSON.stringify(meta)).toString('base64');
}

/** The record's content when it is one Strata wrote; anything else is ignored. */
export function decodeMeta(value: string | undefined): VolumeMeta | undefined {
  if (value === undefined) return undefined;
  try {
    const m = JSON.parse(Buffer.from(value, 'base64').toString('utf8')) as Partial<VolumeMeta>;
    if (m.v !== 1 || typeof m.driver !== 'string') return undefined;
    return {
      v: 1,
      name: typeof m.name === 'string' ? m.name : '',
      driver: m.driver,
      labels: stringMap(m.labels),
      options: stringMap(m.options),
    };
  } catch {
    return undefined;
  }
}

function stringMap(v: unknown): Record<string, string> | null {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return null;
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(v)) if (typeof x === 'string') out[k] = x;
  return out;
}
