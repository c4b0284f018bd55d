/** The access log (DPA 2018 s62): auditors read, verify and export it; nobody else. */
import type { Policy } from './policy.ts';
import { isAuditor } from './roles.ts';

export interface AccessLogResource {
  readonly type: 'access-log';
}

export const accessLogPolicy = {
  /** An auditor may read the access log. */
  read: (a) => isAuditor(a),
  /** An auditor may export the access log (CSV, JSON) for the ICO or an investigation (s62(4)–(5)). */
  export: (a) => isAuditor(a),
  /** An auditor may verify the access log's hash chain. */
  verify: (a) => isAuditor(a),
} as const satisfies Policy<AccessLogResource>;
