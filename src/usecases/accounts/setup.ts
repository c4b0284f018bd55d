/**
 * First start: while no active admin exists, `custos serve` prints a one-time setup link (a random
 * token, stored hashed, expiring) with which the first admin account is created.
 */
import { CustosError } from '../../core/errors.ts';
import type { User } from '../../ports/account-repositories.ts';
import type { DeskContext } from '../desk-context.ts';
import { newToken, nowIso, plusMinutes, sha256Hex } from '../desk-support.ts';
import { recordCustodyEvent } from '../custody/record-custody-event.ts';
import { recordAccess } from '../access-log/record-access.ts';
import { checkPasswordStrength } from './manage-own-account.ts';
import { openSession, type OpenedSession } from './sessions.ts';

/** True while there is no active admin account. */
export async function setupNeeded(ctx: DeskContext): Promise<boolean> {
  return (await ctx.uow.read.accounts.users.count('admin', 'active')) === 0;
}

/**
 * Issues a new setup link when no active admin exists (earlier links stop working).
 * @returns the link (`<base>/setup#token=…`) and its expiry, or null when setup is done.
 */
export async function issueSetupLink(
  ctx: DeskContext,
): Promise<{ url: string; token: string; expiresAt: string } | null> {
  if (!(await setupNeeded(ctx))) return null;
  const token = newToken(ctx);
  const now = nowIso(ctx);
  const expiresAt = plusMinutes(now, ctx.config.setupHours * 60);
  await ctx.uow.run(async (repos) => {
    await repos.accounts.tokens.invalidate('setup', null, now);
    await repos.accounts.tokens.insert({
      id: ctx.ids.newId(),
      tokenHash: sha256Hex(token),
      purpose: 'setup',
      userId: null,
      createdAt: now,
      expiresAt,
      usedAt: null,
    });
  });
  return { url: `${ctx.config.publicBaseUrl}/setup#token=${token}`, token, expiresAt };
}

/**
 * Creates the first admin with the setup token; the new session must enrol TOTP next.
 * @throws CustosError `SETUP_TOKEN_INVALID` (unauthenticated) for an unknown, used or expired
 *   token; `SETUP_DONE` (conflict) when an admin exists; `USERNAME_TAKEN` (conflict); `PASSWORD_WEAK`.
 */
export async function completeSetup(
  ctx: DeskContext,
  input: {
    token: string;
    username: string;
    displayName: string;
    initials: string;
    password: string;
  },
): Promise<OpenedSession> {
  if (!(await setupNeeded(ctx)))
    throw new CustosError(
      'conflict',
      'SETUP_DONE',
      'the first admin account already exists; ask an admin for an invitation',
    );
  checkPasswordStrength(input.password, input.username);
  const passwordHash = await ctx.passwords.hash(input.password);
  return ctx.uow.run(async (repos) => {
    const now = nowIso(ctx);
    const t = await repos.accounts.tokens.findByHash(sha256Hex(input.token));
    if (!t || t.purpose !== 'setup' || t.usedAt !== null || t.expiresAt <= now) {
      throw new CustosError(
        'unauthenticated',
        'SETUP_TOKEN_INVALID',
        'this setup link is not valid any more; restart the server to print a new one',
      );
    }
    if (await repos.accounts.users.findByUsername(input.username))
      throw new CustosError(
        'conflict',
        'USERNAME_TAKEN',
        `the username ${input.username} is taken`,
      );
    const user: User = {
      id: ctx.ids.newId(),
      username: input.username,
      displayName: input.displayName,
      initials: input.initials,
      role: 'admin',
      status: 'active',
      passwordHash,
      totpSecret: null,
      totpPendingSecret: null,
      createdAt: now,
      updatedAt: now,
      lastSignInAt: null,
    };
    await repos.accounts.users.insert(user);
    await repos.accounts.tokens.markUsed(t.id, now);
    await recordCustodyEvent(repos, ctx.clock, {
      actor: `user:${user.id}`,
      action: 'account-changed',
      object: `user:${user.id}`,
      reason: 'created-first-admin',
    });
    await recordAccess(repos, ctx.clock, {
      actorId: user.id,
      actorRole: 'admin',
      action: 'collect',
      objectType: 'user',
      objectId: user.id,
      objectRef: user.username,
      reasonCode: 'first-admin-setup',
    });
    return openSession(ctx, repos, user, 'totp-enrolment-required');
  });
}
