/** In-app notifications: each person sees and clears only their own. */
import type { Policy } from './policy.ts';
import { isSelf, isStaff } from './roles.ts';

export interface NotificationResource {
  readonly type: 'notification';
  readonly userId: string;
}

export interface NotificationsResource {
  readonly type: 'notifications';
}

export const notificationsPolicy = {
  /** Any staff member may list their own notifications. */
  list: (a) => isStaff(a),
} as const satisfies Policy<NotificationsResource>;

export const notificationPolicy = {
  /** Only the recipient marks a notification read. */
  markRead: (a, n) => isStaff(a) && isSelf(a, n.userId),
} as const satisfies Policy<NotificationResource>;
