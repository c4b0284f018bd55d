/**
 * Exhibit references in the standard police form: the initials of the person who produced
 * (acquired) the item, a slash, and their running number — `AB/1`, `AB/2` (see the legal note,
 * §5.2 "Statements, exhibits and continuity").
 */
import { CustosError } from '../errors.ts';

/** A parsed exhibit reference. */
export interface ExhibitRef {
  /** 2 to 4 capital letters A-Z. */
  readonly initials: string;
  /** Running number from 1, per initials. */
  readonly number: number;
}

const INITIALS = /^[A-Z]{2,4}$/;
const REF = /^([A-Z]{2,4})\/([1-9][0-9]{0,8})$/;

/**
 * Normalises and checks a person's initials (`ab` → `AB`).
 * @throws CustosError `EXHIBIT_BAD_INITIALS` (usage) unless 2-4 letters A-Z.
 */
export function normalizeInitials(raw: string): string {
  const v = raw.trim().toUpperCase();
  if (!INITIALS.test(v)) {
    throw new CustosError(
      'usage',
      'EXHIBIT_BAD_INITIALS',
      `initials ${JSON.stringify(raw)} must be 2 to 4 letters A-Z (for example AB)`,
    );
  }
  return v;
}

/** Formats a reference as `AB/1`. */
export function formatExhibitRef(ref: ExhibitRef): string {
  return `${ref.initials}/${ref.number}`;
}

/**
 * Parses `AB/1` (case-insensitive initials, no leading zeros).
 * @throws CustosError `EXHIBIT_BAD_REF` (usage) for anything else.
 */
export function parseExhibitRef(raw: string): ExhibitRef {
  const m = REF.exec(raw.trim().toUpperCase());
  if (!m)
    throw new CustosError(
      'usage',
      'EXHIBIT_BAD_REF',
      `${JSON.stringify(raw)} is not an exhibit reference; expected initials/number, for example AB/1`,
    );
  return { initials: m[1] as string, number: Number(m[2]) };
}

/** True when `raw` has the form of an exhibit reference. */
export function isExhibitRef(raw: string): boolean {
  return REF.test(raw.trim().toUpperCase());
}
