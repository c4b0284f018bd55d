/**
 * Comparing two selectors for deconfliction: the same identifier (`exact`), probably or possibly
 * the same (`near`, with the rule and a plain-language reason an officer can check), or unrelated.
 *
 * Near-match rules answer the gaps of exact correlation in MISP and law-enforcement deconfliction
 * systems (research note mission-anchors.md §2 "fuzzy matching of near-identical strings", §6 "no
 * explainable similarity"): look-alike characters and leetspeak in usernames, separators, a single
 * typing error in longer usernames, the same username on two platforms, phone numbers written
 * with and without a country, e-mail addresses differing only where most providers ignore it.
 * A near match is a lead for an officer to check, never a conclusion. Pure.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { skeletonOf } from './fold.ts';
import { USERNAME_FAMILIES, type Selector } from './types.ts';

/** What is compared: a selector, or its stored form. `display`/`raw` refine e-mail comparison. */
export type ComparableSelector = Pick<Selector, 'kind' | 'value' | 'matchKey'> &
  Partial<Pick<Selector, 'platform' | 'display' | 'raw'>>;

export type ComparisonLevel = 'exact' | 'near' | 'none';

/** Which rule decided; stable codes for the web app and tests. */
export type ComparisonRule =
  | 'same-match-key'
  | 'phone-country-unknown'
  | 'phone-other-country'
  | 'phone-digits-transposed'
  | 'email-local-case'
  | 'email-subaddress'
  | 'email-look-alike'
  | 'email-local-is-username'
  | 'url-variant'
  | 'url-same-page'
  | 'discord-legacy-name'
  | 'username-look-alike'
  | 'username-separators'
  | 'username-one-edit'
  | 'username-other-platform'
  | 'username-unattributed'
  | 'unrelated';

export interface SelectorComparison {
  readonly level: ComparisonLevel;
  readonly rule: ComparisonRule;
  /** 1 for exact, 0 for none; near matches between, higher is stronger. */
  readonly similarity: number;
  /** One or two sentences for the officer. */
  readonly reason: string;
}

const LABEL: Readonly<Record<string, string>> = {
  phone: 'phone number',
  'phone-national': 'phone number (no country known)',
  email: 'e-mail address',
  url: 'web address',
  'telegram-id': 'Telegram account id',
  telegram: 'Telegram username',
  'discord-id': 'Discord account id',
  discord: 'Discord username',
  snapchat: 'Snapchat username',
  instagram: 'Instagram username',
  facebook: 'Facebook username',
  'facebook-id': 'Facebook account id',
  tiktok: 'TikTok username',
  kik: 'Kik username',
  twitter: 'X (Twitter) username',
  roblox: 'Roblox username',
  signal: 'Signal username',
  handle: '@handle with no platform stated',
};

function family(s: ComparableSelector): string {
  const i = s.matchKey.indexOf(':');
  return i < 0 ? s.matchKey : s.matchKey.slice(0, i);
}
const label = (f: string) => LABEL[f] ?? f;
/** `a Snapchat username`, `an Instagram username`, `an X (Twitter) username`. */
const aLabel = (f: string) => `${/^[aeiouxAEIOUX@]/.test(label(f)) ? 'an' : 'a'} ${label(f)}`;

const result = (
  level: ComparisonLevel,
  rule: ComparisonRule,
  similarity: number,
  reason: string,
): SelectorComparison => ({ level, rule, similarity, reason });
const NONE = result('none', 'unrelated', 0, 'No rule relates these identifiers.');

const VISUAL: Readonly<Record<string, string>> = {
  '0': 'o',
  '1': 'l',
  i: 'l',
  '|': 'l',
  '!': 'l',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
  '8': 'b',
  '9': 'g',
  '@': 'a',
  $: 's',
};

/**
 * The visual skeleton of a username: lower-case, look-alike letters folded (`fold.ts`), then
 * `rn`→`m`, `vv`→`w`, `cl`→`d` and leetspeak digits read as the letters they imitate
 * (`0`→`o`, `1`/`i`/`|`→`l`, `3`→`e`, `4`→`a`, `5`→`s`, `7`→`t`, `8`→`b`, `9`→`g`).
 */
export function visualSkeleton(s: string): string {
  return [...skeletonOf(s).replace(/rn/g, 'm').replace(/vv/g, 'w').replace(/cl/g, 'd')]
    .map((c) => VISUAL[c] ?? c)
    .join('');
}

