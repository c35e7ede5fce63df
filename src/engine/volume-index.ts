import type { VolumeRecord } from '../store/metadata-store.js';

/**
 * The engine's in-memory view of the catalog: records, who references each volume, and a label index,
 * so reads and filtered lists never touch the disk. It is a cache of the MetadataStore, which the
 * volume service writes first; nothing here is durable.
 *
 * `viewOf` hands out one object per volume state, rebuilt only when the volume or its references
 * change, so consumers may cache per-object work (the API caches each volume's JSON this way).
 */
export class VolumeIndex<V extends object> {
  private readonly records = new Map<string, VolumeRecord>();
  private readonly refs = new Map<string, Set<string>>();
  private readonly views = new Map<string, V>();
  /** label key → names of volumes carrying it */
  private readonly byLabelKey = new Map<string, Set<string>>();
  private gen = 0;

  constructor(private readonly makeView: (rec: VolumeRecord, refs: readonly string[]) => V) {}

  get size(): number {
    return this.records.size;
  }

  /** Changes whenever any volume, label or reference changes: answers built from an equal one still hold. */
  get generation(): number {
    return this.gen;
  }

  get(name: string): VolumeRecord | undefined {
    return this.records.get(name);
  }

  has(name: string): boolean {
    return this.records.has(name);
  }

  all(): IterableIterator<VolumeRecord> {
    return this.records.values();
  }

  put(rec: VolumeRecord): void {
    const old = this.records.get(rec.name);
    if (old) this.unindexLabels(old);
    this.records.set(rec.name, rec);
    for (const key of Object.keys(rec.labels ?? {})) {
      let names = this.byLabelKey.get(key);
      if (!names) this.byLabelKey.set(key, (names = new Set()));
      names.add(rec.name);
    }
    this.views.delete(rec.name);
    this.gen++;
  }

  delete(name: string): void {
    const old = this.records.get(name);
    if (old) this.unindexLabels(old);
    this.records.delete(name);
    this.refs.delete(name);
    this.views.delete(name);
    this.gen++;
  }

  refsOf(name: string): string[] {
    return [...(this.refs.get(name) ?? [])];
  }

  refCount(name: string): number {
    return this.refs.get(name)?.size ?? 0;
  }

  addRef(name: string, ref: string): void {
    let set = this.refs.get(name);
    if (!set) this.refs.set(name, (set = new Set()));
    if (set.has(ref)) return;
    set.add(ref);
    this.views.delete(name);
    this.gen++;
  }

  removeRef(name: string, ref: string): void {
    const set = this.refs.get(name);
    if (!set?.delete(ref)) return;
    if (set.size === 0) this.refs.delete(name);
    this.views.delete(name);
    this.gen++;
  }

  viewOf(rec: VolumeRecord): V {
    let v = this.views.get(rec.name);
    if (!v) {
      v = this.makeView(rec, this.refsOf(rec.name));
      this.views.set(rec.name, v);
    }
    return v;
  }

  /**
   * Volumes that may match a label filter (`k` or `k=v` values, all required): those carrying the
   * rarest of the asked keys. Undefined when no key was asked (every volume is a candidate).
   */
  labelCandidates(values: readonly string[]): Iterable<VolumeRecord> | undefined {
    let best: Set<string> | undefined;
    for (const v of values) {
      const eq = v.indexOf('=');
      const names = this.byLabelKey.get(eq < 0 ? v : v.slice(0, eq));
      if (!names) return [];
      if (!best || names.size < best.size) best = names;
    }
    if (!best) return undefined;
    const recs: VolumeRecord[] = [];
    for (const n of best) {
      const rec = this.records.get(n);
      if (rec) recs.push(rec);
    }
    return recs;
  }

  private unindexLabels(rec: VolumeRecord): void {
    for (const key of Object.keys(rec.labels ?? {})) {
      const names = this.byLabelKey.get(key);
      names?.delete(rec.name);
      if (names?.size === 0) this.byLabelKey.delete(key);
    }
  }
}
