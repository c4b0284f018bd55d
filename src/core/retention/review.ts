/**
 * The retention review of a case (R46: "Disposal is possible only after a recorded review
 * decision, and retain decisions record their rationale"; R35: the CPIA retention floor): what an
 * officer may decide, checked before anything is written. Pure: dates are given, not read.
 */
import { CustosError } from '../errors.ts';
import { addMonths, assertDate, type OutcomeName, type RetentionClassId } from './classes.ts';

/** Why a case is kept. */
export const RETAIN_REASONS = [
  'investigation-ongoing',
  'proceedings-or-appeal',
  'public-protection',
  'linked-intelligence',
  'other-policing-purpose',
] as const;
export type RetainReason = (typeof RETAIN_REASONS)[number];

/** Why a case's material is disposed of. */
export const DISPOSE_REASONS = ['no-longer-necessary', 'retention-period-ended'] as const;
export type DisposeReason = (typeof DISPOSE_REASONS)[number];

/** Reason code of the per-exhibit tombstone custody event. */
export const TOMBSTONE_REASON = 'retention-review-dispose';

/** The latest review date a retain decision may set: ten years ahead (MoPI group 1 reviews). */
export const MAX_REVIEW_MONTHS = 120;

/** What the review rules look at. */
export interface ReviewState {
  readonly caseRef: string;
  readonly caseStatus: 'open' | 'closed';
  readonly outcome: OutcomeName | null;
  readonly retentionClass: RetentionClassId;
  readonly reviewDue: string;
  readonly disposed: boolean;
  /** Today's date, `YYYY-MM-DD` (UTC). */
  readonly today: string;
}

/** True when the review is due on `today`. */
export function isDue(state: Pick<ReviewState, 'reviewDue' | 'today'>): boolean {
  return state.reviewDue <= state.today;
}

function conflict(code: string, message: string): CustosError {
  return new CustosError('conflict', code, message);
}

/**
 * Checks a decision to retain with a new review date.
 * @throws CustosError `RETENTION_ALREADY_DISPOSED` (conflict), `RETENTION_DATE_INVALID`,
 *   `RETENTION_REVIEW_DATE_INVALID` (invalid-input: not after today, or more than ten years ahead).
 */
export function checkRetain(state: ReviewState, nextReview: string): void {
  if (state.disposed)
    throw conflict('RETENTION_ALREADY_DISPOSED', `case ${state.caseRef} was already disposed of`);
  assertDate(nextReview, 'the next review date');
  const latest = addMonths(state.today, MAX_REVIEW_MONTHS);
  if (nextReview <= state.today || nextReview > latest)
    throw new CustosError(
      'invalid-input',
      'RETENTION_REVIEW_DATE_INVALID',
      `the next review of ${state.caseRef} must be after ${state.today} and no later than ${latest}`,
    );
}

/**
 * Checks a decision to dispose of a case's material.
 * @throws CustosError (conflict) `RETENTION_ALREADY_DISPOSED`; `RETENTION_CASE_OPEN` (no outcome:
 *   the CPIA floor runs at least to a decision not to prosecute, R35); `RETENTION_PROCEEDINGS_PENDING`
 *   (charged, no final outcome); `RETENTION_NOT_DUE` (before the review date);
 *   (invalid-input) `RETENTION_CPIA_NOT_CONFIRMED`, `RETENTION_CONFIRMATION_MISMATCH` (the case
 *   reference typed to confirm is not this case's).
 */
export function checkDispose(
  state: ReviewState,
  confirm: { readonly caseRef: string; readonly cpiaPeriodEnded: boolean },
): void {
  if (state.disposed)
    throw conflict('RETENTION_ALREADY_DISPOSED', `case ${state.caseRef} was already disposed of`);
  if (state.caseStatus === 'open' || state.outcome === null)
    throw conflict(
      'RETENTION_CASE_OPEN',
      `case ${state.caseRef} has no outcome yet: its material must be kept at least until a decision not to prosecute (CPIA)`,
    );
  if (state.outcome === 'charged' || state.retentionClass === 'charged')
    throw conflict(
      'RETENTION_PROCEEDINGS_PENDING',
      `case ${state.caseRef} is charged and has no final outcome: its material must be kept until the proceedings end (CPIA)`,
    );
  if (!isDue(state))
    throw conflict(
      'RETENTION_NOT_DUE',
      `case ${state.caseRef} is not due for review until ${state.reviewDue}`,
    );
  if (!confirm.cpiaPeriodEnded)
    throw new CustosError(
      'invalid-input',
      'RETENTION_CPIA_NOT_CONFIRMED',
      'confirm that the CPIA retention period has ended (no proceedings or appeal pending)',
    );
  if (confirm.caseRef.trim() !== state.caseRef)
    throw new CustosError(
      'invalid-input',
      'RETENTION_CONFIRMATION_MISMATCH',
      `type the case reference ${state.caseRef} to confirm the disposal`,
    );
}
