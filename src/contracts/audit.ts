/**
 * The access log (DPA 2018 s62; R37, R38): every collection, consultation, disclosure, change,
 * combination and erasure of personal data, with who, what, when and the justification. The log
 * is append-only and hash-chained. Auditors read and export it; nobody else.
 * Also the custody log's verification for auditors.
 *
 * Endpoints (all under `/api/v1`, auditors):
 * - `GET /access-log` {@link AccessLogQuery} → {@link AccessLogPage}
 * - `GET /access-log/export?format=csv|json` (+ the same filters) → `text/csv` or `application/json` file
 * - `GET /access-log/verify` → {@link AccessLogVerification}
 * - `GET /custody/verify` → {@link CustodyVerification}
 */
import { z } from 'zod';
import { Time } from './common.ts';

/** s62(1): collection, alteration (change), consultation, disclosure, combination, erasure. */
export const AccessAction = z.enum([
  'collect',
  'consult',
  'disclose',
  'change',
  'combine',
  'erase',
]);
export type AccessAction = z.infer<typeof AccessAction>;

export const AccessLogEntry = z.object({
  seq: z.number().int(),
  at: Time,
  actor: z.object({
    id: z.string().nullable(),
    displayName: z.string().nullable(),
    role: z.string(),
  }),
  action: AccessAction,
  object: z.object({ type: z.string(), id: z.string(), ref: z.string().nullable() }),
  caseRef: z.string().nullable(),
  justification: z.object({ reasonCode: z.string(), text: z.string().nullable() }).nullable(),
  /** Disclosures: who received it. */
  recipient: z.string().nullable(),
  /** Lowercase hex SHA-256 chaining this entry to the previous one. */
  hash: z.string(),
  prevHash: z.string().nullable(),
});
export type AccessLogEntry = z.infer<typeof AccessLogEntry>;

export const AccessLogQuery = z.object({
  from: Time.optional(),
  to: Time.optional(),
  actorId: z.string().max(64).optional(),
  caseRef: z.string().max(64).optional(),
  action: AccessAction.optional(),
  limit: z.coerce.number<string | number>().int().min(1).max(1000).default(100),
  offset: z.coerce.number<string | number>().int().min(0).default(0),
});
export type AccessLogQuery = z.input<typeof AccessLogQuery>;

export const AccessLogExportQuery = AccessLogQuery.omit({ limit: true, offset: true }).extend({
  format: z.enum(['csv', 'json']),
});
export type AccessLogExportQuery = z.input<typeof AccessLogExportQuery>;

export const AccessLogPage = z.object({ items: z.array(AccessLogEntry), total: z.number().int() });
export type AccessLogPage = z.infer<typeof AccessLogPage>;

/** Columns of the CSV export, in order. */
export const ACCESS_LOG_CSV_COLUMNS = [
  'seq',
  'at',
  'actor_id',
  'actor_name',
  'actor_role',
  'action',
  'object_type',
  'object_id',
  'object_ref',
  'case_ref',
  'reason_code',
  'justification',
  'recipient',
  'prev_hash',
  'hash',
] as const;

export const AccessLogVerification = z.object({
  entries: z.number().int(),
  intact: z.boolean(),
  firstBadSeq: z.number().int().nullable(),
});
export type AccessLogVerification = z.infer<typeof AccessLogVerification>;

export const CustodyVerification = z.object({
  events: z.number().int(),
  checkpoints: z.number().int(),
  /** Events 0..signedThrough-1 are covered by a verified signed checkpoint; the rest are not yet. */
  signedThrough: z.number().int(),
  intact: z.boolean(),
  problems: z.array(z.object({ subject: z.string(), code: z.string(), message: z.string() })),
});
export type CustodyVerification = z.infer<typeof CustodyVerification>;
