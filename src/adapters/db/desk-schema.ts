/**
 * Kysely table types of the web application (issue 5): accounts and sessions, reports, cases,
 * tasks, deconfliction, notifications, the access log. Same conventions as `schema.ts`: ids are
 * text, times ISO-8601 UTC text, JSON as text, booleans 0/1 integers.
 */
import type { ColumnType } from 'kysely';

type Int8 = ColumnType<number, number, number>;

export interface UsersTable {
  id: string;
  /** Lower-case sign-in name, unique. */
  username: string;
  display_name: string;
  initials: string;
  role: string;
  /** `invited`, `active`, `disabled`. */
  status: string;
  /** argon2id PHC string; null until the invitation is accepted. */
  password_hash: string | null;
  /** Base32 TOTP secret once enrolled (RFC 6238). */
  totp_secret: string | null;
  /** Secret offered during enrolment, until confirmed with a valid code. */
  totp_pending_secret: string | null;
  /** The last TOTP time step (Unix seconds / 30) whose code was accepted; null before the first. */
  totp_last_step: number | null;
  created_at: string;
  updated_at: string;
  last_sign_in_at: string | null;
}

export interface SessionsTable {
  /** SHA-256 (hex) of the session cookie's token; the token itself is never stored. */
  id: string;
  user_id: string;
  /** `signed-in`, `totp-required`, `totp-enrolment-required`. */
  stage: string;
  csrf_token: string;
  created_at: string;
  last_seen_at: string;
  /** Absolute expiry. */
  expires_at: string;
  revoked_at: string | null;
}

export interface LoginAttemptsTable {
  id: string;
  at: string;
  username: string;
  ip: string;
  /** 1 for success, 0 for failure. */
  ok: number;
}

export interface OneTimeTokensTable {
  id: string;
  /** SHA-256 (hex) of the token. */
  token_hash: string;
  /** `setup` (first admin) or `invite`. */
  purpose: string;
  user_id: string | null;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface SettingsTable {
  key: string;
  /** JSON. */
  value: string;
  updated_at: string;
  updated_by: string;
}

export interface CountersTable {
  name: string;
  last: number;
}

export interface ReportsTable {
  id: string;
  ref: string;
  /** SHA-256 (hex) of the canonical receipt code. */
  receipt_hash: string;
  /** `new`, `in-review`, `in-case`, `closed`. */
  status: string;
  source: string;
  received_at: string;
  updated_at: string;
  danger_now: string;
  what_happened: string;
  platform: string;
  platform_other: string | null;
  /** JSON array of strings, as typed. */
  identifiers: string;
  child_age: number | null;
  reporter_relation: string | null;
  /** JSON `{name?, email?, phone?}` or null. */
  contact: string | null;
  case_id: string | null;
  closed_reason: string | null;
  upload_token_hash: string | null;
  upload_expires_at: string | null;
  upload_files: number;
  upload_bytes: Int8;
  /** `none`, `hit`, `acknowledged`. */
  deconfliction: string;
}

export interface ReportExhibitsTable {
  report_id: string;
  exhibit_id: string;
  position: number;
}

export interface ReportSelectorsTable {
  id: string;
  report_id: string;
  kind: string;
  match_key: string;
  value: string;
  /** `reported` or `extracted`. */
  source: string;
  exhibit_id: string | null;
  message_index: number | null;
  /** The case of the report (null while queued); kept equal to `reports.case_id`. */
  case_id: string | null;
}

export interface TriageOverridesTable {
  id: string;
  report_id: string;
  band: string;
  reason: string;
  assessed_band: string | null;
  by_user: string;
  at: string;
}

export interface CasesTable {
  id: string;
  ref: string;
  title: string;
  /** `open` or `closed`. */
  status: string;
  owner_id: string;
  created_by: string;
  created_at: string;
  updated_at: string;
  outcome: string | null;
}

export interface CaseEntriesTable {
  id: string;
  case_id: string;
  kind: string;
  at: string;
  by_user: string;
  /** JSON. */
  body: string;
}

export interface CaseJustificationsTable {
  session_id: string;
  case_id: string;
  reason_code: string;
  text: string | null;
  at: string;
}

export interface TasksTable {
  id: string;
  case_id: string;
  report_id: string | null;
  exhibit_id: string;
  type: string;
  instructions: string;
  assignee_id: string;
  assigned_by: string;
  /** `assigned`, `in-progress`, `done`, `cancelled`. */
  status: string;
  summary: string | null;
  created_at: string;
  updated_at: string;
}

export interface AnnotationsTable {
  id: string;
  task_id: string;
  exhibit_id: string;
  message_index: number;
  span_start: number | null;
  span_end: number | null;
  label: string;
  note: string;
  author_id: string;
  created_at: string;
}

export interface TaskViewsTable {
  id: string;
  task_id: string;
  user_id: string;
  started_at: string;
  last_beat_at: string;
  ended_at: string | null;
  duration_ms: Int8;
}

export interface DeconflictionHitsTable {
  id: string;
  report_id: string;
  selector_id: string;
  other_case_id: string;
  other_report_id: string;
  other_selector_id: string;
  match_type: string;
  /** 0..100. */
  similarity: number;
  explanation: string;
  created_at: string;
  acknowledged_by: string | null;
  acknowledged_at: string | null;
  note: string | null;
}

export interface NotificationsTable {
  id: string;
  user_id: string;
  kind: string;
  at: string;
  title: string;
  link_type: string;
  link_id: string;
  read_at: string | null;
}

export interface AccessLogTable {
  seq: Int8;
  at: string;
  actor_id: string | null;
  actor_role: string;
  /** `collect`, `consult`, `disclose`, `change`, `combine`, `erase` (DPA 2018 s62(1)). */
  action: string;
  object_type: string;
  object_id: string;
  object_ref: string | null;
  case_id: string | null;
  reason_code: string | null;
  justification: string | null;
  recipient: string | null;
  prev_hash: string | null;
  /** SHA-256 (hex) over the previous hash and this entry's canonical JSON. */
  hash: string;
}

export interface AccessLogHeadTable {
  id: number;
  size: Int8;
  last_hash: string | null;
}

/** The tables of this file, merged into `Database`. */
export interface DeskDatabase {
  users: UsersTable;
  sessions: SessionsTable;
  login_attempts: LoginAttemptsTable;
  one_time_tokens: OneTimeTokensTable;
  settings: SettingsTable;
  counters: CountersTable;
  reports: ReportsTable;
  report_exhibits: ReportExhibitsTable;
  report_selectors: ReportSelectorsTable;
  triage_overrides: TriageOverridesTable;
  cases: CasesTable;
  case_entries: CaseEntriesTable;
  case_justifications: CaseJustificationsTable;
  tasks: TasksTable;
  annotations: AnnotationsTable;
  task_views: TaskViewsTable;
  deconfliction_hits: DeconflictionHitsTable;
  notifications: NotificationsTable;
  access_log: AccessLogTable;
  access_log_head: AccessLogHeadTable;
}
