/**
 * The catalog: what Strata knows about volumes beyond their bytes (labels, options, who uses them).
 *
 * Contract (every implementation passes src/store/metadata-store.contract.ts):
 * - Synchronous: better-sqlite3 is, and the engine relies on a call having taken effect when it returns.
 * - Durable on return: once a mutating call returns, a crash of the process does not undo it.
 * - `labels`/`options` round-trip exactly, including the difference between `null` and `{}`;
 *   `lastMountedAt`/`lastUnmountedAt` and `size` round-trip, absent staying absent.
 * - References belong to a volume: deleting the volume deletes its references.
 * - Container names are unique: putting a second container under a taken name throws.
 * - Network names are unique too, the same way.
 * - `transaction(fn)` runs `fn` atomically: if it throws, none of its writes happened.
 */
export interface VolumeRecord {
  name: string;
  driver: string;
  labels: Record<string, string> | null;
  options: Record<string, string> | null;
  /** Unix milliseconds. */
  createdAt: number;
  /** Unix milliseconds of the last mount for a container (Strata's own); absent when never. */
  lastMountedAt?: number;
  /** Unix milliseconds of the last unmount for a container (Strata's own); absent when never. */
  lastUnmountedAt?: number;
  /** The last measurement of the volume's data (Strata's own); absent when never measured. */
  size?: MeasuredSize;
}

/** Bytes used by a volume's data and when they were counted (unix ms). */
export interface MeasuredSize {
  bytes: number;
  measuredAt: number;
}

export interface MetadataStore {
  getVolume(name: string): VolumeRecord | undefined;
  listVolumes(): VolumeRecord[];
  /** Inserts or replaces the record with this name. */
  putVolume(record: VolumeRecord): void;
  /** Deletes the record and its references; false when there was none. */
  deleteVolume(name: string): boolean;

  /** Adds `ref` (e.g. a container id) to the volume's reference set; idempotent. */
  addRef(volume: string, ref: string): void;
  /** Removes `ref` from the set; idempotent. */
  removeRef(volume: string, ref: string): void;
  /** Every reference, as volume → refs in insertion order. */
  listRefs(): Map<string, string[]>;

  /** Inserts or replaces a container's record (a JSON-able object); names are unique. */
  putContainer(row: ContainerRow): void;
  /** Deletes a container's record; false when there was none. */
  deleteContainer(id: string): boolean;
  listContainers(): ContainerRow[];

  /** Inserts or replaces a network's record by id; names are unique (a taken name throws). */
  putNetwork(row: NetworkRow): void;
  /** Deletes a network's record; false when there was none. */
  deleteNetwork(id: string): boolean;
  listNetworks(): NetworkRow[];

  transaction<T>(fn: () => T): T;
  close(): void;
}

/** A container as the catalog keeps it: the engine owns the record's shape. */
export interface ContainerRow {
  id: string;
  /** Unique, without the leading slash. */
  name: string;
  record: Record<string, unknown>;
}

/** A network as the catalog keeps it: the engine owns the record's shape. */
export interface NetworkRow {
  id: string;
  /** Unique. */
  name: string;
  record: Record<string, unknown>;
}
