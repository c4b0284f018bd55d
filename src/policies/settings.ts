/** System settings: admins change them; officers read the queue targets they work to. */
import type { Policy } from './policy.ts';
import { isAdmin, isOfficer } from './roles.ts';

export interface SettingsResource {
  readonly type: 'settings';
}

export const settingsPolicy = {
  /** Admins and officers may read the queue targets per band (R52). */
  viewQueueTargets: (a) => isAdmin(a) || isOfficer(a),
  /** Only an admin changes the queue targets. */
  updateQueueTargets: (a) => isAdmin(a),
} as const satisfies Policy<SettingsResource>;
