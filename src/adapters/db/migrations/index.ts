/**
 * The one set of migrations for both dialects, in order. Names sort in application order.
 * Add a migration by appending a file and an entry here; never edit an applied one.
 */
import type { Migration, MigrationProvider } from 'kysely/migration';
import { foundation } from './0001-foundation.ts';

export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001-foundation': foundation,
};

/** Kysely migration provider over {@link MIGRATIONS}. */
export const migrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve({ ...MIGRATIONS }),
};
