/**
 * Identifiers typed by a reporter ("the other person's username, number, e-mail or profile
 * link") read into selectors with the same normalization and match keys as selectors extracted
 * from exhibits (`src/core/selectors`), so that deconfliction compares like with like. The
 * platform chosen on the form says which username space a bare name belongs to.
 */
import { normalizeEmail } from '../selectors/email.ts';
import { skeletonOf } from '../selectors/fold.ts';
import { phoneFromLabel, phoneRegion } from '../selectors/phone.ts';
import { USERNAME_RULES, validGenericHandle } from '../selectors/platforms.ts';
import { matchKeyOf, type Platform, type SelectorKind } from '../selectors/types.ts';
import { normalizeUrl, profileFromUrl } from '../selectors/url.ts';

/** A selector as the desk stores it for deconfliction. */
export interface DeskSelector {
  readonly kind: SelectorKind;
  /** `${family}:${value}` (see `matchKeyOf`). */
  readonly matchKey: string;
  /** Normalized value, as shown unmasked. */
  readonly value: string;
  /** What the reporter typed. */
  readonly raw: string;
}

/** The report form's platform choice → the selectors component's platform. */
const FORM_PLATFORM: Readonly<Record<string, Platform>> = {
  whatsapp: 'whatsapp',
  snapchat: 'snapchat',
  instagram: 'instagram',
  'facebook-messenger': 'facebook',
  telegram: 'telegram',
  discord: 'discord',
  tiktok: 'tiktok',
};

const WHOLE_EMAIL = /^([^\s@]{1,64})@([^\s@]+\.[^\s@]{2,})$/u;

function selector(
  kind: SelectorKind,
  value: string,
  raw: string,
  platform?: Platform,
): DeskSelector {
  return { kind, value, raw, matchKey: matchKeyOf(kind, value, platform) };
}

/**
 * Reads one typed identifier.
 *
 * @param raw - as typed.
 * @param formPlatform - the platform chosen on the report form (`snapchat`, `other`, …).
 * @param defaultRegion - ISO 3166 region for numbers without a country code (`GB`).
 * @returns zero or one selector: an e-mail address (normalized as extraction does), a phone
 *   number (E.164; a WhatsApp number when the platform is WhatsApp), a profile link's identity or
 *   the link itself, or a username of the form's platform (look-alike letters folded,
 *   lower-cased, `@` removed) — else an unattributed handle when it has a handle's shape.
 */
export function readReportedIdentifier(
  raw: string,
  formPlatform: string,
  defaultRegion = 'GB',
): DeskSelector[] {
  const text = raw.trim();
  if (text.length === 0) return [];
  const email = WHOLE_EMAIL.exec(text);
  if (email?.[1] && email[2]) {
    const n = normalizeEmail(email[1], email[2]);
    if (n) return [selector('email', n.value, raw)];
  }
  const phone = phoneFromLabel(text, phoneRegion(defaultRegion), 'typed by the reporter');
  if (phone)
    return [selector(formPlatform === 'whatsapp' ? 'whatsapp-phone' : 'phone', phone.value, raw)];
  if (/^(?:https?:\/\/)?[\p{L}\p{N}.-]+\.[a-z]{2,}\/\S*$/iu.test(text)) {
    const url = normalizeUrl(skeletonOf(/^https?:\/\//i.test(text) ? text : `https://${text}`));
    if (url) {
      const profile = profileFromUrl(url);
      if (profile) return [selector(profile.kind, profile.value, raw, profile.platform)];
      return [selector('url', url.href, raw)];
    }
  }
  const name = skeletonOf(text.replace(/^@+/, '')).toLowerCase();
  const platform = FORM_PLATFORM[formPlatform];
  const rule = platform ? USERNAME_RULES[platform] : undefined;
  if (rule && platform && rule.valid(name)) return [selector(rule.kind, name, raw, platform)];
  if (validGenericHandle(name)) return [selector('handle', name, raw)];
  return [];
}