/** Describes a single edit turning `a` into `b` (Damerau: substitution, insertion, deletion, adjacent swap), or `null`. */
export function singleEdit(a: string, b: string): string | null {
  if (a === b) return null;
  if (a.length === b.length) {
    const diff: number[] = [];
    for (let i = 0; i < a.length && diff.length <= 2; i++) if (a[i] !== b[i]) diff.push(i);
    if (diff.length === 1)
      return `"${a[diff[0] ?? 0]}" replaced by "${b[diff[0] ?? 0]}" at position ${(diff[0] ?? 0) + 1}`;
    const [i, j] = diff;
    if (diff.length === 2 && i !== undefined && j === i + 1 && a[i] === b[j] && a[j] === b[i])
      return `"${a[i]}${a[j]}" swapped at positions ${i + 1}–${j + 1}`;
    return null;
  }
  const [long, short, verb] = a.length > b.length ? [a, b, 'a missing'] : [b, a, 'an extra'];
  if (long.length - short.length !== 1) return null;
  let i = 0;
  while (i < short.length && short[i] === long[i]) i++;
  return long.slice(i + 1) === short.slice(i) ? `${verb} "${long[i]}" at position ${i + 1}` : null;
}

function comparePhones(
  a: ComparableSelector,
  b: ComparableSelector,
  fa: string,
  fb: string,
): SelectorComparison {
  if (fa === 'phone' && fb === 'phone') {
    const pa = parsePhoneNumberFromString(a.value);
    const pb = parsePhoneNumberFromString(b.value);
    if (pa && pb && pa.nationalNumber === pb.nationalNumber) {
      return result(
        'near',
        'phone-other-country',
        0.4,
        `Same national number ${pa.nationalNumber} under different country codes (+${pa.countryCallingCode} and +${pb.countryCallingCode}); a number written without a country code may have been read in different regions.`,
      );
    }
    const edit = singleEdit(a.value, b.value);
    if (edit?.includes('swapped'))
      return result(
        'near',
        'phone-digits-transposed',
        0.5,
        `The numbers differ only by two swapped adjacent digits (${edit}), a common typing error.`,
      );
    return NONE;
  }
  const [intl, national] = fa === 'phone' ? [a, b] : [b, a];
  if (fa === fb) return NONE;
  const p = parsePhoneNumberFromString(intl.value);
  if (p && national.value.replace(/^0+/, '') === p.nationalNumber) {
    return result(
      'near',
      'phone-country-unknown',
      0.9,
      `${national.value} was written without a country code and no region was given; its national number matches ${p.formatInternational()}, so it is probably the same phone.`,
    );
  }
  return NONE;
}

function splitEmail(v: string): [string, string] {
  const i = v.lastIndexOf('@');
  return [v.slice(0, i), v.slice(i + 1)];
}

function compareEmails(a: ComparableSelector, b: ComparableSelector): SelectorComparison {
  const [la, da] = splitEmail(a.value);
  const [lb, db] = splitEmail(b.value);
  if (da === db) {
    if (la.toLowerCase() === lb.toLowerCase())
      return result(
        'near',
        'email-local-case',
        0.95,
        `The addresses differ only in the letter case of "${la}" / "${lb}"; almost every provider treats these as one mailbox (RFC 5321 §2.4 leaves it to the provider).`,
      );
    const untag = (l: string) => l.toLowerCase().replace(/\+.*$/, '');
    if (untag(la) === untag(lb))
      return result(
        'near',
        'email-subaddress',
        0.85,
        `The addresses differ only in a "+tag" after "${untag(la)}"; providers that support sub-addressing (RFC 5233) deliver both to one mailbox.`,
      );
  }
  const sa = visualSkeleton(a.display ?? a.raw ?? a.value);
  const sb = visualSkeleton(b.display ?? b.raw ?? b.value);
  if (sa === sb)
    return result(
      'near',
      'email-look-alike',
      0.8,
      'The addresses look the same when look-alike characters are read alike (for example Cyrillic letters, 0 for o, 1 for l); they may be written to evade matching, or be a look-alike address.',
    );
  return NONE;
}

function compareUrls(a: ComparableSelector, b: ComparableSelector): SelectorComparison {
  let ua: URL;
  let ub: URL;
  try {
    ua = new URL(a.value);
    ub = new URL(b.value);
  } catch {
    return NONE;
  }
  const host = (u: URL) => u.hostname.replace(/^www\./, '');
  const path = (u: URL) => u.pathname.replace(/\/+$/, '');
  if (host(ua) !== host(ub) || path(ua) !== path(ub)) return NONE;
  if (ua.search === ub.search)
    return result(
      'near',
      'url-variant',
      0.8,
      'The addresses differ only in http/https, a "www." prefix, a trailing slash or a #fragment; they open the same page.',
    );
  return result(
    'near',
    'url-same-page',
    0.6,
    'The addresses point to the same page with different query parameters.',
  );
}

