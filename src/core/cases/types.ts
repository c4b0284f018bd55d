/**
 * Records of the desk: reports from the public, cases owned by one officer, their timeline,
 * volunteer tasks and their annotations and timed views, deconfliction hits and notifications.
 * Times are ISO-8601 UTC strings; ids opaque.
 */
import type { Band } from '../triage/types.ts';
import type { Outcome, ReferralPurpose } from './referral.ts';
import type { TaskType } from './task-types.ts';

export type ReportStatus = 'new' | 'in-review' | 'in-case' | 'closed';
export type DangerAnswer = 'yes' | 'no' | 'unsure';
export type DeconflictionState = 'none' | 'hit' | 'acknowledged';

export interface ContactDetails {
  readonly name?: string;
  readonly email?: string;
  readonly phone?: string;
}

export interface Report {
  readonly id: string;
  /** `R-2026-0001`. */
  readonly ref: string;
  /** SHA-256 (hex) of the canonical receipt code. */
  readonly receiptHash: string;
  readonly status: ReportStatus;
  /** `public` (the report form) or `staff` (entered by an officer). */
  readonly source: 'public' | 'staff';
  readonly receivedAt: string;
  readonly updatedAt: string;
  readonly dangerNow: DangerAnswer;
  readonly whatHappened: string;
  readonly platform: string;
  readonly platformOther: string | null;
  /** The other person's identifiers, as typed. */
  readonly identifiers: readonly string[];
  readonly childAge: number | null;
  readonly reporterRelation: string | null;
  readonly contact: ContactDetails | null;
  readonly caseId: string | null;
  readonly closedReason: string | null;
  /** SHA-256 (hex) of the upload token; null once it can no longer be used. */
  readonly uploadTokenHash: string | null;
  readonly uploadExpiresAt: string | null;
  readonly uploadFiles: number;
  readonly uploadBytes: number;
  readonly deconfliction: DeconflictionState;
}

/** A selector held for deconfliction: typed by the reporter or extracted from an exhibit. */
export interface ReportSelector {
  readonly id: string;
  readonly reportId: string;
  readonly kind: string;
  readonly matchKey: string;
  readonly value: string;
  readonly source: 'reported' | 'extracted';
  readonly exhibitId: string | null;
  readonly messageIndex: number | null;
}

/** An officer's triage override: beside the assessment, never replacing it. */
export interface TriageOverride {
  readonly id: string;
  readonly reportId: string;
  readonly band: Band;
  readonly reason: string;
  readonly assessedBand: Band | null;
  readonly by: string;
  readonly at: string;
}

export type CaseStatus = 'open' | 'closed';

export interface Case {
  readonly id: string;
  /** `C-2026-0001`. */
  readonly ref: string;
  readonly title: string;
  readonly status: CaseStatus;
  readonly ownerId: string;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly outcome: Outcome | null;
}

/** Bodies of the case timeline's entries, by kind. */
export type CaseEntryBody =
  | { readonly kind: 'opened'; readonly title: string; readonly fromReport: string | null }
  | { readonly kind: 'report-attached'; readonly reportId: string; readonly reportRef: string }
  | { readonly kind: 'note'; readonly text: string }
  | {
      readonly kind: 'decision';
      readonly decision: 'subject-welfare';
      readonly vulnerability: string;
      readonly suicideRisk: string;
      readonly suicideRiskNotes: string | null;
      readonly safeguardingOthers: string;
      readonly steps: string;
      readonly rationale: string;
    }
  | {
      readonly kind: 'decision';
      readonly decision: 'general';
      readonly summary: string;
      readonly rationale: string;
    }
  | {
      readonly kind: 'referral';
      readonly recipientType: 'force' | 'ceop';
      readonly recipientName: string;
      readonly purpose: ReferralPurpose;
      readonly welfareDecisionId: string | null;
      readonly note: string | null;
    }
  | { readonly kind: 'outcome'; readonly outcome: Outcome; readonly note: string | null }
  | {
      readonly kind: 'transfer';
      readonly fromUserId: string;
      readonly toUserId: string;
      readonly reason: string;
    }
  | { readonly kind: 'evidence-added'; readonly exhibitRefs: readonly string[] }
  | {
      readonly kind: 'task-assigned';
      readonly taskId: string;
      readonly type: TaskType;
      readonly assigneeId: string;
    };

export type CaseEntryKind = CaseEntryBody['kind'];

export interface CaseEntry {
  readonly id: string;
  readonly caseId: string;
  readonly at: string;
  readonly by: string;
  readonly body: CaseEntryBody;
}

export interface CaseJustification {
  readonly sessionId: string;
  readonly caseId: string;
  readonly reasonCode: string;
  readonly text: string | null;
  readonly at: string;
}

export type TaskStatus = 'assigned' | 'in-progress' | 'done' | 'cancelled';

export interface Task {
  readonly id: string;
  readonly caseId: string;
  readonly reportId: string | null;
  /** The exhibit the task works on (an original with a transcript, or a transcript). */
  readonly exhibitId: string;
  readonly type: TaskType;
  readonly instructions: string;
  readonly assigneeId: string;
  readonly assignedBy: string;
  readonly status: TaskStatus;
  readonly summary: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** A derived record about one transcript line; it never changes the exhibit. */
export interface Annotation {
  readonly id: string;
  readonly taskId: string;
  readonly exhibitId: string;
  readonly messageIndex: number;
  readonly span: readonly [number, number] | null;
  readonly label: string;
  readonly note: string;
  readonly authorId: string;
  readonly createdAt: string;
}

/** One timed page view of task material (R59 exposure). */
export interface TaskView {
  readonly id: string;
  readonly taskId: string;
  readonly userId: string;
  readonly startedAt: string;
  readonly lastBeatAt: string;
  readonly endedAt: string | null;
  readonly durationMs: number;
}

export interface DeconflictionHit {
  readonly id: string;
  readonly reportId: string;
  readonly selectorId: string;
  readonly otherCaseId: string;
  readonly otherReportId: string;
  readonly otherSelectorId: string;
  readonly matchType: 'exact' | 'near';
  readonly similarity: number;
  readonly explanation: string;
  readonly createdAt: string;
  readonly acknowledgedBy: string | null;
  readonly acknowledgedAt: string | null;
  readonly note: string | null;
}

export type NotificationKind =
  | 'deconfliction-hit'
  | 'task-assigned'
  | 'case-transferred'
  | 'task-unblocked'
  // The volunteer programme (issue 6).
  | 'application-received'
  | 'vetting-expiring'
  | 'training-expiring'
  | 'access-suspended'
  | 'stop-now'
  | 'welfare-flag'
  | 'debrief-due';

export interface Notification {
  readonly id: string;
  readonly userId: string;
  readonly kind: NotificationKind;
  readonly at: string;
  readonly title: string;
  readonly link: {
    /** `member`: a member's record (managers); `own-record`: the volunteer's own programme record; `welfare`: the welfare page; `debriefs`: shifts waiting for a debrief (officers). */
    readonly type: 'report' | 'case' | 'task' | 'member' | 'own-record' | 'welfare' | 'debriefs';
    readonly id: string;
  };
  readonly readAt: string | null;
}
