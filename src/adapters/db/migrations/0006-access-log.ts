/**
 * The access log (DPA 2018 s62; R37): append-only, hash-chained entries, and a one-row head that
 * serialises appends (locked by an UPDATE, like the custody log's head).
 */
import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

export const accessLog: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('access_log')
      .addColumn('seq', 'bigint', (c) => c.primaryKey())
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('actor_id', 'text')
      .addColumn('actor_role', 'text', (c) => c.notNull())
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('object_type', 'text', (c) => c.notNull())
      .addColumn('object_id', 'text', (c) => c.notNull())
      .addColumn('object_ref', 'text')
      .addColumn('case_id', 'text')
      .addColumn('reason_code', 'text')
      .addColumn('justification', 'text')
      .addColumn('recipient', 'text')
      .addColumn('prev_hash', 'text')
      .addColumn('hash', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('access_log_at').on('access_log').column('at').execute();
    await db.schema
      .createIndex('access_log_actor')
      .on('access_log')
      .columns(['actor_id', 'seq'])
      .execute();
    await db.schema
      .createIndex('access_log_case')
      .on('access_log')
      .columns(['case_id', 'seq'])
      .execute();

    await db.schema
      .createTable('access_log_head')
      .addColumn('id', 'integer', (c) => c.primaryKey())
      .addColumn('size', 'bigint', (c) => c.notNull())
      .addColumn('last_hash', 'text')
      .execute();
    await (
      db as Kysely<{ access_log_head: { id: number; size: number; last_hash: string | null } }>
    )
      .insertInto('access_log_head')
      .values({ id: 1, size: 0, last_hash: null })
      .execute();
  },
};
