/**
 * Opening a case from a queued report (the officer becomes its owner), or attaching a queued
 * report to a case the officer owns. The report's exhibits join the case; deconfliction runs
 * again now that the report is in a case (both directions), and the owner hears of hits found
 * before. One unit of work, with `case-opened` and `attached` custody events.
 */
import { formatCaseRef } from '../../core/cases/refs.ts';
import type { Case, Report } from '../../core/cases/types.ts';
import { authorize } from '../../policies/authorize.ts';
import type { Repositories } from '../../ports/repositories.ts';
import { recordAccess } from '../access-log/record-access.ts';
import { caseSummary, type CaseSummaryView } from '../cases/case-summary.ts';
import { recordCustodyEvent } from '../custody/record-custody-event.ts';
import { deconflictReport, notifyNewOwnerOfHits } from '../deconfliction/run-deconfliction.ts';
import { assignRetentionClass, moveReportMaterialToCase } from '../retention/retention-support.ts';
import type { DeskActor, DeskContext } from '../desk-context.ts';
import {
  accessActor,
  caseResource,
  custodyActor,
  notFound,
  nowIso,
  reportResource,
} from '../desk-support.ts';

async function joinCase(
  ctx: DeskContext,
  repos: Repositories,
  actor: DeskActor,
  report: Report,
  kase: Case,
): Promise<void> {
  const now = nowIso(ctx);
  await repos.desk.reports.update(report.id, {
    caseId: kase.id,
    status: 'in-case',
    updatedAt: now,
  });
  await repos.desk.reports.moveSelectorsToCase(report.id, kase.id);
  await repos.desk.cases.assignExhibits(kase.id, await repos.desk.reports.exhibitIds(report.id));
  await repos.desk.cases.insertEntry({
    id: ctx.ids.newId(),
    caseId: kase.id,
    at: now,
    by: actor.userId ?? '',
    body: { kind: 'report-attached', reportId: report.id, reportRef: report.ref },
  });
  await recordCustodyEvent(repos, ctx.clock, {
    actor: custodyActor(actor),
    action: 'attached',
    object: `report:${report.ref}`,
    reason: 'to-case',
    details: { case: kase.ref },
  });
  await recordAccess(repos, ctx.clock, {
    ...accessActor(actor),
    action: 'change',
    objectType: 'report',
    objectId: report.id,
    objectRef: report.ref,
    caseId: kase.id,
    reasonCode: 'case-work',
  });
  const joined: Report = { ...report, caseId: kase.id, status: 'in-case' };
  await deconflictReport(ctx, repos, joined, custodyActor(actor));
  await notifyNewOwnerOfHits(ctx, repos, joined, kase.id);
}

/**
 * Opens a case owned by the actor from a queued report.
 * @throws CustosError `REPORT_NOT_FOUND`, `POLICY_DENIED` (not an officer; report already in a case or closed).
 */
export async function createCaseFromReport(
  ctx: DeskContext,
  actor: DeskActor,
  reportId: string,
  input: { title: string },
): Promise<CaseSummaryView> {
  const report = await ctx.uow.read.desk.reports.findById(reportId);
  if (!report) throw notFound('REPORT_NOT_FOUND', `report ${reportId}`);
  authorize(actor, 'createCase', await reportResource(ctx.uow.read, report));
  const summary = await ctx.uow.run(async (repos) => {
    const now = nowIso(ctx);
    const year = Number(now.slice(0, 4));
    const kase: Case = {
      id: ctx.ids.newId(),
      ref: formatCaseRef(year, await repos.desk.counters.next(`case-${year}`)),
      title: input.title,
      status: 'open',
      ownerId: actor.userId ?? '',
      createdBy: actor.userId ?? '',
      createdAt: now,
      updatedAt: now,
      outcome: null,
    };
    await repos.desk.cases.insert(kase);
    await repos.desk.cases.insertEntry({
      id: ctx.ids.newId(),
      caseId: kase.id,
      at: now,
      by: kase.ownerId,
      body: { kind: 'opened', title: input.title, fromReport: report.ref },
    });
    await recordCustodyEvent(repos, ctx.clock, {
      actor: custodyActor(actor),
      action: 'case-opened',
      object: `case:${kase.ref}`,
      reason: 'from-report',
      details: { report: report.ref, owner: `user:${kase.ownerId}` },
    });
    await assignRetentionClass(repos, kase, 'pending-outcome', now, 'system');
    await joinCase(ctx, repos, actor, report, kase);
    return caseSummary(repos, kase);
  });
  await moveReportMaterialToCase(ctx.uow.read, ctx.blobs, report.id, summary.id);
  return summary;
}

/**
 * Attaches a queued report to a case the actor owns.
 * @throws CustosError `REPORT_NOT_FOUND`, `CASE_NOT_FOUND`, `POLICY_DENIED`.
 */
export async function attachReportToCase(
  ctx: DeskContext,
  actor: DeskActor,
  reportId: string,
  caseId: string,
): Promise<CaseSummaryView> {
  const report = await ctx.uow.read.desk.reports.findById(reportId);
  if (!report) throw notFound('REPORT_NOT_FOUND', `report ${reportId}`);
  const kase = await ctx.uow.read.desk.cases.findById(caseId);
  if (!kase) throw notFound('CASE_NOT_FOUND', `case ${caseId}`);
  authorize(actor, 'attachToCase', await reportResource(ctx.uow.read, report));
  authorize(actor, 'attachReport', caseResource(kase));
  const summary = await ctx.uow.run(async (repos) => {
    await joinCase(ctx, repos, actor, report, kase);
    await repos.desk.cases.update(kase.id, { updatedAt: nowIso(ctx) });
    return caseSummary(repos, kase);
  });
  // The case holds the report's bytes now (docs/retention.md, "Holders").
  await moveReportMaterialToCase(ctx.uow.read, ctx.blobs, report.id, kase.id);
  return summary;
}

/**
 * Closes a queued report without a case (no further action at triage), with the reason.
 * @throws CustosError `REPORT_NOT_FOUND`, `POLICY_DENIED`.
 */
export async function closeReport(
  ctx: DeskContext,
  actor: DeskActor,
  reportId: string,
  input: { reason: string },
): Promise<void> {
  const report = await ctx.uow.read.desk.reports.findById(reportId);
  if (!report) throw notFound('REPORT_NOT_FOUND', `report ${reportId}`);
  authorize(actor, 'close', await reportResource(ctx.uow.read, report));
  await ctx.uow.run(async (repos) => {
    await repos.desk.reports.update(report.id, {
      status: 'closed',
      closedReason: input.reason,
      uploadTokenHash: null,
      updatedAt: nowIso(ctx),
    });
    await recordCustodyEvent(repos, ctx.clock, {
      actor: custodyActor(actor),
      action: 'decided',
      object: `report:${report.ref}`,
      reason: 'report-closed',
      details: { reason: input.reason },
    });
    await recordAccess(repos, ctx.clock, {
      ...accessActor(actor),
      action: 'change',
      objectType: 'report',
      objectId: report.id,
      objectRef: report.ref,
      reasonCode: 'triage',
    });
  });
}
