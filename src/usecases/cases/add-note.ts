/** A note on a case's timeline (owning officer, open case). */
import type { DeskActor, DeskContext } from '../desk-context.ts';
import { changeCase } from './case-mutation.ts';
import type { CaseEntryView } from './view-case.ts';

/** @throws CustosError `CASE_NOT_FOUND`, `POLICY_DENIED`. */
export function addNote(
  ctx: DeskContext,
  actor: DeskActor,
  caseId: string,
  input: { text: string },
): Promise<CaseEntryView> {
  return changeCase(ctx, actor, caseId, {
    action: 'addNote',
    custody: 'noted',
    reason: 'note',
    entry: () => ({ kind: 'note', text: input.text }),
  });
}
