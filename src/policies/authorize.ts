/**
 * `authorize(actor, action, resource)`: the one gate every use case calls before it reads or
 * changes anything (STYLE.md, "From outline"). It is typed as an assertion and throws
 * CustosError (category `forbidden`, code `POLICY_DENIED`) when the resource's policy refuses.
 * `allowedActions` gives the UI the same answers, so buttons and the API agree.
 */
import { CustosError } from '../core/errors.ts';
import { accessLogPolicy, type AccessLogResource } from './access-log.ts';
import { casePolicy, casesPolicy, type CaseResource, type CasesResource } from './case.ts';
import { custodyLogPolicy, type CustodyLogResource } from './custody-log.ts';
import { exhibitPolicy, type ExhibitResource } from './exhibit.ts';
import { intakePolicy, type IntakeResource } from './intake.ts';
import {
  notificationPolicy,
  notificationsPolicy,
  type NotificationResource,
  type NotificationsResource,
} from './notification.ts';
import type { Rule } from './policy.ts';
import { queuePolicy, reportPolicy, type QueueResource, type ReportResource } from './report.ts';
import { ROLE_LABELS, type Actor } from './roles.ts';
import { selectorPolicy, type SelectorResource } from './selector.ts';
import { settingsPolicy, type SettingsResource } from './settings.ts';
import { staffPolicy, type StaffResource } from './staff.ts';
import { taskPolicy, tasksPolicy, type TaskResource, type TasksResource } from './task.ts';
import { userPolicy, usersPolicy, type UserResource, type UsersResource } from './user.ts';
import { welfarePolicy, type WelfareResource } from './welfare.ts';
import {
  memberPolicy,
  membersPolicy,
  type MemberResource,
  type MembersResource,
} from './member.ts';
import {
  authorisationPolicy,
  authorisationsPolicy,
  type AuthorisationResource,
  type AuthorisationsResource,
} from './authorisation.ts';
import { rotaPolicy, type RotaResource } from './rota.ts';
import { programmePolicy, type ProgrammeResource } from './programme.ts';
import { debriefsPolicy, shiftPolicy, type DebriefsResource, type ShiftResource } from './shift.ts';
import {
  retentionPolicy,
  retentionQueuePolicy,
  type RetentionQueueResource,
  type RetentionResource,
} from './retention.ts';

/** Every policy, by resource type. */
export const POLICIES = {
  intake: intakePolicy,
  queue: queuePolicy,
  report: reportPolicy,
  cases: casesPolicy,
  case: casePolicy,
  exhibit: exhibitPolicy,
  tasks: tasksPolicy,
  task: taskPolicy,
  selector: selectorPolicy,
  'access-log': accessLogPolicy,
  'custody-log': custodyLogPolicy,
  users: usersPolicy,
  user: userPolicy,
  settings: settingsPolicy,
  welfare: welfarePolicy,
  notifications: notificationsPolicy,
  notification: notificationPolicy,
  staff: staffPolicy,
  members: membersPolicy,
  member: memberPolicy,
  authorisations: authorisationsPolicy,
  authorisation: authorisationPolicy,
  rota: rotaPolicy,
  programme: programmePolicy,
  shift: shiftPolicy,
  debriefs: debriefsPolicy,
  'retention-queue': retentionQueuePolicy,
  retention: retentionPolicy,
} as const;

/** Any resource a policy speaks about. */
export type Resource =
  | IntakeResource
  | QueueResource
  | ReportResource
  | CasesResource
  | CaseResource
  | ExhibitResource
  | TasksResource
  | TaskResource
  | SelectorResource
  | AccessLogResource
  | CustodyLogResource
  | UsersResource
  | UserResource
  | SettingsResource
  | WelfareResource
  | NotificationsResource
  | NotificationResource
  | StaffResource
  | MembersResource
  | MemberResource
  | AuthorisationsResource
  | AuthorisationResource
  | RotaResource
  | ProgrammeResource
  | ShiftResource
  | DebriefsResource
  | RetentionQueueResource
  | RetentionResource;

export type ResourceType = Resource['type'];

/** The actions a resource's policy names. */
export type ActionOf<R extends Resource> = keyof (typeof POLICIES)[R['type']] & string;

declare const AUTHORIZED: unique symbol;
/** A resource `authorize` has let through (a type-level mark; nothing at run time). */
export type Authorized<R extends Resource> = R & { readonly [AUTHORIZED]: true };

function ruleFor(type: ResourceType, action: string): Rule<Resource> | undefined {
  const policy = POLICIES[type] as Readonly<Record<string, Rule<Resource>>>;
  return Object.hasOwn(policy, action) ? policy[action] : undefined;
}

