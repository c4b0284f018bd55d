/**
 * Extracting the selectors of a transcript, streaming: the extractor takes the parser's parts
 * one by one (as `SummaryCollector` does), so a large export never needs to be held in memory.
 * Memory grows with the number of identifiers found, not the number of messages: a participant's
 * identity is kept once, with the first message it appears in and how many messages carry it;
 * every mention in text, attachment link and title identifier is kept as its own occurrence, so
 * the officer can go to each one.
 */
import type { FormatId, Message, Transcript, TranscriptPart } from '../transcript/types.ts';
import { labelIdentities, messageIdentities, type Identity } from './participants.ts';
import { phoneRegion } from './phone.ts';
import { scanText } from './text.ts';
import { isCdnUrl, normalizeUrl, profileFromUrl } from './url.ts';
import { SELECTOR_EXTRACTOR, matchKeyOf, type Selector } from './types.ts';

/** Options for extraction. */
export interface ExtractOptions {
  /** Format of the transcript (decides how senders and `@mentions` are read). */
  readonly format: FormatId;
  /**
   * Default region (ISO 3166-1 alpha-2, e.g. `GB`) for phone numbers written without a country
   * code. Without it such numbers are kept as digits, flagged `phone-no-country`.
   */
  readonly defaultRegion?: string;
}

/** What an extraction found. */
export interface SelectorExtraction {
  /** Participant identities first (in order of first appearance), then every other occurrence in message order. */
  readonly selectors: readonly Selector[];
  readonly extractor: typeof SELECTOR_EXTRACTOR;
  /** The default region used, or `null` when none was given (or it was not a known region). */
  readonly defaultRegion: string | null;
  /** Number of messages read. */
  readonly messages: number;
}

interface ParticipantEntry {
  identity: Identity;
  messageIndex?: number;
  count: number;
}

/**
 * Collects selectors from a transcript's parts.
 *
 * @example
 * const x = new SelectorExtractor({ format: 'telegram-desktop-json', defaultRegion: 'GB' });
 * for (const part of parts) x.add(part);
 * const { selectors } = x.finish();
 */
export class SelectorExtractor {
  readonly #format: FormatId;
  readonly #region;
  readonly #participants = new Map<string, ParticipantEntry>();
  readonly #listed: string[] = [];
  readonly #occurrences: Selector[] = [];
  readonly #identityCache = new Map<string, readonly Identity[]>();
  #title: string | undefined;
  #messages = 0;

  constructor(options: ExtractOptions) {
    this.#format = options.format;
    this.#region = phoneRegion(options.defaultRegion);
  }

  /** Adds one transcript part; returns it unchanged so the extractor can sit inside a pipeline. */
  add(part: TranscriptPart): TranscriptPart {
    switch (part.type) {
      case 'message':
        this.addMessage(part.message);
        break;
      case 'participant':
        this.#listed.push(part.name);
        break;
      case 'title':
        this.#title = part.title;
        break;
      case 'note':
        break;
    }
    return part;
  }

  /** Adds one message (its author's identities, its text, its attachments' links). */
  addMessage(m: Message): void {
    this.#messages++;
    for (const id of this.#identities(m)) this.#participant(id, m.index);
    const ctx = {
      format: this.#format,
      source: 'text' as const,
      messageIndex: m.index,
      ...(this.#region ? { region: this.#region } : {}),
    };
    this.#occurrences.push(...scanText(m.text, ctx));
    for (const a of m.attachments) {
      if (a.path === undefined || !/^https?:\/\//i.test(a.path)) continue;
      const u = normalizeUrl(a.path);
      if (!u || isCdnUrl(u)) continue;
      const base = { raw: a.path, source: 'attachment' as const, messageIndex: m.index };
      this.#occurrences.push({
        ...base,
        kind: 'url',
        value: u.href,
        matchKey: matchKeyOf('url', u.href),
        display: u.href,
        confidence: 'high',
        why: a.kind === 'share' ? 'link shared as an attachment' : 'link of an attachment',
      });
      const p = profileFromUrl(u);
      if (p)
        this.#occurrences.push({
          ...base,
          kind: p.kind,
          value: p.value,
          matchKey: matchKeyOf(p.kind, p.value, p.platform),
          display: p.display,
          platform: p.platform,
          confidence: 'high',
          why: `${p.why}, shared as an attachment`,
        });
    }
  }

  /** A message author's identities; cached per author, since reading a phone label is costly. */
  #identities(m: Message): readonly Identity[] {
    const actor = m.system && m.sender === null ? (m.actor ?? '') : '';
    const key = `${m.sender ?? ''}\u0000${m.senderId ?? ''}\u0000${actor}`;
    const hit = this.#identityCache.get(key);
    if (hit) return hit;
    const ids = messageIdentities(this.#format, m, this.#region);
    if (this.#identityCache.size >= 10_000) this.#identityCache.clear();
    this.#identityCache.set(key, ids);
    return ids;
  }

  #participant(id: Identity, messageIndex?: number): void {
    const key = `${id.kind}\u0000${id.matchKey}`;
    const entry = this.#participants.get(key);
    if (entry) {
      if (messageIndex !== undefined) {
        entry.count++;
        entry.messageIndex ??= messageIndex;
      }
      return;
    }
    this.#participants.set(key, {
      identity: id,
      count: messageIndex === undefined ? 0 : 1,
      ...(messageIndex !== undefined ? { messageIndex } : {}),
    });
  }

  /** Ends the extraction: adds identities from the participant list and the title's identifiers. */
  finish(): SelectorExtraction {
    for (const name of this.#listed)
      for (const id of labelIdentities(this.#format, name, this.#region)) this.#participant(id);
    const participants: Selector[] = [...this.#participants.values()].map(
      ({ identity: i, messageIndex, count }) => ({
        kind: i.kind,
        value: i.value,
        matchKey: i.matchKey,
        raw: i.raw,
        display: i.display,
        source: 'participant',
        ...(i.platform ? { platform: i.platform } : {}),
        ...(messageIndex !== undefined ? { messageIndex } : {}),
        messageCount: count,
        confidence: i.confidence,
        why:
          messageIndex === undefined ? `${i.why}; named in the export's participant list` : i.why,
        ...(i.flags ? { flags: i.flags } : {}),
      }),
    );
    const title =
      this.#title === undefined
        ? []
        : scanText(this.#title, {
            format: this.#format,
            source: 'metadata',
            handles: false,
            ...(this.#region ? { region: this.#region } : {}),
          });
    return {
      selectors: [...participants, ...this.#occurrences, ...title],
      extractor: SELECTOR_EXTRACTOR,
      defaultRegion: this.#region ?? null,
      messages: this.#messages,
    };
  }
}

/**
 * Extracts every selector of an in-memory transcript.
 * @param options.defaultRegion - region for national-form phone numbers (e.g. `GB`).
 */
export function extractSelectors(
  t: Transcript,
  options: { defaultRegion?: string } = {},
): SelectorExtraction {
  const x = new SelectorExtractor({ format: t.format, ...options });
  if (t.title !== undefined) x.add({ type: 'title', title: t.title });
  for (const name of t.participants) x.add({ type: 'participant', name });
  for (const m of t.messages) x.addMessage(m);
  return x.finish();
}
