/** Transferring a case to another officer: ownership changes, recorded as an event; the new owner is told. */
import { CustosError } from '../../core/errors.ts';
import type { DeskActor, DeskContext } from '../desk-context.ts';
import { nowIso } from '../desk-support.ts';
import { changeCase } from './case-mutation.ts';
import type { CaseEntryView } from './view-case.ts';

/**
 * @throws CustosError `CASE_NOT_FOUND`, `POLICY_DENIED`, `TRANSFER_TARGET_INVALID` (invalid-input)
 *   unless the recipient is another active officer.
 */
export function transferCase(
  ctx: DeskContext,
  actor: DeskActor,
  caseId: string,
  input: { toUserId: string; reason: string },
): Promise<CaseEntryView> {
  return changeCase(ctx, actor, caseId, {
    action: 'transfer',
    custody: 'transferred',
    reason: 'owner-changed',
    details: { to: `user:${input.toUserId}` },
    check: async (kase, repos) => {
      const to = await repos.accounts.users.findById(input.toUserId);
      if (!to || to.role !== 'officer' || to.status !== 'active' || to.id === kase.ownerId) {
        throw new CustosError(
          'invalid-input',
          'TRANSFER_TARGET_INVALID',
          'a case can be transferred only to another active officer',
        );
      }
    },
    entry: (kase) => ({
      kind: 'transfer',
      fromUserId: kase.ownerId,
      toUserId: input.toUserId,
      reason: input.reason,
    }),
    apply: async (kase, repos) => {
      const now = nowIso(ctx);
      await repos.desk.cases.update(kase.id, { ownerId: input.toUserId, updatedAt: now });
      await repos.desk.notifications.insert({
        id: ctx.ids.newId(),
        userId: input.toUserId,
        kind: 'case-transferred',
        at: now,
        title: `Case ${kase.ref} has been transferred to you`,
        link: { type: 'case', id: kase.id },
        readAt: null,
      });
    },
  });
}
