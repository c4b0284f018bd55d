/** Retention (issue 7): each case's class and review date, and the recorded review decisions. */
import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

export const retention: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('case_retention')
      .addColumn('case_id', 'text', (c) => c.primaryKey())
      .addColumn('retention_class', 'text', (c) => c.notNull())
      .addColumn('review_due', 'text', (c) => c.notNull())
      .addColumn('set_at', 'text', (c) => c.notNull())
      .addColumn('set_by', 'text', (c) => c.notNull())
      .addColumn('disposed_at', 'text')
      .addColumn('disposal_id', 'text')
      .execute();
    await db.schema
      .createIndex('case_retention_due')
      .on('case_retention')
      .column('review_due')
      .execute();
    await db.schema
      .createTable('retention_decisions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('case_id', 'text', (c) => c.notNull())
      .addColumn('decision', 'text', (c) => c.notNull())
      .addColumn('reason_code', 'text', (c) => c.notNull())
      .addColumn('rationale', 'text', (c) => c.notNull())
      .addColumn('retention_class', 'text', (c) => c.notNull())
      .addColumn('review_due', 'text', (c) => c.notNull())
      .addColumn('next_review', 'text')
      .addColumn('decided_by', 'text', (c) => c.notNull())
      .addColumn('decided_at', 'text', (c) => c.notNull())
      .addColumn('shredded_at', 'text')
      .addColumn('summary', 'text')
      .execute();
    await db.schema
      .createIndex('retention_decisions_case')
      .on('retention_decisions')
      .columns(['case_id', 'decided_at'])
      .execute();
  },
};
