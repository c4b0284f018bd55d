/**
 * Officers' authorisations for volunteer work (issue 6 §4; R3): the operation, the task types
 * and platforms covered, start, review and expiry dates, the authorising officer (the officer
 * recording it), the officer in charge and the supervising officer. Every task lives under one;
 * a task locks when its authorisation is cancelled, expires or passes its review date unreviewed.
 */
import { CustosError } from '../../core/errors.ts';
import { isTaskType } from '../../core/cases/task-types.ts';
import type { Authorisation } from '../../core/programme/types.ts';
import { allowedActions, authorize } from '../../policies/authorize.ts';
import type { Repositories } from '../../ports/repositories.ts';
import type { DeskActor, DeskContext } from '../desk-context.ts';
import { custodyActor, nowIso, people, personOf } from '../desk-support.ts';
import { recordProgrammeEvent } from './support.ts';

const resource = (a: Authorisation) => ({
  type: 'authorisation' as const,
  authorisingOfficerId: a.authorisingOfficerId,
  officerInChargeId: a.officerInChargeId,
  status: a.status,
});

/** The state of an authorisation at `nowMs`. */
export function authorisationState(
  a: Authorisation,
  nowMs: number,
): 'live' | 'not-started' | 'review-overdue' | 'expired' | 'cancelled' {
  if (a.status === 'cancelled') return 'cancelled';
  if (nowMs < Date.parse(a.startsAt)) return 'not-started';
  if (nowMs >= Date.parse(a.expiresAt)) return 'expired';
  if (nowMs >= Date.parse(a.reviewAt)) return 'review-overdue';
  return 'live';
}

async function views(
  ctx: DeskContext,
  repos: Repositories,
  actor: DeskActor,
  list: readonly Authorisation[],
) {
  const nowMs = ctx.clock.now();
  const names = await people(
    repos,
    list.flatMap((a) => [a.authorisingOfficerId, a.officerInChargeId, a.supervisorId]),
  );
  const counts = await repos.programme.authorisations.taskCounts(list.map((a) => a.id));
  const out = [];
  for (const a of list) {
    out.push({
      id: a.id,
      ref: a.ref,
      operation: a.operation,
      taskTypes: [...a.taskTypes],
      platforms: [...a.platforms],
      startsAt: a.startsAt,
      reviewAt: a.reviewAt,
      expiresAt: a.expiresAt,
      authorisingOfficer: personOf(names, a.authorisingOfficerId),
      officerInCharge: personOf(names, a.officerInChargeId),
      supervisor: personOf(names, a.supervisorId),
      status: a.status,
      state: authorisationState(a, nowMs),
      cancelledAt: a.cancelledAt,
      cancelReason: a.cancelReason,
      tasks: counts.get(a.id) ?? 0,
      allowed: allowedActions(actor, resource(a)),
    });
  }
  return out;
}

/** Every authorisation, newest first. @throws `POLICY_DENIED`. */
export async function listAuthorisations(ctx: DeskContext, actor: DeskActor) {
  authorize(actor, 'list', { type: 'authorisations' });
  const repos = ctx.uow.read;
  return { items: await views(ctx, repos, actor, await repos.programme.authorisations.list()) };
}

async function activeOfficer(repos: Repositories, id: string, what: string): Promise<void> {
  const u = await repos.accounts.users.findById(id);
  if (!u || u.role !== 'officer' || u.status !== 'active')
    throw new CustosError(
      'invalid-input',
      'AUTHORISATION_OFFICER_INVALID',
      `the ${what} must be an active officer`,
    );
}

/**
 * Records an authorisation; the recording officer is its authorising officer.
 * @throws CustosError `AUTHORISATION_DATES_INVALID` (start < review ≤ expiry),
 *   `AUTHORISATION_OFFICER_INVALID`, `AUTHORISATION_SCOPE_INVALID` (unknown task type).
 */
