/**
 * The image store's logic, over any storage (disk: local-image-store.ts; memory: the fake): the
 * index of images and names, lookups as moby's GetImage, list, tag, delete, and the shared commit
 * step that import, load and pull end with. Import, load and pull live in their own modules.
 */
import type { Readable } from 'node:stream';
import { EngineError, invalidParameter, notFound, systemError } from '../errors/index.js';
import { chainIds, digestHex, sha256Digest } from './digest.js';
import { goTimeNano } from './go-json.js';
import type { StorageBackend } from './image-backends.js';
import { parseConfig, type ConfigFacts } from './image-config.js';
import { deleteImage } from './image-delete.js';
import { FilterError, selectImages } from './image-filters.js';
import { importImage } from './image-import.js';
import { loadImages } from './image-load.js';
import { pullImage } from './image-pull.js';
import type {
  ImageDeleteItem,
  ImageListQuery,
  ImageRecord,
  ImageStore,
  ImageUsage,
  ImageUser,
  ProgressMessage,
  RegistryAuth,
} from './image-store.js';
import type { ReferenceStore } from './reference-store.js';
import {
  familiarName,
  familiarString,
  parseAnyReference,
  parseNormalizedNamed,
  tagNameOnly,
  withTag,
  type Reference,
} from './reference.js';

export interface ImageServiceOptions {
  storage: StorageBackend;
  refs: ReferenceStore;
  /** Platform of imported images and the one pulled from manifest lists (Go's GOOS/GOARCH). */
  platform: { os: string; architecture: string };
  /** `docker_version` written into imported configs. */
  engineVersion: string;
  /** Registry access for pulls (tests point this at a local registry). */
  registry?: { insecureHosts?: (host: string) => boolean };
  now?: () => Date;
  /** Image events as moby logs them (`import`, `load`, `pull`, `tag`, `untag`, `delete`). */
  events?: (action: string, actorId: string, attributes: Record<string, string>) => void;
}

interface Entry {
  id: string;
  raw: Record<string, unknown>;
  facts: ConfigFacts;
  size: number;
  lastTagTime: string;
}

const noUsage: ImageUsage = { containersUsing: () => [], layersInUse: () => [] };

export class ImageService implements ImageStore {
  private readonly images = new Map<string, Entry>();
  private usage: ImageUsage = noUsage;
  readonly storage: StorageBackend;
  readonly refs: ReferenceStore;

  constructor(readonly options: ImageServiceOptions) {
    this.storage = options.storage;
    this.refs = options.refs;
    for (const c of this.storage.configs.loadAll()) {
      try {
        const { raw, facts } = parseConfig(c.bytes);
        // An image whose layers are not all there was cut short before it was complete.
        if (!facts.diffIds.every((d) => this.storage.layers.has(d))) throw new Error('incomplete');
        this.images.set(c.id, {
          id: c.id,
          raw,
          facts,
          size: this.sizeOf(facts.diffIds),
          lastTagTime: c.lastTagTime,
        });
      } catch {
        this.storage.configs.delete(c.id);
      }
    }
    this.refs.load((id) => this.images.has(id));
  }

  setUsage(usage: ImageUsage): void {
    this.usage = usage;
  }

  get(ref: string): ImageRecord | undefined {
    try {
      return this.resolve(ref);
    } catch {
      return undefined;
    }
  }

  resolve(ref: string): ImageRecord {
    return this.record(this.lookup(ref));
  }

  list(query: ImageListQuery = {}): ImageRecord[] {
    const entries = [...this.images.values()].map((e) => ({
      record: this.record(e),
      refs: this.refs.references(e.id),
    }));
    try {
      return selectImages(entries, query.filters ?? {}, (ref) => this.lookup(ref).facts.created, this.now());
    } catch (err) {
      if (err instanceof FilterError) throw invalidParameter(err.message, err);
      throw err;
    }
  }

  diskUsage(): { layersSize: number; sharedSize: Map<string, number> } {
    const users = new Map<string, number>();
    for (const e of this.images.values())
      for (const d of new Set(e.facts.diffIds)) users.set(d, (users.get(d) ?? 0) + 1);
    let layersSize = 0;
    for (const d of users.keys()) layersSize += this.storage.layers.size(d);
    const sharedSize = new Map<string, number>();
    for (const e of this.images.values()) {
      const shared = [...new Set(e.facts.diffIds)].filter((d) => (users.get(d) ?? 0) > 1);
      sharedSize.set(e.id, this.sizeOf(shared));
    }
    return { layersSize, sharedSize };
  }

