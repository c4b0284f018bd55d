/**
 * Volunteer tasks. A volunteer sees only tasks assigned to them and only that task's material;
 * nothing while the task is blocked (unacknowledged deconfliction hit); never an export.
 */
import type { Policy } from './policy.ts';
import { isOfficer, isSelf, isVolunteer } from './roles.ts';

export interface TaskResource {
  readonly type: 'task';
  readonly assigneeId: string;
  readonly caseOwnerId: string;
  readonly status: 'assigned' | 'in-progress' | 'done' | 'cancelled';
  /** An officer has not yet acknowledged a deconfliction hit on the task's report. */
  readonly blocked: boolean;
  /**
   * The assignee does not meet the task's requirements now (vetting, training, authorisation,
   * supervisor on duty, welfare limits: `src/core/programme/gate.ts`): the task is locked for them.
   */
  readonly locked: boolean;
}

export interface TasksResource {
  readonly type: 'tasks';
}

type A = Parameters<typeof isOfficer>[0];
const assignee = (a: A, t: TaskResource): boolean => isVolunteer(a) && isSelf(a, t.assigneeId);
const caseOwner = (a: A, t: TaskResource): boolean => isOfficer(a) && isSelf(a, t.caseOwnerId);
const workable = (t: TaskResource): boolean =>
  !t.blocked && !t.locked && (t.status === 'assigned' || t.status === 'in-progress');

export const tasksPolicy = {
  /** Volunteers list their own tasks; officers the tasks on their cases. */
  list: (a) => isVolunteer(a) || isOfficer(a),
} as const satisfies Policy<TasksResource>;

export const taskPolicy = {
  /** A volunteer may see a task assigned to them (not another volunteer's) unless it is locked; the case's officer may too. */
  view: (a, t) => (assignee(a, t) && t.status !== 'cancelled' && !t.locked) || caseOwner(a, t),
  /** The assigned volunteer sees the material only while the task is open and unblocked; the case's officer always. */
  viewMaterial: (a, t) => (assignee(a, t) && workable(t)) || caseOwner(a, t),
  /** The assigned volunteer annotates lines while the task is open and unblocked. */
  annotate: (a, t) => assignee(a, t) && workable(t),
  /** The assigned volunteer starts work on an open, unblocked task. */
  start: (a, t) => assignee(a, t) && workable(t),
  /** The assigned volunteer marks an open, unblocked task done. */
  complete: (a, t) => assignee(a, t) && workable(t),
  /** The assigned volunteer's viewing time of open material is recorded (R59). */
  recordViewTime: (a, t) => assignee(a, t) && workable(t),
  /** The assigned volunteer may close a timed view at any time (so time after completion still counts). */
  endViewTime: (a, t) => assignee(a, t),
  /** The case's officer may cancel a task that is not finished. */
  cancel: (a, t) => caseOwner(a, t) && t.status !== 'done' && t.status !== 'cancelled',
  /** Nobody exports task material: volunteers never export (R31, R55). */
  export: () => false,
} as const satisfies Policy<TaskResource>;
