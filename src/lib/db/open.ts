/**
 * Opens Keel's database, running every migration between the stored version and the wanted one.
 */
import { deleteDB, openDB, type IDBPDatabase } from 'idb';
import { CURRENT_VERSION, DB_NAME, type KeelSchema } from './schema';
import { MIGRATIONS } from './migrations';

export type KeelDb = IDBPDatabase<KeelSchema>;

export interface OpenOptions {
  name?: string;
  /** For migration tests: open at an older version. */
  version?: number;
}

export async function openKeelDb(options: OpenOptions = {}): Promise<KeelDb> {
  const version = options.version ?? CURRENT_VERSION;
  const db: KeelDb = await openDB<KeelSchema>(options.name ?? DB_NAME, version, {
    async upgrade(db, oldVersion, newVersion, tx) {
      for (let step = oldVersion + 1; step <= (newVersion ?? version); step++) {
        const migration = MIGRATIONS[step];
        if (!migration) throw new Error(`No migration to database version ${step}`);
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        await migration(db as any, tx as any);
      }
    },
    blocked() {
      // Another tab holds an older version open; it gets `versionchange` and closes (below).
    },
    blocking() {
      // A newer Keel in another tab wants to upgrade: step aside rather than block it.
      db.close();
    }
  });
  return db;
}

/** Deletes a whole database (used by the storage benchmark for its scratch database). */
export function deleteKeelDb(name: string): Promise<void> {
  return deleteDB(name);
}
