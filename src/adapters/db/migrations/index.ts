/**
 * The one set of migrations for both dialects, in order. Names sort in application order.
 * Add a migration by appending a file and an entry here; never edit an applied one.
 */
import type { Migration, MigrationProvider } from 'kysely/migration';
import { foundation } from './0001-foundation.ts';
import { selectors } from './0002-selectors.ts';
import { triage } from './0003-triage.ts';
import { accounts } from './0004-accounts.ts';
import { desk } from './0005-desk.ts';
import { accessLog } from './0006-access-log.ts';
import { programme } from './0010-programme.ts';
import { retention } from './0020-retention.ts';
import { totpReplay } from './0021-totp-replay.ts';

export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001-foundation': foundation,
  '0002-selectors': selectors,
  '0003-triage': triage,
  '0004-accounts': accounts,
  '0005-desk': desk,
  '0006-access-log': accessLog,
  '0010-programme': programme,
  '0020-retention': retention,
  '0021-totp-replay': totpReplay,
};

/** Kysely migration provider over {@link MIGRATIONS}. */
export const migrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve({ ...MIGRATIONS }),
};
