/** The public report form: submit, upload evidence, check status by receipt (`src/contracts/public-reports.ts`). */
import { IdParams } from '../../../contracts/common.ts';
import {
  DANGER_GUIDANCE,
  EvidenceUploadResponse,
  ReceiptStatus,
  ReceiptStatusBody,
  SubmitReportBody,
  SubmitReportResponse,
  UPLOAD_TOKEN_HEADER,
} from '../../../contracts/public-reports.ts';
import { checkReportStatus } from '../../../usecases/intake/check-report-status.ts';
import {
  addReportEvidence,
  authorizeReportUpload,
} from '../../../usecases/intake/report-evidence.ts';
import { submitReport } from '../../../usecases/intake/submit-report.ts';
import { API_PREFIX } from '../../../contracts/common.ts';
import { eachUploadedFile } from '../multipart.ts';
import type { DeskApp, RouteDeps } from '../types.ts';

export function registerPublicReportRoutes(app: DeskApp, { ctx, config }: RouteDeps): void {
  const limit = { max: config.publicRateLimit, timeWindow: 60_000 };

  app.post(
    '/public/reports',
    {
      config: { access: 'public', rateLimit: limit },
      schema: { tags: ['public'], body: SubmitReportBody, response: { 200: SubmitReportResponse } },
    },
    async (req) => {
      const r = await submitReport(ctx, req.body);
      return {
        reportRef: r.report.ref,
        reportId: r.report.id,
        receiptCode: r.receiptCode,
        upload: {
          url: `${API_PREFIX}/public/reports/${r.report.id}/evidence`,
          token: r.uploadToken,
          expiresAt: r.report.uploadExpiresAt ?? r.report.receivedAt,
          maxFileBytes: ctx.config.maxFileBytes,
          maxFiles: ctx.config.maxFilesPerReport,
        },
        danger: { callNow: r.callNow, guidance: DANGER_GUIDANCE },
      };
    },
  );

  app.post(
    '/public/reports/:id/evidence',
    {
      config: { access: 'public', rateLimit: limit },
      schema: { tags: ['public'], params: IdParams, response: { 200: EvidenceUploadResponse } },
    },
    async (req) => {
      const header = req.headers[UPLOAD_TOKEN_HEADER];
      const report = await authorizeReportUpload(
        ctx,
        req.params.id,
        Array.isArray(header) ? header[0] : header,
      );
      const files = await eachUploadedFile(req, (file) => addReportEvidence(ctx, report, file));
      return {
        files: files.map((f) => ({ name: f.name, sizeBytes: f.sizeBytes, sha256: f.sha256 })),
      };
    },
  );

  app.post(
    '/public/reports/status',
    {
      config: { access: 'public', rateLimit: limit },
      schema: { tags: ['public'], body: ReceiptStatusBody, response: { 200: ReceiptStatus } },
    },
    async (req) => checkReportStatus(ctx, req.body.receiptCode),
  );
}
