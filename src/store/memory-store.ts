import type { ContainerRow, MetadataStore, NetworkRow, VolumeRecord } from './metadata-store.js';

const clone = (r: VolumeRecord): VolumeRecord => ({
  ...r,
  labels: r.labels === null ? null : { ...r.labels },
  options: r.options === null ? null : { ...r.options },
  ...(r.size === undefined ? {} : { size: { ...r.size } }),
});

/** In-memory catalog for unit tests. Passes the same contract suite as SqliteStore. */
export class MemoryStore implements MetadataStore {
  private volumes = new Map<string, VolumeRecord>();
  private refs = new Map<string, string[]>();
  private containers = new Map<string, ContainerRow>();
  private networks = new Map<string, NetworkRow>();
  private closed = false;

  getVolume(name: string): VolumeRecord | undefined {
    this.check();
    const r = this.volumes.get(name);
    return r === undefined ? undefined : clone(r);
  }

  listVolumes(): VolumeRecord[] {
    this.check();
    return [...this.volumes.values()].map(clone);
  }

  putVolume(record: VolumeRecord): void {
    this.check();
    this.volumes.set(record.name, clone(record));
  }

  deleteVolume(name: string): boolean {
    this.check();
    this.refs.delete(name);
    return this.volumes.delete(name);
  }

  addRef(volume: string, ref: string): void {
    this.check();
    if (!this.volumes.has(volume)) throw new Error(`FOREIGN KEY constraint failed: no volume ${volume}`);
    const refs = this.refs.get(volume) ?? [];
    if (!refs.includes(ref)) refs.push(ref);
    this.refs.set(volume, refs);
  }

  removeRef(volume: string, ref: string): void {
    this.check();
    const refs = this.refs.get(volume);
    if (!refs) return;
    const left = refs.filter((r) => r !== ref);
    if (left.length > 0) this.refs.set(volume, left);
    else this.refs.delete(volume);
  }

  listRefs(): Map<string, string[]> {
    this.check();
    return new Map([...this.refs].map(([v, r]) => [v, [...r]]));
  }

  putContainer(row: ContainerRow): void {
    this.check();
    putNamedRow(this.containers, row, 'containers');
  }

  deleteContainer(id: string): boolean {
    this.check();
    return this.containers.delete(id);
  }

  listContainers(): ContainerRow[] {
    this.check();
    return [...this.containers.values()].map((c) => structuredClone(c));
  }

  putNetwork(row: NetworkRow): void {
    this.check();
    putNamedRow(this.networks, row, 'networks');
  }

  deleteNetwork(id: string): boolean {
    this.check();
    return this.networks.delete(id);
  }

  listNetworks(): NetworkRow[] {
    this.check();
    return [...this.networks.values()].map((n) => structuredClone(n));
  }

  transaction<T>(fn: () => T): T {
    this.check();
    const volumes = new Map(this.volumes);
    const refs = new Map<string, string[]>([...this.refs].map(([v, r]) => [v, [...r]]));
    const containers = new Map(this.containers);
    const networks = new Map(this.networks);
    try {
      return fn();
    } catch (err) {
      this.volumes = volumes;
      this.refs = refs;
      this.containers = containers;
      this.networks = networks;
      throw err;
    }
  }

  close(): void {
    this.closed = true;
  }

  private check(): void {
    if (this.closed) throw new Error('store is closed');
  }
}

/** Stores a copy of `row` by id, refusing a name another id holds (SQLite's UNIQUE constraint). */
function putNamedRow<R extends { id: string; name: string }>(
  rows: Map<string, R>,
  row: R,
  table: string,
): void {
  for (const r of rows.values()) {
    if (r.name === row.name && r.id !== row.id) throw new Error(`UNIQUE constraint failed: ${table}.name`);
  }
  rows.set(row.id, structuredClone(row));
}
