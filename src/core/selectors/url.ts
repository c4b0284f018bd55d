/**
 * Web addresses: finding them in text, normalizing them, and reading platform profile links.
 *
 * Normalization (WHATWG URL Standard parsing, plus RFC 3986 §6.2.2–6.2.3 equivalences): scheme
 * and host lower-cased, internationalized hosts in their ASCII (punycode) form, the scheme's
 * default port removed, a trailing dot on the host removed, an empty path written `/`. Paths,
 * queries and fragments are kept exactly — tracking parameters are not touched, since they can
 * themselves identify who shared a link.
 */
import type { Platform, SelectorKind } from './types.ts';
import { USERNAME_RULES } from './platforms.ts';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

/** Platform hosts written without a scheme that are still read as links (`t.me/sam_example`). */
const BARE_HOSTS = [
  't\\.me',
  'telegram\\.me',
  'telegram\\.dog',
  'wa\\.me',
  'instagram\\.com',
  'instagr\\.am',
  'snapchat\\.com',
  'discord\\.gg',
  'discord\\.com',
  'discordapp\\.com',
  'tiktok\\.com',
  'facebook\\.com',
  'fb\\.com',
  'm\\.me',
  'x\\.com',
  'twitter\\.com',
  'kik\\.me',
  'roblox\\.com',
];

