/**
 * The volunteer programme (issue 6): members with their declarations, changes of circumstance
 * and vetting; the training catalogue (seeded with the R10 minimum set) and completions;
 * officers' authorisations and the task each covers; the supervision rota; shift ends, welfare
 * check-ins and debriefs; the programme's event log; sent reminders. Case and task ids are kept
 * without foreign keys so that retention can dispose of case material without touching these.
 */
import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/** The starting catalogue, as it was when this migration was written (never edit it). */
const SEED_MODULES = [
  ['data-protection', 'Data protection and information security', 12],
  ['cpia-disclosure', 'CPIA and disclosure', 12],
  ['covert-law', 'The law on covert activity: RIPA and CHIS awareness, status drift', 12],
  ['evidence-handling', 'Digital evidence handling and the ACPO principles', 24],
  ['safeguarding', 'Safeguarding, threat to life and suicide-risk awareness', 12],
  ['wellbeing', 'Wellbeing and working with distressing material', 12],
] as const;

export const programme: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('members')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('ref', 'text', (c) => c.notNull().unique())
      .addColumn('display_name', 'text', (c) => c.notNull())
      .addColumn('email', 'text')
      .addColumn('phone', 'text')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('legal_status', 'text')
      .addColumn('user_id', 'text', (c) => c.unique().references('users.id'))
      .addColumn('past_group_membership', 'integer', (c) => c.notNull())
      .addColumn('motivation', 'text')
      .addColumn('barred_checked_at', 'text')
      .addColumn('barred_result', 'text')
      .addColumn('under_investigation_since', 'text')
      .addColumn('applied_at', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('member_declarations')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('member_id', 'text', (c) => c.notNull().references('members.id'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('case_id', 'text')
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('declared_at', 'text', (c) => c.notNull())
      .addColumn('recorded_by', 'text')
      .execute();
    await db.schema
      .createIndex('member_declarations_member')
      .on('member_declarations')
      .column('member_id')
      .execute();

    await db.schema
      .createTable('member_circumstances')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('member_id', 'text', (c) => c.notNull().references('members.id'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('note', 'text', (c) => c.notNull())
      .addColumn('reported_at', 'text', (c) => c.notNull())
      .addColumn('recorded_by', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('member_circumstances_member')
      .on('member_circumstances')
      .column('member_id')
      .execute();

    await db.schema
      .createTable('member_vetting')
      .addColumn('member_id', 'text', (c) => c.primaryKey().references('members.id'))
      .addColumn('level', 'text', (c) => c.notNull())
      .addColumn('granted_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addColumn('recorded_by', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('training_modules')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('version', 'text', (c) => c.notNull())
      .addColumn('validity_months', 'integer')
      .addColumn('retired', 'integer', (c) => c.notNull())
      .execute();
    for (const [id, title, months] of SEED_MODULES) {
      await (db as Kysely<{ training_modules: Record<string, unknown> }>)
        .insertInto('training_modules')
        .values({ id, title, version: '2026.1', validity_months: months, retired: 0 })
        .execute();
    }

    await db.schema
      .createTable('training_completions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('member_id', 'text', (c) => c.notNull().references('members.id'))
      .addColumn('module_id', 'text', (c) => c.notNull().references('training_modules.id'))
      .addColumn('version', 'text', (c) => c.notNull())
      .addColumn('completed_at', 'text', (c) => c.notNull())
      .addColumn('valid_until', 'text')
      .addColumn('signed_off_by', 'text', (c) => c.notNull())
      .addColumn('recorded_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('training_completions_member')
      .on('training_completions')
      .columns(['member_id', 'module_id'])
      .execute();

    await db.schema
      .createTable('authorisations')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('ref', 'text', (c) => c.notNull().unique())
      .addColumn('operation', 'text', (c) => c.notNull())
      .addColumn('task_types', 'text', (c) => c.notNull())
      .addColumn('platforms', 'text', (c) => c.notNull())
      .addColumn('starts_at', 'text', (c) => c.notNull())
      .addColumn('review_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addColumn('authorising_officer_id', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('officer_in_charge_id', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('supervisor_id', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('cancelled_at', 'text')
      .addColumn('cancel_reason', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('task_authorisations')
      .addColumn('task_id', 'text', (c) => c.primaryKey())
      .addColumn('authorisation_id', 'text', (c) => c.notNull().references('authorisations.id'))
      .addColumn('officer_in_charge_id', 'text', (c) => c.notNull())
      .addColumn('supervisor_id', 'text', (c) => c.notNull())
      .addColumn('linked_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('rota_entries')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('officer_id', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('starts_at', 'text', (c) => c.notNull())
      .addColumn('ends_at', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('cancelled_at', 'text')
      .execute();
    await db.schema
      .createIndex('rota_entries_time')
      .on('rota_entries')
      .columns(['starts_at', 'ends_at'])
      .execute();

    await db.schema
      .createTable('shift_ends')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('shift_ends_user')
      .on('shift_ends')
      .columns(['user_id', 'at'])
      .execute();

    await db.schema
      .createTable('welfare_check_ins')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('shift_started_at', 'text', (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('wellbeing', 'integer', (c) => c.notNull())
      .addColumn('wants_contact', 'integer', (c) => c.notNull())
      .addColumn('note', 'text')
      .addUniqueConstraint('welfare_check_ins_shift', ['user_id', 'shift_started_at'])
      .execute();

    await db.schema
      .createTable('shift_debriefs')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('shift_started_at', 'text', (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('by_officer_id', 'text', (c) => c.notNull())
      .addColumn('notes', 'text', (c) => c.notNull())
      .addUniqueConstraint('shift_debriefs_shift', ['user_id', 'shift_started_at'])
      .execute();

    await db.schema
      .createTable('programme_events')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('actor', 'text', (c) => c.notNull())
      .addColumn('subject', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('details', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('programme_events_subject')
      .on('programme_events')
      .columns(['subject', 'at'])
      .execute();
    await db.schema
      .createIndex('programme_events_kind')
      .on('programme_events')
      .columns(['kind', 'at'])
      .execute();

    await db.schema
      .createTable('programme_reminders')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('sent_at', 'text', (c) => c.notNull())
      .execute();
  },
};
