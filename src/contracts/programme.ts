/**
 * The volunteer programme (issue 6): applications from the public site; members with their
 * status, legal status, declarations, changes of circumstance, vetting and training; the
 * training catalogue; officers' authorisations; the supervision rota; a volunteer's own record
 * and welfare (shifts, "stop now", check-ins); debriefs; welfare trends; programme settings,
 * reminders, figures and the counts-only transparency summary. No case content anywhere.
 *
 * Endpoints (all under `/api/v1`):
 * - `POST /public/applications` {@link ApplicationBody} → {@link ApplicationReceipt} (public)
 * - `GET  /members` → {@link MemberList}; `POST /members` {@link CreateMemberBody} → {@link MemberDetail} (manager)
 * - `GET  /members/:id` → {@link MemberDetail} (manager)
 * - `POST /members/:id/status` {@link MemberStatusBody}, `/legal-status` {@link LegalStatusBody},
 *   `/account` {@link LinkAccountBody}, `/declarations` {@link DeclarationBody},
 *   `/circumstances` {@link CircumstanceBody}, `/investigation` {@link InvestigationBody},
 *   `/barred-list-check` {@link BarredListBody}, `/vetting` {@link VettingBody},
 *   `/training` {@link CompletionBody} → {@link MemberDetail} (manager)
 * - `GET  /training/modules` → {@link ModuleList}; `PUT /training/modules/:id` {@link ModuleBody} → {@link ModuleView} (manager)
 * - `GET  /authorisations` → {@link AuthorisationList} (officer, manager); `POST /authorisations`
 *   {@link CreateAuthorisationBody} → {@link AuthorisationView} (officer)
 * - `POST /authorisations/:id/review` {@link ReviewAuthorisationBody}, `/cancel` {@link CancelAuthorisationBody}
 *   → {@link AuthorisationView} (its authorising officer or officer in charge)
 * - `GET  /rota?from=&to=` → {@link RotaView} (officer, manager); `POST /rota` {@link RotaEntryBody},
 *   `POST /rota/:id/cancel` → {@link RotaEntryView} (manager)
 * - `GET  /programme/me` → {@link MyProgramme}; `POST /programme/me/stop-now`, `/end-shift`,
 *   `/check-in` {@link CheckInBody} → {@link MyProgramme} (volunteer)
 * - `GET  /debriefs` → {@link DebriefList}; `POST /debriefs` {@link DebriefBody} → `Ok` (officer)
 * - `GET  /welfare/trends?from=&to=` → {@link WelfareTrends} (manager)
 * - `GET  /programme/settings` → {@link ProgrammeSettingsBody} (manager, admin); `PUT` (manager)
 * - `POST /programme/reminders` → {@link ReminderRun} (manager)
 * - `GET  /programme/metrics?from=&to=` → {@link ProgrammeMetrics} (manager)
 * - `GET  /programme/transparency?from=&to=` → {@link TransparencySummary};
 *   `GET /programme/transparency/export?format=csv|pdf&from=&to=` → file (manager)
 */
import { z } from 'zod';
import { Allowed, Band, Id, PersonRef, Time } from './common.ts';
import { TaskType } from './tasks.ts';

export const MemberStatus = z.enum([
  'applicant',
  'vetting',
  'training',
  'active',
  'suspended',
  'left',
]);
export type MemberStatus = z.infer<typeof MemberStatus>;

export const LegalStatus = z.enum(['special-constable', 'police-support-volunteer', 'officer']);
export type LegalStatus = z.infer<typeof LegalStatus>;

export const LEGAL_STATUS_LABELS: Readonly<Record<LegalStatus, string>> = {
  'special-constable': 'Special constable',
  'police-support-volunteer': 'Police support volunteer',
  officer: 'Police officer',
};

/** Vetting levels (APP vetting; mirrors `src/core/programme/vetting.ts`). */
export const VettingLevel = z.enum(['NPPV1', 'NPPV2', 'RV', 'NPPV3', 'MV']);
export type VettingLevel = z.infer<typeof VettingLevel>;

export const DeclarationKind = z.enum(['past-group', 'social-channel', 'case-connection', 'other']);
export type DeclarationKind = z.infer<typeof DeclarationKind>;

export const CircumstanceKind = z.enum([
  'arrest',
  'investigation',
  'relationship',
  'finances',
  'association',
  'other',
]);
export type CircumstanceKind = z.infer<typeof CircumstanceKind>;

