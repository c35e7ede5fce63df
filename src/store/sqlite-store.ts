import Database from 'better-sqlite3';
import type { ContainerRow, MetadataStore, NetworkRow, VolumeRecord } from './metadata-store.js';
import { migrations } from './migrations.js';

export interface SqliteStoreOptions {
  /** Database file, or ':memory:'. */
  path: string;
  /**
   * `full` (default) fsyncs the WAL at every commit: a committed write survives a power cut.
   * `normal` writes the WAL at every commit without fsync: it survives a process crash (kill -9).
   */
  synchronous?: 'full' | 'normal';
}

interface VolumeRow {
  name: string;
  driver: string;
  labels: string | null;
  options: string | null;
  created_at: number;
  last_mounted: number | null;
  last_unmounted: number | null;
  size_bytes: number | null;
  size_measured: number | null;
}

const parseMap = (text: string | null): Record<string, string> | null =>
  text === null ? null : (JSON.parse(text) as Record<string, string>);
const toRecord = (row: VolumeRow): VolumeRecord => ({
  name: row.name,
  driver: row.driver,
  labels: parseMap(row.labels),
  options: parseMap(row.options),
  createdAt: row.created_at,
  ...(row.last_mounted === null ? {} : { lastMountedAt: row.last_mounted }),
  ...(row.last_unmounted === null ? {} : { lastUnmountedAt: row.last_unmounted }),
  ...(row.size_bytes === null || row.size_measured === null
    ? {}
    : { size: { bytes: row.size_bytes, measuredAt: row.size_measured } }),
});

/** A row of a table that keeps the engine's record as JSON text (containers, networks). */
interface JsonRow {
  id: string;
  name: string;
  record: string;
}
const toJsonRow = (row: ContainerRow | NetworkRow): JsonRow => ({
  id: row.id,
  name: row.name,
  record: JSON.stringify(row.record),
});
const fromJsonRow = (r: JsonRow): ContainerRow & NetworkRow => ({
  id: r.id,
  name: r.name,
  record: JSON.parse(r.record) as Record<string, unknown>,
});

/** The catalog in SQLite: WAL journal, numbered migrations, one statement or transaction per call. */
export class SqliteStore implements MetadataStore {
  private readonly db: Database.Database;
  private readonly stmts;

  constructor(options: SqliteStoreOptions) {
    this.db = new Database(options.path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma(`synchronous = ${options.synchronous === 'normal' ? 'NORMAL' : 'FULL'}`);
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 5000');
    this.migrate();
    this.stmts = {
      get: this.db.prepare<[string], VolumeRow>('SELECT * FROM volumes WHERE name = ?'),
      list: this.db.prepare<[], VolumeRow>('SELECT * FROM volumes'),
      put: this.db.prepare(
        `INSERT INTO volumes (name, driver, labels, options, created_at, last_mounted, last_unmounted,
           size_bytes, size_measured)
         VALUES (@name, @driver, @labels, @options, @created_at, @last_mounted, @last_unmounted,
           @size_bytes, @size_measured)
         ON CONFLICT(name) DO UPDATE SET driver = excluded.driver, labels = excluded.labels,
           options = excluded.options, created_at = excluded.created_at,
           last_mounted = excluded.last_mounted, last_unmounted = excluded.last_unmounted,
           size_bytes = excluded.size_bytes, size_measured = excluded.size_measured`,
      ),
      delete: this.db.prepare('DELETE FROM volumes WHERE name = ?'),
      addRef: this.db.prepare('INSERT OR IGNORE INTO volume_refs (volume, ref) VALUES (?, ?)'),
      removeRef: this.db.prepare('DELETE FROM volume_refs WHERE volume = ? AND ref = ?'),
      listRefs: this.db.prepare<[], { volume: string; ref: string }>(
        'SELECT volume, ref FROM volume_refs ORDER BY seq',
      ),
      putContainer: this.db.prepare(
        `INSERT INTO containers (id, name, record) VALUES (@id, @name, @record)
         ON CONFLICT(id) DO UPDATE SET name = excluded.name, record = excluded.record`,
      ),
      deleteContainer: this.db.prepare('DELETE FROM containers WHERE id = ?'),
      listContainers: this.db.prepare<[], JsonRow>('SELECT id, name, record FROM containers'),
      putNetwork: this.db.prepare(
        `INSERT INTO networks (id, name, record) VALUES (@id, @name, @record)
         ON CONFLICT(id) DO UPDATE SET name = excluded.name, record = excluded.record`,
      ),
      deleteNetwork: this.db.prepare('DELETE FROM networks WHERE id = ?'),
      listNetworks: this.db.prepare<[], JsonRow>('SELECT id, name, record FROM networks'),
    };
  }

  /** Schema version this code expects (number of migrations). */
  static readonly schemaVersion = migrations.length;

  private migrate(): void {
    const current = this.db.pragma('user_version', { simple: true }) as number;
    if (current > migrations.length) {
      throw new Error(
        `catalog schema version ${current} is newer than this Strata understands (${migrations.length})`,
      );
    }
    for (let v = current; v < migrations.length; v++) {
      this.db.transaction(() => {
        this.db.exec(migrations[v] as string);
        this.db.pragma(`user_version = ${v + 1}`);
      })();
    }
  }

  getVolume(name: string): VolumeRecord | undefined {
    const row = this.stmts.get.get(name);
    return row === undefined ? undefined : toRecord(row);
  }

  listVolumes(): VolumeRecord[] {
    return this.stmts.list.all().map(toRecord);
  }

  putVolume(r: VolumeRecord): void {
    this.stmts.put.run({
      name: r.name,
      driver: r.driver,
      labels: r.labels === null ? null : JSON.stringify(r.labels),
      options: r.options === null ? null : JSON.stringify(r.options),
      created_at: r.createdAt,
      last_mounted: r.lastMountedAt ?? null,
      last_unmounted: r.lastUnmountedAt ?? null,
      size_bytes: r.size?.bytes ?? null,
      size_measured: r.size?.measuredAt ?? null,
    });
  }

  deleteVolume(name: string): boolean {
    return this.stmts.delete.run(name).changes > 0;
  }

  addRef(volume: string, ref: string): void {
    this.stmts.addRef.run(volume, ref);
  }

  removeRef(volume: string, ref: string): void {
    this.stmts.removeRef.run(volume, ref);
  }

  listRefs(): Map<string, string[]> {
    const out = new Map<string, string[]>();
    for (const { volume, ref } of this.stmts.listRefs.all()) {
      const refs = out.get(volume);
      if (refs) refs.push(ref);
      else out.set(volume, [ref]);
    }
    return out;
  }

  putContainer(row: ContainerRow): void {
    this.stmts.putContainer.run(toJsonRow(row));
  }

  deleteContainer(id: string): boolean {
    return this.stmts.deleteContainer.run(id).changes > 0;
  }

  listContainers(): ContainerRow[] {
    return this.stmts.listContainers.all().map(fromJsonRow);
  }

  putNetwork(row: NetworkRow): void {
    this.stmts.putNetwork.run(toJsonRow(row));
  }

  deleteNetwork(id: string): boolean {
    return this.stmts.deleteNetwork.run(id).changes > 0;
  }

  listNetworks(): NetworkRow[] {
    return this.stmts.listNetworks.all().map(fromJsonRow);
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  close(): void {
    this.db.close();
  }
}
