/**
 * Identifiers in free text: links, e-mail addresses, phone numbers, handles named with a platform
 * cue ("add me on snap: …", "my insta is …", "sc: …", "tg @…", "… on discord"), and `@mentions`.
 *
 * The text is folded first (`fold.ts`): links, addresses and numbers are read from the base view
 * (invisible characters removed, full-width forms folded), cue words and usernames from the
 * skeleton view (look-alike letters mapped to ASCII). Every selector's span is mapped back to
 * the original text, so `raw === text.slice(span[0], span[1])`.
 *
 * Handles after a cue are accepted by how clearly they are marked:
 * - a strong connector (`:`, `=`, `-`, `->`, `(`) or an `@`: any valid username that is not a
 *   common word;
 * - "is"/"at" (`my snap is …`, `snap me at …`): a username with a digit, `_`, `.` or `-`, or any
 *   non-common word when the cue is possessive (`my insta is samtaylor`);
 * - nothing (`add me on snap sam_t2024`), or a handle before the cue (`sam_t2024 on snap`): only a
 *   username with a digit, `_`, `.` or `-`.
 * All regular expressions are linear in the text length (no nested unbounded quantifiers).
 */
import type { CountryCode } from 'libphonenumber-js/max';
import type { FormatId } from '../transcript/types.ts';
import { EMAIL, normalizeEmail } from './email.ts';
import { foldFlags, foldText, originalSpan, type FoldedText } from './fold.ts';
import { findPhones } from './phone.ts';
import {
  NOT_HANDLES,
  PLATFORM_CUES,
  USERNAME_RULES,
  WHATSAPP_WORDS,
  cueWordPattern,
  validGenericHandle,
} from './platforms.ts';
import { BARE_URL, SCHEME_URL, normalizeUrl, profileFromUrl, trimUrl } from './url.ts';
import {
  matchKeyOf,
  type Platform,
  type Selector,
  type SelectorConfidence,
  type SelectorFlag,
  type SelectorKind,
  type SelectorSource,
} from './types.ts';

/** Where the text comes from, for the selectors found in it. */
export interface TextContext {
  /** Format of the transcript: decides what a bare `@mention` names. */
  readonly format?: FormatId;
  /** Default region for phone numbers written without a country code. */
  readonly region?: CountryCode;
  readonly source: SelectorSource;
  readonly messageIndex?: number;
  /** Look for cue phrases and `@mentions` (default true; false for titles). */
  readonly handles?: boolean;
}

interface Cue {
  readonly platform: Platform;
  readonly short: boolean;
}

