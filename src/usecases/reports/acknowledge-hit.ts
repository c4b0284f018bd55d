/**
 * An officer acknowledges a deconfliction hit on a report: the match has been seen (and the other
 * case's owner can be contacted). When no unacknowledged hit remains, volunteer tasks on the
 * report are unblocked and their assignees told.
 */
import { CustosError } from '../../core/errors.ts';
import { recordAccess } from '../access-log/record-access.ts';
import { recordCustodyEvent } from '../custody/record-custody-event.ts';
import type { DeskActor, DeskContext } from '../desk-context.ts';
import { accessActor, custodyActor, nowIso } from '../desk-support.ts';
import { loadReportFor } from './view-report.ts';
import { hitViews, type HitViewData } from './views.ts';

/**
 * @throws CustosError `REPORT_NOT_FOUND`, `POLICY_DENIED`, `JUSTIFICATION_REQUIRED`, `HIT_NOT_FOUND`
 *   (not-found), `HIT_ALREADY_ACKNOWLEDGED` (conflict).
 */
export async function acknowledgeHit(
  ctx: DeskContext,
  actor: DeskActor,
  reportId: string,
  hitId: string,
  input: { note?: string | undefined },
): Promise<HitViewData> {
  const { report, reasonCode } = await loadReportFor(
    ctx,
    ctx.uow.read,
    actor,
    reportId,
    'acknowledgeHit',
  );
  const hit = await ctx.uow.read.desk.deconfliction.findById(hitId);
  if (!hit || hit.reportId !== report.id)
    throw new CustosError(
      'not-found',
      'HIT_NOT_FOUND',
      `report ${report.ref} has no deconfliction hit ${hitId}`,
    );
  if (hit.acknowledgedAt !== null)
    throw new CustosError(
      'conflict',
      'HIT_ALREADY_ACKNOWLEDGED',
      `this hit was acknowledged at ${hit.acknowledgedAt}`,
    );
  const updated = await ctx.uow.run(async (repos) => {
    const now = nowIso(ctx);
    const by = actor.userId ?? '';
    await repos.desk.deconfliction.acknowledge(hit.id, by, now, input.note ?? null);
    const pending = (await repos.desk.deconfliction.listByReports([report.id])).filter(
      (h) => h.acknowledgedAt === null && h.id !== hit.id,
    );
    if (pending.length === 0) {
      await repos.desk.reports.update(report.id, { deconfliction: 'acknowledged', updatedAt: now });
      if (report.caseId) {
        const tasks = (await repos.desk.tasks.listByCases([report.caseId])).filter(
          (t) =>
            t.reportId === report.id && (t.status === 'assigned' || t.status === 'in-progress'),
        );
        for (const t of tasks) {
          await repos.desk.notifications.insert({
            id: ctx.ids.newId(),
            userId: t.assigneeId,
            kind: 'task-unblocked',
            at: now,
            title: 'A task assigned to you can now be worked on',
            link: { type: 'task', id: t.id },
            readAt: null,
          });
        }
      }
    }
    await recordCustodyEvent(repos, ctx.clock, {
      actor: custodyActor(actor),
      action: 'deconfliction-acknowledged',
      object: `report:${report.ref}`,
      reason: hit.matchType,
      details: { hit: hit.id, ...(input.note ? { note: input.note } : {}) },
    });
    await recordAccess(repos, ctx.clock, {
      ...accessActor(actor),
      action: 'change',
      objectType: 'report',
      objectId: report.id,
      objectRef: report.ref,
      caseId: report.caseId,
      reasonCode,
    });
    return { ...hit, acknowledgedBy: by, acknowledgedAt: now, note: input.note ?? null };
  });
  const [view] = await hitViews(ctx.uow.read, [updated], new Set([report.id]), {
    unmasked: true,
    canAcknowledge: () => false,
  });
  if (!view)
    throw new CustosError(
      'internal',
      'HIT_VIEW_MISSING',
      `hit ${hit.id} could not be shown after acknowledgement`,
    );
  return view;
}
