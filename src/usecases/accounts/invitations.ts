/**
 * Invitations: an admin creates a staff account (no self-registration) and gives the person a
 * one-time link; accepting it sets the password and opens a session (TOTP enrolment next for the
 * roles that need it).
 */
import { CustosError } from '../../core/errors.ts';
import type { OneTimeToken, User } from '../../ports/account-repositories.ts';
import type { Repositories } from '../../ports/repositories.ts';
import type { DeskContext } from '../desk-context.ts';
import { nowIso, sha256Hex } from '../desk-support.ts';
import { recordCustodyEvent } from '../custody/record-custody-event.ts';
import { recordAccess } from '../access-log/record-access.ts';
import { checkPasswordStrength } from './manage-own-account.ts';
import { openSession, type OpenedSession } from './sessions.ts';
import { stageAfterPassword } from './sign-in.ts';

async function liveInvite(
  repos: Repositories,
  token: string,
  now: string,
): Promise<{ t: OneTimeToken; user: User }> {
  const t = await repos.accounts.tokens.findByHash(sha256Hex(token));
  const user = t?.userId ? await repos.accounts.users.findById(t.userId) : undefined;
  if (
    !t ||
    t.purpose !== 'invite' ||
    t.usedAt !== null ||
    t.expiresAt <= now ||
    !user ||
    user.status !== 'invited'
  ) {
    throw new CustosError(
      'unauthenticated',
      'INVITE_INVALID',
      'this invitation link is not valid any more; ask an admin for a new one',
    );
  }
  return { t, user };
}

/**
 * Who an invitation is for.
 * @throws CustosError `INVITE_INVALID` (unauthenticated).
 */
export async function inviteInfo(
  ctx: DeskContext,
  token: string,
): Promise<{ username: string; displayName: string; role: string; expiresAt: string }> {
  const { t, user } = await liveInvite(ctx.uow.read, token, nowIso(ctx));
  return {
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    expiresAt: t.expiresAt,
  };
}

/**
 * Accepts an invitation: sets the password, activates the account, opens a session.
 * @throws CustosError `INVITE_INVALID` (unauthenticated), `PASSWORD_WEAK` (invalid-input).
 */
export async function acceptInvite(
  ctx: DeskContext,
  input: { token: string; password: string },
): Promise<OpenedSession> {
  const { user: preview } = await liveInvite(ctx.uow.read, input.token, nowIso(ctx));
  checkPasswordStrength(input.password, preview.username);
  const passwordHash = await ctx.passwords.hash(input.password);
  return ctx.uow.run(async (repos) => {
    const now = nowIso(ctx);
    const { t, user } = await liveInvite(repos, input.token, now);
    await repos.accounts.users.update(user.id, { passwordHash, status: 'active', updatedAt: now });
    await repos.accounts.tokens.markUsed(t.id, now);
    await recordCustodyEvent(repos, ctx.clock, {
      actor: `user:${user.id}`,
      action: 'account-changed',
      object: `user:${user.id}`,
      reason: 'invite-accepted',
    });
    await recordAccess(repos, ctx.clock, {
      actorId: user.id,
      actorRole: user.role,
      action: 'change',
      objectType: 'user',
      objectId: user.id,
      objectRef: user.username,
      reasonCode: 'invite-accepted',
    });
    const active: User = { ...user, passwordHash, status: 'active' };
    return openSession(ctx, repos, active, stageAfterPassword(active));
  });
}
