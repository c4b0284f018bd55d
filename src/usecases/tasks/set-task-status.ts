/** Moving a task along: the volunteer starts and completes it; the case's officer may cancel it. */
import { CustosError } from '../../core/errors.ts';
import type { Task } from '../../core/cases/types.ts';
import { authorize } from '../../policies/authorize.ts';
import { recordAccess } from '../access-log/record-access.ts';
import { recordCustodyEvent } from '../custody/record-custody-event.ts';
import type { DeskActor, DeskContext } from '../desk-context.ts';
import { accessActor, custodyActor, nowIso, taskResource } from '../desk-support.ts';
import { assertUnlocked, taskLock, taskLocks } from '../programme/task-gate.ts';
import { loadTask } from './view-task.ts';
import { taskSummaries, type TaskSummaryView } from './task-views.ts';

const ACTION = { 'in-progress': 'start', done: 'complete', cancelled: 'cancel' } as const;

/**
 * @throws CustosError `TASK_NOT_FOUND`, `TASK_LOCKED` (the volunteer does not meet the task's
 *   requirements now; an officer may still cancel), `POLICY_DENIED`, `TASK_TRANSITION_INVALID` (conflict).
 */
export async function setTaskStatus(
  ctx: DeskContext,
  actor: DeskActor,
  taskId: string,
  input: { status: 'in-progress' | 'done' | 'cancelled'; summary?: string | undefined },
): Promise<TaskSummaryView> {
  const task = await loadTask(ctx.uow.read, taskId);
  const missing = await taskLock(ctx, ctx.uow.read, task);
  assertUnlocked(actor, task, missing);
  const resource = await taskResource(ctx.uow.read, task, missing.length > 0);
  authorize(actor, ACTION[input.status], resource);
  if (input.status === 'in-progress' && task.status !== 'assigned')
    throw new CustosError(
      'conflict',
      'TASK_TRANSITION_INVALID',
      `the task is ${task.status}; only an assigned task can be started`,
    );
  const updated: Task = {
    ...task,
    status: input.status,
    summary: input.summary ?? task.summary,
    updatedAt: nowIso(ctx),
  };
  await ctx.uow.run(async (repos) => {
    await repos.desk.tasks.update(task.id, {
      status: updated.status,
      summary: updated.summary,
      updatedAt: updated.updatedAt,
    });
    await recordCustodyEvent(repos, ctx.clock, {
      actor: custodyActor(actor),
      action: 'task-updated',
      object: `task:${task.id}`,
      reason: input.status,
    });
    await recordAccess(repos, ctx.clock, {
      ...accessActor(actor),
      action: 'change',
      objectType: 'task',
      objectId: task.id,
      caseId: task.caseId,
      reasonCode: 'task',
    });
  });
  const [summary] = await taskSummaries(
    ctx.uow.read,
    [updated],
    [resource.kase],
    await taskLocks(ctx, ctx.uow.read, [updated]),
    actor.userId,
  );
  return summary as TaskSummaryView;
}
