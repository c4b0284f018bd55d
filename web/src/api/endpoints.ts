/**
 * One typed function per endpoint of `src/contracts/README.md`. Bodies are the contracts' input
 * types; answers are validated with the contracts' schemas. Calls that answer `SessionInfo`
 * also remember its CSRF token.
 */
import {
  AccessLogPage,
  AccessLogVerification,
  Annotation,
  CaseDetail,
  CaseEntry,
  CaseEvidenceResponse,
  CaseList,
  CaseSummary,
  CreatedUser,
  CustodyVerification,
  EvidenceUploadResponse,
  ExposureSummary,
  HitView,
  InviteInfo,
  NotificationList,
  Ok,
  QueueResponse,
  QueueTargetsBody,
  ReceiptStatus,
  ReportDetail,
  SessionInfo,
  SetupStatus,
  SignedOutEverywhere,
  StaffList,
  SubmitReportResponse,
  TaskDetail,
  TaskList,
  TaskSummary,
  TaskViewTimer,
  TotpEnrolment,
  TranscriptView,
  TriageOverride,
  UPLOAD_TOKEN_HEADER,
  UserList,
  UserSummary,
  type AccessLogExportQuery,
  type AccessLogQuery,
  type AcceptInviteBody,
  type AcknowledgeHitBody,
  type AnnotationBody,
  type ChangePasswordBody,
  type CloseReportBody,
  type CreateCaseBody,
  type CreateTaskBody,
  type CreateUserBody,
  type DecisionBody,
  type ExposureQuery,
  type JustificationBody,
  type LoginBody,
  type NoteBody,
  type OutcomeBody,
  type QueueTargets,
  type ReferralBody,
  type SetupBody,
  type SubmitReportBody,
  type TaskStatusBody,
  type TotpBody,
  type TransferBody,
  type TriageOverrideBody,
  type UpdateUserBody,
  ApplicationReceipt,
  AuthorisationList,
  AuthorisationView,
  DebriefList,
  MemberDetail,
  MemberList,
  ModuleList,
  ModuleView,
  MyProgramme,
  ProgrammeMetrics,
  ProgrammeSettingsBody,
  ReminderRun,
  RotaEntryView,
  RotaView,
  TransparencySummary,
  WelfareTrends,
  type ApplicationBody,
  type BarredListBody,
  type CheckInBody,
  type CircumstanceBody,
  type CompletionBody,
  type CreateAuthorisationBody,
  type CreateMemberBody,
  type DebriefBody,
  type DeclarationBody,
  type InvestigationBody,
  type LegalStatus,
  type MemberStatusBody,
  type MetricsQuery,
  type ModuleBody,
  type ReviewAuthorisationBody,
  type RotaEntryBody,
  type RotaQuery,
  type TrendQuery,
  type VettingBody,
} from '../../../src/contracts/index.ts';
import { apiUrl, request, setCsrfToken } from './client.ts';

const enc = encodeURIComponent;

async function withSession(p: Promise<SessionInfo>): Promise<SessionInfo> {
  const s = await p;
  setCsrfToken(s.csrfToken);
  return s;
}

function filesForm(files: readonly File[]): FormData {
  const form = new FormData();
  for (const f of files) form.append('files', f, f.name);
  return form;
}

