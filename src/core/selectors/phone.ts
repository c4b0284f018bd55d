/**
 * Phone numbers: found and normalized to E.164 (ITU-T E.164) with libphonenumber-js (the
 * JavaScript port of Google's libphonenumber, full metadata).
 *
 * - A number written with `+` or `00` carries its country. A number written in national form
 *   (`07700 900123`) is read in the caller's default region; with no default region it is kept as
 *   its digits with the flag `phone-no-country` — Custos never invents a country.
 * - libphonenumber marks the Ofcom drama range (+44 7700 900000–900999, used by all our synthetic
 *   data) and other unallocated ranges as not valid. A number whose length is possible for its
 *   country is still recorded, flagged `phone-not-valid` with medium confidence, since chat
 *   evidence can hold numbers from ranges the metadata does not list.
 * - In national form without the trunk prefix (`7700 900123`, `201-555-0123`), a number is only
 *   taken when it is valid and written with phone-style grouping: bare digit runs are ids,
 *   timestamps and references far more often than phone numbers.
 */
import {
  findPhoneNumbersInText,
  isSupportedCountry,
  parsePhoneNumberFromString,
  type CountryCode,
  type PhoneNumber,
} from 'libphonenumber-js/max';
import type { SelectorConfidence, SelectorFlag } from './types.ts';

/** A phone number found in or read from text. */
export interface PhoneFound {
  /** `[start, end)` in the text searched. */
  readonly start: number;
  readonly end: number;
  /** E.164 (`+447700900123`), or the digits as written when no country is known. */
  readonly value: string;
  readonly display: string;
  readonly confidence: SelectorConfidence;
  readonly flags: readonly SelectorFlag[];
  readonly why: string;
}

/** Checks and narrows a region option (`GB`); `undefined` for none or an unknown code. */
export function phoneRegion(region: string | undefined): CountryCode | undefined {
  if (region === undefined) return undefined;
  const r = region.toUpperCase();
  return isSupportedCountry(r) ? r : undefined;
}

const INTERNATIONAL = /^\(?\s*(?:\+|00)/;
const GROUPED = /[\s().-]/;

function describe(
  p: PhoneNumber,
  how: string,
): Pick<PhoneFound, 'value' | 'display' | 'confidence' | 'flags' | 'why'> {
  const valid = p.isValid();
  return {
    value: p.number,
    display: p.formatInternational(),
    confidence: valid ? 'high' : 'medium',
    flags: valid ? [] : ['phone-not-valid'],
    why: valid
      ? how
      : `${how}; a possible length for +${p.countryCallingCode} but not an allocated number in libphonenumber's metadata (for example a drama or test range)`,
  };
}

/**
 * Reads a whole string as one phone number (a sender label, an SMS address, a link's digits).
 * Accepts only digits, spaces, `+ ( ) - .`; requires a possible length.
 * @param region - default region for national-form numbers; `undefined` keeps them without country.
 */
export function phoneFromLabel(
  label: string,
  region: CountryCode | undefined,
  how: string,
): PhoneFound | null {
  const t = label.trim();
  if (!/^\+?[0-9\s().-]{6,24}$/.test(t)) return null;
  const digits = t.replace(/\D/g, '');
  if (digits.length < 7 || digits.length > 15) return null;
  const international = INTERNATIONAL.test(t);
  if (!international && region === undefined) {
    if (!digits.startsWith('0')) return null;
    return {
      start: 0,
      end: t.length,
      value: digits,
      display: digits,
      confidence: 'low',
      flags: ['phone-no-country'],
      why: `${how}; written without a country code and no default region was given, so no country is assumed`,
    };
  }
  const p = parsePhoneNumberFromString(t, international ? undefined : region);
  if (!p?.isPossible()) return null;
  if (!international && !writtenWithPrefix(digits, p) && !p.isValid()) return null;
  return {
    start: 0,
    end: t.length,
    ...describe(p, international ? how : `${how}, read in region ${region}`),
  };
}

function writtenWithPrefix(digits: string, p: PhoneNumber): boolean {
  return digits.length > p.nationalNumber.length && digits.endsWith(p.nationalNumber);
}

/** National-form numbers without a default region: trunk prefix 0, 9 to 13 digits. */
const NATIONAL_NO_REGION = /(?<![\p{L}\p{N}+_@.])0[0-9](?:[ .-]?[0-9]){7,11}(?![\p{L}\p{N}])/gu;

/**
 * Finds phone numbers in text (the base view: no invisible characters, ASCII digits).
 *
 * @param text - searched text.
 * @param region - default region for national-form numbers; without one, national-form numbers
 *   are returned as their digits, flagged `phone-no-country`.
 * @returns matches in text order, `[start, end)` in UTF-16 code units of `text`.
 */
export function findPhones(text: string, region: CountryCode | undefined): PhoneFound[] {
  let digitCount = 0;
  for (let i = 0; i < text.length && digitCount < 7; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) digitCount++;
  }
  if (digitCount < 7) return [];
  const out: PhoneFound[] = [];
  // `leniency` is supported by the matcher but missing from the published types.
  const options = { ...(region ? { defaultCountry: region } : {}), leniency: 'POSSIBLE' } as {
    defaultCountry?: CountryCode;
  };
  for (const m of findPhoneNumbersInText(text, options)) {
    const before = text[m.startsAt - 1] ?? ' ';
    const after = text[m.endsAt] ?? ' ';
    if (/[\p{L}\p{N}_@/.]/u.test(before) || /[\p{L}\p{N}_]/u.test(after)) continue;
    const raw = text.slice(m.startsAt, m.endsAt);
    const p = m.number;
    if (!p.isPossible()) continue;
    const international = INTERNATIONAL.test(raw);
    const digits = raw.replace(/\D/g, '');
    let how: string;
    if (international) how = 'phone number written with its country code';
    else if (writtenWithPrefix(digits, p))
      how = `phone number in national form, read in region ${region}`;
    else if (p.isValid() && GROUPED.test(raw.trim()))
      how = `phone number in national form without trunk prefix, read in region ${region}`;
    else continue;
    out.push({ start: m.startsAt, end: m.endsAt, ...describe(p, how) });
  }
  if (region === undefined) {
    for (const m of text.matchAll(NATIONAL_NO_REGION)) {
      const start = m.index;
      const end = start + m[0].length;
      if (out.some((o) => o.start < end && start < o.end)) continue;
      const digits = m[0].replace(/\D/g, '');
      out.push({
        start,
        end,
        value: digits,
        display: m[0],
        confidence: 'low',
        flags: ['phone-no-country'],
        why: 'phone number in national form; no default region was given, so no country is assumed',
      });
    }
    out.sort((a, b) => a.start - b.start);
  }
  return out;
}
