/**
 * The officer queue: reports not yet in a case or closed, ordered by triage band (an officer's
 * override first), score and waiting time, each with its timer against the band's target (R52).
 */
import {
  effectiveBand,
  orderQueue,
  targetFor,
  type QueueEntry,
  type QueueTargets,
  type TargetKey,
} from '../../core/cases/queue.ts';
import type { Report } from '../../core/cases/types.ts';
import type { Band } from '../../core/triage/types.ts';
import { authorize } from '../../policies/authorize.ts';
import type { Repositories } from '../../ports/repositories.ts';
import { recordAccess } from '../access-log/record-access.ts';
import type { DeskActor, DeskContext } from '../desk-context.ts';
import { accessActor } from '../desk-support.ts';
import { loadQueueTargets } from './queue-targets.ts';
import { bestAssessment } from './views.ts';

export interface QueueItemView {
  readonly id: string;
  readonly ref: string;
  readonly status: Report['status'];
  readonly receivedAt: string;
  readonly waitingMinutes: number;
  readonly dangerNow: Report['dangerNow'];
  readonly platform: string;
  readonly childAge: number | null;
  readonly evidenceCount: number;
  readonly band: Band | null;
  readonly score: number | null;
  readonly assessedBand: Band | null;
  readonly overrideBand: Band | null;
  readonly target: { key: TargetKey; minutes: number; dueAt: string; overdue: boolean };
  readonly deconfliction: { state: Report['deconfliction']; hits: number };
  readonly caseRef: string | null;
}

/** Triage facts of reports: the best assessment and the override in force. */
export async function triageFacts(
  ctx: DeskContext,
  repos: Repositories,
  reports: readonly Report[],
): Promise<
  Map<string, { assessedBand: Band | null; score: number | null; overrideBand: Band | null }>
> {
  const exhibitIdsByReport = new Map<string, string[]>();
  for (const r of reports) exhibitIdsByReport.set(r.id, await repos.desk.reports.exhibitIds(r.id));
  const assessments = await ctx.triage.assessmentsFor(
    repos,
    [...exhibitIdsByReport.values()].flat(),
  );
  const overrides = await repos.desk.reports.overridesOf(reports.map((r) => r.id));
  const out = new Map<
    string,
    { assessedBand: Band | null; score: number | null; overrideBand: Band | null }
  >();
  for (const r of reports) {
    const best = bestAssessment(
      (exhibitIdsByReport.get(r.id) ?? [])
        .map((id) => assessments.get(id))
        .filter((a) => a !== undefined),
    );
    const override = overrides.find((o) => o.reportId === r.id);
    out.set(r.id, {
      assessedBand: best?.band ?? null,
      score: best?.score ?? null,
      overrideBand: override?.band ?? null,
    });
  }
  return out;
}

/** The timer of a report. */
export function timerOf(
  report: Report,
  facts: { assessedBand: Band | null; score: number | null; overrideBand: Band | null },
  targets: QueueTargets,
  nowMs: number,
): QueueItemView['target'] {
  const t = targetFor(entryOf(report, facts), targets, nowMs);
  return {
    key: t.key,
    minutes: t.minutes,
    dueAt: new Date(t.dueAtMs).toISOString(),
    overdue: t.overdue,
  };
}

function entryOf(
  r: Report,
  f: { assessedBand: Band | null; score: number | null; overrideBand: Band | null },
): QueueEntry {
  return {
    id: r.id,
    receivedAtMs: Date.parse(r.receivedAt),
    assessedBand: f.assessedBand,
    score: f.score,
    overrideBand: f.overrideBand,
    dangerNow: r.dangerNow === 'yes',
  };
}

/** The queue, ordered; logged as one consultation (reason `triage`). */
export async function listQueue(
  ctx: DeskContext,
  actor: DeskActor,
): Promise<{ items: QueueItemView[]; targets: QueueTargets; generatedAt: string }> {
  authorize(actor, 'view', { type: 'queue' });
  const repos = ctx.uow.read;
  const reports = await repos.desk.reports.listByStatus(['new', 'in-review']);
  const facts = await triageFacts(ctx, repos, reports);
  const targets = await loadQueueTargets(repos);
  const counts = await repos.desk.reports.exhibitCounts(reports.map((r) => r.id));
  const hits = await repos.desk.deconfliction.listByReports(reports.map((r) => r.id));
  const nowMs = ctx.clock.now();
  const entries = reports.map((r) => ({
    ...entryOf(r, facts.get(r.id) ?? { assessedBand: null, score: null, overrideBand: null }),
    report: r,
  }));
  const items: QueueItemView[] = orderQueue(entries).map((e) => {
    const r = e.report;
    const f = facts.get(r.id) ?? { assessedBand: null, score: null, overrideBand: null };
    return {
      id: r.id,
      ref: r.ref,
      status: r.status,
      receivedAt: r.receivedAt,
      waitingMinutes: Math.max(0, Math.floor((nowMs - Date.parse(r.receivedAt)) / 60_000)),
      dangerNow: r.dangerNow,
      platform: r.platform,
      childAge: r.childAge,
      evidenceCount: counts.get(r.id) ?? 0,
      band: effectiveBand(f),
      score: f.score,
      assessedBand: f.assessedBand,
      overrideBand: f.overrideBand,
      target: timerOf(r, f, targets, nowMs),
      deconfliction: {
        state: r.deconfliction,
        hits: hits.filter((h) => h.reportId === r.id).length,
      },
      caseRef: null,
    };
  });
  await ctx.uow.run((w) =>
    recordAccess(w, ctx.clock, {
      ...accessActor(actor),
      action: 'consult',
      objectType: 'report-queue',
      objectId: 'queue',
      reasonCode: 'triage',
      justification: `${items.length} reports listed`,
    }),
  );
  return { items, targets, generatedAt: new Date(nowMs).toISOString() };
}