// ---------------------------------------------------------------- applications (public)

const text = (max: number) => z.string().trim().max(max);

export const ApplicationBody = z.strictObject({
  name: text(120).min(2),
  email: z.email().max(254),
  phone: text(40).optional(),
  /** R6: members are 18 or over. */
  over18: z.literal(true),
  /** Past or present membership of an online activist ("hunter") group: declared, not disqualifying. */
  pastGroupMembership: z.boolean(),
  /** The groups and the member's part in them, when `pastGroupMembership`. */
  pastGroups: text(2000).optional(),
  /** Social-media channels the applicant controls that publish about offenders (R5). */
  channels: text(2000).optional(),
  /** Any case or investigation the applicant is a witness, suspect, complainant or relative in. */
  connections: text(2000).optional(),
  motivation: text(4000).min(10),
  /** The applicant agrees to vetting and to the declarations being kept. */
  consent: z.literal(true),
});
export type ApplicationBody = z.input<typeof ApplicationBody>;

export const ApplicationReceipt = z.object({ reference: z.string(), message: z.string() });
export type ApplicationReceipt = z.infer<typeof ApplicationReceipt>;

// ---------------------------------------------------------------- members (managers)

export const ModuleState = z.enum(['current', 'expired', 'missing']);

export const MemberSummary = z.object({
  id: Id,
  ref: z.string(),
  displayName: z.string(),
  status: MemberStatus,
  /** What access follows now: `suspended` at vetting expiry or under investigation, whatever `status` says. */
  effectiveStatus: MemberStatus,
  suspensionReason: z.string().nullable(),
  legalStatus: LegalStatus.nullable(),
  account: PersonRef.nullable(),
  vetting: z
    .object({ level: z.string(), grantedAt: Time, expiresAt: Time, current: z.boolean() })
    .nullable(),
  /** Modules current out of those the catalogue lists (not retired). */
  training: z.object({ current: z.number().int(), total: z.number().int() }),
  pastGroupMembership: z.boolean(),
  underInvestigation: z.boolean(),
  appliedAt: Time,
});
export type MemberSummary = z.infer<typeof MemberSummary>;

export const MemberList = z.object({
  items: z.array(MemberSummary),
  /** Active volunteer accounts without a member record (to link or record). */
  unlinkedVolunteers: z.array(PersonRef),
});
export type MemberList = z.infer<typeof MemberList>;

export const MemberDetail = MemberSummary.extend({
  email: z.string().nullable(),
  phone: z.string().nullable(),
  motivation: z.string().nullable(),
  barredListCheck: z.object({ checkedAt: Time, result: z.enum(['clear', 'barred']) }).nullable(),
  underInvestigationSince: Time.nullable(),
  declarations: z.array(
    z.object({
      id: Id,
      kind: DeclarationKind,
      caseRef: z.string().nullable(),
      description: z.string(),
      declaredAt: Time,
      recordedBy: PersonRef.nullable(),
    }),
  ),
  circumstances: z.array(
    z.object({
      id: Id,
      kind: CircumstanceKind,
      note: z.string(),
      reportedAt: Time,
      recordedBy: PersonRef,
    }),
  ),
  trainingRecord: z.array(
    z.object({
      moduleId: z.string(),
      title: z.string(),
      state: ModuleState,
      version: z.string().nullable(),
      completedAt: Time.nullable(),
      validUntil: Time.nullable(),
      signedOffBy: PersonRef.nullable(),
    }),
  ),
  /** The member's event log, oldest first. */
  events: z.array(
    z.object({
      at: Time,
      kind: z.string(),
      by: z.string(),
      details: z.record(z.string(), z.unknown()),
    }),
  ),
  /** Statuses the member may move to now (the rest are refused). */
  nextStatuses: z.array(MemberStatus),
  /** Why the member cannot be made active yet (empty when they can). */
  activationProblems: z.array(z.string()),
  allowed: Allowed,
});
export type MemberDetail = z.infer<typeof MemberDetail>;

export const CreateMemberBody = z.strictObject({
  displayName: text(120).min(2),
  email: z.email().max(254).optional(),
  phone: text(40).optional(),
  /** Link an existing volunteer account at once. */
  userId: Id.optional(),
  pastGroupMembership: z.boolean().default(false),
});
export type CreateMemberBody = z.input<typeof CreateMemberBody>;

