/**
 * Exhibits' content. Officers read transcripts of queued reports and of cases they own; only the
 * owning officer takes a copy of an original (a disclosure). Volunteers reach material only
 * through their task (task policy), never by exhibit.
 */
import type { Policy } from './policy.ts';
import { isOfficer, isSelf } from './roles.ts';

export interface ExhibitResource {
  readonly type: 'exhibit';
  /** Owner of the case holding the exhibit; null when it belongs to a report still in the queue. */
  readonly caseOwnerId: string | null;
  /** True when the exhibit belongs to a report in the queue (not in a case, not closed). */
  readonly inQueue: boolean;
}

export const exhibitPolicy = {
  /** An officer may read a queued report's exhibits, or those of a case they own. */
  viewTranscript: (a, e) =>
    isOfficer(a) && (isSelf(a, e.caseOwnerId) || (e.caseOwnerId === null && e.inQueue)),
  /** Only the officer owning the case may take a copy of an original (R30, R31). */
  downloadOriginal: (a, e) => isOfficer(a) && e.caseOwnerId !== null && isSelf(a, e.caseOwnerId),
} as const satisfies Policy<ExhibitResource>;
