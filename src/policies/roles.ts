/**
 * The one definition of who is who (ARCHITECTURE.md, "Roles"): the public (no account),
 * volunteers, warranted officers, programme managers, auditors and admins.
 */

export const ROLES = ['public', 'volunteer', 'officer', 'manager', 'auditor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Roles that have accounts. */
export const STAFF_ROLES = [
  'volunteer',
  'officer',
  'manager',
  'auditor',
  'admin',
] as const satisfies readonly Role[];
export type StaffRole = (typeof STAFF_ROLES)[number];

export const ROLE_LABELS: Readonly<Record<Role, string>> = {
  public: 'member of the public',
  volunteer: 'volunteer',
  officer: 'officer',
  manager: 'programme manager',
  auditor: 'auditor',
  admin: 'admin',
};

/** Whoever is acting. The public has no user id. */
export interface Actor {
  readonly role: Role;
  readonly userId: string | null;
}

export const PUBLIC_ACTOR: Actor = { role: 'public', userId: null };

/** True when `s` is a staff role. */
export function isStaffRole(s: string): s is StaffRole {
  return (STAFF_ROLES as readonly string[]).includes(s);
}

/** Officers, programme managers, auditors and admins must sign in with a second factor (TOTP). */
export function requiresTotp(role: Role): boolean {
  return role === 'officer' || role === 'manager' || role === 'auditor' || role === 'admin';
}

export const isOfficer = (a: Actor): boolean => a.role === 'officer' && a.userId !== null;
export const isVolunteer = (a: Actor): boolean => a.role === 'volunteer' && a.userId !== null;
export const isManager = (a: Actor): boolean => a.role === 'manager' && a.userId !== null;
export const isAuditor = (a: Actor): boolean => a.role === 'auditor' && a.userId !== null;
export const isAdmin = (a: Actor): boolean => a.role === 'admin' && a.userId !== null;
export const isStaff = (a: Actor): boolean => a.role !== 'public' && a.userId !== null;
/** True when the actor is the user `id`. */
export const isSelf = (a: Actor, id: string | null): boolean =>
  a.userId !== null && a.userId === id;
