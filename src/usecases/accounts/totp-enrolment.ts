/** Enrolling a TOTP second factor (RFC 6238): offer a secret, confirm it with a code from the app. */
import { CustosError } from '../../core/errors.ts';
import { authorize } from '../../policies/authorize.ts';
import type { Session, User } from '../../ports/account-repositories.ts';
import type { DeskContext } from '../desk-context.ts';
import { actorOfUser, custodyActor, nowIso } from '../desk-support.ts';
import { recordCustodyEvent } from '../custody/record-custody-event.ts';
import { recordAccess } from '../access-log/record-access.ts';
import { rotateSession, type OpenedSession } from './sessions.ts';
import type { ClientInfo } from './sign-in.ts';

function actorOf(user: User, session: Session) {
  return actorOfUser(user, session.id);
}

function enrollable(session: Session, user: User): boolean {
  return (
    session.stage === 'totp-enrolment-required' ||
    (session.stage === 'signed-in' && !user.totpSecret)
  );
}

/**
 * Offers a new secret for the signed-in (or enrolling) user.
 * @returns the `otpauth://` URI for a QR code and the base32 secret.
 * @throws CustosError `SESSION_STAGE` (conflict) when the session cannot enrol (already enrolled, or awaiting a code).
 */
export async function beginTotpEnrolment(
  ctx: DeskContext,
  session: Session,
  user: User,
): Promise<{ otpauthUri: string; secret: string }> {
  authorize(actorOf(user, session), 'enrolTotp', { type: 'user', id: user.id });
  if (!enrollable(session, user))
    throw new CustosError(
      'conflict',
      'SESSION_STAGE',
      'a second factor is already set up for this account',
    );
  const secret = ctx.totp.generateSecret();
  await ctx.uow.run((repos) =>
    repos.accounts.users.update(user.id, { totpPendingSecret: secret, updatedAt: nowIso(ctx) }),
  );
  return { otpauthUri: ctx.totp.uri(user.username, secret), secret };
}

/**
 * Confirms enrolment with a code for the offered secret; the session becomes signed in (new token).
 * @throws CustosError `SESSION_STAGE` (conflict), `TOTP_NOT_STARTED` (conflict), `TOTP_INVALID` (unauthenticated).
 */
export async function confirmTotpEnrolment(
  ctx: DeskContext,
  session: Session,
  user: User,
  code: string,
  client: ClientInfo,
): Promise<OpenedSession> {
  authorize(actorOf(user, session), 'enrolTotp', { type: 'user', id: user.id });
  if (!enrollable(session, user))
    throw new CustosError(
      'conflict',
      'SESSION_STAGE',
      'a second factor is already set up for this account',
    );
  const fresh = await ctx.uow.read.accounts.users.findById(user.id);
  const pending = fresh?.totpPendingSecret;
  if (!pending)
    throw new CustosError(
      'conflict',
      'TOTP_NOT_STARTED',
      'start the enrolment first (POST /auth/totp/enrolment)',
    );
  const step = await ctx.totp.verify(pending, code);
  const ok = step !== null;
  await ctx.uow.run((repos) =>
    repos.accounts.attempts.record({
      id: ctx.ids.newId(),
      at: nowIso(ctx),
      username: user.username,
      ip: client.ip,
      ok,
    }),
  );
  if (!ok)
    throw new CustosError(
      'unauthenticated',
      'TOTP_INVALID',
      'the code does not match; scan the QR code again and enter the current 6-digit code',
    );
  return ctx.uow.run(async (repos) => {
    const now = nowIso(ctx);
    await repos.accounts.users.update(user.id, {
      totpSecret: pending,
      totpPendingSecret: null,
      lastSignInAt: now,
      updatedAt: now,
    });
    // The enrolment code is used up: it cannot sign in again (RFC 6238 §5.2).
    await repos.accounts.users.claimTotpStep(user.id, step);
    const actor = actorOf(user, session);
    await recordCustodyEvent(repos, ctx.clock, {
      actor: custodyActor(actor),
      action: 'account-changed',
      object: `user:${user.id}`,
      reason: 'totp-enrolled',
    });
    await recordAccess(repos, ctx.clock, {
      actorId: user.id,
      actorRole: user.role,
      action: 'change',
      objectType: 'user',
      objectId: user.id,
      objectRef: user.username,
      reasonCode: 'totp-enrolled',
    });
    return rotateSession(ctx, repos, session, { ...user, totpSecret: pending }, 'signed-in');
  });
}
