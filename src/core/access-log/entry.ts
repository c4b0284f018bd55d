/**
 * Access-log entries (DPA 2018 s62; R37, R38): who did what to which personal data, when, and
 * why. Entries are hash-chained: each entry's hash is SHA-256 over the previous entry's hash and
 * this entry's canonical JSON (RFC 8785), so removing or editing an entry breaks every later hash.
 */
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

/** s62(1): collection, alteration, consultation, disclosure (including transfer), combination, erasure. */
export const ACCESS_ACTIONS = [
  'collect',
  'change',
  'consult',
  'disclose',
  'combine',
  'erase',
] as const;
export type AccessAction = (typeof ACCESS_ACTIONS)[number];

/** What a use case says about one access; the log fills in sequence, time and chaining. */
export interface AccessInput {
  readonly actorId: string | null;
  readonly actorRole: string;
  readonly action: AccessAction;
  /** `report`, `case`, `exhibit`, `task`, `user`, `access-log`, … */
  readonly objectType: string;
  readonly objectId: string;
  /** Human reference when there is one (`R-2026-0001`, `AB/1`). */
  readonly objectRef?: string | null;
  readonly caseId?: string | null;
  /** R38 reason code (`case-work`, `triage`, `task`, …). */
  readonly reasonCode?: string | null;
  /** Free text of the justification, when given. */
  readonly justification?: string | null;
  /** Disclosures: who received the data (s62(3)). */
  readonly recipient?: string | null;
}

export interface AccessEntry {
  readonly seq: number;
  readonly at: string;
  readonly actorId: string | null;
  readonly actorRole: string;
  readonly action: AccessAction;
  readonly objectType: string;
  readonly objectId: string;
  readonly objectRef: string | null;
  readonly caseId: string | null;
  readonly reasonCode: string | null;
  readonly justification: string | null;
  readonly recipient: string | null;
  readonly prevHash: string | null;
  readonly hash: string;
}

/** The fields an entry's hash covers (everything but the hash itself). */
export type AccessEntryBody = Omit<AccessEntry, 'hash'>;

/**
 * The chained hash of an entry: lowercase hex SHA-256 of `prevHash ?? ''`, a newline, and the
 * RFC 8785 canonical JSON of the entry body (including `prevHash`).
 */
export function accessEntryHash(body: AccessEntryBody): string {
  const json = canonicalize(body) ?? '';
  return createHash('sha256')
    .update(`${body.prevHash ?? ''}\n${json}`, 'utf8')
    .digest('hex');
}

/**
 * Checks a run of entries in sequence order starting at `expectedPrev`.
 * @returns the seq of the first entry whose chain or hash does not verify, or null when all do.
 */
export function firstBrokenEntry(
  entries: readonly AccessEntry[],
  expectedPrev: string | null,
  expectedFirstSeq: number,
): number | null {
  let prev = expectedPrev;
  let seq = expectedFirstSeq;
  for (const e of entries) {
    const { hash, ...body } = e;
    if (e.seq !== seq || e.prevHash !== prev || accessEntryHash(body) !== hash) return e.seq;
    prev = hash;
    seq++;
  }
  return null;
}
