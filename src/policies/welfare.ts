/** Welfare figures (R58, R59): programme managers see exposure time, never case content. */
import type { Policy } from './policy.ts';
import { isManager } from './roles.ts';

export interface WelfareResource {
  readonly type: 'welfare';
}

export const welfarePolicy = {
  /** A programme manager may see volunteers' viewing time of case material. */
  viewExposure: (a) => isManager(a),
  /** A programme manager (the welfare lead) sees trends: exposure, check-ins, stops, debriefs; no case content. */
  viewTrends: (a) => isManager(a),
} as const satisfies Policy<WelfareResource>;
