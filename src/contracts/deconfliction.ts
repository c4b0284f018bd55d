/**
 * Deconfliction hits: a new report's selectors match selectors of another case (normalized
 * equality, or a near match with an explained similarity). A hit is a pointer — the other case's
 * reference and owner — never that case's content (mission-anchors §6, NDPS pointer model).
 *
 * Endpoint (under `/api/v1`, officers): `POST /reports/:id/deconfliction/:hitId/acknowledge`
 * {@link AcknowledgeHitBody} → {@link HitView}.
 */
import { z } from 'zod';
import { Id, PersonRef, Time } from './common.ts';

export const HitView = z.object({
  id: Id,
  matchType: z.enum(['exact', 'near']),
  /** 0..100: 100 for an exact (normalized) match. */
  similarity: z.number().int(),
  /** Why the two identifiers are considered the same or similar. */
  explanation: z.string(),
  /**
   * `outgoing`: the report you are looking at (or one in your case) matches another case;
   * `incoming`: another report matches the report or case you are looking at.
   */
  direction: z.enum(['outgoing', 'incoming']),
  /** The identifier on your side (masked like any selector for the viewer). */
  selector: z.object({ kind: z.string(), value: z.string(), masked: z.boolean() }),
  /** The report the hit was recorded on (the newer one). */
  report: z.object({ id: Id, ref: z.string() }),
  /** Pointer to the other side: a case (reference and owner) or a report still in the queue. Never content. */
  counterpart: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('case'), ref: z.string(), owner: PersonRef }),
    z.object({ kind: z.literal('queued-report'), ref: z.string() }),
  ]),
  acknowledged: z.object({ by: PersonRef, at: Time, note: z.string().nullable() }).nullable(),
  /** The viewer may acknowledge it (it unblocks volunteer tasks on the report). */
  canAcknowledge: z.boolean(),
  createdAt: Time,
});
export type HitView = z.infer<typeof HitView>;

export const HitParams = z.object({ id: Id, hitId: Id });
export const AcknowledgeHitBody = z.strictObject({ note: z.string().trim().max(2000).optional() });
export type AcknowledgeHitBody = z.infer<typeof AcknowledgeHitBody>;
