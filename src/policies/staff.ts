/** The staff directory officers need to transfer cases and assign tasks (names and ids only). */
import type { Policy } from './policy.ts';
import { isOfficer } from './roles.ts';

export interface StaffResource {
  readonly type: 'staff';
}

export const staffPolicy = {
  /** An officer may list officers (to transfer a case). */
  listOfficers: (a) => isOfficer(a),
  /** An officer may list volunteers (to assign a task). */
  listVolunteers: (a) => isOfficer(a),
} as const satisfies Policy<StaffResource>;
