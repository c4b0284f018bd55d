/**
 * An officer assigns a task on one exhibit of their case to a volunteer (R3: every task belongs
 * to a case with a named officer, under a live authorisation naming an officer in charge and a
 * supervising officer). The volunteer is told in the app. Task types are the desk's volunteer
 * tasks only (`src/core/cases/task-types.ts`); there is no covert, imagery or field task, and the
 * programme's gate refuses any such type for a volunteer whatever the records say. The gate also
 * refuses a volunteer who lacks the vetting, training, legal status or authorisation the task
 * type needs, or who declared a connection to the case (`core/programme/gate.ts`).
 */
import { CustosError } from '../../core/errors.ts';
import type { Task } from '../../core/cases/types.ts';
import { isTaskType, type TaskType } from '../../core/cases/task-types.ts';
import { describeMissing, taskGate } from '../../core/programme/gate.ts';
import type { Authorisation } from '../../core/programme/types.ts';
import type { Repositories } from '../../ports/repositories.ts';
import { GateFactLoader, taskLocks } from '../programme/task-gate.ts';
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
  /** The authorisation the task lives under; when left out, the live one that covers the task. */
  readonly authorisationId?: string | undefined;
}

/**
 * The authorisation for a new task: the one named (whatever its state; the gate judges it), or
 * else the first live authorisation at `nowMs` that covers the task type and the report's
 * platform. Null when there is none.
 * @throws CustosError `AUTHORISATION_NOT_FOUND` (invalid-input) for an unknown named one.
 */
async function chooseAuthorisation(
  repos: Repositories,
  nowMs: number,
  type: string,
  platform: string | null,
  named: string | undefined,
): Promise<Authorisation | null> {
  if (named !== undefined) {
    const a = await repos.programme.authorisations.findById(named);
    if (!a)
      throw new CustosError(
        'invalid-input',
        'AUTHORISATION_NOT_FOUND',
        `there is no authorisation ${named}`,
      );
    return a;
  }
  const live = (await repos.programme.authorisations.list())
    .filter(
      (a) =>
        a.status === 'live' &&
        Date.parse(a.startsAt) <= nowMs &&
        nowMs < Date.parse(a.expiresAt) &&
        nowMs < Date.parse(a.reviewAt) &&
        a.taskTypes.includes(type) &&
        (platform === null || a.platforms.includes('any') || a.platforms.includes(platform)),
    )
    .sort((a, b) => (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0));
  return live[0] ?? null;
}

/**
 * @throws CustosError `CASE_NOT_FOUND`, `POLICY_DENIED`, `TASK_TYPE_UNKNOWN`, `TASK_ASSIGNEE_INVALID`
 *   (not an active volunteer), `TASK_EXHIBIT_INVALID` (not in this case, or no transcript to work on),
 *   `AUTHORISATION_NOT_FOUND`, `TASK_REQUIREMENT_MISSING` (forbidden; `details.missing` names every
 *   requirement of the task type the volunteer does not meet now).
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
  let authorisation: Authorisation | null = null;
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
      const originalId =
        exhibit.kind === 'original' ? exhibit.id : (exhibit.sourceExhibitId ?? exhibit.id);
      const reportId = (await repos.desk.reports.reportOfExhibit(originalId)) ?? null;
      const nowMs = ctx.clock.now();
      const report = reportId ? await repos.desk.reports.findById(reportId) : undefined;
      authorisation = await chooseAuthorisation(
        repos,
        nowMs,
        input.type,
        report?.platform ?? null,
        input.authorisationId,
      );
      const missing = taskGate(
        await new GateFactLoader(repos, nowMs).facts(
          {
            taskType: input.type,
            assigneeId: input.assigneeId,
            caseId: kase.id,
            reportId,
            authorisation,
          },
          'assign',
        ),
      );
      if (missing.length > 0)
        throw new CustosError(
          'forbidden',
          'TASK_REQUIREMENT_MISSING',
          `the task cannot be given to this volunteer now: ${describeMissing(missing)}`,
          { details: { missing: missing.map((m) => ({ ...m })) } },
        );
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
      if (authorisation)
        await repos.programme.authorisations.linkTask({
          taskId,
          authorisationId: authorisation.id,
          officerInChargeId: authorisation.officerInChargeId,
          supervisorId: authorisation.supervisorId,
          linkedAt: now,
        });
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
    await taskLocks(ctx, ctx.uow.read, [task]),
    actor.userId,
  );
  if (!summary) throw new CustosError('internal', 'TASK_NOT_CREATED', 'the task was not created');
  return summary;
}
