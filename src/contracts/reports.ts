/**
 * The officer desk's report side: the queue (sorted by triage band, score and waiting time, with
 * a target timer per band), a report page with its evidence, transcript and assessment, the
 * triage override (band + reason, stored beside the assessment, never replacing it), creating a
 * case from a report or attaching it to one, closing a report without a case.
 *
 * Endpoints (all under `/api/v1`, officers):
 * - `GET  /queue` → {@link QueueResponse}
 * - `GET  /reports/:id` → {@link ReportDetail}
 * - `GET  /reports/:id/transcript?exhibitId=` → `TranscriptView` (evidence.ts)
 * - `POST /reports/:id/triage-override` {@link TriageOverrideBody} → {@link TriageOverride}
 * - `POST /reports/:id/case` {@link CreateCaseBody} → `CaseSummary` (cases.ts)
 * - `POST /reports/:id/attach` {@link AttachReportBody} → `CaseSummary`
 * - `POST /reports/:id/close` {@link CloseReportBody} → {@link ReportDetail}
 * - `POST /reports/:id/deconfliction/:hitId/acknowledge` → `HitView` (deconfliction.ts)
 */
import { z } from 'zod';
import { Allowed, Band, Id, PersonRef, Time } from './common.ts';
import { HitView } from './deconfliction.ts';
import { AssessmentView, ExhibitSummary, SelectorView } from './evidence.ts';
import { ContactDetails, DangerAnswer, Platform, ReporterRelation } from './public-reports.ts';

/** Band used for timers when a report has no assessment yet. */
export const TargetKey = z.enum(['IMMINENT', 'HIGH', 'MEDIUM', 'LOW', 'NONE', 'UNASSESSED']);
export type TargetKey = z.infer<typeof TargetKey>;

/** Minutes from receipt to first officer action, per band (configurable by an admin, R52). */
export const QueueTargets = z.record(
  TargetKey,
  z
    .number()
    .int()
    .min(1)
    .max(60 * 24 * 60),
);
export type QueueTargets = z.infer<typeof QueueTargets>;

export const ReportStatus = z.enum(['new', 'in-review', 'in-case', 'closed']);
export type ReportStatus = z.infer<typeof ReportStatus>;

export const DeconflictionState = z.enum(['none', 'hit', 'acknowledged']);

export const QueueItem = z.object({
  id: Id,
  ref: z.string(),
  status: ReportStatus,
  receivedAt: Time,
  waitingMinutes: z.number().int(),
  dangerNow: DangerAnswer,
  platform: Platform,
  childAge: z.number().int().nullable(),
  evidenceCount: z.number().int(),
  /** The band the queue sorts by: the override when there is one, else the assessment's. Null: not assessed. */
  band: Band.nullable(),
  score: z.number().nullable(),
  assessedBand: Band.nullable(),
  overrideBand: Band.nullable(),
  target: z.object({
    key: TargetKey,
    minutes: z.number().int(),
    dueAt: Time,
    overdue: z.boolean(),
  }),
  deconfliction: z.object({ state: DeconflictionState, hits: z.number().int() }),
  caseRef: z.string().nullable(),
});
export type QueueItem = z.infer<typeof QueueItem>;

export const QueueResponse = z.object({
  items: z.array(QueueItem),
  targets: QueueTargets,
  generatedAt: Time,
});
export type QueueResponse = z.infer<typeof QueueResponse>;

export const TriageOverride = z.object({
  id: Id,
  band: Band,
  reason: z.string(),
  /** The assessment's band at the time of the override (null when there was none). */
  assessedBand: Band.nullable(),
  by: PersonRef,
  at: Time,
});
export type TriageOverride = z.infer<typeof TriageOverride>;

export const ReportDetail = z.object({
  id: Id,
  ref: z.string(),
  status: ReportStatus,
  receivedAt: Time,
  updatedAt: Time,
  source: z.enum(['public', 'staff']),
  dangerNow: DangerAnswer,
  whatHappened: z.string(),
  platform: Platform,
  platformOther: z.string().nullable(),
  otherPersonIdentifiers: z.array(z.string()),
  childAge: z.number().int().nullable(),
  reporterRelation: ReporterRelation.nullable(),
  contact: ContactDetails.nullable(),
  closedReason: z.string().nullable(),
  evidence: z.array(ExhibitSummary),
  assessment: AssessmentView.nullable(),
  /** Overrides, newest first; the first is in force. */
  overrides: z.array(TriageOverride),
  selectors: z.array(SelectorView),
  deconfliction: z.object({ state: DeconflictionState, hits: z.array(HitView) }),
  case: z.object({ id: Id, ref: z.string(), owner: PersonRef }).nullable(),
  target: QueueItem.shape.target,
  allowed: Allowed,
});
export type ReportDetail = z.infer<typeof ReportDetail>;

export const TranscriptQuery = z.object({ exhibitId: z.string().min(1).max(64).optional() });
export type TranscriptQuery = z.infer<typeof TranscriptQuery>;

export const TriageOverrideBody = z.strictObject({
  band: Band,
  reason: z.string().trim().min(10).max(2000),
});
export type TriageOverrideBody = z.infer<typeof TriageOverrideBody>;

export const CreateCaseBody = z.strictObject({ title: z.string().trim().min(3).max(200) });
export type CreateCaseBody = z.infer<typeof CreateCaseBody>;

export const AttachReportBody = z.strictObject({ caseId: Id });
export type AttachReportBody = z.infer<typeof AttachReportBody>;

export const CloseReportBody = z.strictObject({ reason: z.string().trim().min(10).max(2000) });
export type CloseReportBody = z.infer<typeof CloseReportBody>;
