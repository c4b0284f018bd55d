/**
 * A volunteer's own programme record and welfare (issue 6 §6; R58–R61): their status, vetting
 * expiry and training currency; exposure this shift and this week against the limits; who is on
 * duty to supervise; "stop now", which ends every timed view at once, ends the shift and tells
 * the supervising officer on duty — without asking why and without penalty; ending a shift; and
 * the check-in after a shift (a low score or a request for contact flags it to the welfare lead).
 */
import { CustosError } from '../../core/errors.ts';
import { effectiveStatus } from '../../core/programme/members.ts';
import { moduleState } from '../../core/programme/training.ts';
import { vettingCurrent } from '../../core/programme/vetting.ts';
import type { Shift, WelfareStatus } from '../../core/programme/welfare.ts';
import { allowedActions, authorize } from '../../policies/authorize.ts';
import type { Repositories } from '../../ports/repositories.ts';
import type { DeskActor, DeskContext } from '../desk-context.ts';
import { nowIso, people, personOf } from '../desk-support.ts';
import { creditedGap } from '../tasks/time-task-view.ts';
import { officersOnDuty } from './rota.ts';
import { loadProgrammeSettings, managerIds, notifyUsers, recordProgrammeEvent } from './support.ts';
import { welfareOf, WELFARE_LOOKBACK_MS } from './task-gate.ts';

const iso = (ms: number) => new Date(ms).toISOString();

/** A shift as the API shows it. */
export function shiftView(s: Shift) {
  return {
    startedAt: iso(s.startedAtMs),
    lastActivityAt: iso(s.lastActivityMs),
    exposureMs: s.exposureMs,
    endedBy: s.endedBy,
  };
}

function welfareView(w: WelfareStatus) {
  return {
    currentShift: w.current ? shiftView(w.current) : null,
    lastShift: w.lastEnded ? shiftView(w.lastEnded) : null,
    weekExposureMs: w.weekExposureMs,
    shiftLimitMs: w.shiftLimitMs,
    weeklyLimitMs: w.weeklyLimitMs,
    breakUntil: w.breakUntilMs === null ? null : iso(w.breakUntilMs),
    weekFreeAt: w.weekFreeAtMs === null ? null : iso(w.weekFreeAtMs),
    checkInDue: w.checkInDue ? shiftView(w.checkInDue) : null,
  };
}

const own = (actor: DeskActor) => ({ type: 'shift' as const, userId: actor.userId ?? '' });

/** The volunteer's own record and welfare status now. @throws `POLICY_DENIED`. */
export async function myProgramme(ctx: DeskContext, actor: DeskActor) {
  authorize(actor, 'viewOwn', own(actor));
  return myProgrammeView(ctx, ctx.uow.read, actor);
}

async function myProgrammeView(ctx: DeskContext, repos: Repositories, actor: DeskActor) {
  const userId = actor.userId ?? '';
  const nowMs = ctx.clock.now();
  const settings = await loadProgrammeSettings(repos);
  const m = await repos.programme.members.findByUserId(userId);
  let member = null;
  if (m) {
    const vetting = (await repos.programme.vetting.findByMember(m.id)) ?? null;
    const completions = await repos.programme.training.completionsOf([m.id]);
    const modules = (await repos.programme.training.modules()).filter((x) => !x.retired);
    member = {
      ref: m.ref,
      status: m.status,
      effectiveStatus: effectiveStatus(m, vetting, nowMs).status,
      legalStatus: m.legalStatus,
      vetting: vetting
        ? {
            level: vetting.level,
            expiresAt: vetting.expiresAt,
            current: vettingCurrent(vetting, nowMs),
          }
        : null,
      training: modules.map((x) => {
        const s = moduleState(completions, x.id, nowMs);
        return {
          moduleId: x.id,
          title: x.title,
          state: s.state,
          validUntil: s.completion?.validUntil ?? null,
        };
      }),
    };
  }
  const onDuty = await officersOnDuty(repos, nowMs);
  const names = await people(repos, onDuty);
  return {
    member,
    welfare: welfareView(await welfareOf(repos, userId, nowMs, settings)),
    supervisorsOnDuty: onDuty.map((id) => personOf(names, id)),
    allowed: allowedActions(actor, own(actor)),
  };
}

