/**
 * The public report form (no account): what happened, platform, the other person's identifiers,
 * the child's age if known, optional contact details; the first question is whether a child is
 * in danger right now (R50: "call 999" guidance). Evidence files are uploaded after the report,
 * one request per file or several per request, each answered with its SHA-256.
 *
 * Endpoints (all under `/api/v1`, rate-limited per IP):
 * - `POST /public/reports` {@link SubmitReportBody} → {@link SubmitReportResponse}
 * - `POST /public/reports/:id/evidence` multipart/form-data (file fields), header
 *   `x-upload-token` → {@link EvidenceUploadResponse}
 * - `POST /public/reports/status` {@link ReceiptStatusBody} → {@link ReceiptStatus}
 */
import { z } from 'zod';
import { Id, Time } from './common.ts';

/** Shown before anything else, and again when the answer to "in danger now?" is yes or unsure. */
export const DANGER_GUIDANCE =
  'If a child is in immediate danger, call 999 now. Do not wait for a reply to this form. ' +
  'If you cannot speak, call 999 and press 55 when asked (Silent Solution). ' +
  'Do not contact, confront or post about the person yourself.';

/** What the form says about contact details (optional where lawful; CEOP reports cannot be anonymous). */
export const CONTACT_NOTICE =
  'Contact details are optional. If you give them, an officer may contact you about this report. ' +
  'They are kept with the report under the Data Protection Act 2018 (Part 3) and used for nothing else.';

/** Header carrying the upload token returned when the report was submitted. */
export const UPLOAD_TOKEN_HEADER = 'x-upload-token';

export const PLATFORMS = [
  'whatsapp',
  'snapchat',
  'instagram',
  'facebook-messenger',
  'telegram',
  'discord',
  'tiktok',
  'sms',
  'imessage',
  'online-game',
  'other',
] as const;
export const Platform = z.enum(PLATFORMS);
export type Platform = z.infer<typeof Platform>;

export const DangerAnswer = z.enum(['yes', 'no', 'unsure']);
export type DangerAnswer = z.infer<typeof DangerAnswer>;

export const ReporterRelation = z.enum([
  'child-themselves',
  'parent-or-carer',
  'other-adult',
  'professional',
]);
export type ReporterRelation = z.infer<typeof ReporterRelation>;

export const ContactDetails = z.strictObject({
  name: z.string().trim().max(120).optional(),
  email: z.email().max(254).optional(),
  phone: z.string().trim().max(40).optional(),
});
export type ContactDetails = z.infer<typeof ContactDetails>;

export const SubmitReportBody = z.strictObject({
  /** The first question of the form. */
  childInDangerNow: DangerAnswer,
  whatHappened: z.string().trim().min(1).max(20000),
  platform: Platform,
  /** The platform's name when `platform` is `other`. */
  platformOther: z.string().trim().max(80).optional(),
  /** Usernames, phone numbers, e-mail addresses, profile links of the other person. */
  otherPersonIdentifiers: z.array(z.string().trim().min(1).max(200)).max(20).default([]),
  /** The child's age in years, when known. */
  childAge: z.number().int().min(0).max(17).nullable().optional(),
  reporterRelation: ReporterRelation.optional(),
  /** Omit (or null) to report without contact details. */
  contact: ContactDetails.nullable().optional(),
});
export type SubmitReportBody = z.input<typeof SubmitReportBody>;

export const SubmitReportResponse = z.object({
  /** The report's reference for the reporter's own notes (not a secret). */
  reportRef: z.string(),
  reportId: Id,
  /** Shown once: the only way to check the status later. Stored hashed. */
  receiptCode: z.string(),
  upload: z.object({
    /** `POST` evidence files here with the token header, before `expiresAt`. */
    url: z.string(),
    token: z.string(),
    expiresAt: Time,
    maxFileBytes: z.number().int(),
    maxFiles: z.number().int(),
  }),
  danger: z.object({ callNow: z.boolean(), guidance: z.string() }),
});
export type SubmitReportResponse = z.infer<typeof SubmitReportResponse>;

export const UploadedFile = z.object({
  /** The file name as sent. */
  name: z.string(),
  sizeBytes: z.number().int(),
  /** Lowercase hex SHA-256 of the bytes as received (FIPS 180-4): show it back to the reporter. */
  sha256: z.string(),
});
export type UploadedFile = z.infer<typeof UploadedFile>;

export const EvidenceUploadResponse = z.object({ files: z.array(UploadedFile) });
export type EvidenceUploadResponse = z.infer<typeof EvidenceUploadResponse>;

export const ReceiptStatusBody = z.strictObject({ receiptCode: z.string().trim().min(8).max(64) });
export type ReceiptStatusBody = z.infer<typeof ReceiptStatusBody>;

/** Status only; never any case content (issue 5 §4). */
export const ReceiptStatus = z.object({
  status: z.enum(['received', 'being-reviewed', 'with-an-officer', 'closed']),
  description: z.string(),
  receivedAt: Time,
  updatedAt: Time,
});
export type ReceiptStatus = z.infer<typeof ReceiptStatus>;
