/** Sign-in, second factor, sign-out, first-admin setup and invitations (`src/contracts/auth.ts`). */
import {
  AcceptInviteBody,
  ChangePasswordBody,
  InviteInfo,
  InviteParams,
  LoginBody,
  SessionInfo,
  SetupBody,
  SetupStatus,
  SignedOutEverywhere,
  TotpBody,
  TotpEnrolment,
} from '../../../contracts/auth.ts';
import { Ok } from '../../../contracts/common.ts';
import { acceptInvite, inviteInfo } from '../../../usecases/accounts/invitations.ts';
import {
  changePassword,
  signOutEverywhere,
} from '../../../usecases/accounts/manage-own-account.ts';
import { sessionInfo } from '../../../usecases/accounts/session-info.ts';
import { signOut, type OpenedSession } from '../../../usecases/accounts/sessions.ts';
import { completeSetup, setupNeeded } from '../../../usecases/accounts/setup.ts';
import { signIn, verifySignInCode } from '../../../usecases/accounts/sign-in.ts';
import {
  beginTotpEnrolment,
  confirmTotpEnrolment,
} from '../../../usecases/accounts/totp-enrolment.ts';
import type { FastifyReply } from 'fastify';
import { actorOf, clearSessionCookie, liveOf, setSessionCookie } from '../request-context.ts';
import { sessionView } from '../presenters.ts';
import type { DeskApp, RouteDeps } from '../types.ts';

export function registerAuthRoutes(app: DeskApp, { ctx, config }: RouteDeps): void {
  const authLimit = { max: config.authRateLimit, timeWindow: 60_000 };
  const opened = async (reply: FastifyReply, o: OpenedSession) => {
    setSessionCookie(reply, config, o.token);
    return sessionView(await sessionInfo(ctx, { session: o.session, user: o.user }));
  };

  app.get(
    '/session',
    { config: { access: 'optional' }, schema: { tags: ['auth'], response: { 200: SessionInfo } } },
    async (req) => sessionView(await sessionInfo(ctx, req.live)),
  );

  app.post(
    '/auth/login',
    {
      config: { access: 'public', rateLimit: authLimit },
      schema: { tags: ['auth'], body: LoginBody, response: { 200: SessionInfo } },
    },
    async (req, reply) => opened(reply, await signIn(ctx, req.body, { ip: req.ip })),
  );

  app.post(
    '/auth/totp',
    {
      config: { access: 'partial', rateLimit: authLimit },
      schema: { tags: ['auth'], body: TotpBody, response: { 200: SessionInfo } },
    },
    async (req, reply) => {
      const live = liveOf(req);
      return opened(
        reply,
        await verifySignInCode(ctx, live.session, live.user, req.body.code, { ip: req.ip }),
      );
    },
  );

  app.post(
    '/auth/totp/enrolment',
    { config: { access: 'partial' }, schema: { tags: ['auth'], response: { 200: TotpEnrolment } } },
    async (req) => {
      const live = liveOf(req);
      return beginTotpEnrolment(ctx, live.session, live.user);
    },
  );

  app.post(
    '/auth/totp/enrolment/confirm',
    {
      config: { access: 'partial', rateLimit: authLimit },
      schema: { tags: ['auth'], body: TotpBody, response: { 200: SessionInfo } },
    },
    async (req, reply) => {
      const live = liveOf(req);
      return opened(
        reply,
        await confirmTotpEnrolment(ctx, live.session, live.user, req.body.code, { ip: req.ip }),
      );
    },
  );

  app.post(
    '/auth/logout',
    { config: { access: 'partial' }, schema: { tags: ['auth'], response: { 200: Ok } } },
    async (req, reply) => {
      await signOut(ctx, liveOf(req).session);
      clearSessionCookie(reply, config);
      return { ok: true as const };
    },
  );

  app.post(
    '/auth/logout-everywhere',
    { schema: { tags: ['auth'], response: { 200: SignedOutEverywhere } } },
    async (req, reply) => {
      const revokedSessions = await signOutEverywhere(ctx, actorOf(req));
      clearSessionCookie(reply, config);
      return { revokedSessions };
    },
  );

  app.post(
    '/auth/password',
    {
      config: { rateLimit: authLimit },
      schema: { tags: ['auth'], body: ChangePasswordBody, response: { 200: Ok } },
    },
    async (req) => {
      const live = liveOf(req);
      await changePassword(ctx, live.actor, live.session, live.user, req.body);
      return { ok: true as const };
    },
  );

  app.get(
    '/auth/setup',
    { config: { access: 'public' }, schema: { tags: ['auth'], response: { 200: SetupStatus } } },
    async () => ({ needed: await setupNeeded(ctx) }),
  );

  app.post(
    '/auth/setup',
    {
      config: { access: 'public', rateLimit: authLimit },
      schema: { tags: ['auth'], body: SetupBody, response: { 200: SessionInfo } },
    },
    async (req, reply) => opened(reply, await completeSetup(ctx, req.body)),
  );

  app.get(
    '/auth/invites/:token',
    {
      config: { access: 'public', rateLimit: authLimit },
      schema: { tags: ['auth'], params: InviteParams, response: { 200: InviteInfo } },
    },
    async (req) => {
      const info = await inviteInfo(ctx, req.params.token);
      return { ...info, role: info.role as InviteInfo['role'] };
    },
  );

  app.post(
    '/auth/invites/accept',
    {
      config: { access: 'public', rateLimit: authLimit },
      schema: { tags: ['auth'], body: AcceptInviteBody, response: { 200: SessionInfo } },
    },
    async (req, reply) => opened(reply, await acceptInvite(ctx, req.body)),
  );
}
