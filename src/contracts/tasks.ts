/**
 * Volunteer tasks: an officer assigns a task on one exhibit to a volunteer; the volunteer sees
 * only tasks assigned to them and only that task's material, with identifiers masked unless the
 * task type needs them; annotations on transcript lines are derived records that never change
 * the exhibit; every page view of task material is timed (start, heartbeat, end) for welfare
 * (R59). Tasks on a report with an unacknowledged deconfliction hit are blocked. A task is locked
 * while its volunteer does not meet its requirements (vetting, training, authorisation, a
 * supervisor on duty, welfare limits): every action on it answers 403 `TASK_LOCKED` with
 * `details.missing` naming what is missing.
 *
 * Endpoints (all under `/api/v1`, volunteers and the case's officer):
 * - `GET  /tasks` → {@link TaskList}
 * - `GET  /tasks/:id` → {@link TaskDetail}
 * - `POST /tasks/:id/annotations` {@link AnnotationBody} → {@link Annotation}
 * - `POST /tasks/:id/status` {@link TaskStatusBody} → {@link TaskSummary}
 * - `POST /tasks/:id/views` → {@link TaskViewTimer} (start timing a page view)
 * - `POST /tasks/:id/views/:viewId/heartbeat` → {@link TaskViewTimer}
 * - `POST /tasks/:id/views/:viewId/end` → {@link TaskViewTimer}
 */
import { z } from 'zod';
import { Allowed, Id, PersonRef, Time } from './common.ts';
import { SelectorView, TranscriptView } from './evidence.ts';

/**
 * Task types open to volunteers (legal-framework §7 task taxonomy T3/T4). Only
 * `identifier-check` shows identifiers unmasked.
 */
export const TASK_TYPES = {
  'transcript-review': {
    label: 'Read the transcript and mark relevant lines',
    needsSelectors: false,
    taxonomy: 'T3',
  },
  'timeline-summary': {
    label: 'Summarise the conversation as a timeline for the officer',
    needsSelectors: false,
    taxonomy: 'T4',
  },
  'identifier-check': {
    label: 'Check the identifiers found against the transcript',
    needsSelectors: true,
    taxonomy: 'T4',
  },
} as const;
export const TaskType = z.enum(['transcript-review', 'timeline-summary', 'identifier-check']);
export type TaskType = z.infer<typeof TaskType>;

export const TaskStatus = z.enum(['assigned', 'in-progress', 'done', 'cancelled']);
export type TaskStatus = z.infer<typeof TaskStatus>;

/**
 * A requirement of the task that does not hold now (`src/core/programme/gate.ts`): vetting,
 * training, legal status, authorisation, conflicts, a supervisor on duty, welfare limits. The
 * `code`s are listed in docs/api.md; `until` says when a break ends by itself.
 */
export const MissingRequirement = z.object({
  code: z.string(),
  message: z.string(),
  subject: z.string().optional(),
  until: Time.optional(),
});
export type MissingRequirement = z.infer<typeof MissingRequirement>;

export const TaskSummary = z.object({
  id: Id,
  type: TaskType,
  status: TaskStatus,
  /** True while the report has an unacknowledged deconfliction hit. */
  blocked: z.boolean(),
  blockedReason: z.string().nullable(),
  assignee: PersonRef,
  assignedBy: PersonRef,
  caseRef: z.string(),
  exhibitRef: z.string(),
  createdAt: Time,
  updatedAt: Time,
  summary: z.string().nullable(),
  /** The volunteer does not meet the task's requirements now: every action on it is refused (`TASK_LOCKED`). */
  locked: z.boolean(),
  missing: z.array(MissingRequirement),
  /** The officer's authorisation the task lives under (R3). */
  authorisation: z
    .object({
      ref: z.string(),
      operation: z.string(),
      officerInCharge: PersonRef,
      supervisor: PersonRef,
    })
    .nullable(),
});
export type TaskSummary = z.infer<typeof TaskSummary>;

export const TaskList = z.object({ items: z.array(TaskSummary) });
export type TaskList = z.infer<typeof TaskList>;

export const AnnotationLabel = z.enum([
  'relevant',
  'age-mention',
  'secrecy',
  'platform-move',
  'gift-or-offer',
  'image-request',
  'meeting',
  'other',
]);
export type AnnotationLabel = z.infer<typeof AnnotationLabel>;

export const Annotation = z.object({
  id: Id,
  messageIndex: z.number().int(),
  span: z.tuple([z.number().int(), z.number().int()]).nullable(),
  label: AnnotationLabel,
  note: z.string(),
  author: PersonRef,
  createdAt: Time,
});
export type Annotation = z.infer<typeof Annotation>;

export const TaskDetail = TaskSummary.extend({
  instructions: z.string(),
  /** The task's material; null while blocked or once cancelled. Identifiers masked unless the type needs them. */
  material: TranscriptView.nullable(),
  selectors: z.array(SelectorView),
  annotations: z.array(Annotation),
  allowed: Allowed,
});
export type TaskDetail = z.infer<typeof TaskDetail>;

export const AnnotationBody = z.strictObject({
  messageIndex: z.number().int().min(0),
  /** `[start, end)` in UTF-16 code units of the message text. */
  span: z.tuple([z.number().int().min(0), z.number().int().min(0)]).optional(),
  label: AnnotationLabel,
  note: z.string().trim().max(2000).default(''),
});
export type AnnotationBody = z.input<typeof AnnotationBody>;

export const TaskStatusBody = z.strictObject({
  status: z.enum(['in-progress', 'done', 'cancelled']),
  summary: z.string().trim().max(10000).optional(),
});
export type TaskStatusBody = z.infer<typeof TaskStatusBody>;

export const ViewParams = z.object({ id: Id, viewId: Id });
export const TaskViewTimer = z.object({
  viewId: Id,
  startedAt: Time,
  lastBeatAt: Time,
  endedAt: Time.nullable(),
  durationMs: z.number().int(),
});
export type TaskViewTimer = z.infer<typeof TaskViewTimer>;
