/**
 * Programme members (R1, R5, R7, R9): programme managers keep the records — status, legal
 * status, declarations, vetting, training, account links; anyone may apply through the public
 * form; a volunteer sees their own programme record. Nobody here sees case content.
 */
import type { Policy } from './policy.ts';
import { isManager, isSelf, isVolunteer } from './roles.ts';

export interface MembersResource {
  readonly type: 'members';
}

export interface MemberResource {
  readonly type: 'member';
  /** The member's account, or null until linked. */
  readonly userId: string | null;
}

export const membersPolicy = {
  /** Anyone may apply to join through the public form (declarations included). */
  apply: () => true,
  /** A programme manager lists the members. */
  list: (a) => isManager(a),
  /** A programme manager adds a member (for example one who applied on paper). */
  create: (a) => isManager(a),
} as const satisfies Policy<MembersResource>;

export const memberPolicy = {
  /** A programme manager sees a member's record (logged as a consultation). */
  view: (a) => isManager(a),
  /** A programme manager records changes: status, legal status, declarations, circumstances, vetting, training, the account link. */
  change: (a) => isManager(a),
  /** A volunteer sees their own programme record (status, vetting expiry, training currency). */
  viewOwn: (a, m) => isVolunteer(a) && isSelf(a, m.userId),
} as const satisfies Policy<MemberResource>;
