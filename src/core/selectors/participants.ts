/**
 * Participants' platform identities, from what each export gives (research note chat-formats.md
 * §0.6 "Identity"; fixtures README "Senders"):
 * - Telegram Desktop: `from_id` (`user123`, `channel123`, `chat123`; old exports a bare number)
 *   → `telegram-id`. `from` is a display name and is not recorded.
 * - DiscordChatExporter JSON/CSV: the author id (snowflake) → `discord-id`; the sender is the
 *   unique username (or legacy `name#1234`) → `discord-username`; an event's actor likewise.
 * - Snapchat: `From` is the username → `snapchat-username`.
 * - SMS Backup & Restore: addresses → `phone` (`<owner>` and alphanumeric sender ids are not
 *   numbers and are skipped).
 * - imessage-exporter: a sender line that is a phone number → `phone`, an e-mail handle → `email`.
 * - WhatsApp: a sender label that is a phone number (the contact was not saved) → `whatsapp-phone`.
 * - Messenger and Instagram exports name senders by display name only: nothing is recorded.
 */
import type { CountryCode } from 'libphonenumber-js/max';
import type { FormatId, Message } from '../transcript/types.ts';
import { EMAIL, normalizeEmail } from './email.ts';
import { foldFlags, foldText } from './fold.ts';
import { phoneFromLabel } from './phone.ts';
import { USERNAME_RULES, legacyDiscordName } from './platforms.ts';
import {
  matchKeyOf,
  type Platform,
  type SelectorConfidence,
  type SelectorFlag,
  type SelectorKind,
} from './types.ts';

/** An identity of a participant, before it is tied to messages. */
export interface Identity {
  readonly kind: SelectorKind;
  readonly value: string;
  readonly matchKey: string;
  readonly raw: string;
  readonly display: string;
  readonly platform?: Platform;
  readonly confidence: SelectorConfidence;
  readonly why: string;
  readonly flags?: readonly SelectorFlag[];
}

type Family = 'telegram' | 'discord' | 'snapchat' | 'sms' | 'imessage' | 'whatsapp' | 'meta';

const FAMILY_OF: Readonly<Record<FormatId, Family>> = {
  'whatsapp-txt-android': 'whatsapp',
  'whatsapp-txt-ios': 'whatsapp',
  'whatsapp-zip-android': 'whatsapp',
  'whatsapp-zip-ios': 'whatsapp',
  'telegram-desktop-json': 'telegram',
  'discordchatexporter-json': 'discord',
  'discordchatexporter-csv': 'discord',
  'facebook-messenger-json': 'meta',
  'instagram-json': 'meta',
  'snapchat-chat-history-json': 'snapchat',
  'sms-backup-restore-xml': 'sms',
  'imessage-exporter-txt': 'imessage',
};

/** Reserved sender labels that name no account (`<owner>`, `Me`, `You`). */
const NOT_ACCOUNTS = new Set(['<owner>', 'me', 'you']);

function identity(
  kind: SelectorKind,
  value: string,
  raw: string,
  display: string,
  why: string,
  confidence: SelectorConfidence,
  platform?: Platform,
  flags?: readonly SelectorFlag[],
): Identity {
  return {
    kind,
    value,
    matchKey: matchKeyOf(kind, value, platform),
    raw,
    display,
    ...(platform ? { platform } : {}),
    confidence,
    why,
    ...(flags && flags.length > 0 ? { flags } : {}),
  };
}

function telegramId(raw: string): Identity | null {
  const m = /^(user|channel|chat)?([0-9]{1,20})$/.exec(raw.trim());
  if (!m?.[2]) return null;
  const prefix = m[1] ?? 'user';
  const value = prefix === 'user' ? m[2] : `${prefix}:${m[2]}`;
  return identity(
    'telegram-id',
    value,
    raw,
    raw,
    `Telegram ${prefix === 'user' ? 'user' : prefix} id of the sender (from_id)`,
    'high',
    'telegram',
  );
}

