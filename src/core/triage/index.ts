/**
 * Public entry points of the triage component (research note §6; fixtures README "Scoring").
 * Triage recommends and explains; only an officer decides anything about a person.
 */
export {
  assessConversation,
  assessTranscript,
  assessmentToJson,
  inputHash,
  RULESET_VERSION,
  TRIAGE_DISCLAIMER,
} from './assess.ts';
export type { TriageOptions } from './assess.ts';
export { placeholderSexualContentDetector, SEXUAL_CONTENT_PLACEHOLDER } from './sexual-content.ts';
export type { SexualContentDetector, SexualContentMatch } from './sexual-content.ts';
export { normalizeText, toOriginalSpan } from './normalize.ts';
export type { NormalizedText } from './normalize.ts';
export { BAND_RANGES } from './scorecard.ts';
export * from './types.ts';
