/**
 * Cases: owned by one officer. Need-to-know (R44): only the owner sees or changes a case;
 * programme managers, auditors and admins never see case content. Only officers decide.
 */
import type { Policy } from './policy.ts';
import { isAdmin, isOfficer, isSelf } from './roles.ts';

export interface CaseResource {
  readonly type: 'case';
  readonly ownerId: string;
  readonly status: 'open' | 'closed';
}

export interface CasesResource {
  readonly type: 'cases';
}

const owner = (a: Parameters<typeof isOfficer>[0], c: CaseResource): boolean =>
  isOfficer(a) && isSelf(a, c.ownerId);
const open = (c: CaseResource): boolean => c.status === 'open';

export const casesPolicy = {
  /** An officer may list their own cases. */
  list: (a) => isOfficer(a),
  /** An admin may read the case register: references, owners and status, no content. */
  register: (a) => isAdmin(a),
} as const satisfies Policy<CasesResource>;

export const casePolicy = {
  /** The owning officer may see the case (after giving a justification, R38). */
  view: (a, c) => owner(a, c),
  /** The owning officer records why they consult the case. */
  justify: (a, c) => owner(a, c),
  /** The owning officer may add notes to an open case. */
  addNote: (a, c) => owner(a, c) && open(c),
  /** Only the owning officer records decisions (including the R53 subject-welfare decision). */
  decide: (a, c) => owner(a, c) && open(c),
  /** Only the owning officer refers a case to a force or CEOP (R49). */
  refer: (a, c) => owner(a, c) && open(c),
  /** Only the owning officer records the outcome; it closes the case. */
  recordOutcome: (a, c) => owner(a, c) && open(c),
  /** The owning officer may transfer the case to another officer (an event). */
  transfer: (a, c) => owner(a, c) && open(c),
  /** The owning officer assigns tasks on the case (R3: every task has a named officer). */
  assignTask: (a, c) => owner(a, c) && open(c),
  /** The owning officer may add evidence to an open case. */
  addEvidence: (a, c) => owner(a, c) && open(c),
  /** The owning officer may attach a queued report to the case. */
  attachReport: (a, c) => owner(a, c) && open(c),
  /** Only the owning officer exports a court bundle (volunteers never export; R31, R55). */
  exportBundle: (a, c) => owner(a, c),
} as const satisfies Policy<CaseResource>;
