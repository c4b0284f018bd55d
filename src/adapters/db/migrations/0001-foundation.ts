/** Foundation schema: exhibits, the custody log (events, Merkle nodes, checkpoints). */
import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

export const foundation: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('exhibits')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('ref', 'text', (c) => c.notNull().unique())
      .addColumn('initials', 'text', (c) => c.notNull())
      .addColumn('number', 'integer', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('form', 'text', (c) => c.notNull())
      .addColumn('sha256', 'text', (c) => c.notNull())
      .addColumn('size_bytes', 'bigint', (c) => c.notNull())
      .addColumn('original_name', 'text')
      .addColumn('source_exhibit_id', 'text', (c) => c.references('exhibits.id'))
      .addColumn('source_sha256', 'text')
      .addColumn('parser_name', 'text')
      .addColumn('parser_version', 'text')
      .addColumn('format', 'text')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('summary', 'text')
      .addColumn('acquired_by', 'text', (c) => c.notNull())
      .addColumn('acquired_at', 'text', (c) => c.notNull())
      .addColumn('note', 'text')
      .addColumn('time_zone', 'text')
      .addColumn('case_id', 'text')
      .addUniqueConstraint('exhibits_initials_number', ['initials', 'number'])
      .execute();
    await db.schema.createIndex('exhibits_sha256').on('exhibits').column('sha256').execute();
    await db.schema
      .createIndex('exhibits_source')
      .on('exhibits')
      .column('source_exhibit_id')
      .execute();

    await db.schema
      .createTable('exhibit_files')
      .addColumn('exhibit_id', 'text', (c) => c.notNull().references('exhibits.id'))
      .addColumn('path', 'text', (c) => c.notNull())
      .addColumn('sha256', 'text', (c) => c.notNull())
      .addColumn('size_bytes', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('exhibit_files_pk', ['exhibit_id', 'path'])
      .execute();

    await db.schema
      .createTable('exhibit_counters')
      .addColumn('initials', 'text', (c) => c.primaryKey())
      .addColumn('last_number', 'integer', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('custody_head')
      .addColumn('id', 'integer', (c) => c.primaryKey())
      .addColumn('size', 'bigint', (c) => c.notNull())
      .execute();
    await (db as Kysely<{ custody_head: { id: number; size: number } }>)
      .insertInto('custody_head')
      .values({ id: 1, size: 0 })
      .execute();

    await db.schema
      .createTable('custody_events')
      .addColumn('seq', 'bigint', (c) => c.primaryKey())
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('actor', 'text', (c) => c.notNull())
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('object', 'text', (c) => c.notNull())
      .addColumn('exhibit_sha256', 'text')
      .addColumn('reason', 'text')
      .addColumn('details', 'text')
      .addColumn('details_sha256', 'text')
      .addColumn('prev_hash', 'text')
      .addColumn('leaf', 'text', (c) => c.notNull())
      .addColumn('leaf_hash', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('custody_events_object')
      .on('custody_events')
      .columns(['object', 'seq'])
      .execute();

    await db.schema
      .createTable('merkle_nodes')
      .addColumn('level', 'integer', (c) => c.notNull())
      .addColumn('idx', 'bigint', (c) => c.notNull())
      .addColumn('hash', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('merkle_nodes_pk', ['level', 'idx'])
      .execute();

    await db.schema
      .createTable('checkpoints')
      .addColumn('size', 'bigint', (c) => c.primaryKey())
      .addColumn('root', 'text', (c) => c.notNull())
      .addColumn('note', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
  },
};
