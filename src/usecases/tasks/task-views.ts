/** Task summaries as lists and the case page show them. */
import { CustosError } from '../../core/errors.ts';
import type { Case, Task } from '../../core/cases/types.ts';
import type { MissingRequirement } from '../../core/programme/gate.ts';
import type { Repositories } from '../../ports/repositories.ts';
import { personOf, people, taskBlocked } from '../desk-support.ts';
import { missingForViewer } from '../programme/task-gate.ts';
import type { PersonView } from '../reports/views.ts';

export interface TaskSummaryView {
  readonly id: string;
  readonly type: Task['type'];
  readonly status: Task['status'];
  readonly blocked: boolean;
  readonly blockedReason: string | null;
  readonly assignee: PersonView;
  readonly assignedBy: PersonView;
  readonly caseRef: string;
  readonly exhibitRef: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly summary: string | null;
  /** The assignee does not meet the task's requirements now: nothing can be done on it until they do. */
  readonly locked: boolean;
  /** What is missing, named (welfare reasons neutral for anyone but the volunteer). */
  readonly missing: readonly MissingRequirement[];
  /** The officer's authorisation the task lives under, with its supervising officer. */
  readonly authorisation: {
    readonly ref: string;
    readonly operation: string;
    readonly officerInCharge: PersonView;
    readonly supervisor: PersonView;
  } | null;
}

export const BLOCKED_REASON =
  'An identifier in this material matches another case. An officer must acknowledge the match before the task can be worked on.';

/**
 * Summaries of tasks (cases looked up once).
 * @param locks - each task's missing requirements now (`usecases/programme/task-gate.ts`, `taskLocks`).
 * @param viewerId - who is looking (welfare reasons are neutral for anyone but the assignee).
 */
export async function taskSummaries(
  repos: Repositories,
  tasks: readonly Task[],
  knownCases: readonly Case[],
  locks: ReadonlyMap<string, readonly MissingRequirement[]>,
  viewerId: string | null,
): Promise<TaskSummaryView[]> {
  const cases = new Map(knownCases.map((c) => [c.id, c]));
  const missing = [...new Set(tasks.map((t) => t.caseId))].filter((id) => !cases.has(id));
  for (const c of await repos.desk.cases.findByIds(missing)) cases.set(c.id, c);
  const links = await repos.programme.authorisations.linksOf(tasks.map((t) => t.id));
  const auths = new Map(
    (
      await repos.programme.authorisations.findByIds([
        ...new Set(links.map((l) => l.authorisationId)),
      ])
    ).map((a) => [a.id, a]),
  );
  const names = await people(repos, [
    ...tasks.flatMap((t) => [t.assigneeId, t.assignedBy]),
    ...links.flatMap((l) => [l.officerInChargeId, l.supervisorId]),
  ]);
  const out: TaskSummaryView[] = [];
  for (const t of tasks) {
    const kase = cases.get(t.caseId);
    if (!kase)
      throw new CustosError(
        'internal',
        'TASK_CASE_MISSING',
        `task ${t.id} names case ${t.caseId}, which is missing`,
      );
    const exhibit = await repos.exhibits.findById(t.exhibitId);
    const blocked = await taskBlocked(repos, t);
    const missing = missingForViewer(viewerId, t, locks.get(t.id) ?? []);
    const link = links.find((l) => l.taskId === t.id);
    const auth = link ? auths.get(link.authorisationId) : undefined;
    out.push({
      id: t.id,
      type: t.type,
      status: t.status,
      blocked,
      blockedReason: blocked ? BLOCKED_REASON : null,
      assignee: personOf(names, t.assigneeId),
      assignedBy: personOf(names, t.assignedBy),
      caseRef: kase.ref,
      exhibitRef: exhibit?.ref ?? 'unknown',
      createdAt: t.createdAt,
      updatedAt: t.updatedAt,
      summary: t.summary,
      locked: missing.length > 0,
      missing,
      authorisation:
        link && auth
          ? {
              ref: auth.ref,
              operation: auth.operation,
              officerInCharge: personOf(names, link.officerInChargeId),
              supervisor: personOf(names, link.supervisorId),
            }
          : null,
    });
  }
  return out;
}
