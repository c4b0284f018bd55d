/** The custody log: auditors verify it (counts and problems only, no content). */
import type { Policy } from './policy.ts';
import { isAuditor } from './roles.ts';

export interface CustodyLogResource {
  readonly type: 'custody-log';
}

export const custodyLogPolicy = {
  /** An auditor may verify the custody log. */
  verify: (a) => isAuditor(a),
} as const satisfies Policy<CustodyLogResource>;
