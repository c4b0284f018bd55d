/**
 * Retention review (issue 7 §4; R46; docs/retention.md). An officer sees the cases they own that
 * are due for review, a case's retention class and review date with what disposal would destroy,
 * and records a decision: retain with a new review date, or dispose of the material (it is
 * crypto-shredded; tombstones in the custody log keep the hashes).
 *
 * Endpoints (all under `/api/v1`, officers):
 * - `GET  /retention/reviews` → {@link RetentionReviewList} (the caller's cases due, or due within 30 days)
 * - `GET  /retention/classes` → {@link RetentionClassList}
 * - `GET  /cases/:id/retention` → {@link CaseRetention} (the owning officer)
 * - `POST /cases/:id/retention` {@link RetentionDecisionBody} → {@link RetentionDecision}
 */
import { z } from 'zod';
import { Allowed, Id, PersonRef, Time } from './common.ts';

/** Retention classes ([config] review periods; legacy MoPI groups). */
export const RetentionClassId = z.enum([
  'pending-outcome',
  'charged',
  'mopi-1',
  'mopi-2',
  'mopi-3',
  'nfa',
  'safeguarding-only',
]);
export type RetentionClassId = z.infer<typeof RetentionClassId>;

export const RetainReason = z.enum([
  'investigation-ongoing',
  'proceedings-or-appeal',
  'public-protection',
  'linked-intelligence',
  'other-policing-purpose',
]);
export type RetainReason = z.infer<typeof RetainReason>;

export const DisposeReason = z.enum(['no-longer-necessary', 'retention-period-ended']);
export type DisposeReason = z.infer<typeof DisposeReason>;

/** A calendar date, `YYYY-MM-DD`. */
export const DateOnly = z.iso.date();

const CaseStatus = z.enum(['open', 'closed']);
const Outcome = z
  .enum(['nfa', 'charged', 'cautioned', 'convicted', 'safeguarding-only', 'insufficient-evidence'])
  .nullable();

export const RetentionClassView = z.object({
  id: RetentionClassId,
  label: z.string(),
  reviewMonths: z.number().int(),
});
export type RetentionClassView = z.infer<typeof RetentionClassView>;

export const RetentionClassList = z.object({ items: z.array(RetentionClassView) });
export type RetentionClassList = z.infer<typeof RetentionClassList>;

export const RetentionReviewItem = z.object({
  caseId: Id,
  caseRef: z.string(),
  title: z.string(),
  status: CaseStatus,
  outcome: Outcome,
  retentionClass: RetentionClassId,
  classLabel: z.string(),
  reviewDue: DateOnly,
  due: z.boolean(),
  /** Days past the review date (negative: days to go). */
  overdueDays: z.number().int(),
});
export type RetentionReviewItem = z.infer<typeof RetentionReviewItem>;

export const RetentionReviewList = z.object({
  today: DateOnly,
  items: z.array(RetentionReviewItem),
});
export type RetentionReviewList = z.infer<typeof RetentionReviewList>;

export const RetentionDecision = z.object({
  id: Id,
  decision: z.enum(['retain', 'dispose']),
  reasonCode: z.string(),
  rationale: z.string(),
  retentionClass: z.string(),
  reviewDue: DateOnly,
  nextReview: DateOnly.nullable(),
  decidedBy: PersonRef,
  decidedAt: Time,
  /** Dispose: when the keys were destroyed. */
  shreddedAt: Time.nullable(),
  /** Dispose: what was erased and destroyed (counts). */
  summary: z.record(z.string(), z.unknown()).nullable(),
});
export type RetentionDecision = z.infer<typeof RetentionDecision>;

export const DisposalExhibit = z.object({
  ref: z.string(),
  kind: z.string(),
  sha256: z.string(),
  sizeBytes: z.number().int(),
  status: z.string(),
  /** Other holders (cases, reports, intake) that keep these bytes after this disposal. */
  keptFor: z.number().int(),
});
export type DisposalExhibit = z.infer<typeof DisposalExhibit>;

export const CaseRetention = z.object({
  caseId: Id,
  caseRef: z.string(),
  title: z.string(),
  status: CaseStatus,
  outcome: Outcome,
  today: DateOnly,
  retentionClass: RetentionClassId,
  classLabel: z.string(),
  reviewDue: DateOnly,
  due: z.boolean(),
  disposedAt: Time.nullable(),
  /** `view`, `retain`, `dispose` as the policy allows. */
  allowed: Allowed,
  classes: z.array(RetentionClassView),
  retainReasons: z.array(RetainReason),
  disposeReasons: z.array(DisposeReason),
  decisions: z.array(RetentionDecision),
  disposal: z.object({
    exhibits: z.array(DisposalExhibit),
    reports: z.number().int(),
    tasks: z.number().int(),
    timelineEntries: z.number().int(),
  }),
});
export type CaseRetention = z.infer<typeof CaseRetention>;

/**
 * The decision. Retain: a reason, the rationale and the next review date (after today, at most ten
 * years ahead), optionally a new class. Dispose: a reason, the rationale, the case reference typed
 * again, and the officer's confirmation that the CPIA retention period has ended.
 */
export const RetentionDecisionBody = z.discriminatedUnion('decision', [
  z.strictObject({
    decision: z.literal('retain'),
    reasonCode: RetainReason,
    rationale: z.string().trim().min(10).max(4000),
    nextReview: DateOnly,
    retentionClass: RetentionClassId.optional(),
  }),
  z.strictObject({
    decision: z.literal('dispose'),
    reasonCode: DisposeReason,
    rationale: z.string().trim().min(10).max(4000),
    confirmCaseRef: z.string().trim().min(1).max(40),
    cpiaPeriodEnded: z.boolean(),
  }),
]);
export type RetentionDecisionBody = z.infer<typeof RetentionDecisionBody>;
