/**
 * Task types a volunteer may be given (legal-framework §7, task taxonomy): reading and marking a
 * transcript (T3), evidence packaging (T4). Covert engagement (T6), imagery (T7) and field work
 * (T8) do not exist here at all: Custos has no such task. The one definition; the web's labels in
 * `src/contracts/tasks.ts` are kept equal by a test.
 */

export const TASK_TYPES = {
  /** Read the transcript and mark relevant lines (T3). */
  'transcript-review': { needsSelectors: false, taxonomy: 'T3' },
  /** Summarise the conversation as a timeline for the officer (T4). */
  'timeline-summary': { needsSelectors: false, taxonomy: 'T4' },
  /** Check the extracted identifiers against the transcript (T4); the only type that sees them unmasked. */
  'identifier-check': { needsSelectors: true, taxonomy: 'T4' },
} as const satisfies Record<
  string,
  { readonly needsSelectors: boolean; readonly taxonomy: string }
>;

export type TaskType = keyof typeof TASK_TYPES;

/** True when `t` names a task type. */
export function isTaskType(t: string): t is TaskType {
  return Object.hasOwn(TASK_TYPES, t);
}

/** Whether a task of this type shows identifiers (selectors) unmasked. */
export function taskNeedsSelectors(t: TaskType): boolean {
  return TASK_TYPES[t].needsSelectors;
}
