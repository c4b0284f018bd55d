/** The supervision rota (R60): programme managers keep it; officers see when they are on duty. */
import type { Policy } from './policy.ts';
import { isManager, isOfficer } from './roles.ts';

export interface RotaResource {
  readonly type: 'rota';
}

export const rotaPolicy = {
  /** Officers and programme managers see the rota. */
  view: (a) => isOfficer(a) || isManager(a),
  /** A programme manager adds and cancels duty periods of supervising officers. */
  manage: (a) => isManager(a),
} as const satisfies Policy<RotaResource>;
