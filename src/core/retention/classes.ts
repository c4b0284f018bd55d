/**
 * Retention classes and review periods (legal note §4.2, R46: "Each record gets an
 * information-management retention class when created … with scheduled reviews"; the Police
 * information and records management Code of Practice 2023 and the College APP on review,
 * retention and disposal; legacy MoPI groups). The periods are [config] programme settings, not
 * law: the operator sets them to the force's schedule (`custos retention classes`).
 */
import { CustosError } from '../errors.ts';

/** The classes a case can be in. */
export const RETENTION_CLASS_IDS = [
  'pending-outcome',
  'charged',
  'mopi-1',
  'mopi-2',
  'mopi-3',
  'nfa',
  'safeguarding-only',
] as const;
export type RetentionClassId = (typeof RETENTION_CLASS_IDS)[number];

/** A class's settings. */
export interface RetentionClassSetting {
  readonly label: string;
  /** Months from the time the class is set (or a review is decided) to the next review. */
  readonly reviewMonths: number;
}

export type RetentionSettings = Readonly<Record<RetentionClassId, RetentionClassSetting>>;

/** Programme defaults: a review at least every 12 months while proceedings can follow; 6 or 10 years after. */
export const DEFAULT_RETENTION_SETTINGS: RetentionSettings = {
  'pending-outcome': { label: 'Open case, no outcome yet', reviewMonths: 12 },
  charged: { label: 'Charged: proceedings under way (CPIA retention applies)', reviewMonths: 12 },
  'mopi-1': {
    label: 'MoPI group 1: certain public protection matters (sexual offences against children)',
    reviewMonths: 120,
  },
  'mopi-2': { label: 'MoPI group 2: other sexual, violent or serious offences', reviewMonths: 120 },
  'mopi-3': { label: 'MoPI group 3: all other offences', reviewMonths: 72 },
  nfa: { label: 'No further action (no offence, or insufficient evidence)', reviewMonths: 72 },
  'safeguarding-only': { label: 'Safeguarding only, no criminal proceedings', reviewMonths: 72 },
};

/** True when `s` names a class. */
export function isRetentionClass(s: string): s is RetentionClassId {
  return (RETENTION_CLASS_IDS as readonly string[]).includes(s);
}

/** The outcomes a case can close with (`core/cases/referral.ts`), as strings. */
export type OutcomeName =
  'nfa' | 'charged' | 'cautioned' | 'convicted' | 'safeguarding-only' | 'insufficient-evidence';

/**
 * The class a case gets by default: `pending-outcome` while open; from its outcome once closed
 * (cautions and convictions for offences against children are MoPI group 1, R46).
 */
export function defaultClassFor(outcome: OutcomeName | null): RetentionClassId {
  switch (outcome) {
    case null:
      return 'pending-outcome';
    case 'charged':
      return 'charged';
    case 'cautioned':
    case 'convicted':
      return 'mopi-1';
    case 'safeguarding-only':
      return 'safeguarding-only';
    case 'nfa':
    case 'insufficient-evidence':
      return 'nfa';
  }
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Checks a calendar date `YYYY-MM-DD` (proleptic Gregorian, ISO 8601).
 * @throws CustosError `RETENTION_DATE_INVALID` (invalid-input).
 */
export function assertDate(date: string, what = 'date'): void {
  const m = DATE.exec(date);
  const ok =
    m !== null &&
    new Date(`${date}T00:00:00.000Z`).toISOString().slice(0, 10) === date &&
    Number(m[1]) >= 1970;
  if (!ok)
    throw new CustosError(
      'invalid-input',
      'RETENTION_DATE_INVALID',
      `${what} ${JSON.stringify(date)} is not a calendar date YYYY-MM-DD`,
    );
}

/**
 * The date `months` calendar months after `date` (`YYYY-MM-DD`), clamped to the month's last day
 * (2026-01-31 + 1 month = 2026-02-28).
 */
export function addMonths(date: string, months: number): string {
  assertDate(date);
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(year, 4)}-${pad(month)}-${pad(Math.min(d, last))}`;
}

/**
 * Reads retention settings stored as JSON, over the defaults: unknown classes are ignored, review
 * months must be whole numbers from 1 to 1200.
 * @throws CustosError `RETENTION_SETTINGS_INVALID` (invalid-input).
 */
export function parseRetentionSettings(json: string | undefined): RetentionSettings {
  if (json === undefined) return DEFAULT_RETENTION_SETTINGS;
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new CustosError(
      'invalid-input',
      'RETENTION_SETTINGS_INVALID',
      'retention settings are not JSON',
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new CustosError(
      'invalid-input',
      'RETENTION_SETTINGS_INVALID',
      'retention settings must be an object',
    );
  const out: Record<string, RetentionClassSetting> = { ...DEFAULT_RETENTION_SETTINGS };
  for (const [id, v] of Object.entries(value as Record<string, unknown>)) {
    if (!isRetentionClass(id)) continue;
    const months = (v as { reviewMonths?: unknown } | null)?.reviewMonths;
    if (typeof months !== 'number' || !Number.isInteger(months) || months < 1 || months > 1200)
      throw new CustosError(
        'invalid-input',
        'RETENTION_SETTINGS_INVALID',
        `review months of ${id} must be a whole number from 1 to 1200`,
      );
    out[id] = { label: DEFAULT_RETENTION_SETTINGS[id].label, reviewMonths: months };
  }
  return out as RetentionSettings;
}
