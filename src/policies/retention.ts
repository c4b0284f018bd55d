/**
 * Retention review (R46; docs/retention.md): only the officer who owns a case reviews it, keeps it
 * with a new review date, or disposes of its material. Programme managers, auditors and admins
 * never see case content; admins set the review periods from the command line.
 */
import type { Policy } from './policy.ts';
import { isOfficer, isSelf } from './roles.ts';

/** A case's retention. */
export interface RetentionResource {
  readonly type: 'retention';
  readonly ownerId: string;
  /** The case's material was already disposed of. */
  readonly disposed: boolean;
}

/** The review queue and the class list. */
export interface RetentionQueueResource {
  readonly type: 'retention-queue';
}

const owner = (a: Parameters<typeof isOfficer>[0], r: RetentionResource): boolean =>
  isOfficer(a) && isSelf(a, r.ownerId);

export const retentionQueuePolicy = {
  /** An officer sees the review queue of their own cases and the retention classes. */
  view: (a) => isOfficer(a),
} as const satisfies Policy<RetentionQueueResource>;

export const retentionPolicy = {
  /** The owning officer sees a case's retention and what disposal would destroy. */
  view: (a, r) => owner(a, r),
  /** The owning officer keeps the case, with a new review date and the rationale. */
  retain: (a, r) => owner(a, r) && !r.disposed,
  /** The owning officer disposes of the case's material (the rules then check it is allowed). */
  dispose: (a, r) => owner(a, r) && !r.disposed,
} as const satisfies Policy<RetentionResource>;
