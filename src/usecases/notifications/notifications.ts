/** In-app notifications: each person sees and clears only their own. */
import { CustosError } from '../../core/errors.ts';
import type { Notification } from '../../core/cases/types.ts';
import { authorize } from '../../policies/authorize.ts';
import type { DeskActor, DeskContext } from '../desk-context.ts';
import { nowIso } from '../desk-support.ts';

/** The actor's latest 100 notifications and the number unread. */
export async function listNotifications(
  ctx: DeskContext,
  actor: DeskActor,
): Promise<{
  items: (Omit<Notification, 'userId' | 'readAt'> & { read: boolean })[];
  unread: number;
}> {
  authorize(actor, 'list', { type: 'notifications' });
  const userId = actor.userId ?? '';
  const rows = await ctx.uow.read.desk.notifications.listForUser(userId, 100);
  return {
    items: rows.map((n) => ({
      id: n.id,
      kind: n.kind,
      at: n.at,
      title: n.title,
      link: n.link,
      read: n.readAt !== null,
    })),
    unread: await ctx.uow.read.desk.notifications.unreadCount(userId),
  };
}

/** @throws CustosError `NOTIFICATION_NOT_FOUND` (not-found), `POLICY_DENIED` (someone else's). */
export async function markNotificationRead(
  ctx: DeskContext,
  actor: DeskActor,
  id: string,
): Promise<void> {
  const n = await ctx.uow.read.desk.notifications.findById(id);
  if (!n)
    throw new CustosError('not-found', 'NOTIFICATION_NOT_FOUND', `there is no notification ${id}`);
  authorize(actor, 'markRead', { type: 'notification', userId: n.userId });
  await ctx.uow.run((repos) => repos.desk.notifications.markRead(id, nowIso(ctx)));
}
