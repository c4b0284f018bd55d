/** Task summaries as lists and the case page show them. */
import { CustosError } from '../../core/errors.ts';
import type { Case, Task } from '../../core/cases/types.ts';
import type { Repositories } from '../../ports/repositories.ts';
import { personOf, people, taskBlocked } from '../desk-support.ts';
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
}

export const BLOCKED_REASON =
  'An identifier in this material matches another case. An officer must acknowledge the match before the task can be worked on.';

/** Summaries of tasks (cases looked up once). */
export async function taskSummaries(
  repos: Repositories,
  tasks: readonly Task[],
  knownCases: readonly Case[] = [],
): Promise<TaskSummaryView[]> {
  const cases = new Map(knownCases.map((c) => [c.id, c]));
  const missing = [...new Set(tasks.map((t) => t.caseId))].filter((id) => !cases.has(id));
  for (const c of await repos.desk.cases.findByIds(missing)) cases.set(c.id, c);
  const names = await people(
    repos,
    tasks.flatMap((t) => [t.assigneeId, t.assignedBy]),
  );
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
    });
  }
  return out;
}
