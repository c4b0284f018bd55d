/**
 * Server-side sessions: a random 256-bit token in an HttpOnly cookie, stored only as its SHA-256;
 * a CSRF token per session; absolute and idle expiry; revocation.
 */
import { CustosError } from '../../core/errors.ts';
import { isStaffRole } from '../../policies/roles.ts';
import type { Session, SessionStage, User } from '../../ports/account-repositories.ts';
import type { Repositories } from '../../ports/repositories.ts';
import type { DeskActor, DeskContext } from '../desk-context.ts';
import { actorOfUser, newToken, nowIso, plusMinutes, sha256Hex } from '../desk-support.ts';

/** A session just opened: the token goes into the cookie, never anywhere else. */
export interface OpenedSession {
  readonly token: string;
  readonly session: Session;
  readonly user: User;
}

/** A live session with its user. */
export interface LiveSession {
  readonly session: Session;
  readonly user: User;
  /** The actor for policies (role and user from the account). */
  readonly actor: DeskActor;
}

/**
 * Opens a session for `user` at `stage`, in the unit of work of `repos`.
 * @returns the token for the cookie (256 random bits) and the stored session.
 */
export async function openSession(
  ctx: DeskContext,
  repos: Repositories,
  user: User,
  stage: SessionStage,
): Promise<OpenedSession> {
  const token = newToken(ctx);
  const now = nowIso(ctx);
  const session: Session = {
    id: sha256Hex(token),
    userId: user.id,
    stage,
    csrfToken: newToken(ctx),
    createdAt: now,
    lastSeenAt: now,
    expiresAt: plusMinutes(now, ctx.config.sessionMinutes),
    revokedAt: null,
  };
  await repos.accounts.sessions.insert(session);
  return { token, session, user };
}

/**
 * Replaces a session by a new one at `stage` (a new token whenever the session gains privilege,
 * so a token seen before sign-in is worthless after it).
 */
export async function rotateSession(
  ctx: DeskContext,
  repos: Repositories,
  old: Session,
  user: User,
  stage: SessionStage,
): Promise<OpenedSession> {
  await repos.accounts.sessions.revoke(old.id, nowIso(ctx));
  return openSession(ctx, repos, user, stage);
}

/** Touch the session at most once a minute. */
const TOUCH_MS = 60_000;

/**
 * The live session of a cookie token, or null when there is none: unknown, revoked, past its
 * absolute expiry, idle too long, or its account is no longer active.
 */
export async function resolveSession(
  ctx: DeskContext,
  token: string | undefined,
): Promise<LiveSession | null> {
  if (!token || token.length < 32 || token.length > 128) return null;
  const id = sha256Hex(token);
  const session = await ctx.uow.read.accounts.sessions.findById(id);
  if (!session || session.revokedAt !== null) return null;
  const now = ctx.clock.now();
  if (Date.parse(session.expiresAt) <= now) return null;
  if (Date.parse(session.lastSeenAt) + ctx.config.idleMinutes * 60_000 <= now) return null;
  const user = await ctx.uow.read.accounts.users.findById(session.userId);
  if (!user || user.status !== 'active' || !isStaffRole(user.role)) return null;
  if (now - Date.parse(session.lastSeenAt) > TOUCH_MS)
    await ctx.uow.read.accounts.sessions.touch(id, new Date(now).toISOString());
  return { session, user, actor: actorOfUser(user, session.id) };
}

/**
 * Checks the CSRF token of a state-changing request against the session's (constant time).
 * @throws CustosError (forbidden) `CSRF_TOKEN_INVALID`.
 */
export function checkCsrf(session: Session, presented: string | undefined): void {
  const a = Buffer.from(session.csrfToken);
  const b = Buffer.from(presented ?? '');
  if (a.length !== b.length || !a.equals(b)) {
    throw new CustosError(
      'forbidden',
      'CSRF_TOKEN_INVALID',
      'this request needs the x-csrf-token header with the token of your session; reload the page and try again',
    );
  }
}

/** Ends one session. */
export async function signOut(ctx: DeskContext, session: Session): Promise<void> {
  await ctx.uow.run((repos) => repos.accounts.sessions.revoke(session.id, nowIso(ctx)));
}