/** Ends every open timed view of `userId` now (the time up to now still counts). */
async function endOpenViews(
  ctx: DeskContext,
  repos: Repositories,
  userId: string,
): Promise<number> {
  const nowMs = ctx.clock.now();
  const since = iso(nowMs - WELFARE_LOOKBACK_MS);
  const open = (await repos.desk.tasks.viewsBetween(since, iso(nowMs + 1))).filter(
    (v) => v.userId === userId && v.endedAt === null,
  );
  for (const v of open)
    await repos.desk.tasks.updateView(v.id, {
      lastBeatAt: iso(nowMs),
      endedAt: iso(nowMs),
      durationMs: v.durationMs + creditedGap(v.lastBeatAt, nowMs),
    });
  return open.length;
}

/**
 * "Stop now": ends exposure at once (every open view closed, the shift ended) and alerts the
 * supervising officers on duty and the welfare lead, without judgement and without a reason.
 */
export async function stopNow(ctx: DeskContext, actor: DeskActor) {
  authorize(actor, 'stopNow', own(actor));
  const userId = actor.userId ?? '';
  await ctx.uow.run(async (repos) => {
    await endOpenViews(ctx, repos, userId);
    const at = nowIso(ctx);
    await repos.programme.welfare.insertShiftEnd({
      id: ctx.ids.newId(),
      userId,
      kind: 'stop-now',
      at,
    });
    await recordProgrammeEvent(ctx, repos, {
      actor: `user:${userId}`,
      subject: `volunteer:${userId}`,
      kind: 'stop-now',
      details: {},
      custody: false,
    });
    const name = (await repos.accounts.users.findById(userId))?.displayName ?? 'A volunteer';
    const onDuty = await officersOnDuty(repos, Date.parse(at));
    await notifyUsers(ctx, repos, onDuty, {
      kind: 'stop-now',
      title: `${name} pressed “stop now”. Please check in with them when you can.`,
      link: { type: 'debriefs', id: userId },
    });
    await notifyUsers(ctx, repos, await managerIds(repos), {
      kind: 'stop-now',
      title: `${name} pressed “stop now”.`,
      link: { type: 'welfare', id: userId },
    });
  });
  return myProgrammeView(ctx, ctx.uow.read, actor);
}

/** Ends the volunteer's shift now (open views closed); a check-in follows. */
export async function endShift(ctx: DeskContext, actor: DeskActor) {
  authorize(actor, 'end', own(actor));
  const userId = actor.userId ?? '';
  await ctx.uow.run(async (repos) => {
    await endOpenViews(ctx, repos, userId);
    await repos.programme.welfare.insertShiftEnd({
      id: ctx.ids.newId(),
      userId,
      kind: 'end-shift',
      at: nowIso(ctx),
    });
  });
  return myProgrammeView(ctx, ctx.uow.read, actor);
}

/**
 * The check-in after the last ended shift. A wellbeing of 1–2, or a request for contact, flags it
 * to the welfare lead (the programme managers) with the volunteer's note only.
 * @throws CustosError `CHECK_IN_NOT_DUE` (conflict) when no ended shift waits for one.
 */
export async function checkIn(
  ctx: DeskContext,
  actor: DeskActor,
  input: { wellbeing: number; wantsContact: boolean; note?: string | undefined },
) {
  authorize(actor, 'checkIn', own(actor));
  const userId = actor.userId ?? '';
  await ctx.uow.run(async (repos) => {
    const settings = await loadProgrammeSettings(repos);
    const w = await welfareOf(repos, userId, ctx.clock.now(), settings);
    if (!w.checkInDue)
      throw new CustosError(
        'conflict',
        'CHECK_IN_NOT_DUE',
        'there is no ended shift waiting for a check-in',
      );
    const shiftStartedAt = iso(w.checkInDue.startedAtMs);
    await repos.programme.welfare.insertCheckIn({
      id: ctx.ids.newId(),
      userId,
      shiftStartedAt,
      at: nowIso(ctx),
      wellbeing: input.wellbeing,
      wantsContact: input.wantsContact,
      note: input.note?.trim() ? input.note.trim() : null,
    });
    await recordProgrammeEvent(ctx, repos, {
      actor: `user:${userId}`,
      subject: `volunteer:${userId}`,
      kind: 'checked-in',
      details: { shiftStartedAt },
      custody: false,
    });
    if (input.wellbeing <= 2 || input.wantsContact) {
      const name = (await repos.accounts.users.findById(userId))?.displayName ?? 'A volunteer';
      await notifyUsers(ctx, repos, await managerIds(repos), {
        kind: 'welfare-flag',
        title: input.wantsContact
          ? `${name} asked for someone to contact them after a shift.`
          : `${name} checked in feeling low after a shift.`,
        link: { type: 'welfare', id: userId },
      });
    }
  });
  return myProgrammeView(ctx, ctx.uow.read, actor);
}
