/**
 * Records of the volunteer programme (issue 6; legal-framework §3 and R1–R11, R57–R63): members
 * and their declarations, vetting, training, officers' authorisations, the supervision rota and
 * welfare records. Times are ISO-8601 UTC strings; ids are opaque. Nothing here holds case content.
 */

/** Where a member is in the programme (Better Impact-style pipeline, mission-anchors §7). */
export const MEMBER_STATUSES = [
  'applicant',
  'vetting',
  'training',
  'active',
  'suspended',
  'left',
] as const;
export type MemberStatus = (typeof MEMBER_STATUSES)[number];

/**
 * The one legal status of a member (R1): a warranted police officer, a special constable (PRA
 * 2002; the same powers as a constable) or a police support volunteer (PCA 2017 s38 designation
 * or not).
 */
export const LEGAL_STATUSES = ['special-constable', 'police-support-volunteer', 'officer'] as const;
export type LegalStatus = (typeof LEGAL_STATUSES)[number];

/** Result of the College of Policing barred-list check before a PSV designation (PCA 2017 s42, R2). */
export interface BarredListCheck {
  readonly checkedAt: string;
  readonly result: 'clear' | 'barred';
}

export interface Member {
  readonly id: string;
  /** `M-2026-0001`. */
  readonly ref: string;
  readonly displayName: string;
  readonly email: string | null;
  readonly phone: string | null;
  /** The status as recorded; {@link effectiveStatus} adds the automatic suspensions. */
  readonly status: MemberStatus;
  readonly legalStatus: LegalStatus | null;
  /** The member's staff account (a volunteer account is a member); null until linked. */
  readonly userId: string | null;
  /** Declared on the application: past or present membership of an online activist group (R5). */
  readonly pastGroupMembership: boolean;
  readonly motivation: string | null;
  readonly barredListCheck: BarredListCheck | null;
  /** Set while the member is under investigation for an offence (R9): access is suspended. */
  readonly underInvestigationSince: string | null;
  readonly appliedAt: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** Kinds of declaration a member makes (R5). */
export const DECLARATION_KINDS = [
  'past-group',
  'social-channel',
  'case-connection',
  'other',
] as const;
export type DeclarationKind = (typeof DECLARATION_KINDS)[number];

/**
 * A declared conflict: a past group membership, a channel the member controls, or a connection
 * to a case (witness, suspect, complainant, relative). A `case-connection` naming a case blocks
 * assignment to that case.
 */
export interface Declaration {
  readonly id: string;
  readonly memberId: string;
  readonly kind: DeclarationKind;
  /** The case the member is connected to (`case-connection`), else null. */
  readonly caseId: string | null;
  readonly description: string;
  readonly declaredAt: string;
  /** Who recorded it (a manager), or null when the member declared it on the application form. */
  readonly recordedBy: string | null;
}

/** Changes of circumstance a member reports within the aftercare window (R9). */
export const CIRCUMSTANCE_KINDS = [
  'arrest',
  'investigation',
  'relationship',
  'finances',
  'association',
  'other',
] as const;
export type CircumstanceKind = (typeof CIRCUMSTANCE_KINDS)[number];

export interface CircumstanceChange {
  readonly id: string;
  readonly memberId: string;
  readonly kind: CircumstanceKind;
  readonly note: string;
  readonly reportedAt: string;
  readonly recordedBy: string;
}

/** A member's current vetting clearance (Vetting Code of Practice 2023; APP vetting). */
export interface VettingRecord {
  readonly memberId: string;
  readonly level: string;
  readonly grantedAt: string;
  readonly expiresAt: string;
  readonly recordedBy: string;
  readonly updatedAt: string;
}

/** A module of the training catalogue (R10). */
export interface TrainingModule {
  /** Stable slug, e.g. `data-protection`. */
  readonly id: string;
  readonly title: string;
  /** Version of the syllabus in force, e.g. `2026.1`. */
  readonly version: string;
  /** Months a completion stays valid; null for no expiry. */
  readonly validityMonths: number | null;
  readonly retired: boolean;
}

/** A completed module, signed off by a named person. */
export interface TrainingCompletion {
  readonly id: string;
  readonly memberId: string;
  readonly moduleId: string;
  readonly version: string;
  readonly completedAt: string;
  /** When it lapses; null for no expiry. */
  readonly validUntil: string | null;
  /** The user who signed it off. */
  readonly signedOffBy: string;
  readonly recordedAt: string;
}

/**
 * An officer's authorisation for volunteer work (R3): an operation, the task types and platforms
 * it covers, when it starts, is reviewed and expires, who authorised it, the officer in charge
 * and the supervising officer. Every task lives under one.
 */
export interface Authorisation {
  readonly id: string;
  /** `AUTH-2026-0001`. */
  readonly ref: string;
  readonly operation: string;
  readonly taskTypes: readonly string[];
  /** Platforms of the reports it covers (`whatsapp`, …) or `any`. */
  readonly platforms: readonly string[];
  readonly startsAt: string;
  readonly reviewAt: string;
  readonly expiresAt: string;
  readonly authorisingOfficerId: string;
  readonly officerInChargeId: string;
  readonly supervisorId: string;
  readonly status: 'live' | 'cancelled';
  readonly cancelledAt: string | null;
  readonly cancelReason: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** A task's authorisation, with the officers named when it was assigned. */
export interface TaskAuthorisation {
  readonly taskId: string;
  readonly authorisationId: string;
  readonly officerInChargeId: string;
  readonly supervisorId: string;
  readonly linkedAt: string;
}

/** One stretch of a supervising officer on duty (the rota, R60). */
export interface RotaEntry {
  readonly id: string;
  readonly officerId: string;
  readonly startsAt: string;
  readonly endsAt: string;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly cancelledAt: string | null;
}

/** A volunteer ends their shift, or presses "stop now" (R61: without a reason, without penalty). */
export interface ShiftEndEvent {
  readonly id: string;
  readonly userId: string;
  readonly kind: 'stop-now' | 'end-shift';
  readonly at: string;
}

/** The check-in after a shift: how the volunteer is, and whether they want someone to contact them. */
export interface WelfareCheckIn {
  readonly id: string;
  readonly userId: string;
  /** Start of the shift it follows (the first timed view of the shift). */
  readonly shiftStartedAt: string;
  readonly at: string;
  /** 1 (very low) to 5 (fine). */
  readonly wellbeing: number;
  readonly wantsContact: boolean;
  readonly note: string | null;
}

/** The supervisor's debrief after a shift that involved case material (R60). */
export interface ShiftDebrief {
  readonly id: string;
  readonly userId: string;
  readonly shiftStartedAt: string;
  readonly at: string;
  readonly byOfficerId: string;
  readonly notes: string;
}

/** One entry of the programme's event log: every change to the programme's records. */
export interface ProgrammeEvent {
  readonly id: string;
  readonly at: string;
  /** Pseudonymous actor, as in the custody log (`user:<id>`, `public:application`, `system:custos`). */
  readonly actor: string;
  /** `member:<id>`, `authorisation:<id>`, `rota:<id>`, `module:<id>`, `settings:programme`. */
  readonly subject: string;
  /** Machine code, e.g. `status-changed`, `vetting-recorded`. */
  readonly kind: string;
  readonly details: Readonly<Record<string, unknown>>;
}
