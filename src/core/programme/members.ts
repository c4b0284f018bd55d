/**
 * A member's way through the programme: applicant → vetting → training → active, with
 * suspension and leaving (mission-anchors §7; legal-framework §3, R2, R7, R9). Status moves only
 * along {@link TRANSITIONS}; becoming active needs everything {@link activationProblems} checks.
 * Access is suspended automatically at vetting expiry and while under investigation
 * ({@link effectiveStatus}), whatever status is recorded.
 */
import type { Member, MemberStatus, VettingRecord } from './types.ts';
import { vettingCurrent } from './vetting.ts';

/** Allowed moves from each status. `left` is final: a returning person applies again. */
export const TRANSITIONS: Readonly<Record<MemberStatus, readonly MemberStatus[]>> = {
  applicant: ['vetting', 'left'],
  vetting: ['training', 'applicant', 'left'],
  training: ['active', 'vetting', 'left'],
  active: ['suspended', 'left'],
  suspended: ['active', 'left'],
  left: [],
};

/** Reasons a member cannot be made active now (empty when they can). */
export function activationProblems(
  m: Member,
  vetting: VettingRecord | null,
  nowMs: number,
): string[] {
  const p: string[] = [];
  if (m.userId === null) p.push('link the member to a volunteer account first');
  if (m.legalStatus === null) p.push('record the member’s legal status first');
  if (!vettingCurrent(vetting, nowMs)) p.push('record a current vetting clearance first');
  if (m.underInvestigationSince !== null)
    p.push('the member is under investigation: access stays suspended until that is cleared');
  if (m.legalStatus === 'police-support-volunteer') {
    // PCA 2017 s42: the chief officer must check the barred list and must not designate a barred person.
    if (m.barredListCheck === null) p.push('record the College barred-list check first (R2)');
    else if (m.barredListCheck.result === 'barred')
      p.push('the barred-list check found the person barred: they cannot be designated (R2)');
  }
  return p;
}

/**
 * Reasons the move `from` → `to` is refused (empty when allowed): not a permitted move, or the
 * checks for the target status. While under investigation an application does not progress (R9,
 * APP 2025 change).
 */
export function transitionProblems(
  m: Member,
  to: MemberStatus,
  vetting: VettingRecord | null,
  nowMs: number,
): string[] {
  if (!TRANSITIONS[m.status].includes(to))
    return [`a member who is ${m.status} cannot become ${to}`];
  if (
    m.underInvestigationSince !== null &&
    (to === 'vetting' || to === 'training' || to === 'active')
  )
    return ['the member is under investigation: the application does not progress (R9)'];
  if (to === 'training' && !vettingCurrent(vetting, nowMs))
    return ['record a current vetting clearance before training'];
  if (to === 'active') return activationProblems(m, vetting, nowMs);
  return [];
}

export type SuspensionReason = 'vetting-expired' | 'under-investigation' | 'suspended';

/**
 * The status access follows at `nowMs`: an active member whose vetting is not current, or who is
 * under investigation, is suspended automatically (R7, R9).
 */
export function effectiveStatus(
  m: Member,
  vetting: VettingRecord | null,
  nowMs: number,
): { status: MemberStatus; reason: SuspensionReason | null } {
  if (m.status === 'active') {
    if (m.underInvestigationSince !== null)
      return { status: 'suspended', reason: 'under-investigation' };
    if (!vettingCurrent(vetting, nowMs)) return { status: 'suspended', reason: 'vetting-expired' };
  }
  return { status: m.status, reason: m.status === 'suspended' ? 'suspended' : null };
}
