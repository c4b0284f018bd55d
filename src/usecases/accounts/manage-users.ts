/** Admins manage staff accounts: create (by invitation), change role or status, re-invite, revoke sessions. */
import { CustosError } from '../../core/errors.ts';
import { authorize } from '../../policies/authorize.ts';
import { isStaffRole, type StaffRole } from '../../policies/roles.ts';
import type { User } from '../../ports/account-repositories.ts';
import type { Repositories } from '../../ports/repositories.ts';
import type { DeskActor, DeskContext } from '../desk-context.ts';
import {
  accessActor,
  custodyActor,
  newToken,
  nowIso,
  plusMinutes,
  sha256Hex,
} from '../desk-support.ts';
import { recordCustodyEvent } from '../custody/record-custody-event.ts';
import { recordAccess } from '../access-log/record-access.ts';

export interface Invitation {
  readonly url: string;
  readonly token: string;
  readonly expiresAt: string;
}

async function issueInvite(
  ctx: DeskContext,
  repos: Repositories,
  userId: string,
): Promise<Invitation> {
  const token = newToken(ctx);
  const now = nowIso(ctx);
  const expiresAt = plusMinutes(now, ctx.config.inviteHours * 60);
  await repos.accounts.tokens.invalidate('invite', userId, now);
  await repos.accounts.tokens.insert({
    id: ctx.ids.newId(),
    tokenHash: sha256Hex(token),
    purpose: 'invite',
    userId,
    createdAt: now,
    expiresAt,
    usedAt: null,
  });
  return { url: `${ctx.config.publicBaseUrl}/invite#token=${token}`, token, expiresAt };
}

/** Every account (admins only). */
export async function listUsers(ctx: DeskContext, actor: DeskActor): Promise<User[]> {
  authorize(actor, 'list', { type: 'users' });
  const users = await ctx.uow.read.accounts.users.list();
  await ctx.uow.run((repos) =>
    recordAccess(repos, ctx.clock, {
      ...accessActor(actor),
      action: 'consult',
      objectType: 'user-list',
      objectId: 'all',
      reasonCode: 'account-administration',
    }),
  );
  return users;
}

/**
 * Creates a staff account in status `invited` and returns its invitation link.
 * @throws CustosError `USERNAME_TAKEN` (conflict), `POLICY_DENIED` (forbidden).
 */
export async function createUser(
  ctx: DeskContext,
  actor: DeskActor,
  input: { username: string; displayName: string; initials: string; role: StaffRole },
): Promise<{ user: User; invite: Invitation }> {
  authorize(actor, 'create', { type: 'users' });
  return ctx.uow.run(async (repos) => {
    if (await repos.accounts.users.findByUsername(input.username))
      throw new CustosError(
        'conflict',
        'USERNAME_TAKEN',
        `the username ${input.username} is taken; choose another`,
      );
    const now = nowIso(ctx);
    const user: User = {
      id: ctx.ids.newId(),
      username: input.username,
      displayName: input.displayName,
      initials: input.initials,
      role: input.role,
      status: 'invited',
      passwordHash: null,
      totpSecret: null,
      totpPendingSecret: null,
      createdAt: now,
      updatedAt: now,
      lastSignInAt: null,
    };
    await repos.accounts.users.insert(user);
    const invite = await issueInvite(ctx, repos, user.id);
    await recordCustodyEvent(repos, ctx.clock, {
      actor: custodyActor(actor),
      action: 'account-changed',
      object: `user:${user.id}`,
      reason: `created-${input.role}`,
    });
    await recordAccess(repos, ctx.clock, {
      ...accessActor(actor),
      action: 'collect',
      objectType: 'user',
      objectId: user.id,
      objectRef: user.username,
      reasonCode: 'account-administration',
    });
    return { user, invite };
  });
}

async function loadUser(repos: Repositories, id: string): Promise<User> {
  const user = await repos.accounts.users.findById(id);
  if (!user) throw new CustosError('not-found', 'USER_NOT_FOUND', `there is no account ${id}`);
  return user;
}

/**
 * Changes another person's role, status or display name. A role or status change revokes their sessions.
 * @throws CustosError `USER_NOT_FOUND`, `POLICY_DENIED` (own account), `USER_NOT_ACTIVATED` (conflict:
 *   an invited account cannot be activated by an admin, only by accepting its invitation).
 */
export async function updateUser(
  ctx: DeskContext,
  actor: DeskActor,
  id: string,
  patch: { role?: StaffRole; status?: 'active' | 'disabled'; displayName?: string },
): Promise<User> {
  const before = await loadUser(ctx.uow.read, id);
  authorize(actor, 'update', { type: 'user', id });
  if (patch.status === 'active' && before.status === 'invited')
    throw new CustosError(
      'conflict',
      'USER_NOT_ACTIVATED',
      `${before.username} has not accepted the invitation yet; send a new invitation instead`,
    );
  if (patch.role !== undefined && !isStaffRole(patch.role))
    throw new CustosError('invalid-input', 'ROLE_UNKNOWN', `unknown role ${String(patch.role)}`);
  return ctx.uow.run(async (repos) => {
    const now = nowIso(ctx);
    await repos.accounts.users.update(id, { ...patch, updatedAt: now });
    const changed =
      (patch.role !== undefined && patch.role !== before.role) ||
      (patch.status !== undefined && patch.status !== before.status);
    if (changed) await repos.accounts.sessions.revokeAllForUser(id, now);
    const reason =
      patch.status === 'disabled'
        ? 'disabled'
        : patch.role !== undefined && patch.role !== before.role
          ? `role-${patch.role}`
          : 'updated';
    await recordCustodyEvent(repos, ctx.clock, {
      actor: custodyActor(actor),
      action: 'account-changed',
      object: `user:${id}`,
      reason,
    });
    await recordAccess(repos, ctx.clock, {
      ...accessActor(actor),
      action: 'change',
      objectType: 'user',
      objectId: id,
      objectRef: before.username,
      reasonCode: 'account-administration',
    });
    return loadUser(repos, id);
  });
}

/**
 * A new invitation link for an account that has not accepted its invitation yet.
 * @throws CustosError `USER_ALREADY_ACTIVE` (conflict).
 */
export async function reinviteUser(
  ctx: DeskContext,
  actor: DeskActor,
  id: string,
): Promise<{ user: User; invite: Invitation }> {
  const user = await loadUser(ctx.uow.read, id);
  authorize(actor, 'reinvite', { type: 'user', id });
  if (user.status !== 'invited')
    throw new CustosError(
      'conflict',
      'USER_ALREADY_ACTIVE',
      `${user.username} has already accepted an invitation`,
    );
  return ctx.uow.run(async (repos) => {
    const invite = await issueInvite(ctx, repos, id);
    await recordCustodyEvent(repos, ctx.clock, {
      actor: custodyActor(actor),
      action: 'account-changed',
      object: `user:${id}`,
      reason: 'reinvited',
    });
    return { user, invite };
  });
}

/** Revokes every session of an account. @returns how many were revoked. */
export async function revokeUserSessions(
  ctx: DeskContext,
  actor: DeskActor,
  id: string,
): Promise<number> {
  await loadUser(ctx.uow.read, id);
  authorize(actor, 'revokeSessions', { type: 'user', id });
  return ctx.uow.run(async (repos) => {
    const n = await repos.accounts.sessions.revokeAllForUser(id, nowIso(ctx));
    await recordCustodyEvent(repos, ctx.clock, {
      actor: custodyActor(actor),
      action: 'account-changed',
      object: `user:${id}`,
      reason: 'sessions-revoked',
    });
    return n;
  });
}
