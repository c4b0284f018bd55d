/** Reports in the officer queue. Only officers see or decide anything about them. */
import type { Policy } from './policy.ts';
import { isOfficer, isSelf } from './roles.ts';

export interface ReportResource {
  readonly type: 'report';
  readonly status: 'new' | 'in-review' | 'in-case' | 'closed';
  /** Owner of the case the report is attached to; null while it is in the queue. */
  readonly caseOwnerId: string | null;
}

export interface QueueResource {
  readonly type: 'queue';
}

/** In the queue (no case yet), or in a case the actor owns (R44 need-to-know). */
const reachable = (a: Parameters<typeof isOfficer>[0], r: ReportResource): boolean =>
  r.caseOwnerId === null || isSelf(a, r.caseOwnerId);

export const queuePolicy = {
  /** An officer may see the report queue. */
  view: (a) => isOfficer(a),
} as const satisfies Policy<QueueResource>;

export const reportPolicy = {
  /** An officer may read a report in the queue or in a case they own. */
  view: (a, r) => isOfficer(a) && reachable(a, r),
  /** An officer may read a report's transcripts when they may read the report. */
  viewTranscript: (a, r) => isOfficer(a) && reachable(a, r),
  /** Only an officer overrides triage (triage recommends; an officer decides). */
  overrideTriage: (a, r) => isOfficer(a) && reachable(a, r) && r.status !== 'closed',
  /** An officer may open a case from a report that is not in a case. */
  createCase: (a, r) =>
    isOfficer(a) && r.caseOwnerId === null && r.status !== 'closed' && r.status !== 'in-case',
  /** An officer may attach a report that is not in a case to a case (the case policy checks ownership). */
  attachToCase: (a, r) =>
    isOfficer(a) && r.caseOwnerId === null && r.status !== 'closed' && r.status !== 'in-case',
  /** An officer may close a report that is not in a case (no further action at triage). */
  close: (a, r) =>
    isOfficer(a) && r.caseOwnerId === null && r.status !== 'closed' && r.status !== 'in-case',
  /** An officer who may read the report may acknowledge its deconfliction hits. */
  acknowledgeHit: (a, r) => isOfficer(a) && reachable(a, r),
} as const satisfies Policy<ReportResource>;
