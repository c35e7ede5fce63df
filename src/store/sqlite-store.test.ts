import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { runMetadataStoreContract } from './metadata-store.contract.js';
import { SqliteStore } from './sqlite-store.js';

runMetadataStoreContract(
  'SqliteStore',
  () => {
    const dir = mkdtempSync(join(tmpdir(), 'strata-store-'));
    const path = join(dir, 'strata.db');
    return {
      store: new SqliteStore({ path }),
      reopen: () => new SqliteStore({ path }),
      cleanup: () => rmSync(dir, { recursive: true, force: true }),
    };
  },
  { durable: true },
);

describe('SqliteStore', () => {
  it('uses WAL and records the schema version', () => {
    const dir = mkdtempSync(join(tmpdir(), 'strata-store-'));
    try {
      const path = join(dir, 'strata.db');
      new SqliteStore({ path }).close();
      const db = new Database(path, { readonly: true });
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('user_version', { simple: true })).toBe(SqliteStore.schemaVersion);
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a catalog written by a newer Strata', () => {
    const dir = mkdtempSync(join(tmpdir(), 'strata-store-'));
    try {
      const path = join(dir, 'strata.db');
      const db = new Database(path);
      db.pragma('user_version = 999');
      db.close();
      expect(() => new SqliteStore({ path })).toThrow(/newer than this Strata understands/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
