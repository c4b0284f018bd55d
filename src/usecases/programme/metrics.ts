/**
 * The programme's figures for managers (issue 6 §8; R63 assurance pack): reports in, time to
 * triage and to first officer action per band, deconfliction hits, referrals and outcomes,
 * volunteer hours and exposure, training currency, welfare flags and authorisations. Counts and
 * durations only: no case content and no names.
 *
 * Definitions:
 * - time to triage: receipt to the triage assessment on record of the report's evidence;
 * - first officer action: the earliest custody event an officer recorded on the report (triage
 *   override, attaching it to a case, closing it, acknowledging a deconfliction hit);
 * - band: the officer's override when there is one, else the assessment's; `UNASSESSED` without;
 * - hours worked: per shift, from the first view of case material to the last activity.
 */
import { effectiveBand, type TargetKey } from '../../core/cases/queue.ts';
import type { Report } from '../../core/cases/types.ts';
import { effectiveStatus } from '../../core/programme/members.ts';
import type { Member } from '../../core/programme/types.ts';
import { median, percentile, perWeek } from '../../core/programme/metrics.ts';
import { TASK_REQUIREMENTS } from '../../core/programme/requirements.ts';
import { moduleState } from '../../core/programme/training.ts';
import { shiftSpanMs } from '../../core/programme/welfare.ts';
import { authorize } from '../../policies/authorize.ts';
import type { Repositories } from '../../ports/repositories.ts';
import type { DeskActor, DeskContext } from '../desk-context.ts';
import { nowIso, plusMinutes } from '../desk-support.ts';
import { triageFacts } from '../reports/list-queue.ts';
import { loadQueueTargets } from '../reports/queue-targets.ts';
import { authorisationState } from './authorisations.ts';
import { outstandingDebriefs, shiftsByVolunteer } from './debriefs.ts';

const BAND_ORDER: readonly TargetKey[] = [
  'IMMINENT',
  'HIGH',
  'MEDIUM',
  'LOW',
  'NONE',
  'UNASSESSED',
];
const OFFICER_ACTIONS = new Set([
  'attached',
  'triage-overridden',
  'decided',
  'deconfliction-acknowledged',
]);
const DAY_MIN = 24 * 60;

/** Every module some task type needs. */
export const CORE_MODULES: readonly string[] = [
  ...new Set(Object.values(TASK_REQUIREMENTS).flatMap((r) => r.modules)),
].sort();

interface ReportTiming {
  readonly band: TargetKey;
  readonly triageMinutes: number | null;
  readonly firstActionMinutes: number | null;
}

async function reportTimings(
  ctx: DeskContext,
  repos: Repositories,
  reports: readonly Report[],
): Promise<ReportTiming[]> {
  const facts = await triageFacts(ctx, repos, reports);
  const out: ReportTiming[] = [];
  for (const r of reports) {
    const f = facts.get(r.id);
    const band: TargetKey = (f ? effectiveBand(f) : null) ?? 'UNASSESSED';
    const received = Date.parse(r.receivedAt);
    const exhibits = await repos.desk.reports.exhibitIds(r.id);
    const assessed = [...(await ctx.triage.assessmentsFor(repos, exhibits)).values()]
      .map((a) => (a.assessedAt ? Date.parse(a.assessedAt) : NaN))
      .filter((ms) => Number.isFinite(ms));
    const actions = (await repos.custody.eventsFor(`report:${r.ref}`))
      .filter((e) => e.actor.startsWith('user:') && OFFICER_ACTIONS.has(e.action))
      .map((e) => Date.parse(e.at));
    const minutes = (ms: number[]) =>
      ms.length ? Math.max(0, (Math.min(...ms) - received) / 60_000) : null;
    out.push({ band, triageMinutes: minutes(assessed), firstActionMinutes: minutes(actions) });
  }
  return out;
}

function bandTimings(
  timings: readonly ReportTiming[],
  pick: (t: ReportTiming) => number | null,
  targets: Readonly<Record<TargetKey, number>> | null,
) {
  return BAND_ORDER.map((band) => {
    const mine = timings.filter((t) => t.band === band);
    const values = mine.map(pick).filter((v): v is number => v !== null);
    const round = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);
    return {
      band,
      reports: mine.length,
      measured: values.length,
      medianMinutes: round(median(values)),
      p90Minutes: round(percentile(values, 90)),
      withinTarget: targets ? values.filter((v) => v <= targets[band]).length : null,
    };
  });
}

