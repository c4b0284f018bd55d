/**
 * Presenters: use-case results into the contract shapes (`src/contracts`). Mostly the use cases
 * already return those shapes; what is left is narrowing stored strings to the contract's enums.
 */
import type { SessionInfo } from '../../contracts/auth.ts';
import type { StaffRole } from '../../contracts/common.ts';
import type { UserSummary } from '../../contracts/users.ts';
import type { User } from '../../ports/account-repositories.ts';
import type { SessionView } from '../../usecases/accounts/session-info.ts';

export function userSummary(u: User): UserSummary {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    initials: u.initials,
    role: u.role as StaffRole,
    status: u.status,
    totpEnrolled: u.totpSecret !== null,
    createdAt: u.createdAt,
    lastSignInAt: u.lastSignInAt,
  };
}

export function sessionView(v: SessionView): SessionInfo {
  return {
    signedIn: v.signedIn,
    stage: v.stage,
    user: v.user
      ? {
          id: v.user.id,
          username: v.user.username,
          displayName: v.user.displayName,
          initials: v.user.initials,
          role: v.user.role as StaffRole,
          totpEnrolled: v.user.totpSecret !== null,
        }
      : null,
    csrfToken: v.csrfToken,
    capabilities: v.capabilities,
    setupNeeded: v.setupNeeded,
    banner: v.banner,
  };
}
