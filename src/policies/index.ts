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
