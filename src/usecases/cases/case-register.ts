/**
 * The case register for the command line (`custos cases --json`): reference, owner and status of
 * every case, no content. The local operator acts with admin rights (they hold the data directory).
 */
import { authorize } from '../../policies/authorize.ts';
import { recordAccess } from '../access-log/record-access.ts';
import type { DeskActor, DeskContext } from '../desk-context.ts';
import { accessActor, people, personOf } from '../desk-support.ts';

export interface CaseRegisterEntry {
  readonly ref: string;
  readonly owner: string;
  readonly ownerId: string;
  readonly status: string;
  readonly outcome: string | null;
  readonly createdAt: string;
}

/** @throws CustosError `POLICY_DENIED` unless the actor is an admin (or the local operator). */
export async function caseRegister(
  ctx: DeskContext,
  actor: DeskActor,
): Promise<CaseRegisterEntry[]> {
  authorize(actor, 'register', { type: 'cases' });
  const cases = await ctx.uow.read.desk.cases.listAll();
  const names = await people(
    ctx.uow.read,
    cases.map((c) => c.ownerId),
  );
  await ctx.uow.run((w) =>
    recordAccess(w, ctx.clock, {
      ...accessActor(actor),
      action: 'consult',
      objectType: 'case-register',
      objectId: 'all',
      reasonCode: 'administration',
      justification: 'references, owners and status only',
    }),
  );
  return cases.map((c) => ({
    ref: c.ref,
    owner: personOf(names, c.ownerId).displayName,
    ownerId: c.ownerId,
    status: c.status,
    outcome: c.outcome,
    createdAt: c.createdAt,
  }));
}
