/**
 * Justification of case consultations (DPA 2018 s62 as enacted; R38: a case reference plus a
 * reason code, free text optional): the first view of a case in a session asks for one; later
 * views in the same session are logged under it.
 */
import { CustosError } from '../../core/errors.ts';
import type { Case, CaseJustification } from '../../core/cases/types.ts';
import { authorize } from '../../policies/authorize.ts';
import type { Repositories } from '../../ports/repositories.ts';
import { recordAccess } from '../access-log/record-access.ts';
import type { DeskActor, DeskContext } from '../desk-context.ts';
import { accessActor, caseResource, notFound, nowIso } from '../desk-support.ts';

export const JUSTIFICATION_REASONS = [
  'case-work',
  'deconfliction-check',
  'supervision',
  'disclosure-review',
  'safeguarding',
  'other',
] as const;
export type JustificationReason = (typeof JUSTIFICATION_REASONS)[number];

/**
 * The justification given for `kase` in the actor's session.
 * @throws CustosError `JUSTIFICATION_REQUIRED` (conflict; HTTP 428) when none was given yet —
 *   `details.caseId` and `details.reasons` say what to send.
 */
export async function requireJustification(
  repos: Repositories,
  actor: DeskActor,
  kase: Case,
): Promise<CaseJustification> {
  const j = actor.sessionId
    ? await repos.desk.cases.justificationFor(actor.sessionId, kase.id)
    : undefined;
  if (!j) {
    throw new CustosError(
      'conflict',
      'JUSTIFICATION_REQUIRED',
      `say why you are opening case ${kase.ref} (the first view in a session is justified and logged)`,
      {
        details: { caseId: kase.id, caseRef: kase.ref, reasons: [...JUSTIFICATION_REASONS] },
      },
    );
  }
  return j;
}

/**
 * Records why the actor consults a case in this session.
 * @throws CustosError `CASE_NOT_FOUND`, `POLICY_DENIED`, `JUSTIFICATION_TEXT_REQUIRED` (invalid-input) for `other` without text.
 */
export async function justifyCaseView(
  ctx: DeskContext,
  actor: DeskActor,
  caseId: string,
  input: { reasonCode: JustificationReason; text?: string | undefined },
): Promise<void> {
  const kase = await ctx.uow.read.desk.cases.findById(caseId);
  if (!kase) throw notFound('CASE_NOT_FOUND', `case ${caseId}`);
  authorize(actor, 'justify', caseResource(kase));
  if (input.reasonCode === 'other' && !(input.text && input.text.trim().length >= 5)) {
    throw new CustosError(
      'invalid-input',
      'JUSTIFICATION_TEXT_REQUIRED',
      'say why in a few words when the reason is "other"',
    );
  }
  if (!actor.sessionId)
    throw new CustosError(
      'unauthenticated',
      'SESSION_REQUIRED',
      'a justification belongs to a signed-in session',
    );
  const sessionId = actor.sessionId;
  await ctx.uow.run(async (repos) => {
    await repos.desk.cases.insertJustification({
      sessionId,
      caseId,
      reasonCode: input.reasonCode,
      text: input.text?.trim() || null,
      at: nowIso(ctx),
    });
    await recordAccess(repos, ctx.clock, {
      ...accessActor(actor),
      action: 'consult',
      objectType: 'case',
      objectId: kase.id,
      objectRef: kase.ref,
      caseId: kase.id,
      reasonCode: input.reasonCode,
      justification: input.text?.trim() || null,
    });
  });
}
