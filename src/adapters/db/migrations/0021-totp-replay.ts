/**
 * TOTP replay protection (RFC 6238 §5.2: a verifier must not accept the same code twice): the
 * last 30-second time step whose code each account used. A code of that step or an earlier one is
 * refused, so a code seen over someone's shoulder, or replayed, cannot sign in a second time.
 */
import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

export const totpReplay: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('users').addColumn('totp_last_step', 'bigint').execute();
  },
};