export const MemberStatusBody = z.strictObject({
  status: MemberStatus,
  reason: text(1000).optional(),
});
export type MemberStatusBody = z.infer<typeof MemberStatusBody>;

export const LegalStatusBody = z.strictObject({ legalStatus: LegalStatus });
export type LegalStatusBody = z.infer<typeof LegalStatusBody>;

export const LinkAccountBody = z.strictObject({ userId: Id });
export type LinkAccountBody = z.infer<typeof LinkAccountBody>;

export const DeclarationBody = z.strictObject({
  kind: DeclarationKind,
  /** For `case-connection`: the case reference (`C-2026-0001`); assignment to it is then blocked. */
  caseRef: z.string().trim().max(40).optional(),
  description: text(2000).min(3),
});
export type DeclarationBody = z.infer<typeof DeclarationBody>;

export const CircumstanceBody = z.strictObject({
  kind: CircumstanceKind,
  note: text(2000).min(3),
  reportedAt: Time.optional(),
});
export type CircumstanceBody = z.infer<typeof CircumstanceBody>;

export const InvestigationBody = z.strictObject({
  underInvestigation: z.boolean(),
  note: text(1000).optional(),
});
export type InvestigationBody = z.infer<typeof InvestigationBody>;

export const BarredListBody = z.strictObject({
  checkedAt: Time,
  result: z.enum(['clear', 'barred']),
});
export type BarredListBody = z.infer<typeof BarredListBody>;

export const VettingBody = z.strictObject({
  level: VettingLevel,
  grantedAt: Time,
  expiresAt: Time,
});
export type VettingBody = z.infer<typeof VettingBody>;

export const CompletionBody = z.strictObject({
  moduleId: z.string().trim().min(1).max(64),
  completedAt: Time,
});
export type CompletionBody = z.infer<typeof CompletionBody>;

// ---------------------------------------------------------------- training catalogue

export const ModuleView = z.object({
  id: z.string(),
  title: z.string(),
  version: z.string(),
  validityMonths: z.number().int().nullable(),
  retired: z.boolean(),
  /** Task types that need it. */
  neededFor: z.array(TaskType),
});
export type ModuleView = z.infer<typeof ModuleView>;

export const ModuleList = z.object({ items: z.array(ModuleView) });
export type ModuleList = z.infer<typeof ModuleList>;

export const ModuleParams = z.object({ id: z.string().regex(/^[a-z0-9][a-z0-9-]{1,63}$/) });

export const ModuleBody = z.strictObject({
  title: text(200).min(3),
  version: text(40).min(1),
  validityMonths: z.number().int().min(1).max(120).nullable(),
  retired: z.boolean().default(false),
});
export type ModuleBody = z.input<typeof ModuleBody>;

// ---------------------------------------------------------------- authorisations (officers)

export const AuthorisationView = z.object({
  id: Id,
  ref: z.string(),
  operation: z.string(),
  taskTypes: z.array(z.string()),
  platforms: z.array(z.string()),
  startsAt: Time,
  reviewAt: Time,
  expiresAt: Time,
  authorisingOfficer: PersonRef,
  officerInCharge: PersonRef,
  supervisor: PersonRef,
  status: z.enum(['live', 'cancelled']),
  /** `live`, `not-started`, `review-overdue`, `expired` or `cancelled` now. */
  state: z.enum(['live', 'not-started', 'review-overdue', 'expired', 'cancelled']),
  cancelledAt: Time.nullable(),
  cancelReason: z.string().nullable(),
  tasks: z.number().int(),
  allowed: Allowed,
});
export type AuthorisationView = z.infer<typeof AuthorisationView>;

export const AuthorisationList = z.object({ items: z.array(AuthorisationView) });
export type AuthorisationList = z.infer<typeof AuthorisationList>;

export const CreateAuthorisationBody = z.strictObject({
  operation: text(200).min(3),
  taskTypes: z.array(TaskType).min(1),
  /** Report platforms covered (`whatsapp`, …), or `any`. */
  platforms: z.array(z.string().trim().min(2).max(40)).min(1),
  startsAt: Time,
  reviewAt: Time,
  expiresAt: Time,
  officerInChargeId: Id,
  supervisorId: Id,
});
export type CreateAuthorisationBody = z.infer<typeof CreateAuthorisationBody>;

