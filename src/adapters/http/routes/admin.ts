/** Accounts and settings for admins (`src/contracts/users.ts`). */
import { SignedOutEverywhere } from '../../../contracts/auth.ts';
import { IdParams } from '../../../contracts/common.ts';
import {
  CreatedUser,
  CreateUserBody,
  QueueTargetsBody,
  UpdateUserBody,
  UserList,
  UserSummary,
} from '../../../contracts/users.ts';
import {
  createUser,
  listUsers,
  reinviteUser,
  revokeUserSessions,
  updateUser,
} from '../../../usecases/accounts/manage-users.ts';
import { getQueueTargets, setQueueTargets } from '../../../usecases/settings/queue-targets.ts';
import { userSummary } from '../presenters.ts';
import { actorOf } from '../request-context.ts';
import type { DeskApp, RouteDeps } from '../types.ts';

export function registerAdminRoutes(app: DeskApp, { ctx }: RouteDeps): void {
  const tags = ['administration'];
  app.get('/users', { schema: { tags, response: { 200: UserList } } }, async (req) => ({
    items: (await listUsers(ctx, actorOf(req))).map(userSummary),
  }));

  app.post(
    '/users',
    { schema: { tags, body: CreateUserBody, response: { 200: CreatedUser } } },
    async (req) => {
      const { user, invite } = await createUser(ctx, actorOf(req), req.body);
      return { user: userSummary(user), invite };
    },
  );

  app.patch(
    '/users/:id',
    { schema: { tags, params: IdParams, body: UpdateUserBody, response: { 200: UserSummary } } },
    async (req) => userSummary(await updateUser(ctx, actorOf(req), req.params.id, req.body)),
  );

  app.post(
    '/users/:id/invite',
    { schema: { tags, params: IdParams, response: { 200: CreatedUser } } },
    async (req) => {
      const { user, invite } = await reinviteUser(ctx, actorOf(req), req.params.id);
      return { user: userSummary(user), invite };
    },
  );

  app.post(
    '/users/:id/revoke-sessions',
    { schema: { tags, params: IdParams, response: { 200: SignedOutEverywhere } } },
    async (req) => ({
      revokedSessions: await revokeUserSessions(ctx, actorOf(req), req.params.id),
    }),
  );

  app.get(
    '/settings/queue-targets',
    { schema: { tags, response: { 200: QueueTargetsBody } } },
    async (req) => ({ targets: await getQueueTargets(ctx, actorOf(req)) }),
  );

  app.put(
    '/settings/queue-targets',
    { schema: { tags, body: QueueTargetsBody, response: { 200: QueueTargetsBody } } },
    async (req) => ({ targets: await setQueueTargets(ctx, actorOf(req), req.body.targets) }),
  );
}
