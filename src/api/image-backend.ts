import type { Filters } from './backend.js';

/**
 * What the image routes need, declared by the consumer (moby's router/image backend.go habit). The
 * daemon passes the image store (src/images), which satisfies this shape structurally. Errors are
 * EngineErrors with Docker's texts (not-found `No such image: x:latest`, invalid-parameter, conflict).
 */

/** An image as the routes see it (the store's record; wire shapes are built in wire/image.ts). */
export interface BackendImage {
  /** `sha256:<hex>` */
  id: string;
  /** Familiar names, in Docker's order. */
  repoTags: string[];
  repoDigests: string[];
  /** RFC 3339 nanoseconds, '' if the config has none. */
  created: string;
  architecture: string;
  variant: string;
  os: string;
  osVersion: string;
  diffIds: string[];
  /** Bytes of the unpacked layers. */
  size: number;
  /** The image config JSON as stored (its `config`, `container_config`, … feed inspect). */
  rawConfig: Record<string, unknown>;
  comment: string;
  author: string;
  dockerVersion: string;
  parent: string;
  /** RFC 3339 nanoseconds, '' = never tagged. */
  lastTagTime: string;
}

/** One JSON progress message (pkg/jsonmessage fields). */
export interface ImageProgress {
  status?: string;
  id?: string;
  progress?: string;
  progressDetail?: { current?: number; total?: number };
  stream?: string;
  error?: string;
  errorDetail?: { message: string };
  aux?: Record<string, unknown>;
}

export interface ImageBackend {
  /** GetImage: throws invalid-parameter for a malformed reference, not-found otherwise. */
  resolve(ref: string): BackendImage;
  /** Filtered (moby's image list filters), newest first; names limited by a `reference` filter. */
  list(query: { filters?: Filters; all?: boolean }): BackendImage[];
  /** Unpacked layer directories, lowest first (for GraphDriver data). */
  layerPaths(id: string): string[];
  /** Bytes of all layers (each once) and, per image id, of its layers other images share. */
  diskUsage(): { layersSize: number; sharedSize: Map<string, number> };
  /** `fromSrc=-`: the body is the layer tar; `ref`/`tag` as the API's `repo`/`tag`. */
  importTar(
    tar: NodeJS.ReadableStream,
    opts: { ref?: string; tag?: string; changes?: string[]; message?: string; legacyErrors?: boolean },
  ): Promise<BackendImage>;
  /** `docker load`; throws what moby writes as the stream's error line. */
  load(
    tar: NodeJS.ReadableStream,
    progress: (m: ImageProgress) => void,
    opts: { quiet?: boolean },
  ): Promise<unknown>;
  /** `fromImage` (+ `tag`): a registry pull with dockerd's progress messages. */
  pull(
    ref: string,
    progress: (m: ImageProgress) => void,
    opts: {
      tag?: string;
      auth?: { username?: string; password?: string; identitytoken?: string; registrytoken?: string };
    },
  ): Promise<unknown>;
  /** `repo` empty: nothing happens (moby answers 201... see the route). */
  tag(source: string, repo: string, tag?: string): void;
  remove(
    ref: string,
    opts: { force: boolean; prune?: boolean },
  ): Promise<Array<{ Untagged?: string; Deleted?: string }>>;
}
