/**
 * Triage assessments of transcripts. Officers' overrides are stored beside them per report
 * (`triage_overrides`, migration 0005), never replacing them.
 */
import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

export const triage: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('assessments')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('exhibit_id', 'text', (c) => c.notNull().references('exhibits.id'))
      .addColumn('ruleset_version', 'text', (c) => c.notNull())
      .addColumn('input_hash', 'text', (c) => c.notNull())
      .addColumn('band', 'text', (c) => c.notNull())
      .addColumn('score', 'integer', (c) => c.notNull())
      .addColumn('imminent', 'integer', (c) => c.notNull())
      .addColumn('assessment', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('assessments_exhibit')
      .on('assessments')
      .columns(['exhibit_id', 'created_at'])
      .execute();
  },
};
