/**
 * The task gate in the use cases (issue 6 §5): gathers the facts the pure gate
 * (`core/programme/gate.ts`) needs — the assignee's member record, vetting, training,
 * declarations and welfare, the task's authorisation and platform, the rota — at the context's
 * clock, and refuses with every missing requirement named. Assignment and every action of the
 * assignee on a task go through here, so a task locks the moment any requirement lapses.
 */
import { CustosError } from '../../core/errors.ts';
import type { Task, TaskView } from '../../core/cases/types.ts';
import {
  describeMissing,
  taskGate,
  type GateFacts,
  type GateStage,
  type MissingRequirement,
} from '../../core/programme/gate.ts';
import type { ProgrammeSettings } from '../../core/programme/settings.ts';
import type { Authorisation } from '../../core/programme/types.ts';
import {
  welfareStatus,
  WEEK_MS,
  type ExposureView,
  type WelfareStatus,
} from '../../core/programme/welfare.ts';
import type { Actor } from '../../policies/roles.ts';
import type { Repositories } from '../../ports/repositories.ts';
import type { DeskContext } from '../desk-context.ts';
import { loadProgrammeSettings } from './support.ts';

/** How far back shifts are looked for (a check-in is asked for a shift within this time). */
export const WELFARE_LOOKBACK_MS = 2 * WEEK_MS;

/** Exposure views of one user from timed task views (open views count up to their last beat). */
export function exposureViews(views: readonly TaskView[]): ExposureView[] {
  return views.map((v) => ({
    startedAtMs: Date.parse(v.startedAt),
    endAtMs: Date.parse(v.endedAt ?? v.lastBeatAt),
    durationMs: v.durationMs,
  }));
}

/** The welfare status of `userId` at `nowMs` from stored views, shift ends and check-ins. */
export async function welfareOf(
  repos: Repositories,
  userId: string,
  nowMs: number,
  settings: ProgrammeSettings,
): Promise<WelfareStatus> {
  const since = new Date(nowMs - WELFARE_LOOKBACK_MS).toISOString();
  const until = new Date(nowMs + 1).toISOString();
  const views = (await repos.desk.tasks.viewsBetween(since, until)).filter(
    (v) => v.userId === userId,
  );
  const ends = await repos.programme.welfare.shiftEndsSince(userId, since);
  const checkIns = await repos.programme.welfare.checkInsSince(userId, since);
  return welfareStatus(
    exposureViews(views),
    ends.map((e) => ({ atMs: Date.parse(e.at), kind: e.kind })),
    new Set(checkIns.map((c) => Date.parse(c.shiftStartedAt))),
    nowMs,
    settings,
  );
}

/** What the gate is asked about: a task, or an assignment about to be made. */
export interface GateSubject {
  readonly taskType: string;
  readonly assigneeId: string;
  readonly caseId: string;
  readonly reportId: string | null;
  /** The task's (or the chosen) authorisation, when there is one. */
  readonly authorisation: Authorisation | null;
}

/**
 * Loads the facts per assignee once per request (listing many tasks of one volunteer).
 */
export class GateFactLoader {
  private readonly people = new Map<
    string,
    Promise<Omit<GateFacts, 'stage' | 'taskType' | 'authorisation' | 'platform' | 'caseId'>>
  >();
  private readonly platforms = new Map<string, Promise<string | null>>();
  private settings: Promise<ProgrammeSettings> | undefined;

  constructor(
    private readonly repos: Repositories,
    readonly nowMs: number,
  ) {}

  private person(userId: string) {
    let p = this.people.get(userId);
    if (!p) {
      p = (async () => {
        const repos = this.repos;
        const settings = await (this.settings ??= loadProgrammeSettings(repos));
        const user = await repos.accounts.users.findById(userId);
        const member = (await repos.programme.members.findByUserId(userId)) ?? null;
        const nowIso = new Date(this.nowMs).toISOString();
        return {
          nowMs: this.nowMs,
          assigneeRole: user?.role ?? 'unknown',
          member,
          vetting: member
            ? ((await repos.programme.vetting.findByMember(member.id)) ?? null)
            : null,
          completions: member ? await repos.programme.training.completionsOf([member.id]) : [],
          modules: await repos.programme.training.modules(),
          declarations: member ? await repos.programme.members.declarationsOf([member.id]) : [],
          rota: await repos.programme.rota.overlapping(
            nowIso,
            new Date(this.nowMs + 1).toISOString(),
          ),
          welfare: await welfareOf(repos, userId, this.nowMs, settings),
        };
      })();
      this.people.set(userId, p);
    }
    return p;
  }

