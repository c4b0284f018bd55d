/** Auditors verify the custody log (counts and problems only; no content). */
import { authorize } from '../../policies/authorize.ts';
import { verifyCustodyLog } from '../custody/verify-custody-log.ts';
import type { DeskActor, DeskContext } from '../desk-context.ts';

export async function verifyCustody(
  ctx: DeskContext,
  actor: DeskActor,
): Promise<{
  events: number;
  checkpoints: number;
  signedThrough: number;
  intact: boolean;
  problems: { subject: string; code: string; message: string }[];
}> {
  authorize(actor, 'verify', { type: 'custody-log' });
  const r = await verifyCustodyLog(ctx.uow.read, ctx.key);
  return {
    events: r.events,
    checkpoints: r.checkpoints,
    signedThrough: r.signedThrough,
    intact: r.problems.length === 0,
    problems: r.problems.map((p) => ({ subject: p.subject, code: p.code, message: p.message })),
  };
}
