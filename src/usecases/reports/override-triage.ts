/**
 * An officer's triage override: a band and a reason, stored beside the assessment (never
 * replacing it), with a `triage-overridden` custody event. Triage recommends; an officer decides.
 */
import type { TriageOverride } from '../../core/cases/types.ts';
import type { Band } from '../../core/triage/types.ts';
import { recordAccess } from '../access-log/record-access.ts';
import { recordCustodyEvent } from '../custody/record-custody-event.ts';
import type { DeskActor, DeskContext } from '../desk-context.ts';
import { accessActor, custodyActor, nowIso } from '../desk-support.ts';
import { triageFacts } from './list-queue.ts';
import { loadReportFor } from './view-report.ts';

/**
 * @throws CustosError `REPORT_NOT_FOUND`, `POLICY_DENIED` (not an officer, closed report, another officer's case),
 *   `JUSTIFICATION_REQUIRED`.
 */
export async function overrideTriage(
  ctx: DeskContext,
  actor: DeskActor,
  reportId: string,
  input: { band: Band; reason: string },
): Promise<{ override: TriageOverride; by: { id: string; displayName: string } }> {
  const { report, reasonCode } = await loadReportFor(
    ctx,
    ctx.uow.read,
    actor,
    reportId,
    'overrideTriage',
  );
  const facts = (await triageFacts(ctx, ctx.uow.read, [report])).get(report.id);
  const override: TriageOverride = {
    id: ctx.ids.newId(),
    reportId: report.id,
    band: input.band,
    reason: input.reason,
    assessedBand: facts?.assessedBand ?? null,
    by: actor.userId ?? '',
    at: nowIso(ctx),
  };
  await ctx.uow.run(async (repos) => {
    await repos.desk.reports.insertOverride(override);
    if (report.status === 'new')
      await repos.desk.reports.update(report.id, { status: 'in-review', updatedAt: override.at });
    await recordCustodyEvent(repos, ctx.clock, {
      actor: custodyActor(actor),
      action: 'triage-overridden',
      object: `report:${report.ref}`,
      reason: `band-${input.band.toLowerCase()}`,
      details: {
        override: override.id,
        assessedBand: override.assessedBand,
        band: input.band,
        reason: input.reason,
      },
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
  });
  const user = await ctx.uow.read.accounts.users.findById(override.by);
  return { override, by: { id: override.by, displayName: user?.displayName ?? 'unknown user' } };
}
