/**
 * The shape every change to a case takes: load, authorize, then in one unit of work the change,
 * its timeline entry, its custody event and its access-log entry.
 */
import type { Case, CaseEntry, CaseEntryBody } from '../../core/cases/types.ts';
import type { CustodyAction } from '../../core/custody/event.ts';
import { authorize } from '../../policies/authorize.ts';
import type { CaseResource } from '../../policies/case.ts';
import type { ActionOf } from '../../policies/authorize.ts';
import type { Repositories } from '../../ports/repositories.ts';
import { recordAccess } from '../access-log/record-access.ts';
import { recordCustodyEvent } from '../custody/record-custody-event.ts';
import type { DeskActor, DeskContext } from '../desk-context.ts';
import { accessActor, caseResource, custodyActor, nowIso, people } from '../desk-support.ts';
import { caseEntryView, loadCase, type CaseEntryView } from './view-case.ts';

export interface CaseChange {
  readonly action: ActionOf<CaseResource>;
  readonly custody: CustodyAction;
  /** Machine code for the custody leaf. */
  readonly reason: string;
  /** Checks against the current case before anything is written (throws to refuse). */
  readonly check?: (kase: Case, repos: Repositories) => Promise<void> | void;
  readonly entry: (kase: Case) => CaseEntryBody;
  /** Further writes in the same unit of work. */
  readonly apply?: (kase: Case, repos: Repositories, entry: CaseEntry) => Promise<void>;
  /** Details kept outside the custody leaf. */
  readonly details?: Record<string, unknown>;
}

/** Runs one change to a case and returns its timeline entry. */
export async function changeCase(
  ctx: DeskContext,
  actor: DeskActor,
  caseId: string,
  change: CaseChange,
): Promise<CaseEntryView> {
  const kase = await loadCase(ctx.uow.read, caseId);
  authorize(actor, change.action, caseResource(kase));
  const entry = await ctx.uow.run(async (repos) => {
    const current = await loadCase(repos, caseId);
    authorize(actor, change.action, caseResource(current));
    await change.check?.(current, repos);
    const now = nowIso(ctx);
    const entry: CaseEntry = {
      id: ctx.ids.newId(),
      caseId,
      at: now,
      by: actor.userId ?? '',
      body: change.entry(current),
    };
    await repos.desk.cases.insertEntry(entry);
    await change.apply?.(current, repos, entry);
    await repos.desk.cases.update(caseId, { updatedAt: now });
    await recordCustodyEvent(repos, ctx.clock, {
      actor: custodyActor(actor),
      action: change.custody,
      object: `case:${current.ref}`,
      reason: change.reason,
      details: { entry: entry.id, ...(change.details ?? {}) },
    });
    const j = actor.sessionId
      ? await repos.desk.cases.justificationFor(actor.sessionId, caseId)
      : undefined;
    await recordAccess(repos, ctx.clock, {
      ...accessActor(actor),
      action: 'change',
      objectType: 'case',
      objectId: caseId,
      objectRef: current.ref,
      caseId,
      reasonCode: j?.reasonCode ?? 'case-work',
    });
    return entry;
  });
  return caseEntryView(entry, await people(ctx.uow.read, [entry.by]));
}
