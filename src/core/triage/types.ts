/**
 * Types of the grooming-risk triage component: indicator ids, stages, bands and the
 * assessment object whose JSON form is the contract of `test/fixtures/triage/README.md`
 * ("Scoring") and of the research note `grooming-triage.md` §6.5.
 *
 * Everything here is decision support: an assessment orders a queue and explains itself;
 * only an officer decides anything about a person.
 */

/** The 19 indicator ids of the research note §3.3, in taxonomy order. */
export const INDICATOR_IDS = [
  'AGE_IDENTITY_PROBE',
  'PERSONAL_INFO_REQUEST',
  'AGE_GAP_DISCLOSURE',
  'FLATTERY_TRUST',
  'SELF_DISCLOSURE_BONDING',
  'RISK_ASSESSMENT',
  'DETECTION_CHECK',
  'SECRECY_REQUEST',
  'ISOLATION_ALIENATION',
  'EXCLUSIVITY',
  'PLATFORM_MIGRATION',
  'IMAGE_REQUEST',
  'GIFT_OR_MONEY_OFFER',
  'COMPLIANCE_TESTING',
  'EMOTIONAL_PRESSURE',
  'NORMALISATION',
  'SEXUAL_CONTENT',
  'MEETING_PROPOSAL',
  'MEETING_LOGISTICS',
] as const;
export type IndicatorId = (typeof INDICATOR_IDS)[number];

/** The six stage labels of the research note §3.2, in their canonical order. */
export const STAGES = [
  'contact',
  'trust',
  'risk_assessment',
  'isolation_exclusivity',
  'sexual',
  'approach',
] as const;
export type Stage = (typeof STAGES)[number];

/** The five ordinal triage bands (0..4). */
export const BANDS = ['NONE', 'LOW', 'MEDIUM', 'HIGH', 'IMMINENT'] as const;
export type Band = (typeof BANDS)[number];

/** Facets of a concrete meeting-logistics line (fixtures README, "Label rules" 5). */
export type LogisticsFacet = 'time' | 'place' | 'transport' | 'cover_story';

/** One message as triage reads it: the input view of the dev set, or a transcript message. */
export interface TriageMessage {
  /** 0-based, contiguous position in the conversation. */
  readonly index: number;
  /** Speaker id or name; `null` for system events (ignored by triage). */
  readonly speaker: string | null;
  /** ISO 8601 timestamp with offset or `Z`. */
  readonly ts: string;
  readonly text: string;
}

/** A conversation in the dev set's input view (`{id, messages}`). */
export interface TriageConversation {
  readonly id: string | null;
  readonly messages: readonly TriageMessage[];
}

/** One cited reason: a contribution to the score traced to one line of one speaker. */
export interface TriageReason {
  readonly indicator: IndicatorId;
  readonly stage: Stage;
  /** Message index. */
  readonly line: number;
  readonly speaker: string;
  /** `[start, end)` in UTF-16 code units of the original message text. */
  readonly span: readonly [number, number];
  readonly ruleId: string;
  /** Integer points; the assessment's score is the sum of all contributions. */
  readonly contribution: number;
  /** `evidence` for an indicator line, `combination` for a band rule met on this line. */
  readonly kind: 'evidence' | 'combination';
  /** For `combination` reasons: the other lines the rule rests on. */
  readonly with?: readonly number[];
}

/** The IMMINENT escalation (note §6.3), with the lines that triggered it. */
export interface ImminentBlock {
  readonly triggered: boolean;
  /** Every meeting-logistics line of the focal speaker that met the escalation rule. */
  readonly lines: readonly number[];
  /** Facets found on the trigger lines, in a fixed order. */
  readonly facets: readonly LogisticsFacet[];
  /** Earliest concrete meeting time resolved against the message timestamp (ISO 8601), if any. */
  readonly resolvedTime: string | null;
  /** Lines of the focal speaker that met the prerequisite (risk, secrecy, detection, age gap). */
  readonly prerequisiteLines: readonly number[];
}

/** A context signal found on a line (never scored against anyone). */
export interface ContextSignal {
  readonly signal:
    'STATED_AGE' | 'STATED_SCHOOL_YEAR' | 'UNSUPERVISED' | 'RESISTANCE' | 'ROLE_HINT';
  readonly line: number;
  readonly speaker: string;
  readonly span: readonly [number, number];
  /** Age, school year, or role word (`parent`, `teacher`, `coach`, `relative`, `adult`). */
  readonly value?: number | string;
  /** For ROLE_HINT: the speaker the hint is about (the addressee or the writer). */
  readonly about?: string;
}

/** Why a speaker's look-alike lines were not scored. */
export interface CounterIndicator {
  readonly speaker: string;
  readonly kind: 'TRUSTED_ROLE' | 'SAME_AGE_PEER' | 'NO_MINOR_PRESENT';
  /** Lines the decision rests on (role hints, stated ages, ...). */
  readonly lines: readonly number[];
  readonly note: string;
}

/** Per-speaker summary of what was found. */
export interface SpeakerSummary {
  readonly speaker: string;
  /** Whether this speaker's lines were scored (false for peers, trusted roles, adult-only chats). */
  readonly scored: boolean;
  readonly band: Band;
  readonly score: number;
  readonly statedAge: number | null;
  readonly presentsAs: 'minor' | 'adult' | 'unknown';
}

export interface TriageContext {
  /** Speaker → stated age (first statement). */
  readonly statedAges: Readonly<Record<string, number>>;
  /** Speaker → stated school year. */
  readonly schoolYears: Readonly<Record<string, number>>;
  readonly unsupervised: readonly number[];
  readonly resistance: readonly number[];
  readonly roleHints: readonly ContextSignal[];
  readonly counterIndicators: readonly CounterIndicator[];
  readonly speakers: readonly SpeakerSummary[];
}

/** The assessment: the JSON object the contract specifies (note §6.5). Key order is fixed. */
export interface TriageAssessment {
  readonly conversationId: string | null;
  readonly rulesetVersion: string;
  readonly modelVersion: null;
  /** `sha256:<hex>` of the canonical input view (messages' index, speaker, ts, text). */
  readonly inputHash: string;
  readonly focalSpeaker: string | null;
  readonly band: Band;
  /** 0..100, exactly the sum of `reasons[].contribution`. */
  readonly score: number;
  readonly imminent: ImminentBlock;
  readonly stages: { readonly covered: readonly Stage[]; readonly furthest: Stage | null };
  readonly reasons: readonly TriageReason[];
  readonly context: TriageContext;
  /** First message index at which each band was reached (null when never reached). */
  readonly timeline: Readonly<Record<Exclude<Band, 'NONE'>, number | null>>;
  readonly disclaimer: string;
}