function labelPhone(
  label: string,
  region: CountryCode | undefined,
  kind: 'phone' | 'whatsapp-phone',
  how: string,
): Identity | null {
  const f = foldText(label);
  const p = phoneFromLabel(f.base, region, how);
  if (!p) return null;
  const flags = [...foldFlags(f, 0, f.base.length, false, true), ...p.flags];
  return identity(
    kind,
    p.value,
    label,
    p.display,
    p.why,
    p.confidence,
    kind === 'whatsapp-phone' ? 'whatsapp' : undefined,
    flags,
  );
}

function labelEmail(label: string, how: string): Identity | null {
  const f = foldText(label.trim());
  EMAIL.lastIndex = 0;
  const m = EMAIL.exec(f.base);
  EMAIL.lastIndex = 0;
  if (!m || m.index !== 0 || m[0].length !== f.base.length) return null;
  const e = normalizeEmail(m[1] ?? '', m[2] ?? '');
  return e
    ? identity(
        'email',
        e.value,
        label,
        e.display,
        how,
        'high',
        undefined,
        foldFlags(f, 0, f.base.length, false, true),
      )
    : null;
}

function username(platform: Platform, label: string, how: string): Identity | null {
  const rule = USERNAME_RULES[platform];
  if (!rule) return null;
  const f = foldText(label.trim());
  const name = f.skeleton.toLowerCase();
  if (!rule.valid(name)) return null;
  return identity(
    rule.kind,
    name,
    label,
    rule.display(name),
    how,
    'high',
    platform,
    foldFlags(f, 0, f.base.length, true, true),
  );
}

function discordName(label: string, how: string): Identity | null {
  if (legacyDiscordName(label)) {
    // Legacy names were unique only with their discriminator and could hold any letters; kept as written.
    return identity(
      'discord-username',
      label,
      label,
      label,
      `${how} (legacy name with discriminator)`,
      'high',
      'discord',
    );
  }
  return username('discord', label, how);
}

/**
 * The identities a message's author (or an event's actor) carries in this format.
 * @param region - default region for phone numbers written without a country code.
 */
export function messageIdentities(
  format: FormatId,
  m: Message,
  region: CountryCode | undefined,
): Identity[] {
  const family = FAMILY_OF[format];
  const out: Identity[] = [];
  const push = (i: Identity | null) => {
    if (i) out.push(i);
  };
  switch (family) {
    case 'telegram':
      if (m.senderId !== undefined) push(telegramId(m.senderId));
      break;
    case 'discord':
      if (m.senderId !== undefined && /^[0-9]{17,20}$/.test(m.senderId))
        push(
          identity(
            'discord-id',
            m.senderId,
            m.senderId,
            m.senderId,
            'Discord user id of the author',
            'high',
            'discord',
          ),
        );
      if (m.sender !== null) push(discordName(m.sender, 'Discord username of the author'));
      else if (m.system && m.actor !== undefined)
        push(discordName(m.actor, 'Discord username of the event actor'));
      break;
    default:
      if (m.sender !== null) out.push(...labelIdentities(format, m.sender, region));
  }
  return out;
}

/**
 * The identities a participant label carries in this format (a sender, or a name from the export's
 * participant list). Display names give none.
 */
export function labelIdentities(
  format: FormatId,
  label: string,
  region: CountryCode | undefined,
): Identity[] {
  if (NOT_ACCOUNTS.has(label.trim().toLowerCase())) return [];
  const family = FAMILY_OF[format];
  let i: Identity | null = null;
  switch (family) {
    case 'snapchat':
      i = username('snapchat', label, 'Snapchat username of the sender');
      break;
    case 'discord':
      i = discordName(label, 'Discord username of a participant');
      break;
    case 'sms':
      i = labelPhone(label, region, 'phone', 'SMS/MMS address');
      break;
    case 'imessage':
      i =
        labelPhone(label, region, 'phone', 'iMessage handle (phone number)') ??
        labelEmail(label, 'iMessage handle (e-mail address)');
      break;
    case 'whatsapp':
      i = labelPhone(
        label,
        region,
        'whatsapp-phone',
        'WhatsApp sender shown as a phone number (not in the exporter’s contacts)',
      );
      break;
    case 'telegram':
    case 'meta':
      break;
  }
  return i ? [i] : [];
}