  layerPaths(id: string): string[] {
    const e = this.images.get(id) ?? this.lookup(id);
    return e.facts.diffIds.map((d) => this.storage.layers.path(d));
  }

  async importTar(
    tar: NodeJS.ReadableStream,
    opts: { ref?: string; tag?: string; changes?: string[]; message?: string; legacyErrors?: boolean },
  ): Promise<ImageRecord> {
    const img = await importImage(this, tar as Readable, opts);
    this.event('import', img.id, img.id);
    return img;
  }

  async load(
    tar: NodeJS.ReadableStream,
    progress: (m: ProgressMessage) => void,
    opts: { quiet?: boolean } = {},
  ): Promise<ImageRecord[]> {
    const loaded = await loadImages(this, tar as Readable, progress, opts.quiet ?? false);
    for (const img of loaded) this.event('load', img.id, img.id);
    return loaded;
  }

  /** The `pull` event names the reference pulled (moby distribution/pull.go), not the image id. */
  pull(
    ref: string,
    progress: (m: ProgressMessage) => void,
    opts: { tag?: string; auth?: RegistryAuth } = {},
  ): Promise<ImageRecord> {
    return pullImage(this, ref, progress, opts);
  }

  /**
   * Logs an image event as moby's LogImageEvent: the image's labels (while it still exists) plus
   * `name`. `actorId` is usually the image id; `pull` uses the reference.
   */
  event(
    action: string,
    actorId: string,
    name: string,
    labels = this.get(actorId)?.config.Labels ?? {},
  ): void {
    if (!this.options.events) return;
    this.options.events(action, actorId, { ...labels, ...(name !== '' ? { name } : {}) });
  }

  tag(source: string, repo: string, tag?: string): void {
    const target = repoTagReference(repo, tag ?? '');
    if (target === undefined) return;
    if (familiarName(target) === 'sha256') {
      throw invalidParameter('refusing to create an ambiguous tag using digest algorithm as name');
    }
    const e = this.lookupNotFound(source);
    this.addTag(target, e.id);
  }

  async remove(
    ref: string,
    opts: { force: boolean; prune?: boolean; inUse?: (imageId: string) => ImageUser[] },
  ): Promise<ImageDeleteItem[]> {
    if (ref.trim() === '') throw invalidParameter('image name cannot be blank');
    const using = opts.inUse ?? ((id: string) => this.usage.containersUsing(id));
    const before = this.get(ref);
    const records = await deleteImage(
      {
        resolveId: (r) => this.lookup(r).id,
        references: (id) => this.refs.references(id),
        removeReference: (r) => this.refs.delete(r),
        containersUsing: using,
        deleteImage: (id) => this.deleteImage(id),
      },
      ref,
      { force: opts.force },
    );
    // moby logs one `untag` per reference removed and `delete` once the image is gone.
    if (before !== undefined) {
      const id = before.id;
      for (const r of records)
        if (r.Untagged !== undefined) this.event('untag', id, id, before.config.Labels ?? {});
      if (records.some((r) => r.Deleted === id)) this.event('delete', id, id, {});
    }
    return records;
  }

  // ---- shared by import, load and pull ----

  now(): Date {
    return this.options.now?.() ?? new Date();
  }

  /** The current time as Go prints it (RFC 3339 with nanoseconds, UTC). */
  nowText(): string {
    if (this.options.now) return goTimeNano(this.options.now());
    return goTimeNano(new Date(), Number(process.hrtime.bigint() % 1_000_000n));
  }

  /** Stores a config whose layers are all registered; returns the image id. Idempotent. */
  commit(bytes: Buffer): string {
    const { raw, facts } = parseConfig(bytes);
    for (const d of facts.diffIds) {
      if (!this.storage.layers.has(d)) throw systemError(`layer ${d} is missing`);
    }
    const id = sha256Digest(bytes);
    if (!this.images.has(id)) {
      this.storage.configs.save(id, bytes);
      this.images.set(id, { id, raw, facts, size: this.sizeOf(facts.diffIds), lastTagTime: '' });
    }
    return id;
  }

  /** TagImage: a tag (force) plus the image's last tag time. */
  addTag(ref: Reference, id: string): void {
    try {
      this.refs.addTag(ref, id, true);
    } catch (err) {
      throw invalidParameter((err as Error).message, err);
    }
    const e = this.images.get(id);
    if (e) {
      e.lastTagTime = this.nowText();
      this.storage.configs.setLastTagTime(id, e.lastTagTime);
    }
    this.event('tag', id, familiarString(ref));
  }

