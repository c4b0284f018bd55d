/**
 * The one helper through which every change appends its custody event, inside the caller's unit
 * of work (STYLE.md: "Every mutation writes its event through one helper, in the same
 * transaction"). It locks the log head, assigns the next sequence number, encodes the leaf
 * (RFC 8785), appends it to the RFC 6962 tree and persists the perfect nodes the append completes.
 */
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import {
  encodeEventLeaf,
  leafHashHex,
  type CustodyAction,
  type CustodyEvent,
} from '../../core/custody/event.ts';
import { leafHash, nodesCompletedByAppend } from '../../core/custody/merkle.ts';
import type { Clock } from '../../ports/clock.ts';
import type { CustodyEventRecord, Repositories } from '../../ports/repositories.ts';

/** What a use case says about the event; the helper fills in sequence, time and chaining. */
export interface CustodyEventInput {
  /** Pseudonymous actor id, `kind:id` (`user:…`, `cli:AB`, `system:custos`). */
  readonly actor: string;
  readonly action: CustodyAction;
  /** Object id, `kind:id` (`exhibit:AB/1`, `case:…`). */
  readonly object: string;
  /** SHA-256 (hex) of the exhibit bytes the event concerns. */
  readonly exhibitHash?: string;
  /** Short machine code, never free text. */
  readonly reason?: string;
  /**
   * Anything more (who, why, parser versions, error messages): kept outside the leaf as JSON,
   * committed to by its SHA-256 in the leaf, so it can be erased at retention without breaking
   * the log.
   */
  readonly details?: Readonly<Record<string, unknown>>;
}

/** UTC ISO-8601 with milliseconds, as custody leaves carry it. */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}

/**
 * Appends a custody event in the unit of work of `repos`.
 *
 * @returns the stored record (sequence number = leaf index).
 * @throws CustosError (invalid-input) `CUSTODY_EVENT_*` for a malformed event (a bug in the caller).
 */
export async function recordCustodyEvent(
  repos: Repositories,
  clock: Clock,
  input: CustodyEventInput,
): Promise<CustodyEventRecord> {
  const seq = await repos.custody.lockHead();
  const prev = await repos.custody.lastLeafHashFor(input.object);
  const details = input.details === undefined ? null : (canonicalize(input.details) ?? null);
  const detailsSha256 =
    details === null ? null : createHash('sha256').update(details, 'utf8').digest('hex');
  const event: CustodyEvent = {
    v: 1,
    seq,
    at: isoTime(clock.now()),
    actor: input.actor,
    action: input.action,
    object: input.object,
    ...(input.exhibitHash !== undefined ? { exhibitHash: input.exhibitHash } : {}),
    ...(input.reason !== undefined ? { reason: input.reason } : {}),
    ...(detailsSha256 !== null ? { details: detailsSha256 } : {}),
    ...(prev !== null ? { prev } : {}),
  };
  const leafBytes = encodeEventLeaf(event);
  const record: CustodyEventRecord = {
    seq,
    at: event.at,
    actor: event.actor,
    action: event.action,
    object: event.object,
    exhibitSha256: input.exhibitHash ?? null,
    reason: input.reason ?? null,
    details,
    detailsSha256,
    prevHash: prev,
    leaf: new TextDecoder().decode(leafBytes),
    leafHash: leafHashHex(leafBytes),
  };
  await repos.custody.insertEvent(record);
  await repos.custody.putNodes(
    await nodesCompletedByAppend(BigInt(seq), leafHash(leafBytes), repos.custody),
  );
  await repos.custody.setSize(seq + 1);
  return record;
}
