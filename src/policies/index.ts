/** Who may do what: roles, one policy per resource, and the `authorize` gate. */
export * from './roles.ts';
export * from './authorize.ts';
export type { IntakeResource } from './intake.ts';
export type { ReportResource, QueueResource } from './report.ts';
export type { CaseResource, CasesResource } from './case.ts';
export type { ExhibitResource } from './exhibit.ts';
export type { TaskResource, TasksResource } from './task.ts';
export type { SelectorResource } from './selector.ts';
export type { UserResource, UsersResource } from './user.ts';
export type { NotificationResource } from './notification.ts';
export type { MemberResource, MembersResource } from './member.ts';
export type { AuthorisationResource, AuthorisationsResource } from './authorisation.ts';
export type { RotaResource } from './rota.ts';
export type { ProgrammeResource } from './programme.ts';
export type { ShiftResource, DebriefsResource } from './shift.ts';
export type { RetentionResource, RetentionQueueResource } from './retention.ts';