/** True when `actor` may do `action` to `resource`. Unknown actions are refused. */
export function can<R extends Resource>(actor: Actor, action: ActionOf<R>, resource: R): boolean {
  const rule = ruleFor(resource.type, action);
  return rule !== undefined && rule(actor, resource);
}

/**
 * A refusal in plain words: `an officer may not export bundle on this case`,
 * `an auditor may not list cases` (action names are camelCase verbs; plural resource types are
 * collections).
 */
function refusal(role: Actor['role'], action: string, type: string): string {
  const who = ROLE_LABELS[role];
  const article = /^[aeiou]/.test(who) ? 'an' : 'a';
  const verb = action.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  const what = type.replace(/-/g, ' ');
  const target = what.endsWith('s') ? what : `this ${what}`;
  const joiner = verb.includes(' ') && !what.endsWith('s') ? `${verb} on` : verb;
  return `${article} ${who} may not ${joiner} ${target}`;
}

/**
 * Asserts that `actor` may do `action` to `resource`.
 *
 * @example
 * authorize(actor, 'addNote', { type: 'case', ownerId: kase.ownerId, status: kase.status });
 * @throws CustosError (forbidden) `POLICY_DENIED` with `details: { role, action, resource }`.
 */
export function authorize<R extends Resource>(
  actor: Actor,
  action: ActionOf<R>,
  resource: R,
): asserts resource is Authorized<R> {
  if (!can(actor, action, resource)) {
    throw new CustosError(
      'forbidden',
      'POLICY_DENIED',
      refusal(actor.role, String(action), resource.type),
      {
        details: { role: actor.role, action, resource: resource.type },
      },
    );
  }
}

/** Every action `actor` may take on `resource`, in the policy's order (sent to the UI as `allowed`). */
export function allowedActions<R extends Resource>(actor: Actor, resource: R): ActionOf<R>[] {
  const policy = POLICIES[resource.type] as Readonly<Record<string, Rule<Resource>>>;
  return Object.keys(policy).filter((action) =>
    (policy[action] as Rule<Resource>)(actor, resource),
  ) as ActionOf<R>[];
}

/** Screen-level capabilities for `GET /session`, each from one policy rule. */
const CAPABILITIES: readonly (readonly [string, (a: Actor) => boolean])[] = [
  ['queue:view', (a) => can(a, 'view', { type: 'queue' })],
  ['cases:list', (a) => can(a, 'list', { type: 'cases' })],
  ['tasks:list', (a) => can(a, 'list', { type: 'tasks' })],
  ['notifications:list', (a) => can(a, 'list', { type: 'notifications' })],
  ['staff:list', (a) => can(a, 'listOfficers', { type: 'staff' })],
  ['access-log:read', (a) => can(a, 'read', { type: 'access-log' })],
  ['access-log:export', (a) => can(a, 'export', { type: 'access-log' })],
  ['custody:verify', (a) => can(a, 'verify', { type: 'custody-log' })],
  ['users:manage', (a) => can(a, 'list', { type: 'users' })],
  ['settings:view', (a) => can(a, 'viewQueueTargets', { type: 'settings' })],
  ['settings:manage', (a) => can(a, 'updateQueueTargets', { type: 'settings' })],
  ['welfare:view', (a) => can(a, 'viewExposure', { type: 'welfare' })],
  ['members:manage', (a) => can(a, 'list', { type: 'members' })],
  ['authorisations:view', (a) => can(a, 'list', { type: 'authorisations' })],
  ['authorisations:create', (a) => can(a, 'create', { type: 'authorisations' })],
  ['rota:view', (a) => can(a, 'view', { type: 'rota' })],
  ['rota:manage', (a) => can(a, 'manage', { type: 'rota' })],
  ['training:manage', (a) => can(a, 'manageTraining', { type: 'programme' })],
  ['programme:metrics', (a) => can(a, 'viewMetrics', { type: 'programme' })],
  ['programme:settings', (a) => can(a, 'viewSettings', { type: 'programme' })],
  ['debriefs:list', (a) => can(a, 'list', { type: 'debriefs' })],
  ['shift:own', (a) => a.userId !== null && can(a, 'viewOwn', { type: 'shift', userId: a.userId })],
  ['retention:review', (a) => can(a, 'view', { type: 'retention-queue' })],
];

/** The capabilities of `actor` (see `src/contracts/auth.ts`, `SessionInfo.capabilities`). */
export function capabilities(actor: Actor): string[] {
  return CAPABILITIES.filter(([, may]) => may(actor)).map(([name]) => name);
}
