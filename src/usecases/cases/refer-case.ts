/**
 * A referral of the case to a police force or to CEOP (R49), recorded as an event. Nothing is
 * sent from here: the referral is made through the force's process and recorded. A referral for
 * arrest or interview must cite a subject-welfare decision of the case (R53).
 */
import { checkReferral, type ReferralPurpose } from '../../core/cases/referral.ts';
import type { DeskActor, DeskContext } from '../desk-context.ts';
import { changeCase } from './case-mutation.ts';
import type { CaseEntryView } from './view-case.ts';

export interface ReferralInput {
  readonly recipientType: 'force' | 'ceop';
  readonly recipientName: string;
  readonly purpose: ReferralPurpose;
  readonly welfareDecisionId?: string | undefined;
  readonly note?: string | undefined;
}

/**
 * @throws CustosError `CASE_NOT_FOUND`, `POLICY_DENIED`, `WELFARE_DECISION_REQUIRED` (conflict),
 *   `WELFARE_DECISION_NOT_FOUND` (invalid-input).
 */
export function referCase(
  ctx: DeskContext,
  actor: DeskActor,
  caseId: string,
  input: ReferralInput,
): Promise<CaseEntryView> {
  return changeCase(ctx, actor, caseId, {
    action: 'refer',
    custody: 'referred',
    reason: `${input.recipientType}-${input.purpose}`,
    details: { recipientType: input.recipientType, recipientName: input.recipientName },
    check: async (kase, repos) => {
      const welfare = (await repos.desk.cases.entriesOf(kase.id))
        .filter((e) => e.body.kind === 'decision' && e.body.decision === 'subject-welfare')
        .map((e) => e.id);
      checkReferral(input.purpose, input.welfareDecisionId, welfare);
    },
    entry: () => ({
      kind: 'referral',
      recipientType: input.recipientType,
      recipientName: input.recipientName,
      purpose: input.purpose,
      welfareDecisionId: input.welfareDecisionId ?? null,
      note: input.note ?? null,
    }),
  });
}
