/**
 * Per-request authentication: reads the session cookie for routes that need it, refuses requests
 * without the right session, and checks the CSRF token on every state-changing request of a
 * session (synchronizer token in the `x-csrf-token` header; the cookie is also SameSite=Strict).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { API_PREFIX } from '../../contracts/common.ts';
import { CustosError } from '../../core/errors.ts';
import { checkCsrf, resolveSession } from '../../usecases/accounts/sessions.ts';
import {
  PUBLIC_DESK_ACTOR,
  type DeskActor,
  type DeskContext,
} from '../../usecases/desk-context.ts';
import { SESSION_COOKIE, type DeskApp, type HttpConfig } from './types.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Installs the authentication hook. */
export function installAuthentication(app: DeskApp, ctx: DeskContext): void {
  app.decorateRequest('live', null);
  app.addHook('onRequest', async (req) => {
    const access =
      req.routeOptions.config.access ??
      (req.routeOptions.url?.startsWith(API_PREFIX) ? 'session' : 'public');
    if (access === 'public') return;
    req.live = await resolveSession(ctx, req.cookies[SESSION_COOKIE]);
    if (access === 'optional') return;
    if (!req.live)
      throw new CustosError(
        'unauthenticated',
        'SESSION_REQUIRED',
        'sign in first (your session has ended or you are not signed in)',
      );
    if (access === 'session' && req.live.session.stage !== 'signed-in') {
      throw new CustosError(
        'unauthenticated',
        'SECOND_FACTOR_REQUIRED',
        'finish signing in with your authenticator code first',
        { details: { stage: req.live.session.stage } },
      );
    }
    if (!SAFE_METHODS.has(req.method)) {
      const header = req.headers['x-csrf-token'];
      checkCsrf(req.live.session, Array.isArray(header) ? header[0] : header);
    }
  });
}

/** The actor of a request: the session's user, or the public. */
export function actorOf(req: FastifyRequest): DeskActor {
  return req.live?.actor ?? PUBLIC_DESK_ACTOR;
}

/** The live session of a request on a route with access `partial` or `session`. */
export function liveOf(req: FastifyRequest) {
  if (!req.live) throw new CustosError('unauthenticated', 'SESSION_REQUIRED', 'sign in first');
  return req.live;
}

/** Sets the session cookie: HttpOnly, SameSite=Strict, whole site; Secure behind HTTPS. */
export function setSessionCookie(reply: FastifyReply, config: HttpConfig, token: string): void {
  void reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'strict',
    secure: config.secureCookies,
    path: '/',
  });
}

export function clearSessionCookie(reply: FastifyReply, config: HttpConfig): void {
  void reply.clearCookie(SESSION_COOKIE, {
    httpOnly: true,
    sameSite: 'strict',
    secure: config.secureCookies,
    path: '/',
  });
}
