/**
 * The programme as a whole: the training catalogue, settings [config], reminders, figures for
 * managers and the counts-only transparency summary (R63). Programme managers only; admins may
 * read the settings. No case content in any of it.
 */
import type { Policy } from './policy.ts';
import { isAdmin, isManager } from './roles.ts';

export interface ProgrammeResource {
  readonly type: 'programme';
}

export const programmePolicy = {
  /** A programme manager keeps the training catalogue (modules, versions, validity). */
  manageTraining: (a) => isManager(a),
  /** Programme managers and admins read the programme settings (limits, reminder days). */
  viewSettings: (a) => isManager(a) || isAdmin(a),
  /** A programme manager changes the programme settings. */
  updateSettings: (a) => isManager(a),
  /** A programme manager sends the reminders and automatic suspensions that are due. */
  sendReminders: (a) => isManager(a),
  /** A programme manager sees the programme's figures. */
  viewMetrics: (a) => isManager(a),
  /** A programme manager exports the counts-only transparency summary. */
  exportTransparency: (a) => isManager(a),
} as const satisfies Policy<ProgrammeResource>;
