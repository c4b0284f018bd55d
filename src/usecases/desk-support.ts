/**
 * Small helpers shared by the desk's use cases: actor ids for the two logs, tokens and hashes,
 * people lookups, and the policy resources built from stored records.
 */
import { createHash } from 'node:crypto';
import { CustosError } from '../core/errors.ts';
import type { Case, Report, Task } from '../core/cases/types.ts';
import type { CaseResource, ReportResource, TaskResource } from '../policies/index.ts';
import { isStaffRole, type Actor } from '../policies/roles.ts';
import type { User } from '../ports/account-repositories.ts';
import type { Repositories } from '../ports/repositories.ts';
import { isoTime } from './custody/record-custody-event.ts';
import type { DeskActor, DeskContext } from './desk-context.ts';

/** Pseudonymous custody-log actor: `user:<id>`, `public:<report ref>`, `cli:operator`. */
export function custodyActor(actor: Actor, reportRef?: string): string {
  if (actor.userId === 'local-operator') return 'cli:operator';
  if (actor.userId !== null) return `user:${actor.userId}`;
  return `public:${reportRef ?? 'reporter'}`;
}

/** Access-log actor fields. */
export function accessActor(actor: Actor): { actorId: string | null; actorRole: string } {
  return { actorId: actor.userId, actorRole: actor.role };
}

/** Now as ISO-8601 UTC from the context's clock. */
export function nowIso(ctx: Pick<DeskContext, 'clock'>): string {
  return isoTime(ctx.clock.now());
}

/** ISO time `minutes` after `iso`. */
export function plusMinutes(iso: string, minutes: number): string {
  return new Date(Date.parse(iso) + minutes * 60_000).toISOString();
}

/** Lowercase hex SHA-256 of a UTF-8 string (FIPS 180-4). */
export function sha256Hex(s: string): string {
  return createHash('sha256').update(s, 'utf8').digest('hex');
}

/** A random token: `bytes` random bytes, base64url (RFC 4648 §5), 256 bits by default. */
export function newToken(ctx: Pick<DeskContext, 'ids'>, bytes = 32): string {
  return Buffer.from(ctx.ids.randomBytes(bytes)).toString('base64url');
}

/** CustosError (not-found) for a missing record, naming it. */
export function notFound(code: string, what: string): CustosError {
  return new CustosError('not-found', code, `${what} does not exist or is not visible to you`);
}

/** Display names of users by id (unknown ids show as `unknown user`). */
export async function people(
  repos: Repositories,
  ids: readonly (string | null)[],
): Promise<Map<string, { id: string; displayName: string }>> {
  const wanted = ids.filter((x): x is string => x !== null && x !== 'local-operator');
  const users = await repos.accounts.users.findByIds(wanted);
  const out = new Map(users.map((u) => [u.id, { id: u.id, displayName: u.displayName }]));
  for (const id of wanted) if (!out.has(id)) out.set(id, { id, displayName: 'unknown user' });
  return out;
}

/** A person reference from a lookup, for ids that were looked up. */
export function personOf(
  map: ReadonlyMap<string, { id: string; displayName: string }>,
  id: string,
): { id: string; displayName: string } {
  return (
    map.get(id) ?? { id, displayName: id === 'local-operator' ? 'local operator' : 'unknown user' }
  );
}

export function caseResource(kase: Case): CaseResource {
  return { type: 'case', ownerId: kase.ownerId, status: kase.status };
}

/** The policy view of a report: its status and the owner of its case (null while queued). */
export async function reportResource(
  repos: Repositories,
  report: Report,
): Promise<ReportResource & { readonly kase: Case | undefined }> {
  const kase = report.caseId ? await repos.desk.cases.findById(report.caseId) : undefined;
  return {
    type: 'report',
    status: report.status,
    caseOwnerId: kase?.ownerId ?? (report.caseId ? '' : null),
    kase,
  };
}

/** True while a deconfliction hit on the task's report waits for an officer's acknowledgement. */
export async function taskBlocked(repos: Repositories, task: Task): Promise<boolean> {
  if (task.reportId === null) return false;
  const hits = await repos.desk.deconfliction.listByReports([task.reportId]);
  return hits.some((h) => h.acknowledgedAt === null);
}

/**
 * The policy view of a task.
 * @param locked - the assignee does not meet the task's requirements now (from
 *   `usecases/programme/task-gate.ts`, `taskLock`).
 */
export async function taskResource(
  repos: Repositories,
  task: Task,
  locked: boolean,
): Promise<TaskResource & { readonly kase: Case }> {
  const kase = await repos.desk.cases.findById(task.caseId);
  if (!kase)
    throw new CustosError(
      'internal',
      'TASK_CASE_MISSING',
      `task ${task.id} names case ${task.caseId}, which is missing`,
    );
  return {
    type: 'task',
    assigneeId: task.assigneeId,
    caseOwnerId: kase.ownerId,
    status: task.status,
    blocked: await taskBlocked(repos, task),
    locked,
    kase,
  };
}

/**
 * The policy actor of an account.
 * @throws CustosError `ACCOUNT_ROLE_UNKNOWN` (internal) when the stored role is not a staff role.
 */
export function actorOfUser(user: Pick<User, 'id' | 'role'>, sessionId: string | null): DeskActor {
  if (!isStaffRole(user.role))
    throw new CustosError(
      'internal',
      'ACCOUNT_ROLE_UNKNOWN',
      `account ${user.id} has the unknown role ${user.role}`,
    );
  return { role: user.role, userId: user.id, sessionId };
}
