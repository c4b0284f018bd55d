/**
 * The triage assessment of one conversation: the public entry points `assessConversation`
 * (the dev set's input view) and `assessTranscript` (a normalised transcript), producing the
 * output contract of `test/fixtures/triage/README.md` ("Scoring") and research note §6.5.
 *
 * Deterministic: no clock, no randomness, fixed key order; the same input and ruleset
 * version give byte-identical JSON (`assessmentToJson`).
 */
import { hash } from 'node:crypto';
import type { Transcript } from '../transcript/types.ts';
import { findEvidence, readLines } from './detect.ts';
import type { AnalysedLine, Evidence } from './detect.ts';
import { scoreSpeaker } from './scorecard.ts';
import type { SpeakerScore } from './scorecard.ts';
import { placeholderSexualContentDetector } from './sexual-content.ts';
import type { SexualContentDetector } from './sexual-content.ts';
import { buildProfiles, eligibility, roleDiscount } from './speakers.ts';
import type {
  Band,
  ContextSignal,
  CounterIndicator,
  SpeakerSummary,
  TriageAssessment,
  TriageConversation,
  TriageMessage,
} from './types.ts';
import { BANDS } from './types.ts';

/**
 * Version of the rules, weights and band logic. Stored with every assessment; a change to
 * any rule, lexicon, weight or band rule bumps it.
 */
export const RULESET_VERSION = 'custos-triage-rules/1.1.0';

/** Plain-language statement carried by every assessment. */
export const TRIAGE_DISCLAIMER =
  'Decision support only. These indicators were found by automated rules to help order the review queue; ' +
  'they are not a finding about any person. A supervising officer reads the cited lines and decides what, if anything, happens next.';

export interface TriageOptions {
  /** Sexual-content detector; defaults to the placeholder-token detector. */
  readonly sexualContent?: SexualContentDetector;
  /** IANA zone for resolving relative meeting times ("tomorrow at 4"); default: each timestamp's own offset. */
  readonly timeZone?: string | null;
  /** Identifier echoed as `conversationId`. */
  readonly conversationId?: string | null;
}

/** `sha256:<hex>` of the canonical input view: a JSON array of `[index, speaker, ts, text]`. */
export function inputHash(messages: readonly TriageMessage[]): string {
  const canonical = JSON.stringify(messages.map((m) => [m.index, m.speaker, m.ts, m.text]));
  return `sha256:${hash('sha256', canonical, 'hex')}`;
}

const bandIndex = (b: Band): number => BANDS.indexOf(b);

/**
 * Assesses one conversation.
 *
 * @param conversation - `{id, messages[{index, speaker, ts, text}]}` (the dev set's input
 *   view); messages in order, `speaker === null` for system events (ignored).
 * @returns the assessment; its `score` equals the sum of `reasons[].contribution` and every
 *   cited line and span exists in the input. Never throws for well-typed input.
 */