export const ReviewAuthorisationBody = z.strictObject({
  nextReviewAt: Time,
  note: text(2000).min(3),
});
export type ReviewAuthorisationBody = z.infer<typeof ReviewAuthorisationBody>;

export const CancelAuthorisationBody = z.strictObject({ reason: text(2000).min(3) });
export type CancelAuthorisationBody = z.infer<typeof CancelAuthorisationBody>;

// ---------------------------------------------------------------- rota

export const RotaQuery = z.object({ from: Time.optional(), to: Time.optional() });
export type RotaQuery = z.infer<typeof RotaQuery>;

export const RotaEntryView = z.object({
  id: Id,
  officer: PersonRef,
  startsAt: Time,
  endsAt: Time,
  cancelledAt: Time.nullable(),
  onDutyNow: z.boolean(),
});
export type RotaEntryView = z.infer<typeof RotaEntryView>;

export const RotaView = z.object({
  from: Time,
  to: Time,
  entries: z.array(RotaEntryView),
  onDutyNow: z.array(PersonRef),
  canManage: z.boolean(),
  /** Active officers who may be put on duty (for those who manage the rota; empty otherwise). */
  officers: z.array(PersonRef),
});
export type RotaView = z.infer<typeof RotaView>;

export const RotaEntryBody = z.strictObject({ officerId: Id, startsAt: Time, endsAt: Time });
export type RotaEntryBody = z.infer<typeof RotaEntryBody>;

// ---------------------------------------------------------------- a volunteer's own record

export const ShiftView = z.object({
  startedAt: Time,
  lastActivityAt: Time,
  exposureMs: z.number().int(),
  endedBy: z.enum(['stop-now', 'end-shift', 'idle', 'limit']).nullable(),
});
export type ShiftView = z.infer<typeof ShiftView>;

export const MyProgramme = z.object({
  member: z
    .object({
      ref: z.string(),
      status: MemberStatus,
      effectiveStatus: MemberStatus,
      legalStatus: LegalStatus.nullable(),
      vetting: z.object({ level: z.string(), expiresAt: Time, current: z.boolean() }).nullable(),
      training: z.array(
        z.object({
          moduleId: z.string(),
          title: z.string(),
          state: ModuleState,
          validUntil: Time.nullable(),
        }),
      ),
    })
    .nullable(),
  welfare: z.object({
    currentShift: ShiftView.nullable(),
    lastShift: ShiftView.nullable(),
    weekExposureMs: z.number().int(),
    shiftLimitMs: z.number().int(),
    weeklyLimitMs: z.number().int(),
    breakUntil: Time.nullable(),
    weekFreeAt: Time.nullable(),
    checkInDue: ShiftView.nullable(),
  }),
  supervisorsOnDuty: z.array(PersonRef),
  allowed: Allowed,
});
export type MyProgramme = z.infer<typeof MyProgramme>;

export const CheckInBody = z.strictObject({
  /** 1 (very low) to 5 (fine). */
  wellbeing: z.number().int().min(1).max(5),
  wantsContact: z.boolean(),
  note: text(2000).optional(),
});
export type CheckInBody = z.infer<typeof CheckInBody>;

// ---------------------------------------------------------------- debriefs (officers)

export const DebriefList = z.object({
  items: z.array(
    z.object({
      volunteer: PersonRef,
      shift: ShiftView,
      /** The officer on the rota when the shift started. */
      supervisor: PersonRef.nullable(),
    }),
  ),
});
export type DebriefList = z.infer<typeof DebriefList>;

export const DebriefBody = z.strictObject({
  userId: Id,
  shiftStartedAt: Time,
  notes: text(4000).min(3),
});
export type DebriefBody = z.infer<typeof DebriefBody>;

// ---------------------------------------------------------------- welfare trends (welfare lead)

export const TrendQuery = z.object({ from: Time.optional(), to: Time.optional() });
export type TrendQuery = z.infer<typeof TrendQuery>;

