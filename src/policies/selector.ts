/** Selectors (online identifiers): masked unless the viewer needs the value. */
import type { Policy } from './policy.ts';
import { isOfficer, isSelf, isVolunteer } from './roles.ts';

export interface SelectorResource {
  readonly type: 'selector';
  /** Owner of the case the selector's report is in; null while the report is in the queue. */
  readonly caseOwnerId: string | null;
  /** When seen through a volunteer task: its assignee and whether the task type needs identifiers. */
  readonly viaTask: { readonly assigneeId: string; readonly needsSelectors: boolean } | null;
}

export const selectorPolicy = {
  /**
   * An officer sees identifiers of queued reports and of cases they own; a volunteer only when
   * the task assigned to them needs them.
   */
  viewUnmasked: (a, s) =>
    (isOfficer(a) && (s.caseOwnerId === null || isSelf(a, s.caseOwnerId))) ||
    (isVolunteer(a) &&
      s.viaTask !== null &&
      isSelf(a, s.viaTask.assigneeId) &&
      s.viaTask.needsSelectors),
} as const satisfies Policy<SelectorResource>;
