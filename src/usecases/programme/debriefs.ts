/**
 * Debriefs (R60): after each shift that involved case material, a supervising officer records a
 * debrief with the volunteer. Officers see the shifts still waiting for one (volunteer, times,
 * exposure; no case content) and record it. A missing debrief never locks the volunteer out:
 * it is the officer's task, and the welfare lead sees it outstanding.
 */
import { CustosError } from '../../core/errors.ts';
import { deriveShifts, type Shift } from '../../core/programme/welfare.ts';
import type { TaskView } from '../../core/cases/types.ts';
import { authorize } from '../../policies/authorize.ts';
import type { Repositories } from '../../ports/repositories.ts';
import type { DeskActor, DeskContext } from '../desk-context.ts';
import { nowIso, people, personOf } from '../desk-support.ts';
import { loadProgrammeSettings, recordProgrammeEvent } from './support.ts';
import { exposureViews, WELFARE_LOOKBACK_MS } from './task-gate.ts';
import { shiftView } from './welfare-self.ts';

const iso = (ms: number) => new Date(ms).toISOString();

/** Every volunteer's shifts with views in `[fromMs, nowMs]`, by user id. */
export async function shiftsByVolunteer(
  repos: Repositories,
  fromMs: number,
  nowMs: number,
): Promise<Map<string, Shift[]>> {
  const settings = await loadProgrammeSettings(repos);
  const views = await repos.desk.tasks.viewsBetween(iso(fromMs), iso(nowMs + 1));
  const ends = await repos.programme.welfare.shiftEndsSince(null, iso(fromMs));
  const byUser = new Map<string, TaskView[]>();
  for (const v of views) byUser.set(v.userId, [...(byUser.get(v.userId) ?? []), v]);
  const out = new Map<string, Shift[]>();
  for (const [userId, vs] of byUser)
    out.set(
      userId,
      deriveShifts(
        exposureViews(vs),
        ends
          .filter((e) => e.userId === userId)
          .map((e) => ({ atMs: Date.parse(e.at), kind: e.kind })),
        nowMs,
        settings,
      ),
    );
  return out;
}

/** Ended shifts of the last two weeks that involved case material and have no debrief. */
export async function outstandingDebriefs(repos: Repositories, nowMs: number) {
  const from = nowMs - WELFARE_LOOKBACK_MS;
  const shifts = await shiftsByVolunteer(repos, from, nowMs);
  const done = new Set(
    (await repos.programme.welfare.debriefsSince(iso(from))).map(
      (d) => `${d.userId}|${Date.parse(d.shiftStartedAt)}`,
    ),
  );
  const out: { userId: string; shift: Shift }[] = [];
  for (const [userId, list] of shifts)
    for (const s of list)
      if (s.endedBy !== null && s.exposureMs > 0 && !done.has(`${userId}|${s.startedAtMs}`))
        out.push({ userId, shift: s });
  return out.sort((a, b) => a.shift.startedAtMs - b.shift.startedAtMs);
}

/** Shifts waiting for a debrief, with the officer on duty when each started. @throws `POLICY_DENIED`. */
export async function listDebriefs(ctx: DeskContext, actor: DeskActor) {
  authorize(actor, 'list', { type: 'debriefs' });
  const repos = ctx.uow.read;
  const pending = await outstandingDebriefs(repos, ctx.clock.now());
  const supervisors = new Map<string, string | null>();
  for (const p of pending) {
    const at = p.shift.startedAtMs;
    const on = (await repos.programme.rota.overlapping(iso(at), iso(at + 1))).find(
      (e) => e.cancelledAt === null,
    );
    supervisors.set(`${p.userId}|${at}`, on?.officerId ?? null);
  }
  const names = await people(repos, [...pending.map((p) => p.userId), ...supervisors.values()]);
  return {
    items: pending.map((p) => {
      const sup = supervisors.get(`${p.userId}|${p.shift.startedAtMs}`) ?? null;
      return {
        volunteer: personOf(names, p.userId),
        shift: shiftView(p.shift),
        supervisor: sup ? personOf(names, sup) : null,
      };
    }),
  };
}

/**
 * Records the debrief of a volunteer's shift.
 * @throws CustosError `SHIFT_NOT_FOUND` (not-found: no ended shift of that volunteer started then),
 *   `DEBRIEF_ALREADY_RECORDED` (conflict).
 */
export async function recordDebrief(
  ctx: DeskContext,
  actor: DeskActor,
  input: { userId: string; shiftStartedAt: string; notes: string },
) {
  authorize(actor, 'debrief', { type: 'shift', userId: input.userId });
  await ctx.uow.run(async (repos) => {
    const startMs = Date.parse(input.shiftStartedAt);
    const nowMs = ctx.clock.now();
    const shifts =
      (await shiftsByVolunteer(repos, nowMs - WELFARE_LOOKBACK_MS, nowMs)).get(input.userId) ?? [];
    const shift = shifts.find((s) => s.startedAtMs === startMs && s.endedBy !== null);
    if (!shift)
      throw new CustosError(
        'not-found',
        'SHIFT_NOT_FOUND',
        'there is no ended shift of this volunteer that started then',
      );
    const already = (await repos.programme.welfare.debriefsSince(iso(startMs))).some(
      (d) => d.userId === input.userId && Date.parse(d.shiftStartedAt) === startMs,
    );
    if (already)
      throw new CustosError('conflict', 'DEBRIEF_ALREADY_RECORDED', 'this shift has its debrief');
    await repos.programme.welfare.insertDebrief({
      id: ctx.ids.newId(),
      userId: input.userId,
      shiftStartedAt: iso(startMs),
      at: nowIso(ctx),
      byOfficerId: actor.userId ?? '',
      notes: input.notes,
    });
    await recordProgrammeEvent(ctx, repos, {
      actor: `user:${actor.userId ?? ''}`,
      subject: `volunteer:${input.userId}`,
      kind: 'debriefed',
      details: { shiftStartedAt: iso(startMs) },
      custody: false,
    });
  });
}
