/**
 * The report page: what the reporter said, the evidence, the stored assessment and overrides,
 * selectors, deconfliction hits (pointers), the case it is in, the timer, and what the officer
 * may do. Opening a queued report marks it `in-review`; every view is logged (reason `triage`,
 * or the case justification once it is in a case).
 */
import type { Report } from '../../core/cases/types.ts';
import { allowedActions, authorize, can } from '../../policies/authorize.ts';
import type { Repositories } from '../../ports/repositories.ts';
import { recordAccess } from '../access-log/record-access.ts';
import { requireJustification } from '../cases/justification.ts';
import type { DeskActor, DeskContext } from '../desk-context.ts';
import {
  accessActor,
  notFound,
  nowIso,
  people,
  personOf,
  reportResource,
} from '../desk-support.ts';
import { timerOf, triageFacts } from './list-queue.ts';
import { loadQueueTargets } from './queue-targets.ts';
import {
  assessmentView,
  bestAssessment,
  caseRefOf,
  exhibitView,
  hitViews,
  reportExhibits,
  selectorViews,
} from './views.ts';

/**
 * Loads a report the actor may see and the justification that covers it.
 * @throws CustosError `REPORT_NOT_FOUND`, `POLICY_DENIED`, `JUSTIFICATION_REQUIRED`.
 */
export async function loadReportFor(
  ctx: DeskContext,
  repos: Repositories,
  actor: DeskActor,
  reportId: string,
  action: 'view' | 'viewTranscript' | 'overrideTriage' | 'acknowledgeHit',
) {
  const report = await repos.desk.reports.findById(reportId);
  if (!report) throw notFound('REPORT_NOT_FOUND', `report ${reportId}`);
  const resource = await reportResource(repos, report);
  authorize(actor, action, resource);
  const justification = resource.kase
    ? await requireJustification(repos, actor, resource.kase)
    : null;
  return { report, resource, justification, reasonCode: justification?.reasonCode ?? 'triage' };
}

export async function viewReport(ctx: DeskContext, actor: DeskActor, reportId: string) {
  const repos = ctx.uow.read;
  const {
    report: loaded,
    resource,
    reasonCode,
  } = await loadReportFor(ctx, repos, actor, reportId, 'view');
  let report: Report = loaded;
  if (report.status === 'new') {
    const now = nowIso(ctx);
    await ctx.uow.run((w) =>
      w.desk.reports.update(report.id, { status: 'in-review', updatedAt: now }),
    );
    report = { ...report, status: 'in-review', updatedAt: now };
  }
  const exhibits = await reportExhibits(repos, report.id);
  const assessments = await ctx.triage.assessmentsFor(
    repos,
    exhibits.map((e) => e.id),
  );
  const facts = (await triageFacts(ctx, repos, [report])).get(report.id) ?? {
    assessedBand: null,
    score: null,
    overrideBand: null,
  };
  const overrides = await repos.desk.reports.overridesOf([report.id]);
  const names = await people(
    repos,
    overrides.map((o) => o.by),
  );
  const unmasked = can(actor, 'viewUnmasked', {
    type: 'selector',
    caseOwnerId: resource.caseOwnerId,
    viaTask: null,
  });
  const hits = await repos.desk.deconfliction.listByReports([report.id]);
  const incoming = report.caseId
    ? (await repos.desk.deconfliction.listByOtherCase(report.caseId)).filter(
        (h) => h.otherReportId === report.id,
      )
    : [];
  const mayAck = can(actor, 'acknowledgeHit', resource);
  const view = {
    id: report.id,
    ref: report.ref,
    status: report.status,
    receivedAt: report.receivedAt,
    updatedAt: report.updatedAt,
    source: report.source,
    dangerNow: report.dangerNow,
    whatHappened: report.whatHappened,
    platform: report.platform,
    platformOther: report.platformOther,
    otherPersonIdentifiers: [...report.identifiers],
    childAge: report.childAge,
    reporterRelation: report.reporterRelation,
    contact: report.contact,
    closedReason: report.closedReason,
    evidence: await Promise.all(exhibits.map((e) => exhibitView(repos, e))),
    assessment: await assessmentView(repos, bestAssessment(assessments.values())),
    overrides: overrides.map((o) => ({
      id: o.id,
      band: o.band,
      reason: o.reason,
      assessedBand: o.assessedBand,
      by: personOf(names, o.by),
      at: o.at,
    })),
    selectors: await selectorViews(
      repos,
      await repos.desk.reports.selectorsOf([report.id]),
      unmasked,
    ),
    deconfliction: {
      state: report.deconfliction,
      hits: await hitViews(repos, [...hits, ...incoming], new Set([report.id]), {
        unmasked,
        canAcknowledge: (rid) => rid === report.id && mayAck,
      }),
    },
    case: await caseRefOf(repos, report),
    target: timerOf(report, facts, await loadQueueTargets(repos), ctx.clock.now()),
    allowed: allowedActions(actor, resource),
  };
  await ctx.uow.run((w) =>
    recordAccess(w, ctx.clock, {
      ...accessActor(actor),
      action: 'consult',
      objectType: 'report',
      objectId: report.id,
      objectRef: report.ref,
      caseId: report.caseId,
      reasonCode,
    }),
  );
  return view;
}
