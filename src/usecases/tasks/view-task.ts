/**
 * Tasks as a volunteer (or the case's officer) sees them. A volunteer sees only tasks assigned to
 * them, and only the task's material: the transcript of its exhibit, identifiers masked unless the
 * task type needs them, nothing at all while the task is blocked by an unacknowledged
 * deconfliction hit. Showing material records a `viewed` custody event and an access-log entry.
 */
import { maskContactLikes } from '../../core/cases/masking.ts';
import { taskNeedsSelectors } from '../../core/cases/task-types.ts';
import type { Task } from '../../core/cases/types.ts';
import { allowedActions, authorize, can } from '../../policies/authorize.ts';
import type { SelectorResource } from '../../policies/selector.ts';
import type { Repositories } from '../../ports/repositories.ts';
import { recordAccess } from '../access-log/record-access.ts';
import { recordCustodyEvent } from '../custody/record-custody-event.ts';
import type { DeskActor, DeskContext } from '../desk-context.ts';
import {
  accessActor,
  custodyActor,
  notFound,
  people,
  personOf,
  taskResource,
} from '../desk-support.ts';
import { assertUnlocked, taskLocks } from '../programme/task-gate.ts';
import { transcriptOf } from '../reports/stored-analyses.ts';
import { selectorViews, transcriptView, type TranscriptViewData } from '../reports/views.ts';
import { taskSummaries } from './task-views.ts';

/** @throws CustosError `TASK_NOT_FOUND` (not-found). */
export async function loadTask(repos: Repositories, id: string): Promise<Task> {
  const task = await repos.desk.tasks.findById(id);
  if (!task) throw notFound('TASK_NOT_FOUND', `task ${id}`);
  return task;
}

/** Values to mask in a task's material: the report's selectors and the raw forms found in the transcript. */
async function maskValues(repos: Repositories, task: Task): Promise<string[]> {
  const values: string[] = [];
  if (task.reportId)
    for (const s of await repos.desk.reports.selectorsOf([task.reportId])) values.push(s.value);
  const exhibit = await repos.exhibits.findById(task.exhibitId);
  const t = exhibit ? await transcriptOf(repos, exhibit) : undefined;
  if (t)
    for (const s of await repos.selectors.listByExhibit(t.id))
      values.push(s.raw, s.display, s.value);
  return values;
}

/** Tasks the actor may list: a volunteer's own (not cancelled); an officer's cases' tasks. */
export async function listTasks(ctx: DeskContext, actor: DeskActor) {
  authorize(actor, 'list', { type: 'tasks' });
  const repos = ctx.uow.read;
  let tasks: Task[];
  if (actor.role === 'volunteer')
    tasks = (await repos.desk.tasks.listByAssignee(actor.userId ?? '')).filter(
      (t) => t.status !== 'cancelled',
    );
  else
    tasks = await repos.desk.tasks.listByCases(
      (await repos.desk.cases.listByOwner(actor.userId ?? '')).map((c) => c.id),
    );
  return {
    items: await taskSummaries(repos, tasks, [], await taskLocks(ctx, repos, tasks), actor.userId),
  };
}

/**
 * The task page.
 * @throws CustosError `TASK_NOT_FOUND`, `TASK_LOCKED` (the volunteer does not meet the task's
 *   requirements now: `details.missing` names them), `POLICY_DENIED` (another volunteer's task;
 *   not the case's officer).
 */
export async function viewTask(ctx: DeskContext, actor: DeskActor, taskId: string) {
  const repos = ctx.uow.read;
  const task = await loadTask(repos, taskId);
  const locks = await taskLocks(ctx, repos, [task]);
  const missing = locks.get(task.id) ?? [];
  // Another volunteer's task is refused by policy (not named as locked): the lock is the assignee's.
  if (actor.userId === task.assigneeId) assertUnlocked(actor, task, missing);
  const resource = await taskResource(repos, task, missing.length > 0);
  authorize(actor, 'view', resource);
  const needs = taskNeedsSelectors(task.type);
  const selectorResource: SelectorResource = {
    type: 'selector',
    caseOwnerId: resource.caseOwnerId,
    viaTask: { assigneeId: task.assigneeId, needsSelectors: needs },
  };
  const unmasked = can(actor, 'viewUnmasked', selectorResource);
  // The identifiers are task material too: none while the task is blocked or not workable.
  const mayViewMaterial = can(actor, 'viewMaterial', resource);
  let material: TranscriptViewData | null = null;
  let shown: { ref: string; sha256: string; id: string } | undefined;
  if (mayViewMaterial) {
    const exhibit = await repos.exhibits.findById(task.exhibitId);
    if (exhibit) {
      const mask = unmasked ? null : await maskValues(repos, task);
      const { view, transcriptExhibit } = await transcriptView(ctx, repos, exhibit, mask, []);
      material = mask
        ? {
            ...view,
            messages: view.messages.map((m) => ({
              ...m,
              text: maskContactLikes(m.text),
              sender: m.sender === null ? null : maskContactLikes(m.sender),
            })),
            participants: view.participants.map(maskContactLikes),
          }
        : view;
      shown = transcriptExhibit;
    }
  }
  const annotations = await repos.desk.tasks.annotationsOf(task.id);
  const names = await people(
    repos,
    annotations.map((a) => a.authorId),
  );
  const [summary] = await taskSummaries(repos, [task], [resource.kase], locks, actor.userId);
  const view = {
    ...(summary as NonNullable<typeof summary>),
    instructions: task.instructions,
    material,
    selectors:
      task.reportId && mayViewMaterial && (unmasked || needs || actor.role === 'officer')
        ? await selectorViews(
            repos,
            await repos.desk.reports.selectorsOf([task.reportId]),
            unmasked,
          )
        : [],
    annotations: annotations.map((a) => ({
      id: a.id,
      messageIndex: a.messageIndex,
      span: a.span ? ([a.span[0], a.span[1]] as [number, number]) : null,
      label: a.label,
      note: a.note,
      author: personOf(names, a.authorId),
      createdAt: a.createdAt,
    })),
    allowed: allowedActions(actor, resource),
  };
  await ctx.uow.run(async (w) => {
    if (shown)
      await recordCustodyEvent(w, ctx.clock, {
        actor: custodyActor(actor),
        action: 'viewed',
        object: `exhibit:${shown.ref}`,
        exhibitHash: shown.sha256,
        reason: 'task',
      });
    await recordAccess(w, ctx.clock, {
      ...accessActor(actor),
      action: 'consult',
      objectType: 'task',
      objectId: task.id,
      caseId: task.caseId,
      reasonCode: 'task',
      justification: `assigned task ${task.id}`,
    });
  });
  return view;
}