  private platform(reportId: string | null): Promise<string | null> {
    if (reportId === null) return Promise.resolve(null);
    let p = this.platforms.get(reportId);
    if (!p) {
      p = this.repos.desk.reports.findById(reportId).then((r) => r?.platform ?? null);
      this.platforms.set(reportId, p);
    }
    return p;
  }

  /** The facts about `subject` at this loader's time. */
  async facts(subject: GateSubject, stage: GateStage): Promise<GateFacts> {
    return {
      ...(await this.person(subject.assigneeId)),
      stage,
      taskType: subject.taskType,
      authorisation: subject.authorisation,
      platform: await this.platform(subject.reportId),
      caseId: subject.caseId,
    };
  }

  /** The requirements of `subject` that do not hold now. */
  async missing(subject: GateSubject, stage: GateStage): Promise<MissingRequirement[]> {
    return taskGate(await this.facts(subject, stage));
  }

  /** The requirements of stored tasks that do not hold now (`work` stage), by task id. */
  async locks(tasks: readonly Task[]): Promise<Map<string, MissingRequirement[]>> {
    const links = await this.repos.programme.authorisations.linksOf(tasks.map((t) => t.id));
    const auths = new Map(
      (
        await this.repos.programme.authorisations.findByIds([
          ...new Set(links.map((l) => l.authorisationId)),
        ])
      ).map((a) => [a.id, a]),
    );
    const out = new Map<string, MissingRequirement[]>();
    for (const t of tasks) {
      const link = links.find((l) => l.taskId === t.id);
      const authorisation = link ? (auths.get(link.authorisationId) ?? null) : null;
      out.set(
        t.id,
        await this.missing(
          {
            taskType: t.type,
            assigneeId: t.assigneeId,
            caseId: t.caseId,
            reportId: t.reportId,
            authorisation: authorisation && link ? withTaskOfficers(authorisation, link) : null,
          },
          'work',
        ),
      );
    }
    return out;
  }
}

/** The authorisation as the task holds it: the officers named when the task was assigned. */
function withTaskOfficers(
  a: Authorisation,
  link: { officerInChargeId: string; supervisorId: string },
): Authorisation {
  return { ...a, officerInChargeId: link.officerInChargeId, supervisorId: link.supervisorId };
}

/** The missing requirements of each task at the context's clock (open tasks only; others: none). */
export async function taskLocks(
  ctx: Pick<DeskContext, 'clock'>,
  repos: Repositories,
  tasks: readonly Task[],
): Promise<Map<string, MissingRequirement[]>> {
  const open = tasks.filter((t) => t.status === 'assigned' || t.status === 'in-progress');
  const locks = await new GateFactLoader(repos, ctx.clock.now()).locks(open);
  for (const t of tasks) if (!locks.has(t.id)) locks.set(t.id, []);
  return locks;
}

/** The missing requirements of one task now (empty when it may be worked on). */
export async function taskLock(
  ctx: Pick<DeskContext, 'clock'>,
  repos: Repositories,
  task: Task,
): Promise<MissingRequirement[]> {
  return (await taskLocks(ctx, repos, [task])).get(task.id) ?? [];
}

/**
 * Refuses the task's assignee while the task is locked, naming every missing requirement. Other
 * actors (the case's officer) are not gated here: their policy decides.
 * @throws CustosError (forbidden) `TASK_LOCKED` with `details.missing`.
 */
export function assertUnlocked(
  actor: Actor,
  task: Task,
  missing: readonly MissingRequirement[],
): void {
  if (actor.userId !== task.assigneeId || missing.length === 0) return;
  throw new CustosError(
    'forbidden',
    'TASK_LOCKED',
    `this task is locked until its requirements hold again: ${describeMissing(missing)}`,
    { details: { missing: missing.map((m) => ({ ...m })) } },
  );
}

/** Welfare codes shown to people other than the volunteer as a neutral pause. */
const WELFARE_CODES: ReadonlySet<string> = new Set([
  'welfare-weekly-limit',
  'welfare-shift-limit',
  'welfare-check-in-due',
]);

/**
 * The missing requirements as `viewer` may see them: the volunteer sees everything; others see
 * welfare reasons only as "taking a break" (no judgement, no detail).
 */
export function missingForViewer(
  viewerId: string | null,
  task: Task,
  missing: readonly MissingRequirement[],
): MissingRequirement[] {
  if (viewerId === task.assigneeId) return [...missing];
  return missing.map((m) =>
    WELFARE_CODES.has(m.code)
      ? { code: m.code, message: 'the volunteer is taking a break from case material' }
      : m,
  );
}
