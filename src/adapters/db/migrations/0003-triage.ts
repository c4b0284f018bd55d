/** Triage assessments of transcripts, and officers' overrides stored beside them (never replacing them). */
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
    await db.schema
      .createTable('assessment_overrides')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('assessment_id', 'text', (c) => c.notNull().references('assessments.id'))
      .addColumn('band', 'text', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('officer', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('assessment_overrides_assessment')
      .on('assessment_overrides')
      .columns(['assessment_id', 'created_at'])
      .execute();
  },
};