/** `scheme://…` links. The tail is trimmed by {@link trimUrl}. */
export const SCHEME_URL = /(?<![\p{L}\p{N}])(?:https?|tg):\/\/[^\s<>"'`]+/giu;
/** `www.…` and platform links without a scheme. */
export const BARE_URL = new RegExp(
  `(?<![\\p{L}\\p{N}_@./-])(?:www\\.[a-z0-9-]+(?:\\.[a-z0-9-]+)+(?::[0-9]{1,5})?|(?:(?:www|m|mobile|vm)\\.)?(?:${BARE_HOSTS.join('|')}))(?:[/?#][^\\s<>"'\`]*)?(?![\\p{L}\\p{N}_-])`,
  'giu',
);

/** Media CDNs whose links are files (attachments), not identities or shared pages. */
const CDN_HOSTS =
  /(?:^|\.)(?:cdn\.discordapp\.com|media\.discordapp\.net|fbcdn\.net|cdninstagram\.com|sc-cdn\.net)$/;

/**
 * Removes punctuation that ends a sentence rather than the link: trailing `. , ; : ! ?`, quotes,
 * and closing brackets that have no opening partner inside the link.
 * @returns the length of the link within `text`.
 */
export function trimUrl(text: string): number {
  let end = text.length;
  for (;;) {
    const c = text[end - 1];
    if (c === undefined) return end;
    if ('.,;:!?\'"*'.includes(c)) {
      end--;
      continue;
    }
    const open = c === ')' ? '(' : c === ']' ? '[' : c === '}' ? '{' : c === '>' ? '<' : null;
    if (open !== null) {
      const body = text.slice(0, end);
      if (body.split(open).length - 1 < body.split(c).length - 1) {
        end--;
        continue;
      }
    }
    return end;
  }
}

/**
 * Parses and normalizes a link as found in text (scheme optional for `www.` and platform hosts).
 * @returns the parsed URL (its `href` is the normalized form) or `null` if it is not a usable web
 *   address (no host with a dot, a non-web scheme other than `tg:`).
 */
export function normalizeUrl(text: string): URL | null {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`;
  let u: URL;
  try {
    u = new URL(withScheme);
  } catch {
    return null;
  }
  if (u.protocol === 'tg:') return u;
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
  if (u.hostname.endsWith('.')) u.hostname = u.hostname.replace(/\.+$/, '');
  if (!/^[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:[a-z]{2,63}|xn--[a-z0-9-]+)$/.test(u.hostname))
    return null;
  return u;
}

/** True when a link points into a media CDN (an attachment's file, not a shared page). */
export function isCdnUrl(u: URL): boolean {
  return CDN_HOSTS.test(u.hostname);
}

/** A platform identity read from a profile link. */
export interface ProfileLink {
  readonly kind: SelectorKind;
  readonly platform: Platform;
  /** Normalized value (lower-case username, numeric id, or E.164 phone number). */
  readonly value: string;
  readonly display: string;
  /** Plain-language description of the link form (`Telegram profile link t.me/…`). */
  readonly why: string;
}

const TELEGRAM_RESERVED = new Set([
  'joinchat',
  'addstickers',
  'addemoji',
  'share',
  'proxy',
  'socks',
  'setlanguage',
  'addtheme',
  'iv',
  'login',
  'c',
  'boost',
  'bg',
  'addlist',
  'confirmphone',
  'invoice',
  'm',
  'contact',
  'giftcode',
]);
const INSTAGRAM_RESERVED = new Set([
  'p',
  'reel',
  'reels',
  'tv',
  'stories',
  'explore',
  'accounts',
  'direct',
  'about',
  'developer',
  'legal',
  'web',
  'ar',
  'challenge',
  's',
  'tags',
  'locations',
  'emails',
  'privacy',
  'terms',
  'api',
  'oauth',
]);
const FACEBOOK_RESERVED = new Set([
  'profile.php',
  'groups',
  'pages',
  'events',
  'photo',
  'photo.php',
  'photos',
  'watch',
  'share',
  'sharer',
  'sharer.php',
  'story.php',
  'permalink.php',
  'login',
  'login.php',
  'marketplace',
  'help',
  'policies',
  'privacy',
  'hashtag',
  'reel',
  'reels',
  'stories',
  'messages',
  'notes',
  'gaming',
  'people',
  'dialog',
  'plugins',
  'tr',
  'l.php',
  'home.php',
  'friends',
  'settings',
  'search',
  'video.php',
  'business',
  'ads',
  'legal',
  'terms',
]);
const TWITTER_RESERVED = new Set([
  'home',
  'i',
  'search',
  'explore',
  'hashtag',
  'intent',
  'share',
  'settings',
  'messages',
  'notifications',
  'login',
  'signup',
  'tos',
  'privacy',
  'compose',
  'logout',
  'about',
  'download',
]);

function username(platform: Platform, raw: string | undefined, why: string): ProfileLink | null {
  const rule = USERNAME_RULES[platform];
  if (!rule || raw === undefined) return null;
  let name: string;
  try {
    name = decodeURIComponent(raw).replace(/^@/, '').toLowerCase();
  } catch {
    return null;
  }
  if (!rule.valid(name)) return null;
  return { kind: rule.kind, platform, value: name, display: rule.display(name), why };
}

/**
 * Reads a platform identity from a profile link: `t.me/<name>` (also `telegram.me`, `telegram.dog`,
 * `<name>.t.me`, `tg://resolve?domain=`), `wa.me/<digits>` and `api.whatsapp.com/send?phone=`,
 * `instagram.com/<name>` (and `/stories/<name>/`), `snapchat.com/add/<name>`,
 * `discord.com/users/<id>`, `tiktok.com/@<name>`, `facebook.com/<name>`,
 * `facebook.com/profile.php?id=<id>`, `m.me/<name>`, `x.com/<name>`, `twitter.com/<name>`,
 * `kik.me/<name>`. Posts, invites, groups and share links name no person and give `null`.
 *
 * @param u - a URL whose text was taken from the skeleton view (look-alike letters folded).
 */
export function profileFromUrl(u: URL): ProfileLink | null {
  const host = u.hostname.replace(/^(?:www|m|mobile)\./, '');
  const seg = u.pathname.split('/').filter((s) => s.length > 0);
  const first = seg[0]?.toLowerCase();
  if (u.protocol === 'tg:') {
    return u.hostname === 'resolve'
      ? username(
          'telegram',
          u.searchParams.get('domain') ?? undefined,
          'Telegram app link tg://resolve',
        )
      : null;
  }
  switch (host) {
    case 't.me':
    case 'telegram.me':
    case 'telegram.dog': {
      if (first === undefined || first.startsWith('+') || TELEGRAM_RESERVED.has(first)) return null;
      if (first === 's') return username('telegram', seg[1], `Telegram profile link ${host}/s/…`);
      return username('telegram', seg[0], `Telegram profile link ${host}/…`);
    }
    case 'wa.me':
    case 'api.whatsapp.com':
    case 'whatsapp.com': {
      const digits = host === 'wa.me' ? seg[0] : u.searchParams.get('phone');
      if (!digits || !/^\+?[0-9]{7,15}$/.test(digits)) return null;
      const p = parsePhoneNumberFromString(`+${digits.replace(/^\+/, '')}`);
      if (!p?.isPossible()) return null;
      return {
        kind: 'whatsapp-phone',
        platform: 'whatsapp',
        value: p.number,
        display: p.formatInternational(),
        why: `WhatsApp click-to-chat link ${host}/…`,
      };
    }
    case 'instagram.com':
    case 'instagr.am': {
      if (first === 'stories' && seg[1] && seg[1] !== 'highlights')
        return username('instagram', seg[1], 'Instagram stories link');
      if (first === undefined || INSTAGRAM_RESERVED.has(first)) return null;
      return username('instagram', seg[0], 'Instagram profile link');
    }
    case 'snapchat.com':
      if (first === 'add')
        return username('snapchat', seg[1], 'Snapchat add-friend link snapchat.com/add/…');
      if (first?.startsWith('@'))
        return username('snapchat', first.slice(1), 'Snapchat profile link snapchat.com/@…');
      return null;
    case 'discord.com':
    case 'discordapp.com':
      if (first === 'users' && seg[1] && /^[0-9]{17,20}$/.test(seg[1]))
        return {
          kind: 'discord-id',
          platform: 'discord',
          value: seg[1],
          display: seg[1],
          why: 'Discord user link discord.com/users/…',
        };
      return null;
    case 'tiktok.com':
      return first?.startsWith('@')
        ? username('tiktok', first.slice(1), 'TikTok profile link tiktok.com/@…')
        : null;
    case 'facebook.com':
    case 'fb.com': {
      if (first === 'profile.php') {
        const id = u.searchParams.get('id');
        return id && /^[0-9]{5,20}$/.test(id)
          ? {
              kind: 'facebook-id',
              platform: 'facebook',
              value: id,
              display: id,
              why: 'Facebook profile link profile.php?id=…',
            }
          : null;
      }
      if (first === undefined || FACEBOOK_RESERVED.has(first)) return null;
      return username('facebook', seg[0], 'Facebook profile link');
    }
    case 'me':
      // m.me/<name> (Messenger); `m.` was taken as a mobile prefix above.
      if (u.hostname === 'm.me' && first !== undefined && first !== 'j' && first !== 'ch')
        return username('facebook', seg[0], 'Messenger link m.me/…');
      return null;
    case 'x.com':
    case 'twitter.com':
      if (first === undefined || TWITTER_RESERVED.has(first)) return null;
      return username('twitter', seg[0], 'X (Twitter) profile link');
    case 'kik.me':
      return username('kik', seg[0], 'Kik profile link kik.me/…');
    default:
      if (host.endsWith('.t.me'))
        return username(
          'telegram',
          host.slice(0, -'.t.me'.length),
          'Telegram profile link <name>.t.me',
        );
      return null;
  }
}
