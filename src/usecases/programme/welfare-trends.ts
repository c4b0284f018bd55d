/**
 * The welfare lead's view of trends (issue 6 §6; R58, R59, R63): per ISO week, exposure to case
 * material, shifts, "stop now" presses, check-ins with their mean wellbeing and welfare flags;
 * per volunteer, exposure, hours worked (derived from task time: first view to last activity of
 * each shift), stops, low check-ins, requests for contact, missed check-ins and outstanding
 * debriefs; and the flags themselves. Figures and the volunteers' own notes only: no case content.
 */
import { perWeek } from '../../core/programme/metrics.ts';
import { shiftSpanMs } from '../../core/programme/welfare.ts';
import { authorize } from '../../policies/authorize.ts';
import type { DeskActor, DeskContext } from '../desk-context.ts';
import { nowIso, people, personOf, plusMinutes } from '../desk-support.ts';
import { outstandingDebriefs, shiftsByVolunteer } from './debriefs.ts';

const WEEK_MIN = 7 * 24 * 60;

/** Defaults to the last 12 weeks. @throws `POLICY_DENIED`. */
export async function welfareTrends(
  ctx: DeskContext,
  actor: DeskActor,
  range: { from?: string | undefined; to?: string | undefined },
) {
  authorize(actor, 'viewTrends', { type: 'welfare' });
  const repos = ctx.uow.read;
  const to = range.to ?? nowIso(ctx);
  const from = range.from ?? plusMinutes(to, -12 * WEEK_MIN);
  const fromMs = Date.parse(from);
  const toMs = Date.parse(to);
  const volunteers = new Set(
    (await repos.accounts.users.list()).filter((u) => u.role === 'volunteer').map((u) => u.id),
  );
  const shifts = await shiftsByVolunteer(repos, fromMs, toMs);
  const stops = (await repos.programme.welfare.shiftEndsSince(null, from)).filter(
    (e) => e.kind === 'stop-now' && Date.parse(e.at) <= toMs,
  );
  const checkIns = (await repos.programme.welfare.checkInsSince(null, from)).filter(
    (c) => Date.parse(c.at) <= toMs,
  );
  const pending = await outstandingDebriefs(repos, toMs);
  const low = (c: { wellbeing: number }) => c.wellbeing <= 2;
  const ids = [
    ...new Set([...shifts.keys(), ...stops.map((s) => s.userId), ...checkIns.map((c) => c.userId)]),
  ].filter((id) => volunteers.has(id));
  const names = await people(repos, ids);

  const allShifts = ids.flatMap((id) => (shifts.get(id) ?? []).map((s) => ({ id, s })));
  const weekly = (items: { atMs: number; amount: number }[]) =>
    new Map(perWeek(items, fromMs, toMs).map((w) => [w.week, w.value]));
  const exposure = weekly(
    allShifts.map(({ s }) => ({ atMs: s.startedAtMs, amount: s.exposureMs })),
  );
  const shiftCount = weekly(allShifts.map(({ s }) => ({ atMs: s.startedAtMs, amount: 1 })));
  const stopCount = weekly(stops.map((s) => ({ atMs: Date.parse(s.at), amount: 1 })));
  const checkCount = weekly(checkIns.map((c) => ({ atMs: Date.parse(c.at), amount: 1 })));
  const wellSum = weekly(checkIns.map((c) => ({ atMs: Date.parse(c.at), amount: c.wellbeing })));
  const flagCount = weekly([
    ...stops.map((s) => ({ atMs: Date.parse(s.at), amount: 1 })),
    ...checkIns
      .filter((c) => low(c) || c.wantsContact)
      .map((c) => ({ atMs: Date.parse(c.at), amount: 1 })),
  ]);
  const weeks = [...exposure.keys()].map((week) => {
    const n = checkCount.get(week) ?? 0;
    return {
      week,
      exposureMs: exposure.get(week) ?? 0,
      shifts: shiftCount.get(week) ?? 0,
      stops: stopCount.get(week) ?? 0,
      checkIns: n,
      meanWellbeing: n ? Math.round(((wellSum.get(week) ?? 0) / n) * 10) / 10 : null,
      flags: flagCount.get(week) ?? 0,
    };
  });

  const checkedShift = new Set(checkIns.map((c) => `${c.userId}|${Date.parse(c.shiftStartedAt)}`));
  return {
    from,
    to,
    weeks,
    volunteers: ids
      .map((id) => {
        const list = shifts.get(id) ?? [];
        const mine = checkIns.filter((c) => c.userId === id);
        return {
          volunteer: personOf(names, id),
          exposureMs: list.reduce((n, s) => n + s.exposureMs, 0),
          hoursMs: list.reduce((n, s) => n + shiftSpanMs(s), 0),
          shifts: list.length,
          stops: stops.filter((s) => s.userId === id).length,
          lowCheckIns: mine.filter(low).length,
          wantsContact: mine.filter((c) => c.wantsContact).length,
          missedCheckIns: list.filter(
            (s) => s.endedBy !== null && !checkedShift.has(`${id}|${s.startedAtMs}`),
          ).length,
          debriefsOutstanding: pending.filter((p) => p.userId === id).length,
        };
      })
      .sort((a, b) => b.exposureMs - a.exposureMs),
    flags: [
      ...stops
        .filter((s) => volunteers.has(s.userId))
        .map((s) => ({
          volunteer: personOf(names, s.userId),
          at: s.at,
          kind: 'stop-now' as const,
          note: null,
        })),
      ...checkIns
        .filter((c) => volunteers.has(c.userId) && (low(c) || c.wantsContact))
        .map((c) => ({
          volunteer: personOf(names, c.userId),
          at: c.at,
          kind: c.wantsContact ? ('wants-contact' as const) : ('low-wellbeing' as const),
          note: c.note,
        })),
    ].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0)),
  };
}
