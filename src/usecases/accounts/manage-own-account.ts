/** A person's own account: sign out everywhere, change password. */
import { CustosError } from '../../core/errors.ts';
import { authorize } from '../../policies/authorize.ts';
import type { Session, User } from '../../ports/account-repositories.ts';
import type { DeskActor, DeskContext } from '../desk-context.ts';
import { custodyActor, nowIso } from '../desk-support.ts';
import { recordCustodyEvent } from '../custody/record-custody-event.ts';
import { recordAccess } from '../access-log/record-access.ts';

/**
 * Revokes every session of the actor's account, including the current one ("sign out everywhere").
 * @returns how many sessions were revoked.
 */
export async function signOutEverywhere(ctx: DeskContext, actor: DeskActor): Promise<number> {
  const userId = actor.userId ?? '';
  authorize(actor, 'revokeSessions', { type: 'user', id: userId });
  return ctx.uow.run(async (repos) => {
    const n = await repos.accounts.sessions.revokeAllForUser(userId, nowIso(ctx));
    await recordCustodyEvent(repos, ctx.clock, {
      actor: custodyActor(actor),
      action: 'account-changed',
      object: `user:${userId}`,
      reason: 'sessions-revoked',
    });
    return n;
  });
}

/**
 * Changes the actor's password (argon2id) after checking the current one; every other session
 * of the account is revoked.
 * @throws CustosError `PASSWORD_WRONG` (unauthenticated), `PASSWORD_WEAK` (invalid-input).
 */
export async function changePassword(
  ctx: DeskContext,
  actor: DeskActor,
  session: Session,
  user: User,
  input: { currentPassword: string; newPassword: string },
): Promise<void> {
  authorize(actor, 'changePassword', { type: 'user', id: user.id });
  if (
    !user.passwordHash ||
    !(await ctx.passwords.verify(user.passwordHash, input.currentPassword))
  ) {
    throw new CustosError('unauthenticated', 'PASSWORD_WRONG', 'the current password is not right');
  }
  checkPasswordStrength(input.newPassword, user.username);
  const hash = await ctx.passwords.hash(input.newPassword);
  await ctx.uow.run(async (repos) => {
    const now = nowIso(ctx);
    await repos.accounts.users.update(user.id, { passwordHash: hash, updatedAt: now });
    // Every other session ends; the one the change was made from stays.
    await repos.accounts.sessions.revokeAllForUser(user.id, now, session.id);
    await recordCustodyEvent(repos, ctx.clock, {
      actor: custodyActor(actor),
      action: 'account-changed',
      object: `user:${user.id}`,
      reason: 'password-changed',
    });
    await recordAccess(repos, ctx.clock, {
      actorId: user.id,
      actorRole: user.role,
      action: 'change',
      objectType: 'user',
      objectId: user.id,
      objectRef: user.username,
      reasonCode: 'password-changed',
    });
  });
}

/**
 * NCSC-style password rule: at least 12 characters, not the username, not one repeated character.
 * @throws CustosError `PASSWORD_WEAK` (invalid-input).
 */
export function checkPasswordStrength(password: string, username: string): void {
  const problems: string[] = [];
  if ([...password].length < 12) problems.push('use at least 12 characters');
  if (password.toLowerCase().includes(username.toLowerCase()))
    problems.push('do not include your username');
  if (/^(.)\1*$/.test(password)) problems.push('do not repeat one character');
  if (problems.length)
    throw new CustosError(
      'invalid-input',
      'PASSWORD_WEAK',
      `choose a stronger password: ${problems.join('; ')}`,
    );
}
