/**
 * An officer assigns a task on one exhibit of their case to a volunteer (R3: every task belongs
 * to a case with a named officer). The volunteer is told in the app. Task types are the desk's
 * volunteer tasks only (`src/core/cases/task-types.ts`); there is no covert, imagery or field task.
 */
import { CustosError } from '../../core/errors.ts';
import type { Task } from '../../core/cases/types.ts';
import { isTaskType, type TaskType } from '../../core/cases/task-types.ts';
import { changeCase } from '../cases/case-mutation.ts';
import { loadCase } from '../cases/view-case.ts';
import type { DeskActor, DeskContext } from '../desk-context.ts';
import { nowIso } from '../desk-support.ts';
import { transcriptOf } from '../reports/stored-analyses.ts';
import { taskSummaries, type TaskSummaryView } from './task-views.ts';

export interface AssignTaskInput {
  readonly type: TaskType;
  readonly assigneeId: string;
  readonly exhibitId: string;
  readonly instructions: string;
}

/**
 * @throws CustosError `CASE_NOT_FOUND`, `POLICY_DENIED`, `TASK_TYPE_UNKNOWN`, `TASK_ASSIGNEE_INVALID`
 *   (not an active volunteer), `TASK_EXHIBIT_INVALID` (not in this case, or no transcript to work on).
 */
export async function assignTask(
  ctx: DeskContext,
  actor: DeskActor,
  caseId: string,
  input: AssignTaskInput,
): Promise<TaskSummaryView> {
  if (!isTaskType(input.type))
    throw new CustosError(
      'invalid-input',
      'TASK_TYPE_UNKNOWN',
      `there is no task type ${String(input.type)}`,
    );
  const taskId = ctx.ids.newId();
  let task: Task | undefined;
  await changeCase(ctx, actor, caseId, {
    action: 'assignTask',
    custody: 'task-assigned',
    reason: input.type,
    details: { task: taskId, assignee: `user:${input.assigneeId}` },
    check: async (kase, repos) => {
      const assignee = await repos.accounts.users.findById(input.assigneeId);
      if (!assignee || assignee.role !== 'volunteer' || assignee.status !== 'active') {
        throw new CustosError(
          'invalid-input',
          'TASK_ASSIGNEE_INVALID',
          'tasks are assigned to active volunteers only',
        );
      }
      const exhibit = await repos.exhibits.findById(input.exhibitId);
      const inCase =
        exhibit !== undefined &&
        (await repos.desk.cases.exhibitIdsOf(kase.id)).includes(exhibit.id);
      if (!exhibit || !inCase || !(await transcriptOf(repos, exhibit))) {
        throw new CustosError(
          'invalid-input',
          'TASK_EXHIBIT_INVALID',
          `the task's exhibit must belong to case ${kase.ref} and have a transcript to work on`,
        );
      }
    },
    entry: () => ({
      kind: 'task-assigned',
      taskId,
      type: input.type,
      assigneeId: input.assigneeId,
    }),
    apply: async (kase, repos) => {
      const exhibit = await repos.exhibits.findById(input.exhibitId);
      const originalId =
        exhibit?.kind === 'original' ? exhibit.id : (exhibit?.sourceExhibitId ?? input.exhibitId);
      const now = nowIso(ctx);
      task = {
        id: taskId,
        caseId: kase.id,
        reportId: (await repos.desk.reports.reportOfExhibit(originalId)) ?? null,
        exhibitId: input.exhibitId,
        type: input.type,
        instructions: input.instructions,
        assigneeId: input.assigneeId,
        assignedBy: actor.userId ?? '',
        status: 'assigned',
        summary: null,
        createdAt: now,
        updatedAt: now,
      };
      await repos.desk.tasks.insert(task);
      await repos.desk.notifications.insert({
        id: ctx.ids.newId(),
        userId: input.assigneeId,
        kind: 'task-assigned',
        at: now,
        title: 'A new task has been assigned to you',
        link: { type: 'task', id: taskId },
        readAt: null,
      });
    },
  });
  if (!task) throw new CustosError('internal', 'TASK_NOT_CREATED', 'the task was not created');
  const [summary] = await taskSummaries(
    ctx.uow.read,
    [task],
    [await loadCase(ctx.uow.read, caseId)],
  );
  if (!summary) throw new CustosError('internal', 'TASK_NOT_CREATED', 'the task was not created');
  return summary;
}
