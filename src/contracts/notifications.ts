/**
 * In-app notifications (deconfliction hits for both case owners, task assignments, case
 * transfers). Nothing is ever sent outside the application.
 *
 * Endpoints (all under `/api/v1`, any signed-in staff member, own notifications only):
 * - `GET  /notifications` → {@link NotificationList}
 * - `POST /notifications/:id/read` → `Ok`
 */
import { z } from 'zod';
import { Id, Time } from './common.ts';

export const NotificationView = z.object({
  id: Id,
  kind: z.enum([
    'deconfliction-hit',
    'task-assigned',
    'case-transferred',
    'task-unblocked',
    // The volunteer programme (programme.ts).
    'application-received',
    'vetting-expiring',
    'training-expiring',
    'access-suspended',
    'stop-now',
    'welfare-flag',
    'debrief-due',
  ]),
  at: Time,
  title: z.string(),
  link: z.object({
    type: z.enum(['report', 'case', 'task', 'member', 'own-record', 'welfare', 'debriefs']),
    id: Id,
  }),
  read: z.boolean(),
});
export type NotificationView = z.infer<typeof NotificationView>;

export const NotificationList = z.object({
  items: z.array(NotificationView),
  unread: z.number().int(),
});
export type NotificationList = z.infer<typeof NotificationList>;
