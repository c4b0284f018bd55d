/**
 * Shapes shared by every area of the JSON API (`/api/v1`): roles, bands, times, error bodies.
 * Contracts import zod only; the web client imports these schemas and their inferred types.
 */
import { z } from 'zod';

/** Every JSON route lives under this prefix. */
export const API_PREFIX = '/api/v1';

/** Staff roles (accounts). The public has no account. Mirrors `src/policies/roles.ts` (a test keeps them equal). */
export const StaffRole = z.enum(['volunteer', 'officer', 'manager', 'auditor', 'admin']);
export type StaffRole = z.infer<typeof StaffRole>;

/** Triage bands, lowest first (grooming-triage research note §6). */
export const Band = z.enum(['NONE', 'LOW', 'MEDIUM', 'HIGH', 'IMMINENT']);
export type Band = z.infer<typeof Band>;

/** UTC time, ISO 8601 with milliseconds (`2026-01-05T09:00:00.000Z`). */
export const Time = z.iso.datetime();

/** An opaque id (UUID) as used in URLs. */
export const Id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9-]+$/);

/** Path parameter `:id`. */
export const IdParams = z.object({ id: Id });
export type IdParams = z.infer<typeof IdParams>;

/** A person as other screens show them: id and display name only. */
export const PersonRef = z.object({ id: Id, displayName: z.string() });
export type PersonRef = z.infer<typeof PersonRef>;

/**
 * Actions the signed-in actor may take on the resource a response describes, computed by the
 * server's policies (`src/policies`). Buttons are shown only for listed actions.
 */
export const Allowed = z.array(z.string());

/**
 * Every error response: `code` is the stable machine code (documented in `docs/api.md`);
 * `message` is for people; `category` is the error family that chose the HTTP status.
 */
export const ErrorBody = z.object({
  error: z.object({
    code: z.string(),
    category: z.string(),
    message: z.string(),
    details: z.record(z.string(), z.unknown()).optional(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

/** Header carrying the CSRF token on every state-changing request of a signed-in session. */
export const CSRF_HEADER = 'x-csrf-token';

/** Response of routes that only acknowledge. */
export const Ok = z.object({ ok: z.literal(true) });
export type Ok = z.infer<typeof Ok>;
