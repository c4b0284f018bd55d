/**
 * Line analysis: normalises every message, reads its context signals, and runs the indicator
 * rules (`rules.ts`), the meeting-logistics detector (`logistics.ts`) and the pluggable
 * sexual-content detector, with the line-level look-alike guards:
 *
 * - quotation: a phrase inside quotation marks is reported speech (a safety lesson quoting
 *   "is your mum in right now?"), not a request;
 * - lesson framing: a line that names a risky line as a warning sign, tells the reader to
 *   report it, or describes what "someone online" might say;
 * - benign objects and purposes, per rule (a photo of the homework, a party secret).
 *
 * Output evidence carries spans in UTF-16 code units of the original text.
 */
import { lineSignals, replyAge } from './context.ts';
import type { LineSignals } from './context.ts';
import { Gated, stemsOf } from './gate.ts';
import { expand, literalWords, pattern } from './lexicon.ts';
import { findLogistics, logisticsGates } from './logistics.ts';
import { normalizeText, toOriginalSpan } from './normalize.ts';
import { INDICATORS, RULES } from './rules.ts';
import { MINOR_DIRECTED } from './speakers.ts';
import type { RuleDef } from './rules.ts';
import type { SexualContentDetector } from './sexual-content.ts';
import type { IndicatorId, LogisticsFacet, Stage, TriageMessage } from './types.ts';

/** One indicator found on one line. */
export interface Evidence {
  /** Message index. */
  readonly line: number;
  /** Position in the message array (equal to `line` for contiguous input). */
  readonly position: number;
  readonly speaker: string;
  readonly indicator: IndicatorId;
  readonly stage: Stage;
  readonly ruleId: string;
  readonly weight: number;
  /** `[start, end)` in UTF-16 code units of the original message text. */
  readonly span: readonly [number, number];
  readonly facets?: readonly LogisticsFacet[];
  readonly resolvedTime?: string | null;
  /** A fare offer that counts as logistics only next to a concrete time or place. */
  readonly fareOnly?: boolean;
}

/** A rule that matched but was set aside by a line-level guard. */
export interface GuardedMatch {
  readonly line: number;
  readonly speaker: string;
  readonly indicator: IndicatorId;
  readonly ruleId: string;
  readonly guard: 'QUOTED' | 'LESSON_FRAMING';
}

/** Everything triage reads from one message. */
export interface AnalysedLine {
  readonly position: number;
  readonly index: number;
  readonly speaker: string;
  readonly ts: string;
  /** Normalised text (`normalize.ts`). */
  readonly text: string;
  readonly signals: LineSignals;
  /** Original-text spans of `signals.roleHints`, in the same order. */
  readonly roleSpans: readonly (readonly [number, number])[];
  /** The writer's words presuppose a child on the other side ("your school", "after school"). */
  readonly minorDirected: boolean;
  readonly evidence: readonly Evidence[];
  readonly guarded: readonly GuardedMatch[];
}

export interface AnalyseOptions {
  readonly sexualContent: SexualContentDetector;
  /** IANA zone for resolving relative meeting times; null uses each timestamp's offset. */
  readonly timeZone: string | null;
}

/** A line that talks about risky lines instead of saying them (an online-safety lesson). */
const LESSON_FRAMING = pattern(
  String.raw`(?:warning signs?|red flags?|alarm bells|report (?:it|them|this|that|him|her)|tell (?:a |an )?(?:trusted )?(?:adult|grown ?up)|(?<!(?:dont|not|never|wont|cant|no) )tell (?:us|someone|a teacher|your teacher|your parents|a parent)(?: straight away| right away| immediately)?|watch out for|look out for|be careful (?:of|if|when|about)|never (?:share|send|switch|meet|give|tell|accept|agree)|if (?:someone|anyone|somebody|a stranger|an adult|a person|a man|a woman|people|they|a grown ?up)(?: you dont know)?(?: online)? (?:says|asks|tells|messages|sends|wants|offers|tries|says to you)|(?:someone|people|strangers|groomers|adults|predators)(?: online)? (?:might|may|will|could|sometimes|often|can) (?:say|ask|tell|try|offer|pretend)|(?:is|are|its) (?:a |the )?(?:classic|common|typical|known) (?:line|trick|sign|tactic|lie)|is controlling|is pressure|means (?:something|they|its|it is)|quiz|(?:a|the) (?:man|woman|person|stranger) (?:says|said|asks)|someone says|a video (?:where|about)|online safety|stay safe online|safeguarding|grooming|manipulation|is a lie|is a trick|is not (?:care|love|normal)|thats not (?:care|love|ok))`,
);

