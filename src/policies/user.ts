/**
 * Staff accounts. Admins create accounts (by invitation) and set roles; there is no
 * self-registration for staff roles. Everyone manages their own password, second factor and
 * sessions.
 */
import type { Policy } from './policy.ts';
import { isAdmin, isSelf, isStaff } from './roles.ts';

export interface UserResource {
  readonly type: 'user';
  readonly id: string;
}

export interface UsersResource {
  readonly type: 'users';
}

export const usersPolicy = {
  /** An admin may list accounts. */
  list: (a) => isAdmin(a),
  /** Only an admin creates staff accounts (no self-registration). */
  create: (a) => isAdmin(a),
} as const satisfies Policy<UsersResource>;

export const userPolicy = {
  /** An admin may change another person's role, status or name (not their own: no self-lockout or self-promotion). */
  update: (a, u) => isAdmin(a) && !isSelf(a, u.id),
  /** An admin may issue a new invitation link for another person. */
  reinvite: (a, u) => isAdmin(a) && !isSelf(a, u.id),
  /** An admin may revoke another person's sessions; anyone may revoke their own (sign out everywhere). */
  revokeSessions: (a, u) => isAdmin(a) || (isStaff(a) && isSelf(a, u.id)),
  /** A person changes their own password. */
  changePassword: (a, u) => isStaff(a) && isSelf(a, u.id),
  /** A person enrols their own second factor. */
  enrolTotp: (a, u) => isStaff(a) && isSelf(a, u.id),
} as const satisfies Policy<UserResource>;