function compareUsernames(
  a: ComparableSelector,
  b: ComparableSelector,
  fa: string,
  fb: string,
): SelectorComparison {
  const va = a.value;
  const vb = b.value;
  if (fa === fb) {
    if (fa === 'discord' && va.includes('#') !== vb.includes('#')) {
      const [legacy, modern] = va.includes('#') ? [va, vb] : [vb, va];
      if (legacy.replace(/#[0-9]{4}$/, '').toLowerCase() === modern) {
        return result(
          'near',
          'discord-legacy-name',
          0.6,
          `"${legacy}" is a legacy Discord name with a discriminator and "${modern}" a unique username with the same name; many accounts kept their name when Discord moved to unique usernames in 2023, but not all.`,
        );
      }
    }
    if (visualSkeleton(va) === visualSkeleton(vb))
      return result(
        'near',
        'username-look-alike',
        0.9,
        `"${va}" and "${vb}" (both ${label(fa)}) look the same when look-alike characters are read alike (0/o, 1/l/i, rn/m, leetspeak digits).`,
      );
    const bare = (s: string) => s.replace(/[._-]/g, '');
    if (bare(va) === bare(vb))
      return result(
        'near',
        'username-separators',
        0.85,
        `"${va}" and "${vb}" (both ${label(fa)}) differ only in separators (. _ -).`,
      );
    const edit = Math.min(va.length, vb.length) >= 6 ? singleEdit(va, vb) : null;
    if (edit)
      return result(
        'near',
        'username-one-edit',
        0.75,
        `"${va}" and "${vb}" (both ${label(fa)}) differ by one character (${edit}); possibly a typing error or a deliberately similar account.`,
      );
    return NONE;
  }
  if (fa === 'handle' || fb === 'handle') {
    const other = fa === 'handle' ? fb : fa;
    if (va === vb)
      return result(
        'near',
        'username-unattributed',
        0.8,
        `The @handle "${va}" was mentioned without naming a platform; it is also ${aLabel(other)}.`,
      );
    if (visualSkeleton(va) === visualSkeleton(vb))
      return result(
        'near',
        'username-unattributed',
        0.6,
        `The @handle "${va}" (no platform named) looks the same as the ${label(other)} "${vb}" when look-alike characters are read alike.`,
      );
    return NONE;
  }
  if (va === vb)
    return result(
      'near',
      'username-other-platform',
      0.7,
      `The same username "${va}" is ${aLabel(fa)} and ${aLabel(fb)}; people often reuse a username across platforms, but it can belong to different people.`,
    );
  if (visualSkeleton(va) === visualSkeleton(vb))
    return result(
      'near',
      'username-other-platform',
      0.55,
      `The ${label(fa)} "${va}" and the ${label(fb)} "${vb}" look the same when look-alike characters are read alike.`,
    );
  return NONE;
}

/**
 * Compares two selectors.
 *
 * @returns `exact` when the match keys are equal; otherwise the first near-match rule that holds
 *   (see {@link ComparisonRule}) with a plain-language reason; otherwise `none`.
 * @example
 * compareSelectors(
 *   { kind: 'snapchat-username', value: 'sam_t2024', matchKey: 'snapchat:sam_t2024' },
 *   { kind: 'snapchat-username', value: 'sam_t2O24', matchKey: 'snapchat:sam_t2o24' },
 * ).rule; // 'username-look-alike'
 */
export function compareSelectors(a: ComparableSelector, b: ComparableSelector): SelectorComparison {
  const fa = family(a);
  const fb = family(b);
  if (a.matchKey === b.matchKey)
    return result(
      'exact',
      'same-match-key',
      1,
      `Both are the same ${label(fa)}, ${a.display ?? a.value}, after normalization.`,
    );
  const phones = new Set(['phone', 'phone-national']);
  if (phones.has(fa) && phones.has(fb)) return comparePhones(a, b, fa, fb);
  if (fa === 'email' && fb === 'email') return compareEmails(a, b);
  if (fa === 'url' && fb === 'url') return compareUrls(a, b);
  if (USERNAME_FAMILIES.has(fa) && USERNAME_FAMILIES.has(fb)) return compareUsernames(a, b, fa, fb);
  if (
    (fa === 'email' && USERNAME_FAMILIES.has(fb)) ||
    (fb === 'email' && USERNAME_FAMILIES.has(fa))
  ) {
    const [email, user] = fa === 'email' ? [a, b] : [b, a];
    const local = splitEmail(email.value)[0].toLowerCase().replace(/\+.*$/, '');
    if (local.length >= 5 && local === user.value)
      return result(
        'near',
        'email-local-is-username',
        0.5,
        `The e-mail address ${email.value} uses "${local}", which is also ${aLabel(fa === 'email' ? fb : fa)}; the same name may be reused by one person.`,
      );
  }
  return NONE;
}
