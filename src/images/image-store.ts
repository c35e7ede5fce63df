/**
 * Images: content-addressed layers, each unpacked once and shared by every container that uses it,
 * plus image configs and the names (repo:tag, repo@digest) that point at them. Containers see an
 * image as its config and the list of unpacked layer directories (overlay lowerdirs).
 *
 * Invariants (every implementation passes src/images/image-store.contract.ts):
 * - An image id is `sha256:<hex>` of its config JSON; a layer is keyed by its diff id (sha256 of the
 *   uncompressed tar). Importing or loading the same content twice stores it once.
 * - A layer directory is complete before any image refers to it; a crash mid-unpack leaves nothing an
 *   image points at (partial work is cleaned at start). Configs and names are written atomically.
 * - Whiteouts in layer tars (`.wh.<name>`, `.wh..wh..opq`) are stored in overlayfs form, so the layer
 *   directories stack with overlayfs directly.
 * - `remove` follows moby daemon/images/image_delete.go: containers using an image (told by the
 *   `ImageUsage` given to `setUsage`, or by `inUse`) make conflicts; layers still held by containers
 *   (`layersInUse`) are kept even when their image goes.
 * - Names are parsed and shown as Docker does (`busybox` = `docker.io/library/busybox:latest`).
 * Errors are `EngineError`s with Docker's texts: not-found (`No such image: busybox:latest`),
 * invalid-parameter (bad references, bad changes), conflict (delete conflicts), system.
 */
export interface ImageConfig {
  Env?: string[] | null;
  Cmd?: string[] | null;
  Entrypoint?: string[] | null;
  WorkingDir?: string;
  User?: string;
  Volumes?: Record<string, Record<string, never>> | null;
  ExposedPorts?: Record<string, Record<string, never>> | null;
  Labels?: Record<string, string> | null;
  StopSignal?: string;
  OnBuild?: string[] | null;
  /** moby HealthConfig: Test, Interval/Timeout/StartPeriod/StartInterval (ns), Retries. */
  Healthcheck?: {
    Test?: string[];
    Interval?: number;
    Timeout?: number;
    StartPeriod?: number;
    StartInterval?: number;
    Retries?: number;
  };
  Shell?: string[];
  ArgsEscaped?: boolean;
}

export interface ImageRecord {
  /** `sha256:<64 hex>` */
  id: string;
  /** Familiar `name:tag`, sorted as Docker sorts references. */
  repoTags: string[];
  /** Familiar `name@sha256:…`. */
  repoDigests: string[];
  /** RFC 3339 (nanoseconds) as in the config; '' when the config has none. */
  created: string;
  architecture: string;
  variant: string;
  os: string;
  osVersion: string;
  config: ImageConfig;
  /** diff ids, lowest first */
  diffIds: string[];
  /** Bytes of the unpacked layers. */
  size: number;
  /** The image's config JSON as stored (for `docker inspect`-level details). */
  rawConfig: Record<string, unknown>;
  /** The config's comment, else the last history entry's (as `docker inspect` shows it). */
  comment: string;
  author: string;
  dockerVersion: string;
  /** Parent image id ('' for pulled/imported images). */
  parent: string;
  /** When a name was last put on the image (RFC 3339 nanoseconds); '' = never. */
  lastTagTime: string;
}

/** One line of Docker's JSON progress stream (pkg/jsonmessage), as `docker pull`/`load` render it. */
export interface ProgressMessage {
  status?: string;
  id?: string;
  progress?: string;
  progressDetail?: { current?: number; total?: number };
  stream?: string;
  error?: string;
  errorDetail?: { message: string };
  aux?: Record<string, unknown>;
}

/** A container that uses an image (for delete conflicts). */
export interface ImageUser {
  id: string;
  running: boolean;
}

/** What the container engine tells the image store; absent, nothing is in use. */
export interface ImageUsage {
  /** Containers created from `imageId`, running or stopped. */
  containersUsing(imageId: string): ImageUser[];
  /** Layer directories (entries of `layerPaths`) that containers hold, even if their image is gone. */
  layersInUse(): Iterable<string>;
}

/** `GET /images/json` options: moby's filters (dangling, label, reference, before, since, until). */
export interface ImageListQuery {
  filters?: Readonly<Record<string, readonly string[]>>;
  /** Include intermediate images (`all=1`); Strata keeps none, so it changes nothing yet. */
  all?: boolean;
}

/** Registry credentials (the decoded X-Registry-Auth header). */
export interface RegistryAuth {
  username?: string;
  password?: string;
  identitytoken?: string;
  registrytoken?: string;
}

export interface ImageDeleteItem {
  Untagged?: string;
  Deleted?: string;
}

export interface ImageStore {
  /** Resolves `name`, `name:tag`, `registry/name:tag`, `name@digest`, a full id or a unique id prefix. */
  get(ref: string): ImageRecord | undefined;
  /** As `get`, but throws Docker's errors: invalid-parameter for a bad reference, else not-found. */
  resolve(ref: string): ImageRecord;
  /** Images newest first (as dockerd sorts), filtered; throws invalid-parameter for a bad filter. */
  list(query?: ImageListQuery): ImageRecord[];
  /** Unpacked layer directories of an image, lowest first. */
  layerPaths(id: string): string[];
  /**
   * `/system/df`: the bytes of every layer the images use (each layer once), and per image id the
   * bytes of its layers that another image uses too (Docker's SharedSize).
   */
  diskUsage(): { layersSize: number; sharedSize: Map<string, number> };
  /**
   * `docker import`: one layer from a tar (gzip, bzip2, xz, zstd or plain) plus Dockerfile-style
   * `changes`; tagged `ref` (`repo`, `repo:tag`) with `tag` overriding, as moby's RepoTagReference.
   * `legacyErrors`: the changes are checked with Docker 20.10's rules and texts (API ≤ 1.41).
   */
  importTar(
    tar: NodeJS.ReadableStream,
    opts: { ref?: string; tag?: string; changes?: string[]; message?: string; legacyErrors?: boolean },
  ): Promise<ImageRecord>;
  /**
   * `docker load`: a docker-save archive (manifest.json) or an OCI image layout (index.json).
   * `progress` gets the "Loading layer" progress (unless `quiet`) and the `stream` lines
   * (`Loaded image: name:tag`, `Loaded image ID: sha256:…`).
   */
  load(
    tar: NodeJS.ReadableStream,
    progress: (m: ProgressMessage) => void,
    opts?: { quiet?: boolean },
  ): Promise<ImageRecord[]>;
  /**
   * `docker pull` over the OCI distribution API (plain http allowed for loopback registries, as
   * Docker treats 127.0.0.0/8 as insecure). `tag` is the API's `tag` parameter (a tag or a digest).
   * Progress as dockerd writes it. Errors before the first progress message are thrown as such.
   */
  pull(
    ref: string,
    progress: (m: ProgressMessage) => void,
    opts?: { tag?: string; auth?: RegistryAuth },
  ): Promise<ImageRecord>;
  /** `docker tag`: `repo` (+ `tag`) now points at `source`; an existing tag moves. */
  tag(source: string, repo: string, tag?: string): void;
  /**
   * Untags `ref` or deletes the image (`docker rmi`), answering what Docker lists. `prune`
   * (default true) is moby's PruneChildren; `inUse` overrides the usage given to `setUsage`.
   */
  remove(
    ref: string,
    opts: { force: boolean; prune?: boolean; inUse?: (imageId: string) => ImageUser[] },
  ): Promise<ImageDeleteItem[]>;
  /** Tells the store which containers use images (the container engine, once it exists). */
  setUsage(usage: ImageUsage): void;
}
