/**
 * Officers' authorisations for volunteer work (R3): officers create them and own them; the
 * authorising officer and the officer in charge review or cancel them; programme managers see
 * them (operation, scope and dates: no case content).
 */
import type { Policy } from './policy.ts';
import { isManager, isOfficer, isSelf } from './roles.ts';

export interface AuthorisationsResource {
  readonly type: 'authorisations';
}

export interface AuthorisationResource {
  readonly type: 'authorisation';
  readonly authorisingOfficerId: string;
  readonly officerInChargeId: string;
  readonly status: 'live' | 'cancelled';
}

type A = Parameters<typeof isOfficer>[0];
const owns = (a: A, r: AuthorisationResource): boolean =>
  isOfficer(a) && (isSelf(a, r.authorisingOfficerId) || isSelf(a, r.officerInChargeId));

export const authorisationsPolicy = {
  /** Officers and programme managers list authorisations. */
  list: (a) => isOfficer(a) || isManager(a),
  /** Only an officer records an authorisation (and is its authorising officer). */
  create: (a) => isOfficer(a),
} as const satisfies Policy<AuthorisationsResource>;

export const authorisationPolicy = {
  /** The authorising officer or the officer in charge records a review of a live authorisation. */
  review: (a, r) => owns(a, r) && r.status === 'live',
  /** The authorising officer or the officer in charge cancels a live authorisation. */
  cancel: (a, r) => owns(a, r) && r.status === 'live',
} as const satisfies Policy<AuthorisationResource>;
