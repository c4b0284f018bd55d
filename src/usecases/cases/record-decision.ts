/**
 * Decisions on a case, by its officer only. The subject-welfare decision is R53: the subject's
 * vulnerability, suicide risk and the safeguarding of others, with the steps planned (e.g. Stop It
 * Now! signposting, family information pack, mental-health referral), recorded before any
 * referral for arrest or interview.
 */
import type { DeskActor, DeskContext } from '../desk-context.ts';
import { changeCase } from './case-mutation.ts';
import type { CaseEntryView } from './view-case.ts';

export type DecisionInput =
  | {
      readonly kind: 'subject-welfare';
      readonly vulnerability: string;
      readonly suicideRisk: string;
      readonly suicideRiskNotes?: string | undefined;
      readonly safeguardingOthers: string;
      readonly steps: string;
      readonly rationale: string;
    }
  | { readonly kind: 'general'; readonly summary: string; readonly rationale: string };

/** @throws CustosError `CASE_NOT_FOUND`, `POLICY_DENIED` (only the owning officer decides). */
export function recordDecision(
  ctx: DeskContext,
  actor: DeskActor,
  caseId: string,
  input: DecisionInput,
): Promise<CaseEntryView> {
  return changeCase(ctx, actor, caseId, {
    action: 'decide',
    custody: 'decided',
    reason: input.kind,
    entry: () =>
      input.kind === 'subject-welfare'
        ? {
            kind: 'decision',
            decision: 'subject-welfare',
            vulnerability: input.vulnerability,
            suicideRisk: input.suicideRisk,
            suicideRiskNotes: input.suicideRiskNotes ?? null,
            safeguardingOthers: input.safeguardingOthers,
            steps: input.steps,
            rationale: input.rationale,
          }
        : {
            kind: 'decision',
            decision: 'general',
            summary: input.summary,
            rationale: input.rationale,
          },
  });
}
