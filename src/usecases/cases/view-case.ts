/**
 * The case page: exhibits with hash, reference and custody events; selectors; deconfliction hits
 * (pointers); tasks; the timeline of notes, decisions, referrals, transfers and the outcome; what
 * the owner may do. Needs the session's justification (R38); logged as a consultation.
 */
import type { Case, CaseEntry } from '../../core/cases/types.ts';
import { allowedActions, authorize, can } from '../../policies/authorize.ts';
import type { CustodyEventRecord, Repositories } from '../../ports/repositories.ts';
import { recordAccess } from '../access-log/record-access.ts';
import type { DeskActor, DeskContext } from '../desk-context.ts';
import { accessActor, caseResource, notFound, people, personOf } from '../desk-support.ts';
import { triageFacts } from '../reports/list-queue.ts';
import { effectiveBand } from '../../core/cases/queue.ts';
import {
  exhibitView,
  hitViews,
  selectorViews,
  type ExhibitView,
  type PersonView,
} from '../reports/views.ts';
import { taskLocks } from '../programme/task-gate.ts';
import { taskSummaries } from '../tasks/task-views.ts';
import { caseSummary } from './case-summary.ts';
import { requireJustification } from './justification.ts';

/** The case's tasks with their locks now (what the volunteer is missing, if anything). */
async function caseTasks(
  ctx: Pick<DeskContext, 'clock'>,
  repos: Repositories,
  kase: Case,
  viewerId: string | null,
) {
  const tasks = await repos.desk.tasks.listByCases([kase.id]);
  return taskSummaries(repos, tasks, [kase], await taskLocks(ctx, repos, tasks), viewerId);
}

/** @throws CustosError `CASE_NOT_FOUND` (not-found). */
export async function loadCase(repos: Repositories, id: string): Promise<Case> {
  const kase = await repos.desk.cases.findById(id);
  if (!kase) throw notFound('CASE_NOT_FOUND', `case ${id}`);
  return kase;
}

export interface CaseEntryView {
  readonly id: string;
  readonly kind: CaseEntry['body']['kind'];
  readonly at: string;
  readonly by: PersonView;
  readonly body: Record<string, unknown>;
}

export function caseEntryView(e: CaseEntry, names: ReadonlyMap<string, PersonView>): CaseEntryView {
  const { kind, ...body } = e.body;
  return { id: e.id, kind, at: e.at, by: personOf(names, e.by), body };
}

/** Who a custody event's actor is, in words. */
export function custodyActorName(actor: string, names: ReadonlyMap<string, PersonView>): string {
  if (actor.startsWith('user:')) return personOf(names, actor.slice(5)).displayName;
  if (actor.startsWith('public:')) return 'public reporter';
  if (actor.startsWith('cli:')) return `command line (${actor.slice(4)})`;
  return 'system';
}

export async function custodyViews(
  repos: Repositories,
  events: readonly CustodyEventRecord[],
): Promise<{ seq: number; at: string; action: string; actor: string; reason: string | null }[]> {
  const names = await people(
    repos,
    events.filter((e) => e.actor.startsWith('user:')).map((e) => e.actor.slice(5)),
  );
  return events.map((e) => ({
    seq: e.seq,
    at: e.at,
    action: e.action,
    actor: custodyActorName(e.actor, names),
    reason: e.reason,
  }));
}

export async function viewCase(ctx: DeskContext, actor: DeskActor, caseId: string) {
  const repos = ctx.uow.read;
  const kase = await loadCase(repos, caseId);
  const resource = caseResource(kase);
  authorize(actor, 'view', resource);
  const justification = await requireJustification(repos, actor, kase);
  const reports = await repos.desk.reports.listByCase(kase.id);
  const facts = await triageFacts(ctx, repos, reports);
  const exhibits: (ExhibitView & { custody: Awaited<ReturnType<typeof custodyViews>> })[] = [];
  for (const id of await repos.desk.cases.exhibitIdsOf(kase.id)) {
    const e = await repos.exhibits.findById(id);
    if (!e) continue;
    exhibits.push({
      ...(await exhibitView(repos, e)),
      custody: await custodyViews(repos, await repos.custody.eventsFor(`exhibit:${e.ref}`)),
    });
  }
  const unmasked = can(actor, 'viewUnmasked', {
    type: 'selector',
    caseOwnerId: kase.ownerId,
    viaTask: null,
  });
  const reportIds = new Set(reports.map((r) => r.id));
  const outgoing = await repos.desk.deconfliction.listByReports([...reportIds]);
  const incoming = (await repos.desk.deconfliction.listByOtherCase(kase.id)).filter(
    (h) => !reportIds.has(h.reportId),
  );
  const entries = await repos.desk.cases.entriesOf(kase.id);
  const names = await people(
    repos,
    entries.map((e) => e.by),
  );
  const mayAck = can(actor, 'view', resource);
  const view = {
    ...(await caseSummary(repos, kase)),
    reports: reports.map((r) => {
      const f = facts.get(r.id);
      return { id: r.id, ref: r.ref, receivedAt: r.receivedAt, band: f ? effectiveBand(f) : null };
    }),
    exhibits,
    selectors: await selectorViews(
      repos,
      await repos.desk.reports.selectorsOf([...reportIds]),
      unmasked,
    ),
    deconfliction: await hitViews(repos, [...outgoing, ...incoming], reportIds, {
      unmasked,
      canAcknowledge: (rid) => mayAck && reportIds.has(rid),
    }),
    tasks: await caseTasks(ctx, repos, kase, actor.userId),
    timeline: entries.map((e) => caseEntryView(e, names)),
    welfareDecisions: entries
      .filter((e) => e.body.kind === 'decision' && e.body.decision === 'subject-welfare')
      .map((e) => ({ id: e.id, at: e.at })),
    justification: { reasonCode: justification.reasonCode, at: justification.at },
    allowed: allowedActions(actor, resource),
  };
  await ctx.uow.run((w) =>
    recordAccess(w, ctx.clock, {
      ...accessActor(actor),
      action: 'consult',
      objectType: 'case',
      objectId: kase.id,
      objectRef: kase.ref,
      caseId: kase.id,
      reasonCode: justification.reasonCode,
      justification: justification.text,
    }),
  );
  return view;
}

/** The actor's own cases (officers). */
export async function listCases(ctx: DeskContext, actor: DeskActor) {
  authorize(actor, 'list', { type: 'cases' });
  const repos = ctx.uow.read;
  const cases = await repos.desk.cases.listByOwner(actor.userId ?? '');
  const items = await Promise.all(cases.map((c) => caseSummary(repos, c)));
  await ctx.uow.run((w) =>
    recordAccess(w, ctx.clock, {
      ...accessActor(actor),
      action: 'consult',
      objectType: 'case-list',
      objectId: actor.userId ?? '',
      reasonCode: 'case-work',
      justification: `${items.length} own cases listed`,
    }),
  );
  return { items };
}
