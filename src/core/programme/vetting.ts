/**
 * Vetting levels and their order (legal-framework §3.4: Vetting Code of Practice 2023, College
 * APP on vetting, Police (Vetting) Regulations 2025). Levels are not one ladder in the APP; for
 * "at or above the level a task needs" Custos ranks them as the APP treats them for access:
 * NPPV1 < NPPV2 ≈ RV < NPPV3 ≈ MV. A force that ranks them differently changes this table.
 */

export const VETTING_LEVELS = ['NPPV1', 'NPPV2', 'RV', 'NPPV3', 'MV'] as const;
export type VettingLevel = (typeof VETTING_LEVELS)[number];

/** Rank of each level for "at or above" comparisons. */
export const VETTING_RANK: Readonly<Record<VettingLevel, number>> = {
  NPPV1: 1,
  NPPV2: 2,
  RV: 2,
  NPPV3: 3,
  MV: 3,
};

export const VETTING_LABELS: Readonly<Record<VettingLevel, string>> = {
  NPPV1: 'Non-Police Personnel Vetting level 1',
  NPPV2: 'Non-Police Personnel Vetting level 2',
  RV: 'Recruitment Vetting',
  NPPV3: 'Non-Police Personnel Vetting level 3',
  MV: 'Management Vetting',
};

/** True when `s` names a vetting level. */
export function isVettingLevel(s: string): s is VettingLevel {
  return (VETTING_LEVELS as readonly string[]).includes(s);
}

/** True when `held` is at or above `needed`; an unknown held level satisfies nothing. */
export function vettingAtLeast(held: string, needed: VettingLevel): boolean {
  return isVettingLevel(held) && VETTING_RANK[held] >= VETTING_RANK[needed];
}

/**
 * Whether a clearance is in force at `nowMs`: granted on or before it and not yet expired
 * (expiry is exclusive: at `expiresAt` access is suspended, R7).
 */
export function vettingCurrent(
  v: { readonly grantedAt: string; readonly expiresAt: string } | null,
  nowMs: number,
): boolean {
  return v !== null && Date.parse(v.grantedAt) <= nowMs && nowMs < Date.parse(v.expiresAt);
}
