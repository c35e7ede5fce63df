/**
 * The storage an image service runs on: the disk (layers unpacked with GNU tar, configs in files)
 * or memory (the fake the engine's unit tests use). The image logic above them is one and the same.
 */
import type { Readable, Writable } from 'node:stream';

export interface RegisteredLayer {
  diffId: string;
  size: number;
  /** The layer was there already (this copy was discarded). */
  existed: boolean;
  /** The layer is pinned (safe from `collect`) until this is called: after the image is committed. */
  release: () => void;
}

export interface LayerBackend {
  has(diffId: string): boolean;
  /** The layer's directory (overlay lowerdir). */
  path(diffId: string): string;
  size(diffId: string): number;
  /** Every layer's diff id. */
  all(): string[];
  /** Unpacks (or, in memory, digests) a layer stream, compressed or not; see LayerStore.register. */
  register(source: Readable, opts?: { expectDiffId?: string }): Promise<RegisteredLayer>;
  /** Keeps layers from `collect` until the returned function is called. */
  pin(diffIds: Iterable<string>): () => void;
  /** Deletes every layer neither kept nor pinned; returns their diff ids. */
  collect(keep: ReadonlySet<string>): Promise<string[]>;
}

export interface StoredConfig {
  id: string;
  bytes: Buffer;
  /** RFC 3339 nanoseconds, '' = never tagged. */
  lastTagTime: string;
}

export interface ConfigBackend {
  /** Every complete stored config (a config whose bytes do not hash to its id is dropped). */
  loadAll(): StoredConfig[];
  /** Stores a config durably (atomic); a second save of the same id is a no-op. */
  save(id: string, bytes: Buffer): void;
  setLastTagTime(id: string, time: string): void;
  delete(id: string): void;
}

/** The files of an archive being loaded (`docker load`), by their names in the archive. */
export interface ArchiveFiles {
  /** Whole small file (manifest.json, configs), undefined if absent or not a regular file. */
  read(name: string): Promise<Buffer | undefined>;
  /** A stream of a (possibly large) file; fails if absent. */
  open(name: string): Readable;
  /** Bytes of a file, 0 if absent. */
  size(name: string): number;
  close(): Promise<void>;
}

/** A downloaded blob kept until it is unpacked. */
export interface TempBlob {
  writer(): Writable;
  reader(): Readable;
  dispose(): Promise<void>;
}

export interface StorageBackend {
  layers: LayerBackend;
  configs: ConfigBackend;
  openArchive(tar: Readable): Promise<ArchiveFiles>;
  tempBlob(): TempBlob;
  /** Where blob digest → diff id knowledge lives across restarts (pull's "Already exists"). */
  diffIdByDigest: Map<string, string>;
  saveDiffIdByDigest(digest: string, diffId: string): void;
}

/** A layer's content did not hash to the diff id it was registered for (nothing was kept). */
export class DiffIdMismatchError extends Error {
  constructor(
    readonly expected: string,
    readonly actual: string,
  ) {
    super(`layer diff id mismatch: expected ${expected}, got ${actual}`);
  }
}
