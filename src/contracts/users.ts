/**
 * Administration: staff accounts (created by an admin with an invitation link; no
 * self-registration for staff roles), roles, disabling, revoking sessions; system settings
 * (queue targets per band).
 *
 * Endpoints (all under `/api/v1`, admins; `GET /settings/queue-targets` also officers):
 * - `GET   /users` → {@link UserList}
 * - `POST  /users` {@link CreateUserBody} → {@link CreatedUser}
 * - `PATCH /users/:id` {@link UpdateUserBody} → {@link UserSummary}
 * - `POST  /users/:id/invite` → {@link CreatedUser} (a new invitation link; the old one stops working)
 * - `POST  /users/:id/revoke-sessions` → `SignedOutEverywhere` (auth.ts)
 * - `GET   /settings/queue-targets` → {@link QueueTargetsBody}
 * - `PUT   /settings/queue-targets` {@link QueueTargetsBody} → {@link QueueTargetsBody}
 */
import { z } from 'zod';
import { DisplayName, Initials, Username } from './auth.ts';
import { Id, StaffRole, Time } from './common.ts';
import { QueueTargets } from './reports.ts';

export const UserStatus = z.enum(['invited', 'active', 'disabled']);
export type UserStatus = z.infer<typeof UserStatus>;

export const UserSummary = z.object({
  id: Id,
  username: z.string(),
  displayName: z.string(),
  initials: z.string(),
  role: StaffRole,
  status: UserStatus,
  totpEnrolled: z.boolean(),
  createdAt: Time,
  lastSignInAt: Time.nullable(),
});
export type UserSummary = z.infer<typeof UserSummary>;

export const UserList = z.object({ items: z.array(UserSummary) });
export type UserList = z.infer<typeof UserList>;

export const CreateUserBody = z.strictObject({
  username: Username,
  displayName: DisplayName,
  initials: Initials,
  role: StaffRole,
});
export type CreateUserBody = z.infer<typeof CreateUserBody>;

export const CreatedUser = z.object({
  user: UserSummary,
  /** Give this link to the person; it works once, until `expiresAt`. */
  invite: z.object({ url: z.string(), token: z.string(), expiresAt: Time }),
});
export type CreatedUser = z.infer<typeof CreatedUser>;

export const UpdateUserBody = z.strictObject({
  role: StaffRole.optional(),
  status: z.enum(['active', 'disabled']).optional(),
  displayName: DisplayName.optional(),
});
export type UpdateUserBody = z.infer<typeof UpdateUserBody>;

export const QueueTargetsBody = z.object({ targets: QueueTargets });
export type QueueTargetsBody = z.infer<typeof QueueTargetsBody>;
