/** The staff directory officers need to transfer cases and assign tasks: names and ids only. */
import { authorize } from '../../policies/authorize.ts';
import type { DeskActor, DeskContext } from '../desk-context.ts';

/** Active officers or volunteers. @throws CustosError `POLICY_DENIED`. */
export async function listStaff(
  ctx: DeskContext,
  actor: DeskActor,
  role: 'officer' | 'volunteer',
): Promise<{ items: { id: string; displayName: string; role: string }[] }> {
  authorize(actor, role === 'officer' ? 'listOfficers' : 'listVolunteers', { type: 'staff' });
  const users = await ctx.uow.read.accounts.users.listActiveByRole(role);
  return { items: users.map((u) => ({ id: u.id, displayName: u.displayName, role: u.role })) };
}
