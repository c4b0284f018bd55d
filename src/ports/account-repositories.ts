/**
 * Storage of staff accounts, server-side sessions, sign-in attempts and one-time tokens
 * (first-admin setup, invitations). Implemented in `adapters/db/desk-repositories.ts`.
 */

export type UserStatus = 'invited' | 'active' | 'disabled';

/** A staff account. `role` is one of the staff roles of `src/policies/roles.ts`. */
export interface User {
  readonly id: string;
  /** Lower-case, unique. */
  readonly username: string;
  readonly displayName: string;
  /** 2-4 letters, used in exhibit references this person produces. */
  readonly initials: string;
  readonly role: string;
  readonly status: UserStatus;
  /** argon2id PHC string; null until the invitation is accepted. */
  readonly passwordHash: string | null;
  /** Base32 TOTP secret once enrolled (RFC 6238). */
  readonly totpSecret: string | null;
  /** Secret offered during enrolment, until confirmed. */
  readonly totpPendingSecret: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly lastSignInAt: string | null;
}

export type UserPatch = Partial<
  Pick<
    User,
    | 'displayName'
    | 'role'
    | 'status'
    | 'passwordHash'
    | 'totpSecret'
    | 'totpPendingSecret'
    | 'lastSignInAt'
  >
> & { readonly updatedAt: string };

export type SessionStage = 'signed-in' | 'totp-required' | 'totp-enrolment-required';

export interface Session {
  /** SHA-256 (hex) of the cookie token: the token itself is never stored. */
  readonly id: string;
  readonly userId: string;
  readonly stage: SessionStage;
  readonly csrfToken: string;
  readonly createdAt: string;
  readonly lastSeenAt: string;
  readonly expiresAt: string;
  readonly revokedAt: string | null;
}

export type OneTimePurpose = 'setup' | 'invite';

export interface OneTimeToken {
  readonly id: string;
  /** SHA-256 (hex) of the token. */
  readonly tokenHash: string;
  readonly purpose: OneTimePurpose;
  readonly userId: string | null;
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly usedAt: string | null;
}

export interface UserRepository {
  insert(user: User): Promise<void>;
  update(id: string, patch: UserPatch): Promise<void>;
  findById(id: string): Promise<User | undefined>;
  findByUsername(username: string): Promise<User | undefined>;
  /** Users with these ids (any order). */
  findByIds(ids: readonly string[]): Promise<User[]>;
  /** All accounts, by username. */
  list(): Promise<User[]>;
  /** Active accounts of one role, by display name. */
  listActiveByRole(role: string): Promise<User[]>;
  /** Number of accounts of a role in a status. */
  count(role: string, status: UserStatus): Promise<number>;
  /**
   * Claims a TOTP time step for the account: records `step` as the last one used, only when no
   * step at or after it was used before (RFC 6238 §5.2). Atomic, so two requests racing with the
   * same code cannot both succeed.
   * @returns false when the step (or a later one) was already used: the code is a replay.
   */
  claimTotpStep(id: string, step: number): Promise<boolean>;
}

export interface SessionRepository {
  insert(session: Session): Promise<void>;
  findById(id: string): Promise<Session | undefined>;
  setStage(id: string, stage: SessionStage, at: string): Promise<void>;
  /** Records activity (`lastSeenAt`). */
  touch(id: string, at: string): Promise<void>;
  revoke(id: string, at: string): Promise<void>;
  /** Revokes every live session of a user, except `exceptId` when given. @returns how many were revoked. */
  revokeAllForUser(userId: string, at: string, exceptId?: string): Promise<number>;
}

export interface LoginAttemptRepository {
  record(attempt: {
    readonly id: string;
    readonly at: string;
    readonly username: string;
    readonly ip: string;
    readonly ok: boolean;
  }): Promise<void>;
  /** Failed attempts for `username` after `since` and after its last success. */
  failuresForUsername(username: string, since: string): Promise<number>;
  /** Failed attempts from `ip` after `since`. */
  failuresForIp(ip: string, since: string): Promise<number>;
}

export interface OneTimeTokenRepository {
  insert(token: OneTimeToken): Promise<void>;
  findByHash(tokenHash: string): Promise<OneTimeToken | undefined>;
  markUsed(id: string, at: string): Promise<void>;
  /** Marks every unused token of this purpose (and user, when given) used, so only a newer one works. */
  invalidate(purpose: OneTimePurpose, userId: string | null, at: string): Promise<void>;
}

export interface AccountRepositories {
  readonly users: UserRepository;
  readonly sessions: SessionRepository;
  readonly attempts: LoginAttemptRepository;
  readonly tokens: OneTimeTokenRepository;
}
