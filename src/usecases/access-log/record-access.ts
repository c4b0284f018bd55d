/**
 * The one helper through which every consultation, disclosure, change, combination, collection
 * and erasure of personal data is logged (DPA 2018 s62; R37, R38), inside the caller's unit of
 * work: it locks the log head, chains the entry's hash to the previous one and appends it.
 */
import {
  accessEntryHash,
  type AccessEntry,
  type AccessInput,
} from '../../core/access-log/entry.ts';
import type { Clock } from '../../ports/clock.ts';
import type { Repositories } from '../../ports/repositories.ts';
import { isoTime } from '../custody/record-custody-event.ts';

/**
 * Appends one access-log entry in the unit of work of `repos`.
 * @returns the stored entry (its `seq` is its position from 0).
 */
export async function recordAccess(
  repos: Repositories,
  clock: Clock,
  input: AccessInput,
): Promise<AccessEntry> {
  const head = await repos.accessLog.lockHead();
  const body = {
    seq: head.size,
    at: isoTime(clock.now()),
    actorId: input.actorId,
    actorRole: input.actorRole,
    action: input.action,
    objectType: input.objectType,
    objectId: input.objectId,
    objectRef: input.objectRef ?? null,
    caseId: input.caseId ?? null,
    reasonCode: input.reasonCode ?? null,
    justification: input.justification ?? null,
    recipient: input.recipient ?? null,
    prevHash: head.lastHash,
  };
  const entry: AccessEntry = { ...body, hash: accessEntryHash(body) };
  await repos.accessLog.insert(entry);
  await repos.accessLog.setHead(head.size + 1, entry.hash);
  return entry;
}
