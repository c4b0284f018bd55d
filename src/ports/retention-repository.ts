/**
 * Storage of retention (issue 7; R46): each case's retention class and review date, the recorded
 * review decisions, and the erasure of a disposed case's personal data in one unit of work.
 * Implemented in `adapters/db/retention-repository.ts` for SQLite and PostgreSQL.
 */

/** A case's retention class and next review. */
export interface CaseRetention {
  readonly caseId: string;
  readonly retentionClass: string;
  /** `YYYY-MM-DD` (UTC). */
  readonly reviewDue: string;
  readonly setAt: string;
  /** Who set it: a user id, or `system` when a case opened or closed. */
  readonly setBy: string;
  readonly disposedAt: string | null;
  readonly disposalId: string | null;
}

/** A recorded review decision. */
export interface RetentionDecision {
  readonly id: string;
  readonly caseId: string;
  readonly decision: 'retain' | 'dispose';
  readonly reasonCode: string;
  readonly rationale: string;
  readonly retentionClass: string;
  readonly reviewDue: string;
  readonly nextReview: string | null;
  readonly decidedBy: string;
  readonly decidedAt: string;
  /** Dispose: when the holder keys were destroyed; null while pending. */
  readonly shreddedAt: string | null;
  readonly summary: Readonly<Record<string, unknown>> | null;
}

/** What to erase of a disposed case (ids gathered by the use case). */
export interface CaseErasure {
  readonly caseId: string;
  readonly reportIds: readonly string[];
  /** Every exhibit of the case (originals and derived). */
  readonly exhibitIds: readonly string[];
  readonly taskIds: readonly string[];
  /** Custody events whose off-leaf details are erased. */
  readonly detailSeqs: readonly number[];
  /** Text put in place of erased free text that cannot be null. */
  readonly erasedText: string;
}

/** Rows erased or blanked, by what they were. */
export type ErasureCounts = Readonly<Record<string, number>>;

export interface RetentionRepository {
  get(caseId: string): Promise<CaseRetention | undefined>;
  /** Inserts or replaces a case's retention. */
  put(r: CaseRetention): Promise<void>;
  /** Retention rows of these cases. */
  ofCases(caseIds: readonly string[]): Promise<CaseRetention[]>;
  insertDecision(d: RetentionDecision): Promise<void>;
  findDecision(id: string): Promise<RetentionDecision | undefined>;
  /** A case's decisions, oldest first. */
  decisionsOf(caseId: string): Promise<RetentionDecision[]>;
  /** Dispose decisions whose keys are not destroyed yet, oldest first. */
  pendingDisposals(): Promise<RetentionDecision[]>;
  markShredded(id: string, at: string, summary: Readonly<Record<string, unknown>>): Promise<void>;
  /** Ids of exhibits having a folder file with this SHA-256. */
  exhibitIdsWithFile(sha256: string): Promise<string[]>;
  /**
   * Erases a disposed case's personal data (docs/retention.md, "Personal data"): exhibit names,
   * notes and summaries (status `disposed`), folder file paths, selectors, triage assessments and
   * overrides, report free text and contact details, the case title, timeline entries and
   * justifications, task instructions and summaries, annotations, deconfliction hits of its
   * reports, notifications, and the off-leaf details of the named custody events.
   */
  eraseCase(e: CaseErasure): Promise<ErasureCounts>;
  /**
   * Outside any unit of work, after an erasure: moves the database's write-ahead log into the
   * main file and truncates it (SQLite, whose freed pages `secure_delete` zeroes), so erased
   * values do not linger in the log. PostgreSQL keeps dead row versions until VACUUM reuses
   * their space (docs/operator-guide.md); nothing is done there.
   */
  reclaimErasedSpace(): Promise<void>;
}
