/**
 * A volunteer's shifts (R59–R61): the volunteer sees their own welfare status, ends a shift,
 * presses "stop now" (no reason asked, no penalty) and checks in after a shift; officers record
 * the debrief after a shift that involved case material.
 */
import type { Policy } from './policy.ts';
import { isOfficer, isSelf, isVolunteer } from './roles.ts';

export interface ShiftResource {
  readonly type: 'shift';
  /** The volunteer whose shift it is. */
  readonly userId: string;
}

export interface DebriefsResource {
  readonly type: 'debriefs';
}

type A = Parameters<typeof isVolunteer>[0];
const own = (a: A, s: ShiftResource): boolean => isVolunteer(a) && isSelf(a, s.userId);

export const shiftPolicy = {
  /** A volunteer sees their own welfare status (exposure, limits, check-in due). */
  viewOwn: (a, s) => own(a, s),
  /** A volunteer stops at once, without a reason (R61). */
  stopNow: (a, s) => own(a, s),
  /** A volunteer ends their shift. */
  end: (a, s) => own(a, s),
  /** A volunteer checks in after their shift. */
  checkIn: (a, s) => own(a, s),
  /** An officer records the debrief after a volunteer's shift (R60). */
  debrief: (a) => isOfficer(a),
} as const satisfies Policy<ShiftResource>;

export const debriefsPolicy = {
  /** Officers see the shifts waiting for a debrief (volunteer, times and exposure only). */
  list: (a) => isOfficer(a),
} as const satisfies Policy<DebriefsResource>;
