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
import { CONTEXT_PATTERNS, lineSignals, replyAge } from './context.ts';
import type { LineSignals } from './context.ts';
import { Gated, stemsOf } from './gate.ts';
import { expand, literalWords, pattern } from './lexicon.ts';
import { findLogistics, LOGISTICS_PATTERNS, logisticsGates, scanLogistics } from './logistics.ts';
import type { LogisticsScan } from './logistics.ts';
import { normalizeText, toOriginalSpan } from './normalize.ts';
import type { NormalizedText } from './normalize.ts';
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
  /** A gift offered on a condition ("if you send a pic", "as long as you keep it quiet"). */
  readonly conditional?: boolean;
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
  String.raw`(?:warning signs?|red flags?|alarm bells|report (?:it|them|this|that|him|her)|tell (?:a |an )?(?:trusted )?(?:adult|grown ?up)|(?<!(?:dont|not|never|wont|cant|no) )tell (?:us|someone|a teacher|your teacher|your parents|a parent)(?: straight away| right away| immediately)?|watch out for|look out for|be careful (?:of|if|when|about)|never (?:share|send|switch|meet|give|tell|accept|agree)(?!(?: \w+){0,2} (?:about (?:us|me|this|it|what)|what we|that we|we\b|us\b|me\b))|if (?:someone|anyone|somebody|a stranger|an adult|a person|a man|a woman|people|they|a grown ?up)(?: you dont know)?(?: online)? (?:says|asks|tells|messages|sends|wants|offers|tries|says to you)(?! (?:you )?(?:just )?(?:say|tell (?:them|her|him)|you dont|you didnt|you never|dont know me|we dont|we never|we were|youre|you are|you were|your|im|i am|its|it was|were))|(?:someone|people|strangers|groomers|adults|predators)(?: online)? (?:might|may|will|could|sometimes|often|can) (?:say|ask|tell|try|offer|pretend)|(?:is|are|its) (?:a |the )?(?:classic|common|typical|known) (?:line|trick|sign|tactic|lie)|is controlling|is pressure|means (?:something|they|its|it is)|quiz|(?:a|the) (?:man|woman|person|stranger) (?:says|said|asks)|someone says|a video (?:where|about)|online safety|stay safe online|safeguarding|grooming|manipulation|is a lie|is a trick|is not (?:care|love|normal)|thats not (?:care|love|ok))`,
);

interface CompiledPattern {
  readonly rule: number;
  readonly gate: Gated;
}

/** Every rule pattern behind its gate (`gate.ts`), in rule order. */
const PATTERNS: readonly CompiledPattern[] = RULES.flatMap((r, rule) =>
  r.patterns.map((re) => ({ rule, gate: new Gated(re, r.triggers, r.always === true) })),
);
/**
 * The rule prefilter over integer key ids: every key any pattern gates on gets an id; a line's
 * stems are turned into ids once, and a pattern is a candidate when one of its index keys is
 * present and each of its other required disjunctions is met (`gate.ts`). Equivalent to
 * `Gated.may` per pattern, without hashing strings per pattern.
 */
const KEY_ID = new Map<string, number>();
const idOf = (k: string): number => {
  let id = KEY_ID.get(k);
  if (id === undefined) {
    id = KEY_ID.size;
    KEY_ID.set(k, id);
  }
  return id;
};
/** Key id → indices into PATTERNS (ascending). */
const BY_KEY_ID: readonly number[][] = (() => {
  const lists: number[][] = [];
  PATTERNS.forEach((p, i) => {
    for (const k of p.gate.keys ?? []) {
      const id = idOf(k);
      (lists[id] ??= []).push(i);
    }
  });
  return lists;
})();
/** Per pattern, its other required disjunctions as key ids. */
const ALSO_IDS: readonly Int32Array[][] = PATTERNS.map((p) =>
  p.gate.also.map((set) => Int32Array.from(set, idOf)),
);
const ALWAYS: readonly number[] = PATTERNS.flatMap((p, i) => (p.gate.keys === null ? [i] : []));
/** Generation stamps: `PRESENT[id] === GEN` when key `id` is among the current line's stems. */
const PRESENT = new Int32Array(KEY_ID.size + 1);
/** Generation stamps of patterns already collected for the current line. */
const MARK = new Int32Array(PATTERNS.length);
let GEN = 0;
/** Key ids of the current line (stems are at most a few dozen per line). */
let ID_SCRATCH = new Int32Array(256);

