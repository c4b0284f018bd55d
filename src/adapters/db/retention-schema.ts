/**
 * Kysely table types of retention (issue 7): each case's retention class and review date, and the
 * recorded review decisions. Same conventions as `schema.ts` (text ids, ISO-8601 UTC times, dates
 * `YYYY-MM-DD`, JSON as text).
 */

export interface CaseRetentionTable {
  case_id: string;
  retention_class: string;
  /** `YYYY-MM-DD` (UTC). */
  review_due: string;
  set_at: string;
  set_by: string;
  disposed_at: string | null;
  disposal_id: string | null;
}

export interface RetentionDecisionsTable {
  id: string;
  case_id: string;
  /** `retain` or `dispose`. */
  decision: string;
  reason_code: string;
  rationale: string;
  retention_class: string;
  /** The review date the decision was taken against. */
  review_due: string;
  /** Retain: the next review date. */
  next_review: string | null;
  decided_by: string;
  decided_at: string;
  /** Dispose: when the holder keys were destroyed (null while that is pending). */
  shredded_at: string | null;
  /** JSON: what was erased and destroyed. */
  summary: string | null;
}

/** The tables of this file, merged into `Database`. */
export interface RetentionDatabase {
  case_retention: CaseRetentionTable;
  retention_decisions: RetentionDecisionsTable;
}