const CUES: Cue[] = [];
const cueSources: string[] = [];
for (const c of PLATFORM_CUES) {
  for (const w of [...c.words].sort((a, b) => b.length - a.length)) {
    CUES.push({ platform: c.platform, short: false });
    cueSources.push(`(${cueWordPattern(w)})`);
  }
  for (const w of c.short) {
    CUES.push({ platform: c.platform, short: true });
    cueSources.push(`(${w})`);
  }
}
/** Every cue word, one capture group per entry of `CUES`, as a whole word. */
const CUE = new RegExp(
  `(?<![\\p{L}\\p{N}_@./])(?:${cueSources.join('|')})(?![\\p{L}\\p{N}_])`,
  'giu',
);
const WHATSAPP_WORD = `(?:${WHATSAPP_WORDS.map(cueWordPattern).join('|')})(?![\\p{L}\\p{N}])`;
const WHATSAPP_BEFORE = new RegExp(`(?<![\\p{L}\\p{N}])${WHATSAPP_WORD}[^\\p{N}\\n]{0,24}$`, 'iu');
const WHATSAPP_AFTER = new RegExp(
  `^[ \\t]*(?:is[ \\t]+my|on|for|\\(|-|–|—|:)?[ \\t]*(?:my[ \\t]+)?${WHATSAPP_WORD}`,
  'iu',
);
const POSSESSIVE = /(?:^|[^\p{L}])(?:my|mine|our|his|her|their)[ \t]+$/iu;
const HANDLE_TOKEN = /@?[\p{L}\p{N}_.-]+/uy;
const SPACES = /[ \t]*(?:\r?\n[ \t]*)?/y;
/** Connectors that clearly introduce a handle: `:`, `=`, dashes, arrows, brackets, pointing emoji. */
const STRONG =
  /(?:=>|->|:|=|-|–|—|\(|\[|\||[\u2190-\u21FF\u27A1\u2B05-\u2B07\u{1F446}-\u{1F449}]+)/uy;
/** Weaker separators: a comma, other emoji and symbols; `?` and `!` ending a question or call. */
const COMMA = /(?:,|[?!]+|[\p{So}\p{Sm}\p{Sk}]+)/uy;
const WORD = /[\p{L}']+/uy;
const FILLER_MEDIUM = new Set([
  'is',
  'its',
  "it's",
  "'s",
  'at',
  'as',
  'iz',
  'be',
  'im',
  "i'm",
  'am',
  'mine',
  'mines',
]);
/** Words after a cue that make it possessive, like "my" before it ("snap? mine is …"). */
const POSSESSIVE_AFTER = new Set(['mine', 'mines']);
const FILLER = new Set([
  'name',
  'names',
  'username',
  'user',
  'usr',
  'un',
  'handle',
  'id',
  'acc',
  'account',
  'me',
  'on',
  'here',
  'add',
  'the',
  'my',
  'u',
  'ur',
  'follow',
  'dm',
  'msg',
  'message',
  'now',
  'still',
  'just',
  'new',
  'tag',
  'nick',
  'nickname',
  'addy',
  'deets',
  'details',
  'contact',
  'profile',
  'page',
  'acct',
  'i',
]);
const BEFORE_CUE =
  /(?<![\p{L}\p{N}_.@-])(@?[\p{L}\p{N}_][\p{L}\p{N}_.-]{0,39})(?:[ \t]+(?:on(?:[ \t]+(?:my|the))?|is[ \t]+my|in|via|for|(?:that'?s|it'?s)[ \t]+my)[ \t]+|[ \t]*(?:[([]|<-|←|[–—=:|]|-)[ \t]*(?:my[ \t]+)?)$/iu;
const MENTION = /(?<![\p{L}\p{N}_.@+-])@([\p{L}\p{N}_.]{1,40})/gu;

/**
 * Claimed parts of the text, as a sorted list of disjoint `[start, end)` ranges (overlapping ones
 * are merged), so that overlap tests stay logarithmic in messages with thousands of links.
 */
class Claimed {
  readonly #starts: number[] = [];
  readonly #ends: number[] = [];

  /** Index of the first range whose end is after `s`. */
  #firstEndingAfter(s: number): number {
    let lo = 0;
    let hi = this.#ends.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.#ends[mid] ?? 0) <= s) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  overlaps(s: number, e: number): boolean {
    const i = this.#firstEndingAfter(s);
    return i < this.#starts.length && (this.#starts[i] ?? Infinity) < e;
  }

  add(s: number, e: number): void {
    const i = this.#firstEndingAfter(s - 1);
    let j = i;
    while (j < this.#starts.length && (this.#starts[j] ?? Infinity) <= e) {
      s = Math.min(s, this.#starts[j] ?? s);
      e = Math.max(e, this.#ends[j] ?? e);
      j++;
    }
    this.#starts.splice(i, j - i, s);
    this.#ends.splice(i, j - i, e);
  }
}

type Strength = 'strong' | 'medium' | 'none';

/** A selector under construction, with its span in the folded views. */
interface Found {
  readonly start: number;
  readonly end: number;
  readonly kind: SelectorKind;
  readonly value: string;
  readonly display: string;
  readonly platform?: Platform;
  readonly confidence: SelectorConfidence;
  readonly why: string;
  readonly skeleton: boolean;
  readonly flags?: readonly SelectorFlag[];
}

/**
 * A name that looks like a username rather than a word or a number: it has a digit, `_`, `.` or
 * `-`, at least two letters, and is not a version number (`v2.0`).
 */
function hasFeatures(name: string): boolean {
  return (
    /[0-9_.-]/.test(name) &&
    (name.match(/[a-z]/gi)?.length ?? 0) >= 2 &&
    !/^v?[0-9]+(?:\.[0-9]+)+$/i.test(name)
  );
}

function platformUsername(
  platform: Platform,
  candidate: string,
): { kind: SelectorKind; value: string; display: string } | null {
  const rule = USERNAME_RULES[platform];
  if (!rule) return null;
  const value = candidate.toLowerCase();
  if (!rule.valid(value) || NOT_HANDLES.has(value)) return null;
  return { kind: rule.kind, value, display: rule.display(value) };
}

/** Reads the handle that follows a cue word ending at `pos`. */
function handleAfterCue(
  f: FoldedText,
  cueStart: number,
  pos: number,
): {
  start: number;
  end: number;
  text: string;
  at: boolean;
  strength: Strength;
  possessive: boolean;
} | null {
  const k = f.skeleton;
  let strength: Strength = 'none';
  let possessiveAfter = false;
  for (let steps = 0; steps < 6; steps++) {
    SPACES.lastIndex = pos;
    if (SPACES.exec(k)) pos = SPACES.lastIndex;
    STRONG.lastIndex = pos;
    const s = STRONG.exec(k);
    if (s) {
      strength = 'strong';
      pos = STRONG.lastIndex;
      continue;
    }
    COMMA.lastIndex = pos;
    if (COMMA.exec(k)) {
      if (strength === 'none') strength = 'medium';
      pos = COMMA.lastIndex;
      continue;
    }
    WORD.lastIndex = pos;
    const w = WORD.exec(k);
    if (w) {
      const word = w[0].toLowerCase();
      const after = k[WORD.lastIndex];
      // A filler word is skipped only when it is a whole word (not the start of a handle).
      if (
        (FILLER_MEDIUM.has(word) || FILLER.has(word)) &&
        (after === undefined || /[\s:=\-(@]/.test(after))
      ) {
        if (FILLER_MEDIUM.has(word) && strength === 'none') strength = 'medium';
        if (POSSESSIVE_AFTER.has(word)) possessiveAfter = true;
        pos = WORD.lastIndex;
        continue;
      }
    }
    break;
  }
  HANDLE_TOKEN.lastIndex = pos;
  const m = HANDLE_TOKEN.exec(k);
  if (!m) return null;
  let start = pos;
  let end = pos + m[0].length;
  while (end > start && /[.-]/.test(k[end - 1] ?? '')) end--;
  const at = k[start] === '@';
  if (at) start++;
  while (start < end && k[start] === '.') start++;
  if (end <= start) return null;
  const possessive =
    possessiveAfter || POSSESSIVE.test(k.slice(Math.max(0, cueStart - 12), cueStart));
  return {
    start: at ? start - 1 : start,
    end,
    text: k.slice(start, end),
    at,
    strength,
    possessive,
  };
}

function cueHandles(f: FoldedText, claimed: Claimed): Found[] {
  const k = f.skeleton;
  const out: Found[] = [];
  CUE.lastIndex = 0;
  for (const m of k.matchAll(CUE)) {
    const cueStart = m.index;
    const cueEnd = cueStart + m[0].length;
    if (claimed.overlaps(cueStart, cueEnd)) continue;
    // A cue word after a number is a quantity ("100 gram", "3 snaps"), not a platform.
    if (/[0-9][ \t]*$/.test(k.slice(Math.max(0, cueStart - 4), cueStart))) continue;
    const group = m.slice(1).findIndex((g) => g !== undefined);
    const cue = CUES[group];
    if (!cue) continue;
    const cueWord = f.original.slice(...originalSpan(f, cueStart, cueEnd));
    // The handle after the cue.
    const after = handleAfterCue(f, cueStart, cueEnd);
    if (after && !claimed.overlaps(after.start, after.end)) {
      const u = platformUsername(cue.platform, after.text);
      const features = after.at || hasFeatures(after.text);
      const ok =
        u !== null &&
        (after.strength === 'strong' || after.at
          ? true
          : after.strength === 'medium'
            ? features || after.possessive
            : features) &&
        (!cue.short || features || after.strength === 'strong');
      if (u) {
        if (ok) {
          const clear = after.at || after.strength === 'strong' || hasFeatures(after.text);
          out.push({
            start: after.start,
            end: after.end,
            ...u,
            platform: cue.platform,
            confidence: clear ? 'high' : 'medium',
            why: `${USERNAME_RULES[cue.platform]?.label ?? cue.platform} username named after the cue "${cueWord}"`,
            skeleton: true,
          });
          continue;
        }
      }
    }
    // A handle before the cue: "sam_t2024 on snap", "sam.example (insta)".
    const windowStart = Math.max(0, cueStart - 48);
    const b = BEFORE_CUE.exec(k.slice(windowStart, cueStart));
    if (b?.[1]) {
      const token = b[1];
      const start = windowStart + b.index;
      const end = start + token.length;
      const name = token.replace(/^@/, '').replace(/[.-]+$/, '');
      const u = platformUsername(cue.platform, name);
      if (u && (token.startsWith('@') || hasFeatures(name)) && !claimed.overlaps(start, end)) {
        out.push({
          start,
          end: start + (token.startsWith('@') ? 1 : 0) + name.length,
          ...u,
          platform: cue.platform,
          confidence: 'high',
          why: `${USERNAME_RULES[cue.platform]?.label ?? cue.platform} username named before the cue "${cueWord}"`,
          skeleton: true,
        });
      }
    }
  }
  return out;
}

function mentions(
  f: FoldedText,
  claimed: Claimed,
  format: FormatId | undefined,
  region: CountryCode | undefined,
): Found[] {
  const out: Found[] = [];
  for (const m of f.skeleton.matchAll(MENTION)) {
    const start = m.index;
    let name = m[1] ?? '';
    name = name.replace(/\.+$/, '');
    const end = start + 1 + name.length;
    if (claimed.overlaps(start, end)) continue;
    const lower = name.toLowerCase();
    if (format?.startsWith('whatsapp') && /^[0-9]{7,15}$/.test(name)) {
      const digits = f.base.slice(start + 1, end);
      const phone = findPhones(`+${digits}`, region)[0];
      if (phone && phone.end === digits.length + 1) {
        out.push({
          start,
          end,
          kind: 'whatsapp-phone',
          value: phone.value,
          display: phone.display,
          platform: 'whatsapp',
          confidence: phone.confidence,
          why: `WhatsApp @mention of a phone number; ${phone.why}`,
          skeleton: false,
          flags: phone.flags,
        });
      }
      continue;
    }
    const platform: Platform | undefined =
      format === 'telegram-desktop-json'
        ? 'telegram'
        : format === 'instagram-json'
          ? 'instagram'
          : undefined;
    if (platform) {
      const u = platformUsername(platform, lower);
      if (u) {
        out.push({
          start,
          end,
          ...u,
          platform,
          confidence: 'high',
          why: `@mention in a ${USERNAME_RULES[platform]?.label ?? platform} chat`,
          skeleton: true,
        });
        continue;
      }
    }
    if (validGenericHandle(lower) && !NOT_HANDLES.has(lower)) {
      out.push({
        start,
        end,
        kind: 'handle',
        value: lower,
        display: `@${lower}`,
        confidence: 'low',
        why: '@handle in the text; the platform is not stated',
        skeleton: true,
      });
    }
  }
  return out;
}

/**
 * Finds the identifiers in one text.
 *
 * @param text - a message text (or a title); spans refer to it, in UTF-16 code units.
 * @returns selectors in text order; a link to a profile gives both a `url` and the platform
 *   identity, with the same span.
 */
export function scanText(text: string, ctx: TextContext): Selector[] {
  if (text.length === 0) return [];
  const f = foldText(text);
  const b = f.base;
  const found: Found[] = [];
  const claimed = new Claimed();
  // Cheap guards: a link needs a dot or `://`, an address or a mention needs `@`.
  const hasDot = b.includes('.') || b.includes('://');
  const hasAt = b.includes('@');

  // Links.
  for (const re of hasDot ? [SCHEME_URL, BARE_URL] : []) {
    for (const m of b.matchAll(re)) {
      const start = m.index;
      const end = start + trimUrl(m[0]);
      if (claimed.overlaps(start, end)) continue;
      const u = normalizeUrl(b.slice(start, end));
      if (!u) continue;
      claimed.add(start, end);
      found.push({
        start,
        end,
        kind: 'url',
        value: u.href,
        display: u.href,
        confidence: 'high',
        why: 'web address in the text',
        skeleton: false,
      });
      const sk = normalizeUrl(f.skeleton.slice(start, end));
      const profile = sk ? profileFromUrl(sk) : null;
      if (profile)
        found.push({
          start,
          end,
          kind: profile.kind,
          value: profile.value,
          display: profile.display,
          platform: profile.platform,
          confidence: 'high',
          why: profile.why,
          skeleton: true,
        });
    }
  }

  // E-mail addresses.
  for (const m of hasAt && hasDot ? b.matchAll(EMAIL) : []) {
    const start = m.index;
    const end = start + m[0].length;
    const e = normalizeEmail(m[1] ?? '', m[2] ?? '');
    if (!e) continue;
    claimed.add(start, end);
    found.push({
      start,
      end,
      kind: 'email',
      value: e.value,
      display: e.display,
      confidence: 'high',
      why: e.providerRule
        ? 'e-mail address (Gmail: dots, letter case and +tags do not change the mailbox)'
        : 'e-mail address in the text',
      skeleton: false,
    });
  }

  // Phone numbers.
  for (const p of findPhones(b, ctx.region)) {
    if (claimed.overlaps(p.start, p.end)) continue;
    const wa =
      WHATSAPP_BEFORE.test(f.skeleton.slice(Math.max(0, p.start - 40), p.start)) ||
      WHATSAPP_AFTER.test(f.skeleton.slice(p.end, p.end + 40));
    claimed.add(p.start, p.end);
    found.push({
      start: p.start,
      end: p.end,
      kind: wa ? 'whatsapp-phone' : 'phone',
      value: p.value,
      display: p.display,
      ...(wa ? { platform: 'whatsapp' as const } : {}),
      confidence: p.confidence,
      why: wa ? `WhatsApp number named after a WhatsApp cue; ${p.why}` : p.why,
      skeleton: false,
      flags: p.flags,
    });
  }

  // Handles named with a platform cue, then @mentions.
  if (ctx.handles !== false) {
    const cued = cueHandles(f, claimed);
    found.push(...cued);
    for (const c of cued) claimed.add(c.start, c.end);
    if (hasAt) found.push(...mentions(f, claimed, ctx.format, ctx.region));
  }

  found.sort((x, y) => x.start - y.start || x.end - y.end);
  return found.map((x) => {
    const span = originalSpan(f, x.start, x.end);
    const flags = [...new Set([...foldFlags(f, x.start, x.end, x.skeleton), ...(x.flags ?? [])])];
    return {
      kind: x.kind,
      value: x.value,
      matchKey: matchKeyOf(x.kind, x.value, x.platform),
      raw: text.slice(span[0], span[1]),
      display: x.display,
      source: ctx.source,
      ...(x.platform ? { platform: x.platform } : {}),
      ...(ctx.messageIndex !== undefined ? { messageIndex: ctx.messageIndex } : {}),
      span,
      confidence: x.confidence,
      why: x.why,
      ...(flags.length > 0 ? { flags } : {}),
    };
  });
}
