/**
 * Exhibits, transcripts, selectors and custody events as the desk shows them. Used by the report,
 * case and task areas.
 *
 * Endpoints (all under `/api/v1`, officers):
 * - `GET /exhibits/:id/transcript` → {@link TranscriptView} (records a `viewed` custody event)
 * - `GET /exhibits/:id/original` → the original bytes (a disclosure: logged, officers owning the case only)
 */
import { z } from 'zod';
import { Band, Id, Time } from './common.ts';

export const ExhibitSummary = z.object({
  id: Id,
  /** Exhibit reference, producer's initials and running number (`AB/1`). */
  ref: z.string(),
  kind: z.enum(['original', 'transcript']),
  form: z.string(),
  /** Lowercase hex SHA-256 of the bytes. */
  sha256: z.string(),
  sizeBytes: z.number().int(),
  originalName: z.string().nullable(),
  status: z.string(),
  /** Chat-export format id when recognised (`whatsapp-txt-android`). */
  format: z.string().nullable(),
  acquiredAt: Time,
  /** The transcript derived from this original, when parsing succeeded. */
  transcriptId: Id.nullable(),
  messageCount: z.number().int().nullable(),
  /** Why parsing failed, when it did (the original is kept regardless). */
  failure: z.object({ code: z.string(), message: z.string() }).nullable(),
});
export type ExhibitSummary = z.infer<typeof ExhibitSummary>;

/** One custody event of an exhibit's continuity (who did what, when). */
export const CustodyEventView = z.object({
  seq: z.number().int(),
  at: Time,
  action: z.string(),
  /** Display name of the person, or `public reporter`, `system`. */
  actor: z.string(),
  reason: z.string().nullable(),
});
export type CustodyEventView = z.infer<typeof CustodyEventView>;

export const ExhibitWithCustody = ExhibitSummary.extend({ custody: z.array(CustodyEventView) });
export type ExhibitWithCustody = z.infer<typeof ExhibitWithCustody>;

/** An online identifier. Masked (`r•••••••k`) unless the viewer's policy allows the value. */
export const SelectorView = z.object({
  kind: z.string(),
  value: z.string(),
  masked: z.boolean(),
  /** `reported`: typed by the reporter; `extracted`: found in an exhibit. */
  source: z.enum(['reported', 'extracted']),
  exhibitRef: z.string().nullable(),
  messageIndex: z.number().int().nullable(),
});
export type SelectorView = z.infer<typeof SelectorView>;

export const TranscriptMessage = z.object({
  index: z.number().int(),
  sender: z.string().nullable(),
  timestamp: z.string(),
  text: z.string(),
  system: z.boolean(),
  deleted: z.boolean(),
  edited: z.boolean(),
  attachments: z.array(z.object({ fileName: z.string().nullable(), omitted: z.boolean() })),
});
export type TranscriptMessage = z.infer<typeof TranscriptMessage>;

/** A line the triage assessment cites, with the indicator it found there. */
export const Citation = z.object({
  line: z.number().int(),
  indicator: z.string(),
  stage: z.string(),
  /** `[start, end)` in UTF-16 code units of the message text. */
  span: z.tuple([z.number().int(), z.number().int()]),
  contribution: z.number(),
  speaker: z.string(),
});
export type Citation = z.infer<typeof Citation>;

export const TranscriptView = z.object({
  exhibit: ExhibitSummary,
  /** The original the transcript was derived from. */
  sourceRef: z.string().nullable(),
  format: z.string(),
  assumedTimezone: z.string().nullable(),
  participants: z.array(z.string()),
  messages: z.array(TranscriptMessage),
  notes: z.array(z.object({ code: z.string(), message: z.string() })),
  /** Lines cited by the stored triage assessment (empty when not assessed). */
  citations: z.array(Citation),
  /** True when identifiers in the text are masked for this viewer. */
  masked: z.boolean(),
});
export type TranscriptView = z.infer<typeof TranscriptView>;

/** The stored triage assessment of a report (decision support only: an officer decides). */
export const AssessmentView = z.object({
  band: Band,
  score: z.number(),
  rulesetVersion: z.string(),
  assessedAt: Time.nullable(),
  exhibitRef: z.string().nullable(),
  imminent: z.boolean(),
  citations: z.array(Citation),
});
export type AssessmentView = z.infer<typeof AssessmentView>;
