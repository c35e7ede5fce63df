import Database from 'better-sqlite3';
import { join } from 'node:path';
import type { StrataDaemon } from './strata-daemon.js';

/**
 * The daemon's catalog read straight from its SQLite file (the daemon keeps it open; WAL allows a
 * reader beside it): volume name → labels.
 */
export function catalogLabels(d: StrataDaemon): Map<string, Record<string, string> | null> {
  const db = new Database(join(d.dataRoot, 'strata.db'), { readonly: true });
  try {
    const rows = db.prepare('SELECT name, labels FROM volumes').all() as Array<{
      name: string;
      labels: string | null;
    }>;
    return new Map(
      rows.map((r) => [r.name, r.labels === null ? null : (JSON.parse(r.labels) as Record<string, string>)]),
    );
  } finally {
    db.close();
  }
}