export const WelfareTrends = z.object({
  from: Time,
  to: Time,
  weeks: z.array(
    z.object({
      week: z.string(),
      exposureMs: z.number().int(),
      shifts: z.number().int(),
      stops: z.number().int(),
      checkIns: z.number().int(),
      /** Mean of the week's check-ins (1–5), null without any. */
      meanWellbeing: z.number().nullable(),
      flags: z.number().int(),
    }),
  ),
  volunteers: z.array(
    z.object({
      volunteer: PersonRef,
      exposureMs: z.number().int(),
      hoursMs: z.number().int(),
      shifts: z.number().int(),
      stops: z.number().int(),
      lowCheckIns: z.number().int(),
      wantsContact: z.number().int(),
      missedCheckIns: z.number().int(),
      debriefsOutstanding: z.number().int(),
    }),
  ),
  /** Check-ins asking for contact or scoring 1–2, newest first (no case content). */
  flags: z.array(
    z.object({
      volunteer: PersonRef,
      at: Time,
      kind: z.enum(['stop-now', 'low-wellbeing', 'wants-contact']),
      note: z.string().nullable(),
    }),
  ),
});
export type WelfareTrends = z.infer<typeof WelfareTrends>;

// ---------------------------------------------------------------- settings and reminders

export const ProgrammeSettingsBody = z.strictObject({
  shiftLimitMinutes: z.number().int(),
  breakMinutes: z.number().int(),
  shiftIdleMinutes: z.number().int(),
  weeklyLimitMinutes: z.number().int(),
  vettingReminderDays: z.array(z.number().int()),
  trainingReminderDays: z.array(z.number().int()),
  transparencyMinimumCount: z.number().int(),
});
export type ProgrammeSettingsBody = z.infer<typeof ProgrammeSettingsBody>;

export const ReminderRun = z.object({
  reminders: z.number().int(),
  suspensions: z.number().int(),
});
export type ReminderRun = z.infer<typeof ReminderRun>;

// ---------------------------------------------------------------- figures

export const MetricsQuery = z.object({ from: Time.optional(), to: Time.optional() });
export type MetricsQuery = z.infer<typeof MetricsQuery>;

const BandTiming = z.object({
  band: z.union([Band, z.literal('UNASSESSED')]),
  reports: z.number().int(),
  /** Reports with a measured time. */
  measured: z.number().int(),
  medianMinutes: z.number().nullable(),
  p90Minutes: z.number().nullable(),
  /** Of those measured, within the band's target (first action only). */
  withinTarget: z.number().int().nullable(),
});

export const ProgrammeMetrics = z.object({
  from: Time,
  to: Time,
  reportsIn: z.object({
    total: z.number().int(),
    dangerNow: z.number().int(),
    perWeek: z.array(z.object({ week: z.string(), value: z.number().int() })),
  }),
  timeToTriage: z.array(BandTiming),
  timeToFirstAction: z.array(BandTiming),
  deconfliction: z.object({ hits: z.number().int(), acknowledged: z.number().int() }),
  referrals: z.array(
    z.object({ purpose: z.string(), recipientType: z.string(), count: z.number().int() }),
  ),
  outcomes: z.array(z.object({ outcome: z.string(), count: z.number().int() })),
  volunteers: z.object({
    active: z.number().int(),
    hoursMs: z.number().int(),
    exposureMs: z.number().int(),
    perWeek: z.array(
      z.object({ week: z.string(), hoursMs: z.number().int(), exposureMs: z.number().int() }),
    ),
  }),
  training: z.object({
    /** Active members with every module their task types need current. */
    fullyCurrent: z.number().int(),
    activeMembers: z.number().int(),
    modules: z.array(
      z.object({ moduleId: z.string(), title: z.string(), current: z.number().int() }),
    ),
  }),
  welfare: z.object({
    stops: z.number().int(),
    lowWellbeing: z.number().int(),
    wantsContact: z.number().int(),
    debriefsOutstanding: z.number().int(),
  }),
  authorisations: z.object({ live: z.number().int(), reviewOverdue: z.number().int() }),
});
export type ProgrammeMetrics = z.infer<typeof ProgrammeMetrics>;

export const TransparencySummary = z.object({
  from: Time,
  to: Time,
  generatedAt: Time,
  /** Counts below it are shown as `fewer than N`. */
  minimumCount: z.number().int(),
  rows: z.array(z.object({ section: z.string(), label: z.string(), value: z.string() })),
});
export type TransparencySummary = z.infer<typeof TransparencySummary>;

export const TransparencyExportQuery = z.object({
  format: z.enum(['csv', 'pdf']),
  from: Time.optional(),
  to: Time.optional(),
});
export type TransparencyExportQuery = z.infer<typeof TransparencyExportQuery>;
