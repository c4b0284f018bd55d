/**
 * Timing every page view of task material, for the welfare limits (R59: exposure measured, not
 * self-reported). The page starts a timer, sends a heartbeat while visible, and ends it. Gaps
 * longer than {@link HEARTBEAT_GRACE_MS} (a closed laptop, a lost connection) count only up to the
 * grace, so a forgotten tab does not inflate exposure and a missed end still counts.
 */
import { CustosError } from '../../core/errors.ts';
import type { TaskView } from '../../core/cases/types.ts';
import { authorize } from '../../policies/authorize.ts';
import type { DeskActor, DeskContext } from '../desk-context.ts';
import { nowIso, taskResource } from '../desk-support.ts';
import { assertUnlocked, taskLock } from '../programme/task-gate.ts';
import { loadTask } from './view-task.ts';

/** The page sends a heartbeat every 30 s; a gap counts at most this long (ms). */
export const HEARTBEAT_GRACE_MS = 90_000;

/** Milliseconds to add for the time between the last heartbeat and now. */
export function creditedGap(lastBeatIso: string, nowMs: number): number {
  return Math.max(0, Math.min(nowMs - Date.parse(lastBeatIso), HEARTBEAT_GRACE_MS));
}

/**
 * Starts timing a view of the task's material.
 * @throws CustosError `TASK_NOT_FOUND`, `TASK_LOCKED` (the volunteer does not meet the task's
 *   requirements now, including the welfare limits and a supervisor on duty), `POLICY_DENIED`.
 */
export async function startTaskView(
  ctx: DeskContext,
  actor: DeskActor,
  taskId: string,
): Promise<TaskView> {
  const task = await loadTask(ctx.uow.read, taskId);
  const missing = await taskLock(ctx, ctx.uow.read, task);
  assertUnlocked(actor, task, missing);
  authorize(actor, 'recordViewTime', await taskResource(ctx.uow.read, task, missing.length > 0));
  const now = nowIso(ctx);
  const view: TaskView = {
    id: ctx.ids.newId(),
    taskId,
    userId: actor.userId ?? '',
    startedAt: now,
    lastBeatAt: now,
    endedAt: null,
    durationMs: 0,
  };
  await ctx.uow.run((repos) => repos.desk.tasks.insertView(view));
  return view;
}

/**
 * Adds the time since the last beat (capped) and, for `end`, closes the view. A heartbeat is
 * refused once the task locks (a welfare limit reached, a requirement lapsed): the page then ends
 * the view, which is always allowed, so the time up to then still counts.
 * @throws CustosError `TASK_NOT_FOUND`, `TASK_LOCKED` (heartbeats only), `POLICY_DENIED`,
 *   `TASK_VIEW_NOT_FOUND` (not-found) for a view of another task or person, `TASK_VIEW_ENDED` (conflict).
 */
export async function beatTaskView(
  ctx: DeskContext,
  actor: DeskActor,
  taskId: string,
  viewId: string,
  end: boolean,
): Promise<TaskView> {
  const task = await loadTask(ctx.uow.read, taskId);
  // Ending is allowed to the assignee at any time (time after completion still counts); beating needs open material.
  const missing = end ? [] : await taskLock(ctx, ctx.uow.read, task);
  assertUnlocked(actor, task, missing);
  authorize(
    actor,
    end ? 'endViewTime' : 'recordViewTime',
    await taskResource(ctx.uow.read, task, missing.length > 0),
  );
  return ctx.uow.run(async (repos) => {
    const v = await repos.desk.tasks.findView(viewId);
    if (!v || v.taskId !== taskId || v.userId !== actor.userId)
      throw new CustosError(
        'not-found',
        'TASK_VIEW_NOT_FOUND',
        `there is no view ${viewId} of this task by you`,
      );
    if (v.endedAt !== null)
      throw new CustosError('conflict', 'TASK_VIEW_ENDED', 'this view has ended; start a new one');
    const nowMs = ctx.clock.now();
    const now = nowIso({ clock: { now: () => nowMs } });
    const next: TaskView = {
      ...v,
      lastBeatAt: now,
      durationMs: v.durationMs + creditedGap(v.lastBeatAt, nowMs),
      endedAt: end ? now : null,
    };
    await repos.desk.tasks.updateView(viewId, {
      lastBeatAt: next.lastBeatAt,
      endedAt: next.endedAt,
      durationMs: next.durationMs,
    });
    return next;
  });
}