interface CompiledPattern {
  readonly rule: number;
  readonly gate: Gated;
}

/** Every rule pattern behind its gate (`gate.ts`), in rule order. */
const PATTERNS: readonly CompiledPattern[] = RULES.flatMap((r, rule) =>
  r.patterns.map((re) => ({ rule, gate: new Gated(re, r.triggers, r.always === true) })),
);
/** Key → indices into PATTERNS; plus the patterns that always run. */
const BY_KEY: ReadonlyMap<string, readonly number[]> = (() => {
  const m = new Map<string, number[]>();
  PATTERNS.forEach((p, i) => {
    for (const k of p.gate.keys ?? []) {
      const list = m.get(k) ?? [];
      list.push(i);
      m.set(k, list);
    }
  });
  return m;
})();
const ALWAYS: readonly number[] = PATTERNS.flatMap((p, i) => (p.gate.keys === null ? [i] : []));

/** Scratch marks for `candidatePatterns` (always all zero between calls). */
const MARK = new Uint8Array(PATTERNS.length);

/** Pattern indices (ascending) that may match a line with these stems. */
function candidatePatterns(stems: ReadonlySet<string>): number[] {
  const out: number[] = [...ALWAYS];
  for (const i of ALWAYS) MARK[i] = 1;
  for (const s of stems) {
    const list = BY_KEY.get(s);
    if (list === undefined) continue;
    for (const i of list) {
      if (MARK[i] === 0) {
        MARK[i] = 1;
        out.push(i);
      }
    }
  }
  for (const i of out) MARK[i] = 0;
  return out.sort((x, y) => x - y);
}

/** Words the rules look for; tokens one transposition away from one are corrected. */
export const VOCABULARY: ReadonlySet<string> = (() => {
  const s = new Set<string>();
  for (const r of RULES) {
    for (const t of r.triggers) s.add(t);
    for (const re of r.patterns) for (const w of literalWords(re.source)) s.add(w);
  }
  for (const w of literalWords(
    expand('{LANDMARK} {APP} {DAY} {HOUSEHOLD} {DEVICE} {GIFT} {TRAVEL}'),
  ))
    s.add(w);
  for (const w of 'school birthday secondary primary teenager police telegram snapchat instagram whatsapp tonight tomorrow after only people even call want will them camera picture photo selfie address number where whereabouts live parents mum dad'.split(
    ' ',
  ))
    s.add(w);
  return s;
})();

/** Privacy stress that moves a platform migration into the isolation stage (fixtures README). */
const PRIVACY = pattern(
  String.raw`(?:private|privately|safer|secure|no one can|nobody can|no one checks|nobody checks|no one will|nobody will|where no one|where nobody|disappear|disappearing|vanish|vanishes|delete themselves|deletes|delete|secret|hidden|unread|cant see|wont see|not saved)`,
);

const G_LESSON = new Gated(LESSON_FRAMING);
const G_MINOR_DIRECTED = new Gated(MINOR_DIRECTED);
const G_PRIVACY = new Gated(PRIVACY);

/** Quoted ranges of normalised text (between pairs of `"`; an unclosed quote runs to the end). */
function quotedRanges(text: string): [number, number][] {
  const out: [number, number][] = [];
  let open = -1;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '"') {
      if (open < 0) open = i;
      else {
        out.push([open, i + 1]);
        open = -1;
      }
    }
  }
  if (open >= 0) out.push([open, text.length]);
  return out;
}

const inside = (ranges: readonly [number, number][], s: number, e: number): boolean =>
  ranges.some(([a, b]) => s >= a && e <= b);

/**
 * Widens a normalised match to its clause in the original text and trims chat fillers, so
 * the cited span is the phrase an officer reads (fixtures README: "the span covers the
 * indicator phrase only").
 */
