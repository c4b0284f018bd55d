/**
 * The desk: reports and their exhibits and selectors, triage overrides, cases and their timeline,
 * per-session case justifications, tasks, annotations, timed task views, deconfliction hits,
 * in-app notifications.
 */
import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

export const desk: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('cases')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('ref', 'text', (c) => c.notNull().unique())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('outcome', 'text')
      .execute();
    await db.schema.createIndex('cases_owner').on('cases').column('owner_id').execute();

    await db.schema
      .createTable('reports')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('ref', 'text', (c) => c.notNull().unique())
      .addColumn('receipt_hash', 'text', (c) => c.notNull().unique())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('received_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('danger_now', 'text', (c) => c.notNull())
      .addColumn('what_happened', 'text', (c) => c.notNull())
      .addColumn('platform', 'text', (c) => c.notNull())
      .addColumn('platform_other', 'text')
      .addColumn('identifiers', 'text', (c) => c.notNull())
      .addColumn('child_age', 'integer')
      .addColumn('reporter_relation', 'text')
      .addColumn('contact', 'text')
      .addColumn('case_id', 'text', (c) => c.references('cases.id'))
      .addColumn('closed_reason', 'text')
      .addColumn('upload_token_hash', 'text')
      .addColumn('upload_expires_at', 'text')
      .addColumn('upload_files', 'integer', (c) => c.notNull())
      .addColumn('upload_bytes', 'bigint', (c) => c.notNull())
      .addColumn('deconfliction', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('reports_status')
      .on('reports')
      .columns(['status', 'received_at'])
      .execute();
    await db.schema.createIndex('reports_case').on('reports').column('case_id').execute();

    await db.schema
      .createTable('report_exhibits')
      .addColumn('report_id', 'text', (c) => c.notNull().references('reports.id'))
      .addColumn('exhibit_id', 'text', (c) => c.notNull().references('exhibits.id'))
      .addColumn('position', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('report_exhibits_pk', ['report_id', 'exhibit_id'])
      .execute();
    await db.schema
      .createIndex('report_exhibits_exhibit')
      .on('report_exhibits')
      .column('exhibit_id')
      .execute();

    await db.schema
      .createTable('report_selectors')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('report_id', 'text', (c) => c.notNull().references('reports.id'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('match_key', 'text', (c) => c.notNull())
      .addColumn('value', 'text', (c) => c.notNull())
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('exhibit_id', 'text')
      .addColumn('message_index', 'integer')
      // The case of the report, copied here so deconfliction finds case selectors by index alone.
      .addColumn('case_id', 'text')
      .execute();
    await db.schema
      .createIndex('report_selectors_key')
      .on('report_selectors')
      .column('match_key')
      .execute();
    await db.schema
      .createIndex('report_selectors_in_case')
      .on('report_selectors')
      .column('match_key')
      .where(sql.ref('case_id'), 'is not', null)
      .execute();
    await db.schema
      .createIndex('report_selectors_report')
      .on('report_selectors')
      .column('report_id')
      .execute();

    await db.schema
      .createTable('triage_overrides')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('report_id', 'text', (c) => c.notNull().references('reports.id'))
      .addColumn('band', 'text', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('assessed_band', 'text')
      .addColumn('by_user', 'text', (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('triage_overrides_report')
      .on('triage_overrides')
      .columns(['report_id', 'at'])
      .execute();

    await db.schema
      .createTable('case_entries')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('by_user', 'text', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('case_entries_case')
      .on('case_entries')
      .columns(['case_id', 'at'])
      .execute();

    await db.schema
      .createTable('case_justifications')
      .addColumn('session_id', 'text', (c) => c.notNull())
      .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
      .addColumn('reason_code', 'text', (c) => c.notNull())
      .addColumn('text', 'text')
      .addColumn('at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('case_justifications_pk', ['session_id', 'case_id'])
      .execute();

    await db.schema
      .createTable('tasks')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
      .addColumn('report_id', 'text', (c) => c.references('reports.id'))
      .addColumn('exhibit_id', 'text', (c) => c.notNull().references('exhibits.id'))
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('instructions', 'text', (c) => c.notNull())
      .addColumn('assignee_id', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('assigned_by', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('summary', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('tasks_assignee').on('tasks').column('assignee_id').execute();
    await db.schema.createIndex('tasks_case').on('tasks').column('case_id').execute();

    await db.schema
      .createTable('annotations')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('task_id', 'text', (c) => c.notNull().references('tasks.id'))
      .addColumn('exhibit_id', 'text', (c) => c.notNull().references('exhibits.id'))
      .addColumn('message_index', 'integer', (c) => c.notNull())
      .addColumn('span_start', 'integer')
      .addColumn('span_end', 'integer')
      .addColumn('label', 'text', (c) => c.notNull())
      .addColumn('note', 'text', (c) => c.notNull())
      .addColumn('author_id', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('annotations_task').on('annotations').column('task_id').execute();

    await db.schema
      .createTable('task_views')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('task_id', 'text', (c) => c.notNull().references('tasks.id'))
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('started_at', 'text', (c) => c.notNull())
      .addColumn('last_beat_at', 'text', (c) => c.notNull())
      .addColumn('ended_at', 'text')
      .addColumn('duration_ms', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('task_views_user')
      .on('task_views')
      .columns(['user_id', 'started_at'])
      .execute();

    await db.schema
      .createTable('deconfliction_hits')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('report_id', 'text', (c) => c.notNull().references('reports.id'))
      .addColumn('selector_id', 'text', (c) => c.notNull())
      .addColumn('other_case_id', 'text', (c) => c.notNull().references('cases.id'))
      .addColumn('other_report_id', 'text', (c) => c.notNull())
      .addColumn('other_selector_id', 'text', (c) => c.notNull())
      .addColumn('match_type', 'text', (c) => c.notNull())
      .addColumn('similarity', 'integer', (c) => c.notNull())
      .addColumn('explanation', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('acknowledged_by', 'text')
      .addColumn('acknowledged_at', 'text')
      .addColumn('note', 'text')
      .addUniqueConstraint('deconfliction_hits_pair', ['report_id', 'selector_id', 'other_case_id'])
      .execute();
    await db.schema
      .createIndex('deconfliction_hits_other')
      .on('deconfliction_hits')
      .column('other_case_id')
      .execute();

    await db.schema
      .createTable('notifications')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('link_type', 'text', (c) => c.notNull())
      .addColumn('link_id', 'text', (c) => c.notNull())
      .addColumn('read_at', 'text')
      .execute();
    await db.schema
      .createIndex('notifications_user')
      .on('notifications')
      .columns(['user_id', 'at'])
      .execute();
  },
};