/** Collects every figure for `[from, to)`. */
export async function collectMetrics(ctx: DeskContext, from: string, to: string) {
  const repos = ctx.uow.read;
  const fromMs = Date.parse(from);
  const toMs = Date.parse(to);
  const inRange = (iso: string) => {
    const ms = Date.parse(iso);
    return ms >= fromMs && ms < toMs;
  };
  const reports = (
    await repos.desk.reports.listByStatus(['new', 'in-review', 'in-case', 'closed'])
  ).filter((r) => inRange(r.receivedAt));
  const timings = await reportTimings(ctx, repos, reports);
  const targets = await loadQueueTargets(repos);
  const hits = await repos.desk.deconfliction.listByReports(reports.map((r) => r.id));

  const cases = await repos.desk.cases.listAll();
  const referrals = new Map<string, { purpose: string; recipientType: string; count: number }>();
  const outcomes = new Map<string, number>();
  let casesOpened = 0;
  for (const c of cases) {
    if (inRange(c.createdAt)) casesOpened++;
    for (const e of await repos.desk.cases.entriesOf(c.id)) {
      if (!inRange(e.at)) continue;
      if (e.body.kind === 'referral') {
        const key = `${e.body.purpose}|${e.body.recipientType}`;
        const cur = referrals.get(key) ?? {
          purpose: e.body.purpose,
          recipientType: e.body.recipientType,
          count: 0,
        };
        referrals.set(key, { ...cur, count: cur.count + 1 });
      } else if (e.body.kind === 'outcome') {
        outcomes.set(e.body.outcome, (outcomes.get(e.body.outcome) ?? 0) + 1);
      }
    }
  }

  const volunteerIds = new Set(
    (await repos.accounts.users.list()).filter((u) => u.role === 'volunteer').map((u) => u.id),
  );
  const shifts = [...(await shiftsByVolunteer(repos, fromMs, toMs))]
    .filter(([id]) => volunteerIds.has(id))
    .flatMap(([, list]) => list);
  const nowMs = Math.min(ctx.clock.now(), toMs);
  const members = await repos.programme.members.list();
  const active: Member[] = [];
  for (const m of members) {
    const v = (await repos.programme.vetting.findByMember(m.id)) ?? null;
    if (effectiveStatus(m, v, nowMs).status === 'active') active.push(m);
  }
  const completions = await repos.programme.training.completionsOf(active.map((m) => m.id));
  const modules = (await repos.programme.training.modules()).filter((x) => !x.retired);
  const currentFor = (memberId: string, moduleId: string) =>
    moduleState(
      completions.filter((c) => c.memberId === memberId),
      moduleId,
      nowMs,
    ).state === 'current';

  const stops = (await repos.programme.welfare.shiftEndsSince(null, from)).filter(
    (e) => e.kind === 'stop-now' && Date.parse(e.at) < toMs && volunteerIds.has(e.userId),
  );
  const checkIns = (await repos.programme.welfare.checkInsSince(null, from)).filter((c) =>
    inRange(c.at),
  );
  const auths = await repos.programme.authorisations.list();

  return {
    from,
    to,
    casesOpened,
    reportsIn: {
      total: reports.length,
      dangerNow: reports.filter((r) => r.dangerNow === 'yes').length,
      perWeek: perWeek(
        reports.map((r) => ({ atMs: Date.parse(r.receivedAt), amount: 1 })),
        fromMs,
        toMs - 1,
      ),
    },
    timeToTriage: bandTimings(timings, (t) => t.triageMinutes, null),
    timeToFirstAction: bandTimings(timings, (t) => t.firstActionMinutes, targets),
    deconfliction: {
      hits: hits.length,
      acknowledged: hits.filter((h) => h.acknowledgedAt !== null).length,
    },
    referrals: [...referrals.values()].sort((a, b) => b.count - a.count),
    outcomes: [...outcomes]
      .map(([outcome, count]) => ({ outcome, count }))
      .sort((a, b) => b.count - a.count),
    volunteers: {
      active: active.length,
      hoursMs: shifts.reduce((n, s) => n + shiftSpanMs(s), 0),
      exposureMs: shifts.reduce((n, s) => n + s.exposureMs, 0),
      perWeek: (() => {
        const hours = perWeek(
          shifts.map((s) => ({ atMs: s.startedAtMs, amount: shiftSpanMs(s) })),
          fromMs,
          toMs - 1,
        );
        const exp = new Map(
          perWeek(
            shifts.map((s) => ({ atMs: s.startedAtMs, amount: s.exposureMs })),
            fromMs,
            toMs - 1,
          ).map((w) => [w.week, w.value]),
        );
        return hours.map((w) => ({
          week: w.week,
          hoursMs: w.value,
          exposureMs: exp.get(w.week) ?? 0,
        }));
      })(),
    },
    training: {
      fullyCurrent: active.filter((m) => CORE_MODULES.every((id) => currentFor(m.id, id))).length,
      activeMembers: active.length,
      modules: modules.map((x) => ({
        moduleId: x.id,
        title: x.title,
        current: active.filter((m) => currentFor(m.id, x.id)).length,
      })),
    },
    welfare: {
      stops: stops.length,
      lowWellbeing: checkIns.filter((c) => c.wellbeing <= 2).length,
      wantsContact: checkIns.filter((c) => c.wantsContact).length,
      debriefsOutstanding: (await outstandingDebriefs(repos, nowMs)).length,
    },
    authorisations: {
      live: auths.filter((a) => authorisationState(a, nowMs) === 'live').length,
      reviewOverdue: auths.filter((a) => authorisationState(a, nowMs) === 'review-overdue').length,
    },
  };
}

/** The default period: the last 12 weeks up to now. */
export function defaultPeriod(
  ctx: Pick<DeskContext, 'clock'>,
  range: { from?: string | undefined; to?: string | undefined },
): { from: string; to: string } {
  const to = range.to ?? nowIso(ctx);
  return { from: range.from ?? plusMinutes(to, -84 * DAY_MIN), to };
}

/** The figures for managers. @throws `POLICY_DENIED`. */
export async function programmeMetrics(
  ctx: DeskContext,
  actor: DeskActor,
  range: { from?: string | undefined; to?: string | undefined },
) {
  authorize(actor, 'viewMetrics', { type: 'programme' });
  const { from, to } = defaultPeriod(ctx, range);
  const { casesOpened: _casesOpened, ...metrics } = await collectMetrics(ctx, from, to);
  return metrics;
}