/** Pattern indices (ascending) that may match a line with these stems. */
function candidatePatterns(stems: ReadonlySet<string>): number[] {
  GEN++;
  const gen = GEN;
  if (ID_SCRATCH.length < stems.size) ID_SCRATCH = new Int32Array(stems.size * 2);
  const ids = ID_SCRATCH;
  let n = 0;
  for (const s of stems) {
    const id = KEY_ID.get(s);
    if (id === undefined) continue;
    PRESENT[id] = gen;
    ids[n++] = id;
  }
  const out: number[] = [];
  for (const i of ALWAYS) {
    MARK[i] = gen;
    out.push(i);
  }
  for (let q = 0; q < n; q++) {
    const list = BY_KEY_ID[ids[q] as number];
    if (list === undefined) continue;
    for (const i of list) {
      if (MARK[i] === gen) continue;
      MARK[i] = gen;
      let ok = true;
      for (const set of ALSO_IDS[i] as Int32Array[]) {
        let any = false;
        for (let k = 0; k < set.length; k++) {
          if (PRESENT[set[k] as number] === gen) {
            any = true;
            break;
          }
        }
        if (!any) {
          ok = false;
          break;
        }
      }
      if (ok) out.push(i);
    }
  }
  return out.length > 1 ? out.sort((x, y) => x - y) : out;
}

/** Privacy stress that moves a platform migration into the isolation stage (fixtures README). */
const PRIVACY = pattern(
  String.raw`(?:private|privately|safer|secure|no one can|nobody can|no one checks|nobody checks|no one will|nobody will|where no one|where nobody|disappear|disappearing|vanish|vanishes|delete themselves|deletes|delete|secret|hidden|unread|cant see|wont see|not saved)`,
);

/** Words the rules look for; tokens one transposition away from one are corrected. */
export const VOCABULARY: ReadonlySet<string> = (() => {
  const s = new Set<string>();
  for (const r of RULES) {
    for (const t of r.triggers) s.add(t);
    for (const re of [...r.patterns, ...(r.unless ?? [])])
      for (const w of literalWords(re.source)) s.add(w);
  }
  for (const w of literalWords(
    expand('{LANDMARK} {APP} {DAY} {HOUSEHOLD} {DEVICE} {GIFT} {TRAVEL} {AT} {CIRCLE}'),
  ))
    s.add(w);
  for (const re of [...LOGISTICS_PATTERNS, ...CONTEXT_PATTERNS, LESSON_FRAMING, PRIVACY])
    for (const w of literalWords(re.source)) s.add(w);
  for (const w of 'school birthday secondary primary teenager police telegram snapchat instagram whatsapp tonight tomorrow after only people even call want will them camera picture photo selfie address number where whereabouts live parents mum dad'.split(
    ' ',
  ))
    s.add(w);
  return s;
})();

/** A condition attached to an offer: what the child must do or keep quiet in return. */
const CONDITION = pattern(
  String.raw`(?:if (?:you|i)|as long as|so long as|only if|in return|in exchange|but (?:you have to|you need to|you got to|you must|first)|for (?:a|some|one|another|more) (?:pic|pics|photo|photos|picture|selfie|video)|when you (?:send|do|show|come|meet)|after you (?:send|do|show|come|meet)|(?:keep|keeping) (?:it|this|quiet|secret|between)|dont tell|our secret|you owe)`,
);

const G_LESSON = new Gated(LESSON_FRAMING);
const G_CONDITION = new Gated(CONDITION);
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
  readonly norm: NormalizedText;
  readonly text: string;
  readonly stems: ReadonlySet<string>;
  readonly signals: LineSignals;
  readonly roleSpans: readonly (readonly [number, number])[];
  readonly minorDirected: boolean;
  /** Rule hits and guards, computed only when a scored speaker says the line (`ruleParts`). */
  rules: LineRules | null;
}

