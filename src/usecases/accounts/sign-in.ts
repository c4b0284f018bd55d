/**
 * Signing in: password (argon2id), then a TOTP code (RFC 6238) for the roles that need one;
 * repeated failures lock the account and the address for a while.
 */
import { CustosError } from '../../core/errors.ts';
import { isStaffRole, requiresTotp } from '../../policies/roles.ts';
import type { Session, SessionStage, User } from '../../ports/account-repositories.ts';
import type { DeskContext } from '../desk-context.ts';
import { nowIso, plusMinutes } from '../desk-support.ts';
import { openSession, rotateSession, type OpenedSession } from './sessions.ts';

/** What a request says about where it comes from (for lockout by address). */
export interface ClientInfo {
  readonly ip: string;
}

/** The stage a user reaches after a correct password. */
export function stageAfterPassword(user: Pick<User, 'role' | 'totpSecret'>): SessionStage {
  if (user.totpSecret) return 'totp-required';
  if (isStaffRole(user.role) && requiresTotp(user.role)) return 'totp-enrolment-required';
  return 'signed-in';
}

let dummyHash: Promise<string> | undefined;

/**
 * Refuses further attempts while the account name or the address has too many recent failures.
 * @throws CustosError (forbidden) `SIGN_IN_LOCKED` with `details.retryAfterMinutes`.
 */
async function checkLockout(ctx: DeskContext, username: string, ip: string): Promise<void> {
  const since = plusMinutes(nowIso(ctx), -ctx.config.lockoutWindowMinutes);
  const attempts = ctx.uow.read.accounts.attempts;
  const [byName, byIp] = await Promise.all([
    attempts.failuresForUsername(username, since),
    attempts.failuresForIp(ip, since),
  ]);
  if (byName >= ctx.config.lockoutPerAccount || byIp >= ctx.config.lockoutPerIp) {
    throw new CustosError(
      'forbidden',
      'SIGN_IN_LOCKED',
      `too many failed sign-in attempts; try again in ${ctx.config.lockoutWindowMinutes} minutes or ask an admin`,
      {
        details: { retryAfterMinutes: ctx.config.lockoutWindowMinutes },
      },
    );
  }
}

async function recordAttempt(
  ctx: DeskContext,
  username: string,
  ip: string,
  ok: boolean,
): Promise<void> {
  await ctx.uow.run((repos) =>
    repos.accounts.attempts.record({ id: ctx.ids.newId(), at: nowIso(ctx), username, ip, ok }),
  );
}

/**
 * Checks a username and password and opens a session at the next stage.
 *
 * @throws CustosError `SIGN_IN_LOCKED` (forbidden) after too many failures; `SIGN_IN_FAILED`
 *   (unauthenticated) for a wrong name or password, an account not yet active or disabled —
 *   one code for all, so the answer does not tell which accounts exist.
 */
export async function signIn(
  ctx: DeskContext,
  input: { username: string; password: string },
  client: ClientInfo,
): Promise<OpenedSession> {
  const username = input.username.trim().toLowerCase();
  await checkLockout(ctx, username, client.ip);
  const user = await ctx.uow.read.accounts.users.findByUsername(username);
  let ok = false;
  if (user && user.status === 'active' && user.passwordHash && isStaffRole(user.role))
    ok = await ctx.passwords.verify(user.passwordHash, input.password);
  else {
    // Spend the same time as a real check, so timing does not reveal which names exist.
    dummyHash ??= ctx.passwords.hash('custos-dummy-password-for-timing');
    await ctx.passwords.verify(await dummyHash, input.password);
  }
  await recordAttempt(ctx, username, client.ip, ok);
  if (!ok || !user)
    throw new CustosError(
      'unauthenticated',
      'SIGN_IN_FAILED',
      'the username or password is not right, or the account is not active',
    );
  const stage = stageAfterPassword(user);
  return ctx.uow.run(async (repos) => {
    if (stage === 'signed-in')
      await repos.accounts.users.update(user.id, {
        lastSignInAt: nowIso(ctx),
        updatedAt: user.updatedAt,
      });
    return openSession(ctx, repos, user, stage);
  });
}

/**
 * Completes sign-in with a TOTP code; the session gets a new token.
 * @throws CustosError `SESSION_STAGE` (conflict) unless a code is awaited; `SIGN_IN_LOCKED`;
 *   `TOTP_INVALID` (unauthenticated) for a wrong code, or one already used (RFC 6238 §5.2).
 */
export async function verifySignInCode(
  ctx: DeskContext,
  session: Session,
  user: User,
  code: string,
  client: ClientInfo,
): Promise<OpenedSession> {
  if (session.stage !== 'totp-required' || !user.totpSecret)
    throw new CustosError(
      'conflict',
      'SESSION_STAGE',
      'this session is not waiting for an authenticator code',
    );
  await checkLockout(ctx, user.username, client.ip);
  const step = await ctx.totp.verify(user.totpSecret, code);
  // A code is good once (RFC 6238 §5.2): its time step is claimed atomically, so a replayed code,
  // or the same code sent twice at once, is refused like a wrong one and counts towards the lock.
  const fresh =
    step !== null &&
    (await ctx.uow.run((repos) => repos.accounts.users.claimTotpStep(user.id, step)));
  await recordAttempt(ctx, user.username, client.ip, fresh);
  if (!fresh)
    throw new CustosError(
      'unauthenticated',
      'TOTP_INVALID',
      step === null
        ? 'the code is not right; use the current 6-digit code from your authenticator app'
        : 'that code has already been used; wait for the next code from your authenticator app',
    );
  return ctx.uow.run(async (repos) => {
    await repos.accounts.users.update(user.id, {
      lastSignInAt: nowIso(ctx),
      updatedAt: user.updatedAt,
    });
    return rotateSession(ctx, repos, session, user, 'signed-in');
  });
}