  hasImage(id: string): boolean {
    return this.images.has(id);
  }

  recordOf(id: string): ImageRecord {
    const e = this.images.get(id);
    if (!e) throw notFound(`No such image: ${id}`);
    return this.record(e);
  }

  // ---- internals ----

  private sizeOf(diffIds: readonly string[]): number {
    return diffIds.reduce((n, d) => n + this.storage.layers.size(d), 0);
  }

  private record(e: Entry): ImageRecord {
    const refs = this.refs.references(e.id);
    const f = e.facts;
    const parent = typeof e.raw.parent === 'string' ? e.raw.parent : '';
    return {
      id: e.id,
      repoTags: refs.filter((r) => r.tag !== undefined).map(familiarString),
      repoDigests: refs.filter((r) => r.digest !== undefined).map(familiarString),
      created: f.created,
      architecture: f.architecture,
      variant: f.variant,
      os: f.os,
      osVersion: f.osVersion,
      config: f.config,
      diffIds: [...f.diffIds],
      size: e.size,
      rawConfig: e.raw,
      comment: f.comment,
      author: f.author,
      dockerVersion: f.dockerVersion,
      parent,
      lastTagTime: e.lastTagTime,
    };
  }

  /** moby GetImage: digest, name, then id prefix; Docker's errors. */
  private lookup(refOrId: string): Entry {
    let parsed: ReturnType<typeof parseAnyReference>;
    try {
      parsed = parseAnyReference(refOrId);
    } catch (err) {
      throw invalidParameter((err as Error).message, err);
    }
    if ('digestOnly' in parsed) {
      const e = this.images.get(parsed.digestOnly);
      if (e) return e;
      throw notFound(`No such image: ${parsed.digestOnly}`);
    }
    const id = this.refs.get(parsed.named);
    const byName = id === undefined ? undefined : this.images.get(id);
    if (byName) return byName;
    const byPrefix = this.searchId(refOrId);
    if (byPrefix) return byPrefix;
    throw notFound(`No such image: ${familiarString(tagNameOnly(parsed.named))}`);
  }

  /** GetImage errors turned into not-found, as the tag route does (errdefs.NotFound(err)). */
  private lookupNotFound(ref: string): Entry {
    try {
      return this.lookup(ref);
    } catch (err) {
      if (err instanceof EngineError && err.kind !== 'not-found') throw notFound(err.message, err);
      throw err;
    }
  }

  /** digestset.Lookup: a unique prefix of the hex id (with or without `sha256:`). */
  private searchId(term: string): Entry | undefined {
    const hex = term.startsWith('sha256:') ? term.slice(7) : term;
    if (hex === '' || !/^[a-f0-9]+$/.test(hex)) return undefined;
    const found = [...this.images.values()].filter((e) => digestHex(e.id).startsWith(hex));
    return found.length === 1 ? found[0] : undefined;
  }

  private async deleteImage(id: string): Promise<string[]> {
    const e = this.images.get(id);
    if (!e) return [];
    this.refs.deleteAll(id);
    this.storage.configs.delete(id);
    this.images.delete(id);
    const keep = new Set<string>();
    for (const other of this.images.values()) for (const d of other.facts.diffIds) keep.add(d);
    const held = new Set(this.usage.layersInUse());
    for (const d of this.storage.layers.all()) if (held.has(this.storage.layers.path(d))) keep.add(d);
    const gone = new Set(await this.storage.layers.collect(keep));
    const chain = chainIds(e.facts.diffIds);
    const out: string[] = [];
    for (let i = e.facts.diffIds.length - 1; i >= 0; i--) {
      if (gone.has(e.facts.diffIds[i] as string)) out.push(chain[i] as string);
    }
    return out;
  }
}

/** httputils.RepoTagReference: `repo` (+ `tag`) as a tagged name; undefined when `repo` is empty. */
export function repoTagReference(repo: string, tag: string): Reference | undefined {
  if (repo === '') return undefined;
  try {
    const ref = parseNormalizedNamed(repo);
    if (ref.digest !== undefined) throw new Error('cannot import digest reference');
    return tag !== '' ? withTag(ref, tag) : tagNameOnly(ref);
  } catch (err) {
    throw invalidParameter((err as Error).message, err);
  }
}
