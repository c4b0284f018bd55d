/**
 * Cases: owned by one officer (transfer is an event); the case page shows exhibits with hash,
 * reference and custody events, selectors, deconfliction hits, tasks, notes, decisions,
 * referrals (to a force or CEOP, recorded as events) and the outcome. A referral for arrest or
 * interview needs a recorded subject-welfare decision first (R53). The first view of a case in
 * a session needs a justification (DPA 2018 s62; R38): `GET /cases/:id` answers 428
 * `JUSTIFICATION_REQUIRED` until `POST /cases/:id/justification` is made.
 *
 * Endpoints (all under `/api/v1`, officers):
 * - `GET  /cases` → {@link CaseList} (the caller's own cases)
 * - `GET  /cases/:id` → {@link CaseDetail}
 * - `POST /cases/:id/justification` {@link JustificationBody} → `Ok`
 * - `POST /cases/:id/notes` {@link NoteBody} → {@link CaseEntry}
 * - `POST /cases/:id/decisions` {@link DecisionBody} → {@link CaseEntry}
 * - `POST /cases/:id/referrals` {@link ReferralBody} → {@link CaseEntry}
 * - `POST /cases/:id/outcome` {@link OutcomeBody} → {@link CaseEntry}
 * - `POST /cases/:id/transfer` {@link TransferBody} → {@link CaseEntry}
 * - `POST /cases/:id/tasks` {@link CreateTaskBody} → `TaskSummary` (tasks.ts)
 * - `POST /cases/:id/evidence` multipart/form-data → {@link CaseEvidenceResponse}
 * - `GET  /staff?role=officer|volunteer` → {@link StaffList} (for transfer and assignment)
 */
import { z } from 'zod';
import { Allowed, Band, Id, PersonRef, Time } from './common.ts';
import { HitView } from './deconfliction.ts';
import { ExhibitWithCustody, SelectorView } from './evidence.ts';
import { TaskSummary, TaskType } from './tasks.ts';

export const CaseStatus = z.enum(['open', 'closed']);
export type CaseStatus = z.infer<typeof CaseStatus>;

/** Case outcomes (issue 5 §5). */
export const Outcome = z.enum([
  'nfa',
  'charged',
  'cautioned',
  'convicted',
  'safeguarding-only',
  'insufficient-evidence',
]);
export type Outcome = z.infer<typeof Outcome>;

export const CaseSummary = z.object({
  id: Id,
  ref: z.string(),
  title: z.string(),
  status: CaseStatus,
  owner: PersonRef,
  createdAt: Time,
  updatedAt: Time,
  outcome: Outcome.nullable(),
  reportCount: z.number().int(),
  openTasks: z.number().int(),
  /** Unacknowledged deconfliction hits on the case's reports. */
  pendingHits: z.number().int(),
});
export type CaseSummary = z.infer<typeof CaseSummary>;

export const CaseList = z.object({ items: z.array(CaseSummary) });
export type CaseList = z.infer<typeof CaseList>;

/** Why the data is being consulted (R38: a case reference plus a reason code). */
export const JustificationReason = z.enum([
  'case-work',
  'deconfliction-check',
  'supervision',
  'disclosure-review',
  'safeguarding',
  'other',
]);
export type JustificationReason = z.infer<typeof JustificationReason>;

export const JustificationBody = z
  .strictObject({ reasonCode: JustificationReason, text: z.string().trim().max(1000).optional() })
  .refine((b) => b.reasonCode !== 'other' || (b.text !== undefined && b.text.length >= 5), {
    message: 'say why, in at least 5 characters, when the reason is "other"',
    path: ['text'],
  });
export type JustificationBody = z.infer<typeof JustificationBody>;

export const SuicideRisk = z.enum(['none-known', 'low', 'medium', 'high', 'unknown']);

/**
 * Decisions. `subject-welfare` is the R53 record: the subject's vulnerability, suicide risk and
 * the safeguarding of others (children in the household, family), and the steps planned
 * (e.g. Stop It Now! signposting, family information pack, mental-health referral).
 */
