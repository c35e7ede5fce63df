/**
 * Numbered schema migrations for the SQLite catalog. Append only: a migration that has shipped is
 * never edited; a change is a new entry. `user_version` records how many have run.
 */
export const migrations: readonly string[] = [
  // 1: volumes and their references
  `CREATE TABLE volumes (
     name       TEXT PRIMARY KEY NOT NULL,
     driver     TEXT NOT NULL,
     labels     TEXT,
     options    TEXT,
     created_at INTEGER NOT NULL
   ) STRICT;
   CREATE TABLE volume_refs (
     volume TEXT NOT NULL REFERENCES volumes(name) ON DELETE CASCADE,
     ref    TEXT NOT NULL,
     seq    INTEGER PRIMARY KEY AUTOINCREMENT,
     UNIQUE (volume, ref)
   ) STRICT;`,
  // 2: containers (the engine's record as JSON)
  `CREATE TABLE containers (
     id     TEXT PRIMARY KEY NOT NULL,
     name   TEXT NOT NULL UNIQUE,
     record TEXT NOT NULL
   ) STRICT;`,
  // 3: networks (the engine's record as JSON)
  `CREATE TABLE networks (
     id     TEXT PRIMARY KEY NOT NULL,
     name   TEXT NOT NULL UNIQUE,
     record TEXT NOT NULL
   ) STRICT;`,
  // 4: when each volume was last mounted and unmounted for a container (unix ms; NULL = never)
  `ALTER TABLE volumes ADD COLUMN last_mounted INTEGER;
   ALTER TABLE volumes ADD COLUMN last_unmounted INTEGER;`,
  // 5: the last measured size of each volume's data and when it was measured (NULL = never)
  `ALTER TABLE volumes ADD COLUMN size_bytes INTEGER;
   ALTER TABLE volumes ADD COLUMN size_measured INTEGER;`,
];
