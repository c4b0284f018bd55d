/**
 * Referrals and outcomes. A referral for arrest or interview needs a recorded subject-welfare
 * decision first (R53: vulnerability and suicide-risk assessment before any arrest; NPCC
 * suicide-prevention work after Operation Notarise).
 */
import { CustosError } from '../errors.ts';

export const REFERRAL_PURPOSES = ['arrest', 'interview', 'safeguarding', 'intelligence'] as const;
export type ReferralPurpose = (typeof REFERRAL_PURPOSES)[number];

export const OUTCOMES = [
  'nfa',
  'charged',
  'cautioned',
  'convicted',
  'safeguarding-only',
  'insufficient-evidence',
] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** True when a referral for this purpose must cite a subject-welfare decision (R53). */
export function needsWelfareDecision(purpose: ReferralPurpose): boolean {
  return purpose === 'arrest' || purpose === 'interview';
}

/**
 * Checks a referral against R53.
 * @param welfareDecisionIds - ids of the case's recorded subject-welfare decisions.
 * @throws CustosError (conflict) `WELFARE_DECISION_REQUIRED` when an arrest or interview referral
 *   cites none; `WELFARE_DECISION_NOT_FOUND` (invalid-input) when it cites one the case does not have.
 */
export function checkReferral(
  purpose: ReferralPurpose,
  cited: string | undefined,
  welfareDecisionIds: readonly string[],
): void {
  if (cited !== undefined && !welfareDecisionIds.includes(cited)) {
    throw new CustosError(
      'invalid-input',
      'WELFARE_DECISION_NOT_FOUND',
      `decision ${cited} is not a subject-welfare decision of this case; record one first or cite one listed on the case`,
    );
  }
  if (needsWelfareDecision(purpose) && cited === undefined) {
    throw new CustosError(
      'conflict',
      'WELFARE_DECISION_REQUIRED',
      `a referral for ${purpose} needs a recorded subject-welfare decision first (vulnerability, suicide risk, safeguarding of others; R53); record it and cite it as welfareDecisionId`,
    );
  }
}
