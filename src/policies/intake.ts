/** Public intake: anyone may report a concern; the receipt code and upload token are the authority. */
import type { Policy } from './policy.ts';

export interface IntakeResource {
  readonly type: 'intake';
  /** The upload token presented matches the report and has not expired. */
  readonly uploadTokenValid: boolean;
}

export const intakePolicy = {
  /** Anyone may report a concern, without an account (issue 5 §4). */
  submit: () => true,
  /** Anyone holding a receipt code may see that report's status (status only, no content). */
  checkStatus: () => true,
  /** Evidence may be added to a report only with its unexpired upload token. */
  uploadEvidence: (_a, r) => r.uploadTokenValid,
} as const satisfies Policy<IntakeResource>;
