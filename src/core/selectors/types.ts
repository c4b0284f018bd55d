/**
 * Selectors: the online identifiers found in a transcript — phone numbers, e-mail addresses,
 * URLs, platform account ids and usernames — each with a normalized match key for
 * deconfliction (two reports about the same online identity) and the exact place it was found.
 *
 * Names are display labels, not identities (research note chat-formats.md §0.6): a selector is
 * recorded only for what a platform treats as an account key (a Telegram or Discord id, a
 * Snapchat, Instagram, Telegram or Discord username, a phone number or e-mail address used as an
 * address), never for a display name.
 */

/** What an identifier is. */
export const SELECTOR_KINDS = [
  /** A phone number, E.164 (`+447700900123`); or, with no country known, the digits as written. */
  'phone',
  /** A phone number used as a WhatsApp account (sender label, wa.me link, "whatsapp me on …"). */
  'whatsapp-phone',
  /** An e-mail address. */
  'email',
  /** A web address (normalized; see `url.ts`). */
  'url',
  /** A Telegram peer id (`from_id` `user123` → `123`; channels and chats keep their prefix). */
  'telegram-id',
  /** A Telegram @username. */
  'telegram-username',
  /** A Discord user id (snowflake). */
  'discord-id',
  /** A Discord unique username (or legacy `name#1234`). */
  'discord-username',
  /** A Snapchat username. */
  'snapchat-username',
  /** An Instagram username. */
  'instagram-username',
  /** A Facebook username from a profile or m.me link (display names are never recorded). */
  'facebook-username',
  /** A Facebook numeric profile id from a `profile.php?id=` link. */
  'facebook-id',
  /**
   * A handle mentioned in text for a platform without a kind of its own (TikTok, Kik, X,
   * Roblox, Signal, …; `platform` says which), or an unattributed `@handle` (no `platform`).
   */
  'handle',
] as const;
export type SelectorKind = (typeof SELECTOR_KINDS)[number];

/** Platforms a selector can belong to. */
export const PLATFORMS = [
  'telegram',
  'discord',
  'snapchat',
  'instagram',
  'whatsapp',
  'facebook',
  'tiktok',
  'kik',
  'twitter',
  'roblox',
  'signal',
] as const;
export type Platform = (typeof PLATFORMS)[number];

/**
 * Where the selector was found: a participant's identity given by the export (sender id, sender
 * address, participant list), the message text, an attachment's metadata (shared link), or the
 * transcript's metadata (its title).
 */
export type SelectorSource = 'participant' | 'text' | 'attachment' | 'metadata';

/** How sure the extraction is that this is an identifier of this kind. */
export type SelectorConfidence = 'high' | 'medium' | 'low';

/** What normalization changed between `raw` and `value` (so an officer can see obfuscation). */
export type SelectorFlag =
  /** Zero-width or other invisible formatting characters were removed. */
  | 'invisible-removed'
  /** Full-width, mathematical or other compatibility forms were folded to ASCII. */
  | 'compatibility-folded'
  /** Look-alike letters (Unicode confusables, e.g. Cyrillic а for Latin a) were mapped to ASCII. */
  | 'confusables-folded'
  /** The number has a possible length but is not an allocated number (e.g. Ofcom drama range). */
  | 'phone-not-valid'
  /** Written without a country code and no default region was given: no country is assumed. */
  | 'phone-no-country';

/** One occurrence of an identifier. */
export interface Selector {
  readonly kind: SelectorKind;
  /** Normalized value: the match key without its family (`+447700900123`, `sam_example`). */
  readonly value: string;
  /** `${family}:${value}`; equal match keys mean the same identifier (see `matchKeyFamily`). */
  readonly matchKey: string;
  /** Exactly as in the source (for text: `messageText.slice(span[0], span[1])`). */
  readonly raw: string;
  /** How to show it (`+44 7700 900123`, `@sam_example`). */
  readonly display: string;
  readonly source: SelectorSource;
  readonly platform?: Platform;
  /** Message the selector is in (text, attachment) or the first message the participant sent. */
  readonly messageIndex?: number;
  /** Text selectors: `[start, end)` in UTF-16 code units of `message.text`. */
  readonly span?: readonly [number, number];
  /** Participant selectors: how many messages (and events) carry this identity. */
  readonly messageCount?: number;
  readonly confidence: SelectorConfidence;
  /** Plain-language reason this was recorded (`profile link t.me/…`, `Telegram sender id`). */
  readonly why: string;
  readonly flags?: readonly SelectorFlag[];
}

/** Name and version of the extractor, recorded with stored selectors (ACPO principle 3). */
export const SELECTOR_EXTRACTOR = { name: 'custos-selectors', version: '1.0.0' } as const;

const FAMILY: Readonly<
  Record<Exclude<SelectorKind, 'handle' | 'phone' | 'whatsapp-phone'>, string>
> = {
  email: 'email',
  url: 'url',
  'telegram-id': 'telegram-id',
  'telegram-username': 'telegram',
  'discord-id': 'discord-id',
  'discord-username': 'discord',
  'snapchat-username': 'snapchat',
  'instagram-username': 'instagram',
  'facebook-username': 'facebook',
  'facebook-id': 'facebook-id',
};

/**
 * The match-key family of a selector: identifiers in one family are compared by value.
 * Phone numbers and WhatsApp numbers share `phone` (numbers without a country: `phone-national`);
 * a platform's usernames share the platform name whether they came from a sender, an `@mention`,
 * a cue phrase or a profile link (`t.me/Sam_Example` and `@sam_example` are both
 * `telegram:sam_example`); an unattributed handle is `handle`.
 */
export function matchKeyFamily(kind: SelectorKind, value: string, platform?: Platform): string {
  if (kind === 'phone' || kind === 'whatsapp-phone')
    return value.startsWith('+') ? 'phone' : 'phone-national';
  if (kind === 'handle') return platform ?? 'handle';
  return FAMILY[kind];
}

/** `${matchKeyFamily(kind, value, platform)}:${value}`. */
export function matchKeyOf(kind: SelectorKind, value: string, platform?: Platform): string {
  return `${matchKeyFamily(kind, value, platform)}:${value}`;
}

/** Families whose values are usernames (compared with the username near-match rules). */
export const USERNAME_FAMILIES: ReadonlySet<string> = new Set([
  'telegram',
  'discord',
  'snapchat',
  'instagram',
  'facebook',
  'handle',
  'tiktok',
  'kik',
  'twitter',
  'roblox',
  'signal',
]);
