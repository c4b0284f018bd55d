/**
 * Competence records (ACPO principle 2: whoever accesses original data must be competent): for a
 * pseudonymous custody-log actor, the training modules that were current at a given time. The
 * programme module implements it from its training records; until then the default
 * (`usecases/bundle/competence.ts`) says that no programme records are held.
 */

/** One training module held by a person. Times are ISO-8601 UTC. */
export interface TrainingModule {
  /** Stable module id, e.g. `digital-evidence-handling`. */
  readonly id: string;
  readonly title: string;
  /** Version of the module's syllabus, when the programme records one. */
  readonly version: string | null;
  readonly completedAt: string;
  /** When it lapses; null for no expiry. */
  readonly validUntil: string | null;
}

/** What the programme records say about one actor at one time. */
export interface CompetenceAt {
  /** Pseudonymous actor id as in the custody log (`user:…`, `cli:AB`). */
  readonly actor: string;
  /** The time asked about (ISO-8601 UTC). */
  readonly at: string;
  /** False when the programme holds no records for this actor (or none at all). */
  readonly recordsHeld: boolean;
  /** Modules current at `at` (completed before it, not lapsed). Empty when none or not held. */
  readonly modules: readonly TrainingModule[];
  /** Plain-language remark for the reader, e.g. `no programme records held`. */
  readonly note: string | null;
}

export interface CompetenceRecords {
  /** The training current for `actor` at `at`. Never throws for an unknown actor. */
  currentAt(actor: string, at: string): Promise<CompetenceAt>;
}