export const DecisionBody = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('subject-welfare'),
    vulnerability: z.string().trim().min(3).max(4000),
    suicideRisk: SuicideRisk,
    suicideRiskNotes: z.string().trim().max(4000).optional(),
    safeguardingOthers: z.string().trim().min(3).max(4000),
    steps: z.string().trim().min(3).max(4000),
    rationale: z.string().trim().min(3).max(4000),
  }),
  z.strictObject({
    kind: z.literal('general'),
    summary: z.string().trim().min(3).max(1000),
    rationale: z.string().trim().min(3).max(4000),
  }),
]);
export type DecisionBody = z.infer<typeof DecisionBody>;

export const ReferralPurpose = z.enum(['arrest', 'interview', 'safeguarding', 'intelligence']);
export type ReferralPurpose = z.infer<typeof ReferralPurpose>;

/**
 * A referral to a police force or to CEOP (NCA), recorded as an event (R49). `arrest` and
 * `interview` need `welfareDecisionId`: a subject-welfare decision of this case (R53).
 */
export const ReferralBody = z.strictObject({
  recipientType: z.enum(['force', 'ceop']),
  /** The force (or CEOP desk) referred to, as named by the officer. */
  recipientName: z.string().trim().min(2).max(200),
  purpose: ReferralPurpose,
  welfareDecisionId: Id.optional(),
  note: z.string().trim().max(4000).optional(),
});
export type ReferralBody = z.infer<typeof ReferralBody>;

export const OutcomeBody = z.strictObject({
  outcome: Outcome,
  note: z.string().trim().max(4000).optional(),
});
export type OutcomeBody = z.infer<typeof OutcomeBody>;

export const TransferBody = z.strictObject({
  toUserId: Id,
  reason: z.string().trim().min(5).max(2000),
});
export type TransferBody = z.infer<typeof TransferBody>;

export const NoteBody = z.strictObject({ text: z.string().trim().min(1).max(10000) });
export type NoteBody = z.infer<typeof NoteBody>;

export const CreateTaskBody = z.strictObject({
  type: TaskType,
  assigneeId: Id,
  /** The exhibit (an original with a transcript, or a transcript) the task works on. */
  exhibitId: Id,
  instructions: z.string().trim().min(3).max(4000),
  /** The authorisation the task lives under (R3); left out: the live one that covers it. */
  authorisationId: Id.optional(),
});
export type CreateTaskBody = z.infer<typeof CreateTaskBody>;

/** One entry of the case timeline; `body` depends on `kind`. */
export const CaseEntry = z.object({
  id: Id,
  kind: z.enum([
    'opened',
    'report-attached',
    'note',
    'decision',
    'referral',
    'outcome',
    'transfer',
    'evidence-added',
    'task-assigned',
  ]),
  at: Time,
  by: PersonRef,
  body: z.record(z.string(), z.unknown()),
});
export type CaseEntry = z.infer<typeof CaseEntry>;

export const CaseDetail = CaseSummary.extend({
  reports: z.array(z.object({ id: Id, ref: z.string(), receivedAt: Time, band: Band.nullable() })),
  exhibits: z.array(ExhibitWithCustody),
  selectors: z.array(SelectorView),
  deconfliction: z.array(HitView),
  tasks: z.array(TaskSummary),
  timeline: z.array(CaseEntry),
  /** Subject-welfare decisions (R53) that a referral for arrest or interview can cite. */
  welfareDecisions: z.array(z.object({ id: Id, at: Time })),
  justification: z.object({ reasonCode: JustificationReason, at: Time }),
  allowed: Allowed,
});
export type CaseDetail = z.infer<typeof CaseDetail>;

export const CaseEvidenceResponse = z.object({
  exhibits: z.array(
    z.object({
      id: Id,
      ref: z.string(),
      name: z.string(),
      sha256: z.string(),
      sizeBytes: z.number().int(),
      status: z.string(),
    }),
  ),
});
export type CaseEvidenceResponse = z.infer<typeof CaseEvidenceResponse>;

export const StaffQuery = z.object({ role: z.enum(['officer', 'volunteer']) });
export const StaffList = z.object({
  items: z.array(z.object({ id: Id, displayName: z.string(), role: z.string() })),
});
export type StaffList = z.infer<typeof StaffList>;