/** The text-only part of the evidence search on a line (phase 2). */
interface LineRules {
  readonly hits: readonly RuleHit[];
  readonly quotes: readonly [number, number][];
  readonly lesson: boolean;
  /** The logistics expressions' matches on the line; null when no facet can be present. */
  readonly logistics: LogisticsScan | null;
  /** The line attaches a condition to an offer (`CONDITION`). */
  readonly conditional: boolean;
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

/** Phase 1 of a line: normalisation and context signals (needed for every speaker). */
function lineLocal(original: string): LineLocal {
  const cached = MEMO.get(original);
  if (cached !== undefined) return cached;
  const norm = normalizeText(original, { vocabulary: VOCABULARY });
  const text = norm.text;
  const stems = stemsOf(text);
  const signals = lineSignals(text, false, stems);
  const roleSpans = signals.roleHints.map((h): [number, number] =>
    toOriginalSpan(norm, h.at[0], h.at[1]),
  );
  const local: LineLocal = {
    norm,
    text,
    stems,
    signals,
    roleSpans,
    minorDirected: G_MINOR_DIRECTED.test(text, stems),
    rules: null,
  };
  if (MEMO.size >= MEMO_LIMIT) MEMO.clear();
  MEMO.set(original, local);
  return local;
}

/** Phase 2 of a line: the indicator rules, quotation and lesson guards, logistics gates. */
function ruleParts(original: string, local: LineLocal): LineRules {
  if (local.rules !== null) return local.rules;
  const { norm, text, stems } = local;
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
  const rules: LineRules = {
    hits,
    quotes,
    lesson,
    logistics: logisticsScan(text, stems),
    conditional:
      hits.some((h) => h.indicator === 'GIFT_OR_MONEY_OFFER') && G_CONDITION.test(text, stems),
  };
  local.rules = rules;
  return rules;
}

function logisticsScan(text: string, stems: ReadonlySet<string>): LogisticsScan | null {
  if (text.length === 0) return null;
  const on = logisticsGates(text, stems);
  return on === null ? null : scanLogistics(text, on);
}

/** What phase 1 keeps of each line for phase 2. */
interface LineState {
  readonly local: LineLocal;
  readonly original: string;
  /** Some speaker stated an age under 18 before this line. */
  readonly minorStatedBefore: boolean;
}
/** Phase-1 state of each `readLines` result, by array (parallel to the lines). */
const STATE = new WeakMap<readonly AnalysedLine[], readonly LineState[]>();

/**
 * Phase 1: reads every message's normalised text and context signals (ages, including a bare
 * number answering an age question, school years, registers, role hints). Evidence is left
 * empty; `findEvidence` fills it for the speakers that are scored.
 *
 * @param messages - messages in conversation order; system events (`speaker === null`) are
 *   skipped.
 * @returns one `AnalysedLine` per analysed message, in order.
 */
export function readLines(messages: readonly TriageMessage[]): AnalysedLine[] {
  const out: AnalysedLine[] = [];
  const states: LineState[] = [];
  /** Position of the last age question per speaker. */
  const lastAgeQuestion = new Map<string, number>();
  /** Whether some speaker has stated an age under 18 so far. */
  let minorStated = false;
  for (let position = 0; position < messages.length; position++) {
    const msg = messages[position] as TriageMessage;
    if (msg.speaker === null) continue;
    const speaker = msg.speaker;
    const local = lineLocal(msg.text);
    let askedRecently = false;
    for (const [who, pos] of lastAgeQuestion) {
      if (who !== speaker && position - pos <= 4) askedRecently = true;
    }
    let signals = local.signals;
    if (askedRecently && signals.ages.length === 0) {
      const reply = replyAge(local.text);
      if (reply !== null) signals = { ...signals, ages: [reply] };
    }
    if (signals.asksAge) lastAgeQuestion.set(speaker, position);
    const line: AnalysedLine = {
      position,
      index: msg.index,
      speaker,
      ts: msg.ts,
      text: local.text,
      signals,
      roleSpans: local.roleSpans,
      minorDirected: local.minorDirected,
      evidence: [],
      guarded: [],
    };
    states.push({ local, original: msg.text, minorStatedBefore: minorStated });
    if (signals.ages.some((a) => a.value < 18)) minorStated = true;
    out.push(line);
  }
  STATE.set(out, states);
  return out;
}

/**
 * Phase 2: finds the indicator evidence (rules, meeting logistics, the pluggable sexual-content
 * detector, quotation and lesson guards) on the lines of the given speakers, in place.
 *
 * @param lines - the output of `readLines` for the same conversation.
 * @param speakers - speakers whose lines are searched; null searches every line.
 */
export function findEvidence(
  lines: readonly AnalysedLine[],
  options: AnalyseOptions,
  speakers: ReadonlySet<string> | null,
): void {
  /** Last position at which each speaker proposed or arranged a meeting. */
  const lastMeetingFrame = new Map<string, number>();
  const speakerLinePositions = new Map<string, number[]>();
  const states = STATE.get(lines);
  if (states === undefined) throw new Error('findEvidence needs the lines returned by readLines');
  for (let k = 0; k < lines.length; k++) {
    const line = lines[k] as AnalysedLine;
    const speaker = line.speaker;
    if (speakers !== null && !speakers.has(speaker)) continue;
    const st = states[k] as LineState;
    const position = line.position;
    const { local, original } = st;
    const { quotes, lesson, hits, logistics, conditional } = ruleParts(original, local);
    const evidence = line.evidence as Evidence[];
    const guarded = line.guarded as GuardedMatch[];

    // Rule hits: first applicable rule per indicator, in rule order.
    const found = new Set<IndicatorId>();
    for (const h of hits) {
      if (found.has(h.indicator)) continue;
      const rule = RULES[h.rule] as RuleDef;
      if (rule.requires === 'minorStatedBefore' && !st.minorStatedBefore) continue;
      found.add(h.indicator);
      if (h.guard !== null) {
        guarded.push({
          line: line.index,
          speaker,
          indicator: h.indicator,
          ruleId: h.ruleId,
          guard: h.guard,
        });
        continue;
      }
      evidence.push({
        line: line.index,
        position,
        speaker,
        indicator: h.indicator,
        stage: h.stage,
        ruleId: h.ruleId,
        weight: INDICATORS[h.indicator].weight,
        span: h.span,
        ...(h.indicator === 'GIFT_OR_MONEY_OFFER' && conditional ? { conditional: true } : {}),
      });
    }
    if (logistics !== null) {
      // Meeting logistics (a proposal or arrangement in the speaker's last 3 lines frames a bare time or place).
      const positions = speakerLinePositions.get(speaker);
      const framePos = lastMeetingFrame.get(speaker);
      const framed =
        framePos !== undefined && positions !== undefined && positions.slice(-3).includes(framePos);
      const lg = findLogistics(local.text, line.ts, options.timeZone, framed, logistics);
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
        if (guard !== null) guarded.push({ line: line.index, speaker, indicator, ruleId, guard });
        else if (!lg.fareOnly || giftIdx < 0) {
          const [os, oe] = toOriginalSpan(local.norm, lg.at[0], lg.at[1]);
          const meta = INDICATORS[indicator];
          evidence.push({
            line: line.index,
            position,
            speaker,
            indicator,
            stage: meta.stage,
            ruleId,
            weight: meta.weight,
            span: clauseSpan(original, os, oe),
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
    const sexual = options.sexualContent.detect(original);
    const norm = local.norm;
    for (const m of sexual) {
      const [os, oe] = m.span;
      // map the original span to normalised offsets for the quotation check
      let ns = 0;
      while (ns < norm.text.length && (norm.to[ns] as number) <= os) ns++;
      let ne = ns;
      while (ne < norm.text.length && (norm.from[ne] as number) < oe) ne++;
      if (inside(quotes, ns, Math.max(ns + 1, ne)) || lesson) {
        guarded.push({
          line: line.index,
          speaker,
          indicator: 'SEXUAL_CONTENT',
          ruleId: m.ruleId,
          guard: lesson ? 'LESSON_FRAMING' : 'QUOTED',
        });
        continue;
      }
      const meta = INDICATORS.SEXUAL_CONTENT;
      evidence.push({
        line: line.index,
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
    positions_push(speakerLinePositions, speaker, position);
  }
  tieFaresToMeetings(lines as AnalysedLine[]);
}

/**
 * Analyses every message of a conversation: `readLines` then `findEvidence` on every speaker.
 *
 * @param messages - messages in conversation order; system events (`speaker === null`) and
 *   empty texts are skipped.
 * @returns one `AnalysedLine` per analysed message, in order.
 */
export function analyseLines(
  messages: readonly TriageMessage[],
  options: AnalyseOptions,
): AnalysedLine[] {
  const lines = readLines(messages);
  findEvidence(lines, options, null);
  return lines;
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