export function assessConversation(
  conversation: TriageConversation,
  options: TriageOptions = {},
): TriageAssessment {
  const detector = options.sexualContent ?? placeholderSexualContentDetector;
  // Phase 1: who presents how (ages, school years, registers, role hints), for every line.
  const lines = readLines(conversation.messages);
  const profiles = buildProfiles(lines);
  const eligible = new Map(
    [...profiles.values()].map((p) => [p.speaker, eligibility(p, profiles)]),
  );
  // Phase 2: indicator evidence, only on the lines of speakers who can be scored (a child's,
  // a same-age peer's and an adult-only chat's lines are context, never evidence).
  const scoredSpeakers = new Set(
    [...eligible].filter(([, el]) => el.scored).map(([speaker]) => speaker),
  );
  findEvidence(
    lines,
    { sexualContent: detector, timeZone: options.timeZone ?? null },
    scoredSpeakers,
  );

  // Evidence per speaker.
  const bySpeaker = new Map<string, Evidence[]>();
  for (const l of lines) {
    for (const e of l.evidence) {
      const list = bySpeaker.get(e.speaker);
      if (list) list.push(e);
      else bySpeaker.set(e.speaker, [e]);
    }
  }
  const counters: CounterIndicator[] = [];
  const scores: SpeakerScore[] = [];
  const summaries: SpeakerSummary[] = [];
  for (const profile of profiles.values()) {
    const all = bySpeaker.get(profile.speaker) ?? [];
    const el = eligibility(profile, profiles);
    let ev: readonly Evidence[] = all;
    let scored = el.scored;
    if (el.counter) counters.push(el.counter);
    if (el.scored && el.roles.length > 0 && all.length > 0) {
      // Trusted-role hints: only the look-alike lines the role explains are set aside.
      const d = roleDiscount(profile, all, el.roles);
      counters.push(d.counter);
      ev = d.kept;
      scored = d.kept.length > 0;
    }
    const s = scored ? scoreSpeaker(profile.speaker, ev) : null;
    if (s) scores.push(s);
    summaries.push({
      speaker: profile.speaker,
      scored,
      band: s?.band ?? 'NONE',
      score: s?.score ?? 0,
      statedAge: profile.statedAge,
      presentsAs: profile.presentsAs,
    });
  }
  // Focal speaker: highest band, then score, then earliest to reach the band, then name.
  let focal: SpeakerScore | null = null;
  for (const s of scores) {
    if (s.band === 'NONE') continue;
    if (
      focal === null ||
      bandIndex(s.band) > bandIndex(focal.band) ||
      (s.band === focal.band &&
        (s.score > focal.score || (s.score === focal.score && s.speaker < focal.speaker)))
    ) {
      focal = s;
    }
  }
  const context = buildContext(lines, profiles, counters, summaries, focal?.speaker ?? null);
  const band: Band = focal?.band ?? 'NONE';
  return {
    conversationId: options.conversationId ?? conversation.id ?? null,
    rulesetVersion:
      detector === placeholderSexualContentDetector
        ? RULESET_VERSION
        : `${RULESET_VERSION}+${detector.id}`,
    modelVersion: null,
    inputHash: inputHash(conversation.messages),
    focalSpeaker: focal?.speaker ?? null,
    band,
    score: focal?.score ?? 0,
    imminent: {
      triggered: band === 'IMMINENT',
      lines: band === 'IMMINENT' && focal ? focal.imminentLines : [],
      facets: band === 'IMMINENT' && focal ? focal.facets : [],
      resolvedTime: band === 'IMMINENT' && focal ? focal.resolvedTime : null,
      prerequisiteLines: band === 'IMMINENT' && focal ? focal.prerequisiteLines : [],
    },
    stages: {
      covered: focal?.stages ?? [],
      furthest:
        focal && focal.stages.length > 0 ? (focal.stages[focal.stages.length - 1] ?? null) : null,
    },
    reasons: focal?.reasons ?? [],
    context,
    timeline: focal?.timeline ?? { LOW: null, MEDIUM: null, HIGH: null, IMMINENT: null },
    disclaimer: TRIAGE_DISCLAIMER,
  };
}

function buildContext(
  lines: readonly AnalysedLine[],
  profiles: ReturnType<typeof buildProfiles>,
  counters: readonly CounterIndicator[],
  speakers: readonly SpeakerSummary[],
  focal: string | null,
): TriageAssessment['context'] {
  const statedAges: Record<string, number> = {};
  const schoolYears: Record<string, number> = {};
  for (const p of [...profiles.values()].sort((a, b) =>
    a.speaker < b.speaker ? -1 : a.speaker > b.speaker ? 1 : 0,
  )) {
    if (p.statedAge !== null) statedAges[p.speaker] = p.statedAge;
    if (p.schoolYear !== null) schoolYears[p.speaker] = p.schoolYear;
  }
  const unsupervised: number[] = [];
  const resistance: number[] = [];
  const roleHints: ContextSignal[] = [];
  for (const l of lines) {
    if (l.speaker !== focal && l.signals.unsupervised) unsupervised.push(l.index);
    if (l.speaker !== focal && l.signals.resistance) resistance.push(l.index);
    l.signals.roleHints.forEach((h, k) => {
      const span = l.roleSpans[k] ?? [0, 0];
      roleHints.push({
        signal: 'ROLE_HINT',
        line: l.index,
        speaker: l.speaker,
        span,
        value: h.role,
      });
    });
  }
  return {
    statedAges,
    schoolYears,
    unsupervised,
    resistance,
    roleHints,
    counterIndicators: counters,
    speakers,
  };
}

/**
 * Assesses a normalised transcript (`custos parse --json`): `sender` → speaker,
 * `timestamp` → ts; system events are skipped. Relative meeting times are resolved in the
 * transcript's `assumedTimezone` unless `options.timeZone` is given.
 */
export function assessTranscript(
  transcript: Transcript,
  options: TriageOptions = {},
): TriageAssessment {
  const messages: TriageMessage[] = transcript.messages.map((m) => ({
    index: m.index,
    speaker: m.system ? null : m.sender,
    ts: m.timestamp,
    text: m.text,
  }));
  return assessConversation(
    { id: options.conversationId ?? null, messages },
    {
      ...options,
      timeZone: options.timeZone !== undefined ? options.timeZone : transcript.assumedTimezone,
    },
  );
}

/** The assessment as one line of JSON (keys in contract order; byte-stable). */
export function assessmentToJson(a: TriageAssessment): string {
  return JSON.stringify(a);
}
