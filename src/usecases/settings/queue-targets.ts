/** Queue targets per band (R52: the force's response-time targets): officers read, admins change. */
import { CustosError } from '../../core/errors.ts';
import { targetProblems, type QueueTargets } from '../../core/cases/queue.ts';
import { authorize } from '../../policies/authorize.ts';
import { recordCustodyEvent } from '../custody/record-custody-event.ts';
import type { DeskActor, DeskContext } from '../desk-context.ts';
import { custodyActor, nowIso } from '../desk-support.ts';
import { loadQueueTargets, QUEUE_TARGETS_KEY } from '../reports/queue-targets.ts';

export async function getQueueTargets(ctx: DeskContext, actor: DeskActor): Promise<QueueTargets> {
  authorize(actor, 'viewQueueTargets', { type: 'settings' });
  return loadQueueTargets(ctx.uow.read);
}

/** @throws CustosError `POLICY_DENIED`, `QUEUE_TARGETS_INVALID` (invalid-input). */
export async function setQueueTargets(
  ctx: DeskContext,
  actor: DeskActor,
  targets: QueueTargets,
): Promise<QueueTargets> {
  authorize(actor, 'updateQueueTargets', { type: 'settings' });
  const problems = targetProblems(targets);
  if (problems.length)
    throw new CustosError('invalid-input', 'QUEUE_TARGETS_INVALID', problems.join('; '));
  await ctx.uow.run(async (repos) => {
    await repos.desk.settings.put(
      QUEUE_TARGETS_KEY,
      JSON.stringify(targets),
      nowIso(ctx),
      actor.userId ?? '',
    );
    await recordCustodyEvent(repos, ctx.clock, {
      actor: custodyActor(actor),
      action: 'account-changed',
      object: 'settings:queue-targets',
      reason: 'queue-targets',
      details: { ...targets },
    });
  });
  return loadQueueTargets(ctx.uow.read);
}
