import type { Band, TriageAssessment } from '../core/triage/types.ts';

/** A stored triage assessment of one transcript exhibit. */
export interface AssessmentRecord {
  readonly id: string;
  /** The transcript exhibit assessed. */
  readonly exhibitId: string;
  readonly rulesetVersion: string;
  readonly inputHash: string;
  readonly band: Band;
  readonly score: number;
  readonly imminent: boolean;
  /** The full assessment (the triage output contract). */
  readonly assessment: TriageAssessment;
  readonly createdAt: string;
  /** Pseudonymous actor id of who ran it (the ingesting user, or `system:triage`). */
  readonly createdBy: string;
}

export interface AssessmentRepository {
  insert(record: AssessmentRecord): Promise<void>;
  findById(id: string): Promise<AssessmentRecord | undefined>;
  /** The newest assessment of a transcript exhibit. */
  latestForExhibit(exhibitId: string): Promise<AssessmentRecord | undefined>;
  /** The newest assessment of each of these exhibits (for queues), by exhibit id. */
  latestForExhibits(exhibitIds: readonly string[]): Promise<Map<string, AssessmentRecord>>;
}
