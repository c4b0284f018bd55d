/**
 * Accounts and sessions: sign-in with password then TOTP (RFC 6238) for officers, programme
 * managers, auditors and admins; first-admin setup; invitations; sign-out everywhere.
 *
 * Endpoints (all under `/api/v1`):
 * - `GET  /session` → {@link SessionInfo} (no session: `signedIn: false`)
 * - `POST /auth/login` {@link LoginBody} → {@link SessionInfo} (sets the session cookie)
 * - `POST /auth/totp` {@link TotpBody} → {@link SessionInfo}
 * - `POST /auth/totp/enrolment` → {@link TotpEnrolment}
 * - `POST /auth/totp/enrolment/confirm` {@link TotpBody} → {@link SessionInfo}
 * - `POST /auth/logout` → `Ok`
 * - `POST /auth/logout-everywhere` → {@link SignedOutEverywhere}
 * - `POST /auth/password` {@link ChangePasswordBody} → `Ok`
 * - `GET  /auth/setup` → {@link SetupStatus}
 * - `POST /auth/setup` {@link SetupBody} → {@link SessionInfo}
 * - `GET  /auth/invites/:token` → {@link InviteInfo}
 * - `POST /auth/invites/accept` {@link AcceptInviteBody} → {@link SessionInfo}
 */
import { z } from 'zod';
import { Id, StaffRole, Time } from './common.ts';

/** Where a session stands. Only `signed-in` sessions may use anything beyond the auth routes. */
export const SessionStage = z.enum(['signed-in', 'totp-required', 'totp-enrolment-required']);
export type SessionStage = z.infer<typeof SessionStage>;

export const SessionUser = z.object({
  id: Id,
  username: z.string(),
  displayName: z.string(),
  /** Initials used in exhibit references produced by this person (`AB/1`). */
  initials: z.string(),
  role: StaffRole,
  totpEnrolled: z.boolean(),
});
export type SessionUser = z.infer<typeof SessionUser>;

/**
 * Capabilities: the screens the actor may open, from policy (`queue:view`, `cases:list`,
 * `tasks:list`, `notifications:list`, `access-log:read`, `access-log:export`, `custody:verify`,
 * `users:manage`, `settings:manage`, `welfare:view`, `staff:list`).
 */
export const SessionInfo = z.object({
  signedIn: z.boolean(),
  stage: SessionStage.nullable(),
  user: SessionUser.nullable(),
  /** Send as the `x-csrf-token` header on every POST/PUT/PATCH/DELETE of this session. */
  csrfToken: z.string().nullable(),
  capabilities: z.array(z.string()),
  /** True until the first admin account exists (the setup link was printed by the server). */
  setupNeeded: z.boolean(),
  /** Shown on the sign-in page (DPA 2018 s170 warning, R45). */
  banner: z.string(),
});
export type SessionInfo = z.infer<typeof SessionInfo>;

export const Username = z
  .string()
  .trim()
  .toLowerCase()
  .min(3)
  .max(64)
  .regex(/^[a-z0-9._-]+$/, 'letters, digits, dot, dash or underscore');
/** At least 12 characters (NCSC: length over complexity), at most 256. */
export const Password = z.string().min(12).max(256);
export const Initials = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{2,4}$/, '2 to 4 letters A-Z');
export const DisplayName = z.string().trim().min(1).max(120);

export const LoginBody = z.strictObject({
  username: z.string().trim().toLowerCase().min(1).max(64),
  password: z.string().min(1).max(256),
});
export type LoginBody = z.infer<typeof LoginBody>;

/** A 6-digit code from the authenticator app. */
export const TotpBody = z.strictObject({ code: z.string().regex(/^\d{6}$/, 'six digits') });
export type TotpBody = z.infer<typeof TotpBody>;

export const TotpEnrolment = z.object({
  /** `otpauth://totp/…` for a QR code. */
  otpauthUri: z.string(),
  /** Base32 secret, for typing into the app by hand. */
  secret: z.string(),
});
export type TotpEnrolment = z.infer<typeof TotpEnrolment>;

export const SignedOutEverywhere = z.object({ revokedSessions: z.number().int() });
export type SignedOutEverywhere = z.infer<typeof SignedOutEverywhere>;

export const ChangePasswordBody = z.strictObject({
  currentPassword: z.string().min(1).max(256),
  newPassword: Password,
});
export type ChangePasswordBody = z.infer<typeof ChangePasswordBody>;

export const SetupStatus = z.object({ needed: z.boolean() });
export type SetupStatus = z.infer<typeof SetupStatus>;

/** Creates the first admin with the one-time token printed by `custos serve`. */
export const SetupBody = z.strictObject({
  token: z.string().min(16).max(128),
  username: Username,
  displayName: DisplayName,
  initials: Initials,
  password: Password,
});
export type SetupBody = z.infer<typeof SetupBody>;

export const InviteParams = z.object({ token: z.string().min(16).max(128) });
export const InviteInfo = z.object({
  username: z.string(),
  displayName: z.string(),
  role: StaffRole,
  expiresAt: Time,
});
export type InviteInfo = z.infer<typeof InviteInfo>;

export const AcceptInviteBody = z.strictObject({
  token: z.string().min(16).max(128),
  password: Password,
});
export type AcceptInviteBody = z.infer<typeof AcceptInviteBody>;
