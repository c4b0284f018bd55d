/**
 * Programme settings [config] (legal-framework §7 conventions: numbers marked [config] are the
 * force's settings; the source justifies the rule, not the number). No national exposure limit
 * exists (§3.5): the defaults follow R59's suggestions and are for occupational health to set.
 */

export interface ProgrammeSettings {
  /** Most exposure (timed viewing of case material) in one shift, minutes (R59: sessions of at most 2 h). */
  readonly shiftLimitMinutes: number;
  /** Forced break after a shift reaches its limit, minutes (R59: at least 15 min). */
  readonly breakMinutes: number;
  /** A pause this long with no material on screen ends the shift, minutes. */
  readonly shiftIdleMinutes: number;
  /** Most exposure in any rolling 7 days, minutes (R59: at most 3 sessions a week). */
  readonly weeklyLimitMinutes: number;
  /** Days before vetting expiry at which reminders go out (R7: 90, 60, 30). */
  readonly vettingReminderDays: readonly number[];
  /** Days before a training module lapses at which reminders go out. */
  readonly trainingReminderDays: readonly number[];
  /** Counts below this are shown as `fewer than N` in the public transparency summary. */
  readonly transparencyMinimumCount: number;
}

export const DEFAULT_PROGRAMME_SETTINGS: ProgrammeSettings = {
  shiftLimitMinutes: 120,
  breakMinutes: 15,
  shiftIdleMinutes: 30,
  weeklyLimitMinutes: 360,
  vettingReminderDays: [90, 60, 30],
  trainingReminderDays: [30, 7],
  transparencyMinimumCount: 3,
};

const wholeIn = (v: unknown, lo: number, hi: number): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= lo && v <= hi;

/**
 * Checks a settings object. Returns one plain-language problem per bad field (empty when valid).
 * Limits are whole minutes; a shift limit cannot exceed the weekly limit; reminder days are 1 to
 * 365, at most 6 of them, without repeats.
 */
export function settingsProblems(s: Readonly<Record<string, unknown>>): string[] {
  const p: string[] = [];
  if (!wholeIn(s.shiftLimitMinutes, 1, 24 * 60))
    p.push('shiftLimitMinutes must be whole minutes from 1 to 1440');
  if (!wholeIn(s.breakMinutes, 1, 24 * 60))
    p.push('breakMinutes must be whole minutes from 1 to 1440');
  if (!wholeIn(s.shiftIdleMinutes, 1, 24 * 60))
    p.push('shiftIdleMinutes must be whole minutes from 1 to 1440');
  if (!wholeIn(s.weeklyLimitMinutes, 1, 7 * 24 * 60))
    p.push('weeklyLimitMinutes must be whole minutes from 1 to 10080');
  if (
    wholeIn(s.shiftLimitMinutes, 1, 24 * 60) &&
    wholeIn(s.weeklyLimitMinutes, 1, 7 * 24 * 60) &&
    s.shiftLimitMinutes > s.weeklyLimitMinutes
  )
    p.push('shiftLimitMinutes cannot be more than weeklyLimitMinutes');
  for (const key of ['vettingReminderDays', 'trainingReminderDays'] as const) {
    const v = s[key];
    if (
      !Array.isArray(v) ||
      v.length > 6 ||
      !v.every((d) => wholeIn(d, 1, 365)) ||
      new Set(v).size !== v.length
    )
      p.push(`${key} must be up to 6 different whole numbers of days from 1 to 365`);
  }
  if (!wholeIn(s.transparencyMinimumCount, 1, 100))
    p.push('transparencyMinimumCount must be a whole number from 1 to 100');
  return p;
}
