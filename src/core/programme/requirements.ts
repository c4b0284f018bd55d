/**
 * What each task type needs (legal-framework §7: task taxonomy; R1, R7, R8, R10–R12): the
 * vetting level, the training modules, the legal statuses that may hold it, and the taxonomy
 * code the authorisation must cover. The one declaration; the gate (`gate.ts`) reads it.
 */
import { TASK_TYPES, type TaskType } from '../cases/task-types.ts';
import type { LegalStatus } from './types.ts';
import type { VettingLevel } from './vetting.ts';

export interface TaskRequirement {
  /** Legal-framework §7 taxonomy code (`T3`, `T4`, …). */
  readonly taxonomy: string;
  /** Lowest vetting level that may do it (R7: RV for every programme member by default). */
  readonly vettingLevel: VettingLevel;
  /** Modules that must all be current (R10). */
  readonly modules: readonly string[];
  /** Legal statuses that may be given it (R1, R11, R12). */
  readonly legalStatuses: readonly LegalStatus[];
}

/**
 * Taxonomy codes volunteers are never given, whatever any record says: persona maintenance
 * (T5) and covert engagement (T6), indecent-imagery viewing (T7), field deployment (T8)
 * (legal-framework §2.6, R11, R12; ARCHITECTURE.md "What Custos never does").
 */
export const VOLUNTEER_FORBIDDEN_TAXONOMY: readonly string[] = ['T5', 'T6', 'T7', 'T8'];

const ALL_STATUSES: readonly LegalStatus[] = [
  'special-constable',
  'police-support-volunteer',
  'officer',
];

/** The requirements of every task type Custos has (all T3/T4 desk work). */
export const TASK_REQUIREMENTS: Readonly<Record<TaskType, TaskRequirement>> = {
  // Reads the whole chat, including sexual content: safeguarding and wellbeing first.
  'transcript-review': {
    taxonomy: TASK_TYPES['transcript-review'].taxonomy,
    vettingLevel: 'RV',
    modules: ['data-protection', 'evidence-handling', 'safeguarding', 'covert-law', 'wellbeing'],
    legalStatuses: ALL_STATUSES,
  },
  'timeline-summary': {
    taxonomy: TASK_TYPES['timeline-summary'].taxonomy,
    vettingLevel: 'RV',
    modules: ['data-protection', 'evidence-handling', 'cpia-disclosure', 'wellbeing'],
    legalStatuses: ALL_STATUSES,
  },
  // Sees identifiers unmasked: the status-drift module too (no looking people up).
  'identifier-check': {
    taxonomy: TASK_TYPES['identifier-check'].taxonomy,
    vettingLevel: 'RV',
    modules: ['data-protection', 'evidence-handling', 'cpia-disclosure', 'covert-law', 'wellbeing'],
    legalStatuses: ALL_STATUSES,
  },
};

/** The requirement of a task type, or undefined for a type nobody declared. */
export function requirementOf(taskType: string): TaskRequirement | undefined {
  return Object.hasOwn(TASK_REQUIREMENTS, taskType)
    ? TASK_REQUIREMENTS[taskType as TaskType]
    : undefined;
}
