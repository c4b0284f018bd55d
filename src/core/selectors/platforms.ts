/**
 * Platform username rules and the words people use to name a platform in chat.
 *
 * Username shapes follow each platform's published rules (help pages, 2024), checked on the
 * lower-cased ASCII skeleton; all of these platforms look usernames up case-insensitively:
 * - Telegram: 5–32 of `a-z 0-9 _`, starts with a letter, no `__`, does not end with `_`.
 * - Snapchat: 3–15 of `a-z 0-9 - _ .`, starts with a letter, ends with a letter or digit.
 * - Instagram: 1–30 of `a-z 0-9 . _`, no leading, trailing or double `.`.
 * - Discord (unique usernames since 2023): 2–32 of `a-z 0-9 _ .`, no `..`; legacy `name#1234`.
 * - TikTok: 2–24 of `a-z 0-9 _ .`, not ending with `.`. X/Twitter: 1–15 of `a-z 0-9 _`.
 *   Kik: 6–20 of `a-z 0-9 _ .`. Roblox: 3–20 of `a-z 0-9`, at most one inner `_`.
 *   Signal usernames: a nickname of 3–32 `a-z 0-9 _` (not starting with a digit), `.`, 2–9 digits.
 *   Facebook usernames: 5–50 of `a-z 0-9 .`.
 * We additionally require a letter in every username, so that numbers are never read as names.
 */
import type { Platform, SelectorKind } from './types.ts';

/** How a platform's usernames are recorded. */
export interface UsernameRule {
  readonly platform: Platform;
  /** Kind recorded for a username of this platform. */
  readonly kind: SelectorKind;
  /** Tests a lower-cased ASCII candidate (without `@`). */
  readonly valid: (name: string) => boolean;
  /** Display form of a normalized username. */
  readonly display: (name: string) => string;
  /** Platform name for messages. */
  readonly label: string;
}

const hasLetter = (s: string) => /[a-z]/.test(s);
const at = (s: string) => `@${s}`;
const plain = (s: string) => s;

/** Username rules by platform (WhatsApp has none: its accounts are phone numbers). */
export const USERNAME_RULES: Readonly<Partial<Record<Platform, UsernameRule>>> = {
  telegram: {
    platform: 'telegram',
    kind: 'telegram-username',
    label: 'Telegram',
    display: at,
    valid: (s) => /^[a-z][a-z0-9_]{3,30}[a-z0-9]$/.test(s) && !s.includes('__'),
  },
  snapchat: {
    platform: 'snapchat',
    kind: 'snapchat-username',
    label: 'Snapchat',
    display: plain,
    valid: (s) => /^[a-z][a-z0-9._-]{1,13}[a-z0-9]$/.test(s),
  },
  instagram: {
    platform: 'instagram',
    kind: 'instagram-username',
    label: 'Instagram',
    display: at,
    valid: (s) =>
      /^[a-z0-9_](?:[a-z0-9_.]{0,28}[a-z0-9_])?$/.test(s) && !s.includes('..') && hasLetter(s),
  },
  discord: {
    platform: 'discord',
    kind: 'discord-username',
    label: 'Discord',
    display: plain,
    valid: (s) => /^[a-z0-9_.]{2,32}$/.test(s) && !s.includes('..') && hasLetter(s),
  },
  facebook: {
    platform: 'facebook',
    kind: 'facebook-username',
    label: 'Facebook',
    display: plain,
    valid: (s) =>
      /^[a-z0-9.]{5,50}$/.test(s) && hasLetter(s) && !s.startsWith('.') && !s.endsWith('.'),
  },
  tiktok: {
    platform: 'tiktok',
    kind: 'handle',
    label: 'TikTok',
    display: at,
    valid: (s) => /^[a-z0-9_.]{2,24}$/.test(s) && !s.endsWith('.') && hasLetter(s),
  },
  twitter: {
    platform: 'twitter',
    kind: 'handle',
    label: 'X (Twitter)',
    display: at,
    valid: (s) => /^[a-z0-9_]{2,15}$/.test(s) && hasLetter(s),
  },
  kik: {
    platform: 'kik',
    kind: 'handle',
    label: 'Kik',
    display: plain,
    valid: (s) => /^[a-z0-9_.]{6,20}$/.test(s) && hasLetter(s),
  },
  roblox: {
    platform: 'roblox',
    kind: 'handle',
    label: 'Roblox',
    display: plain,
    valid: (s) => /^(?=.{3,20}$)[a-z0-9]+(?:_[a-z0-9]+)?$/.test(s) && hasLetter(s),
  },
  signal: {
    platform: 'signal',
    kind: 'handle',
    label: 'Signal',
    display: plain,
    valid: (s) => /^[a-z_][a-z0-9_]{2,31}\.[0-9]{2,9}$/.test(s),
  },
};

