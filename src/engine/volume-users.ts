import type { MetadataStore } from '../store/metadata-store.js';

/** A container that references a volume, as `GET /volumes/{name}?size=1` shows it (Strata's own). */
export interface VolumeUser {
  /** Full container id. */
  id: string;
  /** Without the leading slash; "" when the container is not known (a stale reference). */
  name: string;
  /** Running now (a container waiting to be restarted by its policy is not). */
  running: boolean;
}

/**
 * How the volume service learns about containers without depending on the container service (which
 * depends on it): the composition root hands it one once the containers exist.
 */
export interface ContainerDirectory {
  /**
   * The container a user's reference names, as Docker resolves one: full id, name (with or without
   * `/`) or unique id prefix. Undefined when none; throws (invalid-parameter) on an ambiguous prefix.
   */
  find(ref: string): VolumeUser | undefined;
}

/**
 * The directory before the containers are wired (and in tests without them): the catalog's container
 * rows by exact id or name, none of them known to be running.
 */
export function catalogContainers(store: MetadataStore): ContainerDirectory {
  return {
    find(ref) {
      const name = ref.startsWith('/') ? ref.slice(1) : ref;
      const row = store.listContainers().find((c) => c.id === ref || c.name === name);
      return row && { id: row.id, name: row.name, running: false };
    },
  };
}

/** The users behind a volume's references, sorted by name (then id); unknown ids keep an empty name. */
export function usersOf(refs: readonly string[], containers: ContainerDirectory): VolumeUser[] {
  return refs
    .map((id) => containers.find(id) ?? { id, name: '', running: false })
    .sort((a, b) => (a.name === b.name ? cmp(a.id, b.id) : cmp(a.name, b.name)));
}

/**
 * The container ids a `used-by` filter's values name (Strata's own filter); a value naming no
 * container adds none, as Docker's `ps --filter volume=` matches nothing for an unknown volume.
 */
export function usedByIds(values: readonly string[], containers: ContainerDirectory): Set<string> {
  const ids = new Set<string>();
  for (const v of values) {
    const found = containers.find(v);
    if (found) ids.add(found.id);
  }
  return ids;
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
