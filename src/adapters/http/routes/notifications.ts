/** In-app notifications (`src/contracts/notifications.ts`) and welfare figures (`welfare.ts`). */
import { IdParams, Ok } from '../../../contracts/common.ts';
import { NotificationList } from '../../../contracts/notifications.ts';
import { ExposureQuery, ExposureSummary } from '../../../contracts/welfare.ts';
import {
  listNotifications,
  markNotificationRead,
} from '../../../usecases/notifications/notifications.ts';
import { exposureSummary } from '../../../usecases/welfare/exposure-summary.ts';
import { actorOf } from '../request-context.ts';
import type { DeskApp, RouteDeps } from '../types.ts';

export function registerNotificationRoutes(app: DeskApp, { ctx }: RouteDeps): void {
  app.get(
    '/notifications',
    { schema: { tags: ['notifications'], response: { 200: NotificationList } } },
    async (req) => listNotifications(ctx, actorOf(req)),
  );

  app.post(
    '/notifications/:id/read',
    { schema: { tags: ['notifications'], params: IdParams, response: { 200: Ok } } },
    async (req) => {
      await markNotificationRead(ctx, actorOf(req), req.params.id);
      return { ok: true as const };
    },
  );

  app.get(
    '/welfare/exposure',
    {
      schema: { tags: ['welfare'], querystring: ExposureQuery, response: { 200: ExposureSummary } },
    },
    async (req) => exposureSummary(ctx, actorOf(req), req.query),
  );
}