/** An unattributed `@handle`: letters, digits, `_` and inner `.`, starting with a letter or `_`. */
export function validGenericHandle(s: string): boolean {
  return (
    /^[a-z_][a-z0-9_.]{1,29}$/.test(s) && !s.endsWith('.') && !s.includes('..') && hasLetter(s)
  );
}

/** Discord legacy username with a discriminator: any name of 2–32 characters, `#`, four digits. */
export function legacyDiscordName(s: string): boolean {
  return /^[^#@:\n]{2,32}#[0-9]{4}$/.test(s) && !s.endsWith('#0000');
}

/**
 * Words people use for a platform in chat (matched on the skeleton view, case-insensitively, as
 * whole words). `short` aliases are two letters and only count with a clear connector or a handle
 * that looks like one.
 */
export interface PlatformCue {
  readonly platform: Platform;
  readonly words: readonly string[];
  readonly short: readonly string[];
}

export const PLATFORM_CUES: readonly PlatformCue[] = [
  {
    platform: 'snapchat',
    words: ['snapchat', 'snap', 'snapchats', 'snaps', 'snpchat', 'snapcht'],
    short: ['sc'],
  },
  {
    platform: 'instagram',
    words: ['instagram', 'insta', 'instas', 'instagramm', 'gram'],
    short: ['ig'],
  },
  { platform: 'telegram', words: ['telegram', 'tele', 'telegramm'], short: ['tg'] },
  { platform: 'discord', words: ['discord', 'disc', 'discrod'], short: ['dc'] },
  { platform: 'tiktok', words: ['tiktok', 'tik tok', 'tictoc', 'tiktoc'], short: ['tt'] },
  { platform: 'kik', words: ['kik'], short: [] },
  { platform: 'twitter', words: ['twitter', 'twitta'], short: [] },
  { platform: 'facebook', words: ['facebook', 'face book'], short: ['fb'] },
  { platform: 'roblox', words: ['roblox', 'rblx'], short: [] },
  { platform: 'signal', words: ['signal'], short: [] },
];

/** Words for WhatsApp, which lead to a phone number rather than a username. */
export const WHATSAPP_WORDS: readonly string[] = [
  'whatsapp',
  'whats app',
  'watsapp',
  'whatsap',
  'whatapp',
  'watsap',
  'wapp',
  'wa',
  'whatsapps',
];

const LEET: Readonly<Record<string, string>> = {
  a: 'a4@',
  e: 'e3',
  i: 'i1!',
  o: 'o0',
  s: 's5$',
  t: 't7',
  g: 'g9',
  b: 'b8',
};
const escapeClass = (s: string) => s.replace(/[\\\]^-]/g, (c) => `\\${c}`);

/**
 * A regular-expression source matching `word` as written, in leetspeak (`sn4p`, `1nsta`) and
 * spaced out (`s n a p`, `s.n.a.p`) — the latter two only for words of four letters or more.
 * Linear: every optional part is a single character.
 */
export function cueWordPattern(word: string): string {
  if (word.length < 4) return word.replace(/ /g, ' ?');
  const parts = [...word].map((c) => {
    if (c === ' ') return ' ?';
    const alts = LEET[c];
    return alts ? `[${escapeClass(alts)}]` : c;
  });
  return parts.join('[ ._*-]?');
}

/**
 * Common words that are never taken as a handle after a cue ("my snap is broken", "add me on
 * insta later"). Lower-case.
 */
export const NOT_HANDLES: ReadonlySet<string> = new Set(
  `a about above account acc actually add added after again ago all almost already also always am an and any anyone anything app apps are around as ask at away back bad be because been before being best better between bio block blocked bored both broken busy but by call can cant can't chat check come coming cool could dead deleted did didnt different do does doesnt doing done dont don't down dm dms each else empty even ever every everyone fine first follow followed followers following for free friend friends from fun gone good got great gonna had has hate have he hello her here hey hi him his hmu home how i id if im i'm in info is isnt it its it's just know last later like link lol long lost make maybe me message messages more most much my name new next nice no none not nothing now of off ok okay old on one online only open or other our out over password pic pics picture please pls plz post posted posts private profile public quick real really right same say see send sent she should show since snap so some someone something soon sorry stop story stories streak streaks still such sure take text than thanks thank that the their them then there these they thing think this those though tmrw today tomorrow tonight too tried try u under until up ur us use used user username using very wait want wanna was way we well were what when where which while who why will with without won't would ya yeah yes yet you your yours yourself x xx xxx haha hahaha ty thx brb gtg idk omg tbh ngl fr rn asap babe baby hun hon mate bro sis dude lmao lmk nah nope yep yup wbu hbu wyd sup ig insta instagram snapchat telegram discord tiktok kik twitter facebook whatsapp signal roblox tele tg sc dc fb wa`
    .split(/\s+/)
    .filter((w) => w.length > 0),
);
