/**
 * Kysely table types of the volunteer programme (issue 6). Same conventions as `schema.ts`: ids
 * are text, times ISO-8601 UTC text, JSON as text, booleans 0/1 integers.
 */

export interface MembersTable {
  id: string;
  ref: string;
  display_name: string;
  email: string | null;
  phone: string | null;
  /** `applicant`, `vetting`, `training`, `active`, `suspended`, `left`. */
  status: string;
  legal_status: string | null;
  /** Unique when set: one member per account. */
  user_id: string | null;
  /** 0/1. */
  past_group_membership: number;
  motivation: string | null;
  barred_checked_at: string | null;
  /** `clear` or `barred`. */
  barred_result: string | null;
  under_investigation_since: string | null;
  applied_at: string;
  created_at: string;
  updated_at: string;
}

export interface MemberDeclarationsTable {
  id: string;
  member_id: string;
  kind: string;
  case_id: string | null;
  description: string;
  declared_at: string;
  recorded_by: string | null;
}

export interface MemberCircumstancesTable {
  id: string;
  member_id: string;
  kind: string;
  note: string;
  reported_at: string;
  recorded_by: string;
}

export interface MemberVettingTable {
  member_id: string;
  level: string;
  granted_at: string;
  expires_at: string;
  recorded_by: string;
  updated_at: string;
}

export interface TrainingModulesTable {
  id: string;
  title: string;
  version: string;
  validity_months: number | null;
  /** 0/1. */
  retired: number;
}

export interface TrainingCompletionsTable {
  id: string;
  member_id: string;
  module_id: string;
  version: string;
  completed_at: string;
  valid_until: string | null;
  signed_off_by: string;
  recorded_at: string;
}

export interface AuthorisationsTable {
  id: string;
  ref: string;
  operation: string;
  /** JSON array of task types. */
  task_types: string;
  /** JSON array of platforms (or `any`). */
  platforms: string;
  starts_at: string;
  review_at: string;
  expires_at: string;
  authorising_officer_id: string;
  officer_in_charge_id: string;
  supervisor_id: string;
  /** `live` or `cancelled`. */
  status: string;
  cancelled_at: string | null;
  cancel_reason: string | null;
  created_at: string;
  updated_at: string;
}

export interface TaskAuthorisationsTable {
  task_id: string;
  authorisation_id: string;
  officer_in_charge_id: string;
  supervisor_id: string;
  linked_at: string;
}

export interface RotaEntriesTable {
  id: string;
  officer_id: string;
  starts_at: string;
  ends_at: string;
  created_by: string;
  created_at: string;
  cancelled_at: string | null;
}

export interface ShiftEndsTable {
  id: string;
  user_id: string;
  /** `stop-now` or `end-shift`. */
  kind: string;
  at: string;
}

export interface WelfareCheckInsTable {
  id: string;
  user_id: string;
  shift_started_at: string;
  at: string;
  wellbeing: number;
  /** 0/1. */
  wants_contact: number;
  note: string | null;
}

export interface ShiftDebriefsTable {
  id: string;
  user_id: string;
  shift_started_at: string;
  at: string;
  by_officer_id: string;
  notes: string;
}

export interface ProgrammeEventsTable {
  id: string;
  at: string;
  actor: string;
  subject: string;
  kind: string;
  /** JSON. */
  details: string;
}

export interface ProgrammeRemindersTable {
  key: string;
  sent_at: string;
}

/** The tables of this file, merged into `Database`. */
export interface ProgrammeDatabase {
  members: MembersTable;
  member_declarations: MemberDeclarationsTable;
  member_circumstances: MemberCircumstancesTable;
  member_vetting: MemberVettingTable;
  training_modules: TrainingModulesTable;
  training_completions: TrainingCompletionsTable;
  authorisations: AuthorisationsTable;
  task_authorisations: TaskAuthorisationsTable;
  rota_entries: RotaEntriesTable;
  shift_ends: ShiftEndsTable;
  welfare_check_ins: WelfareCheckInsTable;
  shift_debriefs: ShiftDebriefsTable;
  programme_events: ProgrammeEventsTable;
  programme_reminders: ProgrammeRemindersTable;
}