export const api = {
  // --- auth.ts
  session: () => withSession(request('GET', '/session', SessionInfo)),
  login: (body: LoginBody) => withSession(request('POST', '/auth/login', SessionInfo, { body })),
  totp: (body: TotpBody) => withSession(request('POST', '/auth/totp', SessionInfo, { body })),
  startEnrolment: () => request('POST', '/auth/totp/enrolment', TotpEnrolment, { body: {} }),
  confirmEnrolment: (body: TotpBody) =>
    withSession(request('POST', '/auth/totp/enrolment/confirm', SessionInfo, { body })),
  logout: () => request('POST', '/auth/logout', Ok, { body: {} }),
  logoutEverywhere: () =>
    request('POST', '/auth/logout-everywhere', SignedOutEverywhere, { body: {} }),
  changePassword: (body: ChangePasswordBody) => request('POST', '/auth/password', Ok, { body }),
  setupStatus: () => request('GET', '/auth/setup', SetupStatus),
  setup: (body: SetupBody) => withSession(request('POST', '/auth/setup', SessionInfo, { body })),
  invite: (token: string) => request('GET', `/auth/invites/${enc(token)}`, InviteInfo),
  acceptInvite: (body: AcceptInviteBody) =>
    withSession(request('POST', '/auth/invites/accept', SessionInfo, { body })),

  // --- public-reports.ts
  submitReport: (body: SubmitReportBody) =>
    request('POST', '/public/reports', SubmitReportResponse, { body }),
  /** Uploads files to the URL the submission returned, with its upload token. */
  uploadPublicEvidence: (url: string, token: string, files: readonly File[]) =>
    request('POST', url, EvidenceUploadResponse, {
      absolute: true,
      form: filesForm(files),
      headers: { [UPLOAD_TOKEN_HEADER]: token },
    }),
  receiptStatus: (receiptCode: string) =>
    request('POST', '/public/reports/status', ReceiptStatus, { body: { receiptCode } }),

  // --- reports.ts, deconfliction.ts
  queue: () => request('GET', '/queue', QueueResponse),
  report: (id: string) => request('GET', `/reports/${enc(id)}`, ReportDetail),
  reportTranscript: (id: string, exhibitId?: string) =>
    request('GET', `/reports/${enc(id)}/transcript`, TranscriptView, { query: { exhibitId } }),
  overrideTriage: (id: string, body: TriageOverrideBody) =>
    request('POST', `/reports/${enc(id)}/triage-override`, TriageOverride, { body }),
  createCase: (id: string, body: CreateCaseBody) =>
    request('POST', `/reports/${enc(id)}/case`, CaseSummary, { body }),
  attachReport: (id: string, caseId: string) =>
    request('POST', `/reports/${enc(id)}/attach`, CaseSummary, { body: { caseId } }),
  closeReport: (id: string, body: CloseReportBody) =>
    request('POST', `/reports/${enc(id)}/close`, ReportDetail, { body }),
  acknowledgeHit: (reportId: string, hitId: string, body: AcknowledgeHitBody) =>
    request('POST', `/reports/${enc(reportId)}/deconfliction/${enc(hitId)}/acknowledge`, HitView, {
      body,
    }),

  // --- evidence.ts
  exhibitTranscript: (id: string) =>
    request('GET', `/exhibits/${enc(id)}/transcript`, TranscriptView),
  /** A link (GET, session cookie) that downloads an original: a logged disclosure. */
  originalUrl: (id: string) => apiUrl(`/exhibits/${enc(id)}/original`),

  // --- cases.ts
  cases: () => request('GET', '/cases', CaseList),
  case: (id: string) => request('GET', `/cases/${enc(id)}`, CaseDetail),
  justify: (id: string, body: JustificationBody) =>
    request('POST', `/cases/${enc(id)}/justification`, Ok, { body }),
  addNote: (id: string, body: NoteBody) =>
    request('POST', `/cases/${enc(id)}/notes`, CaseEntry, { body }),
  decide: (id: string, body: DecisionBody) =>
    request('POST', `/cases/${enc(id)}/decisions`, CaseEntry, { body }),
  refer: (id: string, body: ReferralBody) =>
    request('POST', `/cases/${enc(id)}/referrals`, CaseEntry, { body }),
  recordOutcome: (id: string, body: OutcomeBody) =>
    request('POST', `/cases/${enc(id)}/outcome`, CaseEntry, { body }),
  transfer: (id: string, body: TransferBody) =>
    request('POST', `/cases/${enc(id)}/transfer`, CaseEntry, { body }),
  createTask: (id: string, body: CreateTaskBody) =>
    request('POST', `/cases/${enc(id)}/tasks`, TaskSummary, { body }),
  addCaseEvidence: (id: string, files: readonly File[]) =>
    request('POST', `/cases/${enc(id)}/evidence`, CaseEvidenceResponse, { form: filesForm(files) }),
  staff: (role: 'officer' | 'volunteer') =>
    request('GET', '/staff', StaffList, { query: { role } }),

  // --- tasks.ts
  tasks: () => request('GET', '/tasks', TaskList),
  task: (id: string) => request('GET', `/tasks/${enc(id)}`, TaskDetail),
  annotate: (id: string, body: AnnotationBody) =>
    request('POST', `/tasks/${enc(id)}/annotations`, Annotation, { body }),
  setTaskStatus: (id: string, body: TaskStatusBody) =>
    request('POST', `/tasks/${enc(id)}/status`, TaskSummary, { body }),
  startView: (id: string) =>
    request('POST', `/tasks/${enc(id)}/views`, TaskViewTimer, { body: {} }),
  heartbeatView: (id: string, viewId: string) =>
    request('POST', `/tasks/${enc(id)}/views/${enc(viewId)}/heartbeat`, TaskViewTimer, {
      body: {},
    }),
  endView: (id: string, viewId: string, keepalive = false) =>
    request('POST', `/tasks/${enc(id)}/views/${enc(viewId)}/end`, TaskViewTimer, {
      body: {},
      keepalive,
    }),

  // --- notifications.ts
  notifications: () => request('GET', '/notifications', NotificationList),
  markRead: (id: string) => request('POST', `/notifications/${enc(id)}/read`, Ok, { body: {} }),

  // --- audit.ts
  accessLog: (q: AccessLogQuery) =>
    request('GET', '/access-log', AccessLogPage, { query: { ...q } }),
  /** A link (GET, session cookie) to the CSV or JSON export with the same filters. */
  accessLogExportUrl: (q: AccessLogExportQuery) => apiUrl('/access-log/export', { ...q }),
  verifyAccessLog: () => request('GET', '/access-log/verify', AccessLogVerification),
  verifyCustody: () => request('GET', '/custody/verify', CustodyVerification),

  // --- users.ts
  users: () => request('GET', '/users', UserList),
  createUser: (body: CreateUserBody) => request('POST', '/users', CreatedUser, { body }),
  updateUser: (id: string, body: UpdateUserBody) =>
    request('PATCH', `/users/${enc(id)}`, UserSummary, { body }),
  reinvite: (id: string) => request('POST', `/users/${enc(id)}/invite`, CreatedUser, { body: {} }),
  revokeSessions: (id: string) =>
    request('POST', `/users/${enc(id)}/revoke-sessions`, SignedOutEverywhere, { body: {} }),
  queueTargets: () => request('GET', '/settings/queue-targets', QueueTargetsBody),
  setQueueTargets: (targets: QueueTargets) =>
    request('PUT', '/settings/queue-targets', QueueTargetsBody, { body: { targets } }),

  // --- welfare.ts
  exposure: (q: ExposureQuery) =>
    request('GET', '/welfare/exposure', ExposureSummary, { query: { ...q } }),

  // --- programme.ts
  apply: (body: ApplicationBody) =>
    request('POST', '/public/applications', ApplicationReceipt, { body }),
  members: () => request('GET', '/members', MemberList),
  createMember: (body: CreateMemberBody) => request('POST', '/members', MemberDetail, { body }),
  member: (id: string) => request('GET', `/members/${enc(id)}`, MemberDetail),
  setMemberStatus: (id: string, body: MemberStatusBody) =>
    request('POST', `/members/${enc(id)}/status`, MemberDetail, { body }),
  setLegalStatus: (id: string, legalStatus: LegalStatus) =>
    request('POST', `/members/${enc(id)}/legal-status`, MemberDetail, { body: { legalStatus } }),
  linkAccount: (id: string, userId: string) =>
    request('POST', `/members/${enc(id)}/account`, MemberDetail, { body: { userId } }),
  addDeclaration: (id: string, body: DeclarationBody) =>
    request('POST', `/members/${enc(id)}/declarations`, MemberDetail, { body }),
  addCircumstance: (id: string, body: CircumstanceBody) =>
    request('POST', `/members/${enc(id)}/circumstances`, MemberDetail, { body }),
  setInvestigation: (id: string, body: InvestigationBody) =>
    request('POST', `/members/${enc(id)}/investigation`, MemberDetail, { body }),
  recordBarredListCheck: (id: string, body: BarredListBody) =>
    request('POST', `/members/${enc(id)}/barred-list-check`, MemberDetail, { body }),
  recordVetting: (id: string, body: VettingBody) =>
    request('POST', `/members/${enc(id)}/vetting`, MemberDetail, { body }),
  recordCompletion: (id: string, body: CompletionBody) =>
    request('POST', `/members/${enc(id)}/training`, MemberDetail, { body }),
  modules: () => request('GET', '/training/modules', ModuleList),
  putModule: (id: string, body: ModuleBody) =>
    request('PUT', `/training/modules/${enc(id)}`, ModuleView, { body }),
  authorisations: () => request('GET', '/authorisations', AuthorisationList),
  createAuthorisation: (body: CreateAuthorisationBody) =>
    request('POST', '/authorisations', AuthorisationView, { body }),
  reviewAuthorisation: (id: string, body: ReviewAuthorisationBody) =>
    request('POST', `/authorisations/${enc(id)}/review`, AuthorisationView, { body }),
  cancelAuthorisation: (id: string, reason: string) =>
    request('POST', `/authorisations/${enc(id)}/cancel`, AuthorisationView, {
      body: { reason },
    }),
  rota: (q: RotaQuery = {}) => request('GET', '/rota', RotaView, { query: { ...q } }),
  addRota: (body: RotaEntryBody) => request('POST', '/rota', RotaEntryView, { body }),
  cancelRota: (id: string) =>
    request('POST', `/rota/${enc(id)}/cancel`, RotaEntryView, { body: {} }),
  myProgramme: () => request('GET', '/programme/me', MyProgramme),
  stopNow: () => request('POST', '/programme/me/stop-now', MyProgramme, { body: {} }),
  endShift: () => request('POST', '/programme/me/end-shift', MyProgramme, { body: {} }),
  checkIn: (body: CheckInBody) => request('POST', '/programme/me/check-in', MyProgramme, { body }),
  debriefs: () => request('GET', '/debriefs', DebriefList),
  recordDebrief: (body: DebriefBody) => request('POST', '/debriefs', Ok, { body }),
  welfareTrends: (q: TrendQuery = {}) =>
    request('GET', '/welfare/trends', WelfareTrends, { query: { ...q } }),
  programmeSettings: () => request('GET', '/programme/settings', ProgrammeSettingsBody),
  setProgrammeSettings: (body: ProgrammeSettingsBody) =>
    request('PUT', '/programme/settings', ProgrammeSettingsBody, { body }),
  sendReminders: () => request('POST', '/programme/reminders', ReminderRun, { body: {} }),
  metrics: (q: MetricsQuery = {}) =>
    request('GET', '/programme/metrics', ProgrammeMetrics, { query: { ...q } }),
  transparency: (q: MetricsQuery = {}) =>
    request('GET', '/programme/transparency', TransparencySummary, { query: { ...q } }),
  /** A link (GET, session cookie) to the transparency summary as CSV or PDF. */
  transparencyExportUrl: (format: 'csv' | 'pdf', q: MetricsQuery = {}) =>
    apiUrl('/programme/transparency/export', { format, ...q }),
};
