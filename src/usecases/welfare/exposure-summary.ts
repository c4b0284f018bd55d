/**
 * Volunteers' exposure to case material, from timed task views (R58, R59): per volunteer and per
 * UTC day, in milliseconds. Programme managers only; no case content, no task names.
 */
import { authorize } from '../../policies/authorize.ts';
import type { DeskActor, DeskContext } from '../desk-context.ts';
import { nowIso, people, personOf, plusMinutes } from '../desk-support.ts';

/** Defaults to the last 28 days. */
export async function exposureSummary(
  ctx: DeskContext,
  actor: DeskActor,
  range: { from?: string | undefined; to?: string | undefined },
) {
  authorize(actor, 'viewExposure', { type: 'welfare' });
  const to = range.to ?? nowIso(ctx);
  const from = range.from ?? plusMinutes(to, -28 * 24 * 60);
  const views = await ctx.uow.read.desk.tasks.viewsBetween(from, to);
  const names = await people(
    ctx.uow.read,
    views.map((v) => v.userId),
  );
  const byUser = new Map<string, { totalMs: number; views: number; days: Map<string, number> }>();
  for (const v of views) {
    const u = byUser.get(v.userId) ?? { totalMs: 0, views: 0, days: new Map<string, number>() };
    u.totalMs += v.durationMs;
    u.views += 1;
    const day = v.startedAt.slice(0, 10);
    u.days.set(day, (u.days.get(day) ?? 0) + v.durationMs);
    byUser.set(v.userId, u);
  }
  return {
    from,
    to,
    volunteers: [...byUser].map(([id, u]) => ({
      id,
      displayName: personOf(names, id).displayName,
      totalMs: u.totalMs,
      views: u.views,
      days: [...u.days].sort().map(([date, ms]) => ({ date, ms })),
    })),
  };
}
