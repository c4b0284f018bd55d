/** The officer queue and report pages (`src/contracts/reports.ts`, `deconfliction.ts`). */
import { CaseSummary } from '../../../contracts/cases.ts';
import { IdParams } from '../../../contracts/common.ts';
import { AcknowledgeHitBody, HitParams, HitView } from '../../../contracts/deconfliction.ts';
import { TranscriptView } from '../../../contracts/evidence.ts';
import {
  AttachReportBody,
  CloseReportBody,
  CreateCaseBody,
  QueueResponse,
  ReportDetail,
  TranscriptQuery,
  TriageOverride,
  TriageOverrideBody,
} from '../../../contracts/reports.ts';
import { acknowledgeHit } from '../../../usecases/reports/acknowledge-hit.ts';
import {
  attachReportToCase,
  closeReport,
  createCaseFromReport,
} from '../../../usecases/reports/create-case.ts';
import { listQueue } from '../../../usecases/reports/list-queue.ts';
import { overrideTriage } from '../../../usecases/reports/override-triage.ts';
import { viewReport } from '../../../usecases/reports/view-report.ts';
import { viewReportTranscript } from '../../../usecases/reports/view-transcript.ts';
import { actorOf } from '../request-context.ts';
import type { DeskApp, RouteDeps } from '../types.ts';

export function registerReportRoutes(app: DeskApp, { ctx }: RouteDeps): void {
  const tags = ['officer desk'];
  app.get('/queue', { schema: { tags, response: { 200: QueueResponse } } }, async (req) =>
    QueueResponse.parse(await listQueue(ctx, actorOf(req))),
  );

  app.get(
    '/reports/:id',
    { schema: { tags, params: IdParams, response: { 200: ReportDetail } } },
    async (req) => ReportDetail.parse(await viewReport(ctx, actorOf(req), req.params.id)),
  );

  app.get(
    '/reports/:id/transcript',
    {
      schema: {
        tags,
        params: IdParams,
        querystring: TranscriptQuery,
        response: { 200: TranscriptView },
      },
    },
    async (req) =>
      TranscriptView.parse(
        await viewReportTranscript(ctx, actorOf(req), req.params.id, req.query.exhibitId),
      ),
  );

  app.post(
    '/reports/:id/triage-override',
    {
      schema: {
        tags,
        params: IdParams,
        body: TriageOverrideBody,
        response: { 200: TriageOverride },
      },
    },
    async (req) => {
      const { override, by } = await overrideTriage(ctx, actorOf(req), req.params.id, req.body);
      return {
        id: override.id,
        band: override.band,
        reason: override.reason,
        assessedBand: override.assessedBand,
        by,
        at: override.at,
      };
    },
  );

  app.post(
    '/reports/:id/case',
    { schema: { tags, params: IdParams, body: CreateCaseBody, response: { 200: CaseSummary } } },
    async (req) =>
      CaseSummary.parse(await createCaseFromReport(ctx, actorOf(req), req.params.id, req.body)),
  );

  app.post(
    '/reports/:id/attach',
    { schema: { tags, params: IdParams, body: AttachReportBody, response: { 200: CaseSummary } } },
    async (req) =>
      CaseSummary.parse(
        await attachReportToCase(ctx, actorOf(req), req.params.id, req.body.caseId),
      ),
  );

  app.post(
    '/reports/:id/close',
    { schema: { tags, params: IdParams, body: CloseReportBody, response: { 200: ReportDetail } } },
    async (req) => {
      await closeReport(ctx, actorOf(req), req.params.id, req.body);
      return ReportDetail.parse(await viewReport(ctx, actorOf(req), req.params.id));
    },
  );

  app.post(
    '/reports/:id/deconfliction/:hitId/acknowledge',
    { schema: { tags, params: HitParams, body: AcknowledgeHitBody, response: { 200: HitView } } },
    async (req) =>
      HitView.parse(
        await acknowledgeHit(ctx, actorOf(req), req.params.id, req.params.hitId, req.body),
      ),
  );
}