export function clauseSpan(original: string, start: number, end: number): [number, number] {
  let s = start;
  let e = end;
  while (s > 0 && !/[.?!;\n]/.test(original[s - 1] as string)) {
    if (original[s - 1] === ',' && s < start) break;
    s--;
  }
  while (e < original.length && !/[.?!;\n]/.test(original[e] as string)) {
    if (original[e] === ',' && e > end) break;
    e++;
  }
  if (e < original.length && /[?!]/.test(original[e] as string)) e++;
  // trim leading symbols (emoji), fillers and spaces
  for (;;) {
    const before = s;
    while (s < start && !/[\p{L}\p{N}"'“‘]/u.test(original[s] as string)) s++;
    const head = original.slice(s, end);
    const m =
      /^(?:(?:btw|lol|haha|hahaha|lmao|ok|okay|oh|so|and|hey|um|umm|anyway|also|omg|well|yeah|right|hmm)\b[,.!]*\s*)/i.exec(
        head,
      );
    if (m && m[0].length > 0 && s + m[0].length <= start) s += m[0].length;
    if (s === before) break;
  }
  // trim trailing spaces and emoji
  while (e > end && /[\s,]/.test(original[e - 1] as string)) e--;
  while (e > end) {
    const code = original.charCodeAt(e - 1);
    if (code >= 0xd800 && code <= 0xdfff && e - 2 >= end) {
      e -= 2;
      while (e > end && /\s/.test(original[e - 1] as string)) e--;
    } else break;
  }
  return [s, e];
}

/** A rule's first match on a line, already mapped to the original text. */
interface RuleHit {
  readonly rule: number;
  readonly indicator: IndicatorId;
  readonly ruleId: string;
  readonly span: readonly [number, number];
  readonly stage: Stage;
  readonly guard: 'QUOTED' | 'LESSON_FRAMING' | null;
}

/** Everything about a line that depends on its text alone (memoised by text). */
interface LineLocal {
  readonly text: string;
  readonly signals: LineSignals;
  readonly roleSpans: readonly (readonly [number, number])[];
  readonly minorDirected: boolean;
  readonly hits: readonly RuleHit[];
  readonly quotes: readonly [number, number][];
  readonly lesson: boolean;
  /** `logisticsGates` of the line; null when no logistics facet can be present. */
  readonly logistics: readonly boolean[] | null;
}

/**
 * Memo of line-local analysis by message text. Chats repeat lines ("lol", "ok", greetings);
 * the analysis of a text is a pure function of it, so the memo changes no result. Bounded:
 * cleared when it holds `MEMO_LIMIT` texts.
 */
const MEMO = new Map<string, LineLocal>();
const MEMO_LIMIT = 50_000;

/** Empties the line memo (benchmarks measure a cold memo; results never depend on it). */
export function resetLineMemo(): void {
  MEMO.clear();
}

function lineLocal(original: string): LineLocal {
  const cached = MEMO.get(original);
  if (cached !== undefined) return cached;
  const norm = normalizeText(original, { vocabulary: VOCABULARY });
  const text = norm.text;
  const stems = stemsOf(text);
  const signals = lineSignals(text, false, stems);
  const quotes = text.includes('"') ? quotedRanges(text) : [];
  const lesson = text.length > 0 && G_LESSON.test(text, stems);
  const hits: RuleHit[] = [];
  if (text.length > 0) {
    let lastRule = -1;
    let ruleDone = false;
    for (const pi of candidatePatterns(stems)) {
      const cp = PATTERNS[pi] as CompiledPattern;
      if (cp.rule !== lastRule) {
        lastRule = cp.rule;
        ruleDone = false;
      }
      if (ruleDone) continue;
      if (!cp.gate.rest(stems)) continue;
      const re = cp.gate.re;
      re.lastIndex = 0;
      const hit = re.exec(text);
      if (!hit) continue;
      ruleDone = true;
      const rule = RULES[cp.rule] as RuleDef;
      if (rule.unless?.some((g) => g.test(text))) continue;
      const ns = hit.index;
      const ne = hit.index + hit[0].length;
      const stage: Stage =
        rule.indicator === 'PLATFORM_MIGRATION' && G_PRIVACY.test(text, stems)
          ? 'isolation_exclusivity'
          : INDICATORS[rule.indicator].stage;
      const guard = lesson ? 'LESSON_FRAMING' : inside(quotes, ns, ne) ? 'QUOTED' : null;
      const [os, oe] = toOriginalSpan(norm, ns, ne);
      hits.push({
        rule: cp.rule,
        indicator: rule.indicator,
        ruleId: rule.id,
        span: clauseSpan(original, os, oe),
        stage,
        guard,
      });
    }
  }
  const roleSpans = signals.roleHints.map((h): [number, number] =>
    toOriginalSpan(norm, h.at[0], h.at[1]),
  );
  const local: LineLocal = {
    text,
    signals,
    roleSpans,
    minorDirected: G_MINOR_DIRECTED.test(text, stems),
    hits,
    quotes,
    lesson,
    logistics: text.length > 0 ? logisticsGates(text, stems) : null,
  };
  if (MEMO.size >= MEMO_LIMIT) MEMO.clear();
  MEMO.set(original, local);
  return local;
}

/**
 * Analyses every message of a conversation.
 *
 * @param messages - messages in conversation order; system events (`speaker === null`) and
 *   empty texts are skipped.
 * @returns one `AnalysedLine` per analysed message, in order.
 */
export function analyseLines(
  messages: readonly TriageMessage[],
  options: AnalyseOptions,
): AnalysedLine[] {
  const out: AnalysedLine[] = [];
  /** Position of the last age question per speaker. */
  const lastAgeQuestion = new Map<string, number>();
  /** Whether some speaker has stated an age under 18 so far. */
  let minorStated = false;
  /** Last position at which each speaker proposed or arranged a meeting. */
  const lastMeetingFrame = new Map<string, number>();
  const speakerLinePositions = new Map<string, number[]>();

  for (let position = 0; position < messages.length; position++) {
    const msg = messages[position] as TriageMessage;
    if (msg.speaker === null) continue;
    const speaker = msg.speaker;
    const local = lineLocal(msg.text);
    const { text, quotes, lesson } = local;
    let askedRecently = false;
    for (const [who, pos] of lastAgeQuestion) {
      if (who !== speaker && position - pos <= 4) askedRecently = true;
    }
    let signals = local.signals;
    if (askedRecently && signals.ages.length === 0) {
      const reply = replyAge(text);
      if (reply !== null) signals = { ...signals, ages: [reply] };
    }
    if (signals.asksAge) lastAgeQuestion.set(speaker, position);
    const evidence: Evidence[] = [];
    const guarded: GuardedMatch[] = [];

    // Rule hits: first applicable rule per indicator, in rule order.
    const found = new Set<IndicatorId>();
    for (const h of local.hits) {
      if (found.has(h.indicator)) continue;
      const rule = RULES[h.rule] as RuleDef;
      if (rule.requires === 'minorStatedBefore' && !minorStated) continue;
      found.add(h.indicator);
      if (h.guard !== null) {
        guarded.push({
          line: msg.index,
          speaker,
          indicator: h.indicator,
          ruleId: h.ruleId,
          guard: h.guard,
        });
        continue;
      }
      evidence.push({
        line: msg.index,
        position,
        speaker,
        indicator: h.indicator,
        stage: h.stage,
        ruleId: h.ruleId,
        weight: INDICATORS[h.indicator].weight,
        span: h.span,
      });
    }
    if (local.logistics !== null) {
      // Meeting logistics (a proposal or arrangement in the speaker's last 3 lines frames a bare time or place).
      const positions = speakerLinePositions.get(speaker);
      const framePos = lastMeetingFrame.get(speaker);
      const framed =
        framePos !== undefined && positions !== undefined && positions.slice(-3).includes(framePos);
      const lg = findLogistics(text, msg.ts, options.timeZone, framed, local.logistics);
      if (lg) {
        // A fare offer that is already a GIFT stays a gift until a neighbouring line ties it to a meeting.
        const giftIdx = evidence.findIndex(
          (e) => e.indicator === 'GIFT_OR_MONEY_OFFER' && e.ruleId === 'GIFT_TRAVEL_MONEY',
        );
        if (!lg.fareOnly && giftIdx >= 0) evidence.splice(giftIdx, 1);
        const guard = lesson
          ? 'LESSON_FRAMING'
          : inside(quotes, lg.at[0], lg.at[1])
            ? 'QUOTED'
            : null;
        const indicator: IndicatorId = lg.fareOnly ? 'GIFT_OR_MONEY_OFFER' : 'MEETING_LOGISTICS';
        const ruleId = lg.fareOnly ? 'GIFT_TRAVEL_MONEY' : lg.ruleId;
        if (guard !== null) guarded.push({ line: msg.index, speaker, indicator, ruleId, guard });
        else if (!lg.fareOnly || giftIdx < 0) {
          const [os, oe] = toOriginalSpan(
            normalizeText(msg.text, { vocabulary: VOCABULARY }),
            lg.at[0],
            lg.at[1],
          );
          const meta = INDICATORS[indicator];
          evidence.push({
            line: msg.index,
            position,
            speaker,
            indicator,
            stage: meta.stage,
            ruleId,
            weight: meta.weight,
            span: clauseSpan(msg.text, os, oe),
            ...(lg.fareOnly
              ? { fareOnly: true }
              : { facets: lg.facets, resolvedTime: lg.resolvedTime }),
          });
        } else {
          evidence[giftIdx] = { ...(evidence[giftIdx] as Evidence), fareOnly: true };
        }
      }
    }
    if (
      evidence.some(
        (e) => e.indicator === 'MEETING_PROPOSAL' || e.indicator === 'MEETING_LOGISTICS',
      )
    ) {
      lastMeetingFrame.set(speaker, position);
    }
    // Sexual content (pluggable; works on the original text).
    const sexual = options.sexualContent.detect(msg.text);
    const norm = sexual.length > 0 ? normalizeText(msg.text, { vocabulary: VOCABULARY }) : null;
    for (const m of sexual) {
      if (norm === null) break;
      const [os, oe] = m.span;
      // map the original span to normalised offsets for the quotation check
      let ns = 0;
      while (ns < norm.text.length && (norm.to[ns] as number) <= os) ns++;
      let ne = ns;
      while (ne < norm.text.length && (norm.from[ne] as number) < oe) ne++;
      if (inside(quotes, ns, Math.max(ns + 1, ne)) || lesson) {
        guarded.push({
          line: msg.index,
          speaker,
          indicator: 'SEXUAL_CONTENT',
          ruleId: m.ruleId,
          guard: lesson ? 'LESSON_FRAMING' : 'QUOTED',
        });
        continue;
      }
      const meta = INDICATORS.SEXUAL_CONTENT;
      evidence.push({
        line: msg.index,
        position,
        speaker,
        indicator: 'SEXUAL_CONTENT',
        stage: meta.stage,
        ruleId: m.ruleId,
        weight: meta.weight,
        span: [os, oe],
      });
      break;
    }
    if (signals.ages.some((a) => a.value < 18)) minorStated = true;
    positions_push(speakerLinePositions, speaker, position);
    out.push({
      position,
      index: msg.index,
      speaker,
      ts: msg.ts,
      text,
      signals,
      roleSpans: local.roleSpans,
      minorDirected: local.minorDirected,
      evidence,
      guarded,
    });
  }
  tieFaresToMeetings(out);
  return out;
}

function positions_push(map: Map<string, number[]>, speaker: string, position: number): void {
  const list = map.get(speaker);
  if (list) list.push(position);
  else map.set(speaker, [position]);
}

/**
 * README label rule 1: a fare offer is MEETING_LOGISTICS (transport) when the same message or
 * the speaker's adjacent message names a concrete time or place; otherwise a gift.
 */
function tieFaresToMeetings(lines: AnalysedLine[]): void {
  const bySpeaker = new Map<string, AnalysedLine[]>();
  for (const l of lines) {
    const list = bySpeaker.get(l.speaker);
    if (list) list.push(l);
    else bySpeaker.set(l.speaker, [l]);
  }
  const concrete = (l: AnalysedLine | undefined): boolean =>
    l !== undefined &&
    l.evidence.some(
      (e) =>
        e.indicator === 'MEETING_LOGISTICS' &&
        !e.fareOnly &&
        (e.facets?.includes('time') === true || e.facets?.includes('place') === true),
    );
  for (const list of bySpeaker.values()) {
    for (let i = 0; i < list.length; i++) {
      const l = list[i] as AnalysedLine;
      const idx = l.evidence.findIndex((e) => e.fareOnly === true);
      if (idx < 0) continue;
      if (concrete(l) || concrete(list[i - 1]) || concrete(list[i + 1])) {
        const ev = l.evidence as Evidence[];
        const g = ev[idx] as Evidence;
        const meta = INDICATORS.MEETING_LOGISTICS;
        if (concrete(l)) {
          ev.splice(idx, 1);
        } else {
          ev[idx] = {
            ...g,
            indicator: 'MEETING_LOGISTICS',
            stage: meta.stage,
            weight: meta.weight,
            ruleId: 'LOGISTICS_FARE',
            facets: ['transport'],
            resolvedTime: null,
            fareOnly: true,
          };
        }
      }
    }
  }
}