export async function createAuthorisation(
  ctx: DeskContext,
  actor: DeskActor,
  input: {
    operation: string;
    taskTypes: readonly string[];
    platforms: readonly string[];
    startsAt: string;
    reviewAt: string;
    expiresAt: string;
    officerInChargeId: string;
    supervisorId: string;
  },
) {
  authorize(actor, 'create', { type: 'authorisations' });
  const s = Date.parse(input.startsAt);
  const r = Date.parse(input.reviewAt);
  const e = Date.parse(input.expiresAt);
  if (!(s < r && r <= e))
    throw new CustosError(
      'invalid-input',
      'AUTHORISATION_DATES_INVALID',
      'an authorisation starts before its review date, which is on or before its expiry',
    );
  const bad = input.taskTypes.find((t) => !isTaskType(t));
  if (bad !== undefined)
    throw new CustosError(
      'invalid-input',
      'AUTHORISATION_SCOPE_INVALID',
      `there is no task type ${bad}`,
    );
  const a = await ctx.uow.run(async (repos) => {
    await activeOfficer(repos, input.officerInChargeId, 'officer in charge');
    await activeOfficer(repos, input.supervisorId, 'supervising officer');
    const now = nowIso(ctx);
    const year = new Date(now).getUTCFullYear();
    const n = await repos.desk.counters.next(`authorisation-${year}`);
    const a: Authorisation = {
      id: ctx.ids.newId(),
      ref: `AUTH-${year}-${String(n).padStart(4, '0')}`,
      operation: input.operation,
      taskTypes: [...new Set(input.taskTypes)],
      platforms: [...new Set(input.platforms.map((p) => p.toLowerCase()))],
      startsAt: input.startsAt,
      reviewAt: input.reviewAt,
      expiresAt: input.expiresAt,
      authorisingOfficerId: actor.userId ?? '',
      officerInChargeId: input.officerInChargeId,
      supervisorId: input.supervisorId,
      status: 'live',
      cancelledAt: null,
      cancelReason: null,
      createdAt: now,
      updatedAt: now,
    };
    await repos.programme.authorisations.insert(a);
    await recordProgrammeEvent(ctx, repos, {
      actor: custodyActor(actor),
      subject: `authorisation:${a.id}`,
      kind: 'authorised',
      details: {
        ref: a.ref,
        taskTypes: a.taskTypes,
        platforms: a.platforms,
        startsAt: a.startsAt,
        reviewAt: a.reviewAt,
        expiresAt: a.expiresAt,
        officerInCharge: `user:${a.officerInChargeId}`,
        supervisor: `user:${a.supervisorId}`,
      },
      custody: true,
    });
    return a;
  });
  const [view] = await views(ctx, ctx.uow.read, actor, [a]);
  return view as NonNullable<typeof view>;
}

async function changeAuthorisation(
  ctx: DeskContext,
  actor: DeskActor,
  id: string,
  action: 'review' | 'cancel',
  patch: (a: Authorisation, now: string) => Partial<Authorisation>,
  details: Record<string, unknown>,
) {
  const load = async (repos: Repositories) => {
    const a = await repos.programme.authorisations.findById(id);
    if (!a)
      throw new CustosError(
        'not-found',
        'AUTHORISATION_NOT_FOUND',
        `there is no authorisation ${id}`,
      );
    return a;
  };
  authorize(actor, action, resource(await load(ctx.uow.read)));
  const updated = await ctx.uow.run(async (repos) => {
    const a = await load(repos);
    authorize(actor, action, resource(a));
    const now = nowIso(ctx);
    const p = patch(a, now);
    await repos.programme.authorisations.update(a.id, { ...p, updatedAt: now });
    await recordProgrammeEvent(ctx, repos, {
      actor: custodyActor(actor),
      subject: `authorisation:${a.id}`,
      kind: action === 'review' ? 'reviewed' : 'cancelled',
      details,
      custody: true,
    });
    return { ...a, ...p, updatedAt: now };
  });
  const [view] = await views(ctx, ctx.uow.read, actor, [updated]);
  return view as NonNullable<typeof view>;
}

/**
 * Records a review and sets the next review date (on or before expiry).
 * @throws CustosError `AUTHORISATION_NOT_FOUND`, `POLICY_DENIED`, `AUTHORISATION_DATES_INVALID`.
 */
export async function reviewAuthorisation(
  ctx: DeskContext,
  actor: DeskActor,
  id: string,
  input: { nextReviewAt: string; note: string },
) {
  const a = await ctx.uow.read.programme.authorisations.findById(id);
  const next = Date.parse(input.nextReviewAt);
  if (a && (next <= ctx.clock.now() || next > Date.parse(a.expiresAt)))
    throw new CustosError(
      'invalid-input',
      'AUTHORISATION_DATES_INVALID',
      `the next review must be after now and on or before the expiry (${a.expiresAt.slice(0, 10)})`,
    );
  return changeAuthorisation(ctx, actor, id, 'review', () => ({ reviewAt: input.nextReviewAt }), {
    nextReviewAt: input.nextReviewAt,
    note: input.note,
  });
}

/** Cancels an authorisation: its tasks lock at once. @throws `AUTHORISATION_NOT_FOUND`, `POLICY_DENIED`. */
export async function cancelAuthorisation(
  ctx: DeskContext,
  actor: DeskActor,
  id: string,
  input: { reason: string },
) {
  return changeAuthorisation(
    ctx,
    actor,
    id,
    'cancel',
    (_a, now) => ({ status: 'cancelled', cancelledAt: now, cancelReason: input.reason }),
    { reason: input.reason },
  );
}
