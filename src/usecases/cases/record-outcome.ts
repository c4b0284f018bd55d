/** The case outcome (NFA, charged, cautioned, convicted, safeguarding only, insufficient evidence); it closes the case. */
import type { Outcome } from '../../core/cases/referral.ts';
import type { DeskActor, DeskContext } from '../desk-context.ts';
import { nowIso } from '../desk-support.ts';
import { defaultClassFor } from '../../core/retention/classes.ts';
import { assignRetentionClass } from '../retention/retention-support.ts';
import { changeCase } from './case-mutation.ts';
import type { CaseEntryView } from './view-case.ts';

/** @throws CustosError `CASE_NOT_FOUND`, `POLICY_DENIED` (only the owning officer, open case). */
export function recordOutcome(
  ctx: DeskContext,
  actor: DeskActor,
  caseId: string,
  input: { outcome: Outcome; note?: string | undefined },
): Promise<CaseEntryView> {
  return changeCase(ctx, actor, caseId, {
    action: 'recordOutcome',
    custody: 'outcome-recorded',
    reason: input.outcome,
    entry: () => ({ kind: 'outcome', outcome: input.outcome, note: input.note ?? null }),
    apply: async (kase, repos) => {
      await repos.desk.cases.update(kase.id, {
        status: 'closed',
        outcome: input.outcome,
        updatedAt: nowIso(ctx),
      });
      // The outcome sets the retention class; the next review counts from now (R46).
      await assignRetentionClass(
        repos,
        kase,
        defaultClassFor(input.outcome),
        nowIso(ctx),
        'system',
      );
      for (const t of await repos.desk.tasks.listByCases([kase.id])) {
        if (t.status === 'assigned' || t.status === 'in-progress')
          await repos.desk.tasks.update(t.id, { status: 'cancelled', updatedAt: nowIso(ctx) });
      }
    },
  });
}
