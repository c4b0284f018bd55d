/**
 * The retention review of an officer's cases (R46; docs/retention.md): the queue of cases due for
 * review, a case's retention with what disposal would destroy, and the recorded decision — retain
 * with a new review date and the rationale, or dispose (then `dispose-case.ts` crypto-shreds).
 * Only the owning officer reviews (policies/retention.ts); every view is logged (s62).
 */
import type { Case } from '../../core/cases/types.ts';
import { CustosError } from '../../core/errors.ts';
import {
  RETENTION_CLASS_IDS,
  type RetentionClassId,
  type RetentionSettings,
} from '../../core/retention/classes.ts';
import {
  DISPOSE_REASONS,
  RETAIN_REASONS,
  checkDispose,
  checkRetain,
  isDue,
  type DisposeReason,
  type RetainReason,
} from '../../core/retention/review.ts';
import { allowedActions, authorize } from '../../policies/authorize.ts';
import type { RetentionResource } from '../../policies/retention.ts';
import type { Repositories } from '../../ports/repositories.ts';
import type { CaseRetention, RetentionDecision } from '../../ports/retention-repository.ts';
import { recordAccess } from '../access-log/record-access.ts';
import { loadCase } from '../cases/view-case.ts';
import { recordCustodyEvent } from '../custody/record-custody-event.ts';
import type { DeskActor, DeskContext } from '../desk-context.ts';
import { accessActor, custodyActor, nowIso, people, personOf } from '../desk-support.ts';
import {
  completeDisposal,
  disposalScope,
  recordDisposal,
  resumeDisposals,
} from './dispose-case.ts';
import {
  blobsOfExhibit,
  classOf,
  dateOf,
  effectiveRetention,
  liveHoldersOf,
  retentionSettings,
  reviewState,
} from './retention-support.ts';

/** Cases due within this many days are listed as upcoming. */
export const UPCOMING_DAYS = 30;

function resource(kase: Case, r: CaseRetention): RetentionResource {
  return { type: 'retention', ownerId: kase.ownerId, disposed: r.disposedAt !== null };
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** One class and its review period. */
export interface RetentionClassView {
  readonly id: RetentionClassId;
  readonly label: string;
  readonly reviewMonths: number;
}

function classViews(settings: RetentionSettings): RetentionClassView[] {
  return RETENTION_CLASS_IDS.map((id) => ({ id, ...settings[id] }));
}

/**
 * The retention classes and their review periods (officers choose one when they retain).
 * @throws CustosError `POLICY_DENIED`.
 */
export async function listRetentionClasses(
  ctx: DeskContext,
  actor: DeskActor,
): Promise<{ items: RetentionClassView[] }> {
  authorize(actor, 'view', { type: 'retention-queue' });
  return { items: classViews(await retentionSettings(ctx.uow.read)) };
}

/** A row of the review queue. */
export interface RetentionReviewItem {
  readonly caseId: string;
  readonly caseRef: string;
  readonly title: string;
  readonly status: Case['status'];
  readonly outcome: Case['outcome'];
  readonly retentionClass: RetentionClassId;
  readonly classLabel: string;
  readonly reviewDue: string;
  readonly due: boolean;
  /** Days past the review date (negative: days to go). */
  readonly overdueDays: number;
}

/**
 * The actor's cases due for review (and those due within {@link UPCOMING_DAYS} days), most
 * overdue first. Disposed cases are not listed.
 * @throws CustosError `POLICY_DENIED` (officers only).
 */
export async function listRetentionReviews(
  ctx: DeskContext,
  actor: DeskActor,
): Promise<{ today: string; items: RetentionReviewItem[] }> {
  authorize(actor, 'view', { type: 'retention-queue' });
  const repos = ctx.uow.read;
  const today = dateOf(ctx.clock.now());
  const settings = await retentionSettings(repos);
  const cases = await repos.desk.cases.listByOwner(actor.userId ?? '');
  const stored = new Map(
    (await repos.retention.ofCases(cases.map((c) => c.id))).map((r) => [r.caseId, r]),
  );
  const items: RetentionReviewItem[] = [];
  for (const kase of cases) {
    const r = effectiveRetention(kase, stored.get(kase.id), settings);
    if (r.disposedAt) continue;
    const overdueDays = daysBetween(r.reviewDue, today);
    if (overdueDays < -UPCOMING_DAYS) continue;
    const cls = classOf(kase, r);
    items.push({
      caseId: kase.id,
      caseRef: kase.ref,
      title: kase.title,
      status: kase.status,
      outcome: kase.outcome,
      retentionClass: cls,
      classLabel: settings[cls].label,
      reviewDue: r.reviewDue,
      due: isDue({ reviewDue: r.reviewDue, today }),
      overdueDays,
    });
  }
  items.sort((a, b) => b.overdueDays - a.overdueDays || (a.caseRef < b.caseRef ? -1 : 1));
  return { today, items };
}

/** An exhibit disposal would destroy (or keep, when another holder still needs its bytes). */
export interface DisposalExhibitView {
  readonly ref: string;
  readonly kind: string;
  readonly sha256: string;
  readonly sizeBytes: number;
  readonly status: string;
  /** Other holders (cases, reports, intake) whose exhibits keep these bytes. */
  readonly keptFor: number;
}

export interface RetentionDecisionView {
  readonly id: string;
  readonly decision: 'retain' | 'dispose';
  readonly reasonCode: string;
  readonly rationale: string;
  readonly retentionClass: string;
  readonly reviewDue: string;
  readonly nextReview: string | null;
  readonly decidedBy: { readonly id: string; readonly displayName: string };
  readonly decidedAt: string;
  readonly shreddedAt: string | null;
  readonly summary: Record<string, unknown> | null;
}

export interface CaseRetentionView {
  readonly caseId: string;
  readonly caseRef: string;
  readonly title: string;
  readonly status: Case['status'];
  readonly outcome: Case['outcome'];
  readonly today: string;
  readonly retentionClass: RetentionClassId;
  readonly classLabel: string;
  readonly reviewDue: string;
  readonly due: boolean;
  readonly disposedAt: string | null;
  readonly allowed: string[];
  readonly classes: RetentionClassView[];
  readonly retainReasons: readonly RetainReason[];
  readonly disposeReasons: readonly DisposeReason[];
  readonly decisions: RetentionDecisionView[];
  /** What a disposal would destroy and erase now. */
  readonly disposal: {
    readonly exhibits: DisposalExhibitView[];
    readonly reports: number;
    readonly tasks: number;
    readonly timelineEntries: number;
  };
}

async function decisionViews(
  repos: Repositories,
  decisions: readonly RetentionDecision[],
): Promise<RetentionDecisionView[]> {
  const names = await people(
    repos,
    decisions.map((d) => d.decidedBy),
  );
  return decisions.map((d) => ({
    id: d.id,
    decision: d.decision,
    reasonCode: d.reasonCode,
    rationale: d.rationale,
    retentionClass: d.retentionClass,
    reviewDue: d.reviewDue,
    nextReview: d.nextReview,
    decidedBy: personOf(names, d.decidedBy),
    decidedAt: d.decidedAt,
    shreddedAt: d.shreddedAt,
    summary: d.summary ? { ...d.summary } : null,
  }));
}

/**
 * A case's retention: class, review date, decisions, and what disposal would destroy (exhibit
 * references, hashes and sizes; no content). Logged as a consultation (`retention-review`).
 * @throws CustosError `CASE_NOT_FOUND`, `POLICY_DENIED` (only the owning officer).
 */
export async function viewCaseRetention(
  ctx: DeskContext,
  actor: DeskActor,
  caseId: string,
): Promise<CaseRetentionView> {
  const repos = ctx.uow.read;
  const kase = await loadCase(repos, caseId);
  const settings = await retentionSettings(repos);
  const r = effectiveRetention(kase, await repos.retention.get(kase.id), settings);
  const res = resource(kase, r);
  authorize(actor, 'view', res);
  const today = dateOf(ctx.clock.now());
  const scope = await disposalScope(repos, kase);
  const exhibits: DisposalExhibitView[] = [];
  for (const ex of scope.exhibits) {
    const others = new Set<string>();
    for (const sha of await blobsOfExhibit(repos, ex))
      for (const h of await liveHoldersOf(repos, sha, kase.id)) others.add(h);
    exhibits.push({
      ref: ex.ref,
      kind: ex.kind,
      sha256: ex.sha256,
      sizeBytes: ex.sizeBytes,
      status: ex.status,
      keptFor: others.size,
    });
  }
  const cls = classOf(kase, r);
  const view: CaseRetentionView = {
    caseId: kase.id,
    caseRef: kase.ref,
    title: kase.title,
    status: kase.status,
    outcome: kase.outcome,
    today,
    retentionClass: cls,
    classLabel: settings[cls].label,
    reviewDue: r.reviewDue,
    due: isDue({ reviewDue: r.reviewDue, today }),
    disposedAt: r.disposedAt,
    allowed: allowedActions(actor, res),
    classes: classViews(settings),
    retainReasons: RETAIN_REASONS,
    disposeReasons: DISPOSE_REASONS,
    decisions: await decisionViews(repos, await repos.retention.decisionsOf(kase.id)),
    disposal: {
      exhibits,
      reports: scope.reportIds.length,
      tasks: scope.taskIds.length,
      timelineEntries: (await repos.desk.cases.entriesOf(kase.id)).length,
    },
  };
  await ctx.uow.run((w) =>
    recordAccess(w, ctx.clock, {
      ...accessActor(actor),
      action: 'consult',
      objectType: 'case',
      objectId: kase.id,
      objectRef: kase.ref,
      caseId: kase.id,
      reasonCode: 'retention-review',
    }),
  );
  return view;
}

/** A recorded review decision. */
export type RetentionDecisionInput =
  | {
      readonly decision: 'retain';
      readonly reasonCode: RetainReason;
      readonly rationale: string;
      readonly nextReview: string;
      readonly retentionClass?: RetentionClassId | undefined;
    }
  | {
      readonly decision: 'dispose';
      readonly reasonCode: DisposeReason;
      readonly rationale: string;
      readonly confirmCaseRef: string;
      readonly cpiaPeriodEnded: boolean;
    };

/**
 * Records the owning officer's review decision. Retain: the class (optionally changed) and the
 * next review date are stored with the rationale. Dispose: the case's material is disposed of
 * (`dispose-case.ts`): tombstones and erasure in one unit of work, then the keys are destroyed.
 *
 * @throws CustosError `CASE_NOT_FOUND`, `POLICY_DENIED`; the review rules' codes
 *   (`core/retention/review.ts`): `RETENTION_ALREADY_DISPOSED`, `RETENTION_CASE_OPEN`,
 *   `RETENTION_PROCEEDINGS_PENDING`, `RETENTION_NOT_DUE`, `RETENTION_CPIA_NOT_CONFIRMED`,
 *   `RETENTION_CONFIRMATION_MISMATCH`, `RETENTION_REVIEW_DATE_INVALID`, `RETENTION_DATE_INVALID`.
 */
export async function decideRetention(
  ctx: DeskContext,
  actor: DeskActor,
  caseId: string,
  input: RetentionDecisionInput,
): Promise<RetentionDecisionView> {
  const settings = await retentionSettings(ctx.uow.read);
  const check = async (repos: Repositories) => {
    const kase = await loadCase(repos, caseId);
    const r = effectiveRetention(kase, await repos.retention.get(kase.id), settings);
    authorize(actor, input.decision, resource(kase, r));
    const state = reviewState(kase, r, dateOf(ctx.clock.now()));
    if (input.decision === 'retain') checkRetain(state, input.nextReview);
    else
      checkDispose(state, {
        caseRef: input.confirmCaseRef,
        cpiaPeriodEnded: input.cpiaPeriodEnded,
      });
    return { kase, r, state };
  };
  await check(ctx.uow.read);
  if (input.decision === 'dispose') await resumeDisposals(ctx);
  const decision = await ctx.uow.run(async (repos) => {
    const { kase, r, state } = await check(repos);
    const now = nowIso(ctx);
    const d: RetentionDecision = {
      id: ctx.ids.newId(),
      caseId: kase.id,
      decision: input.decision,
      reasonCode: input.reasonCode,
      rationale: input.rationale,
      retentionClass:
        input.decision === 'retain'
          ? (input.retentionClass ?? state.retentionClass)
          : state.retentionClass,
      reviewDue: r.reviewDue,
      nextReview: input.decision === 'retain' ? input.nextReview : null,
      decidedBy: actor.userId ?? '',
      decidedAt: now,
      shreddedAt: null,
      summary: null,
    };
    if (input.decision === 'retain') await repos.retention.insertDecision(d);
    await recordCustodyEvent(repos, ctx.clock, {
      actor: custodyActor(actor),
      action: 'decided',
      object: `case:${kase.ref}`,
      reason: input.decision === 'retain' ? 'retention-retain' : 'retention-dispose',
      details: {
        decision: d.id,
        reasonCode: d.reasonCode,
        retentionClass: d.retentionClass,
        reviewDue: d.reviewDue,
        ...(d.nextReview ? { nextReview: d.nextReview } : {}),
      },
    });
    if (input.decision === 'retain') {
      await repos.retention.put({
        caseId: kase.id,
        retentionClass: d.retentionClass,
        reviewDue: input.nextReview,
        setAt: now,
        setBy: d.decidedBy,
        disposedAt: null,
        disposalId: null,
      });
      await recordAccess(repos, ctx.clock, {
        ...accessActor(actor),
        action: 'change',
        objectType: 'case',
        objectId: kase.id,
        objectRef: kase.ref,
        caseId: kase.id,
        reasonCode: 'retention-retain',
      });
      return d;
    }
    const erased = await recordDisposal(repos, ctx, {
      kase,
      decision: d,
      custodyActor: custodyActor(actor),
      access: accessActor(actor),
    });
    const recorded: RetentionDecision = { ...d, summary: { erased } };
    await repos.retention.insertDecision(recorded);
    await repos.retention.put({ ...r, disposedAt: now, disposalId: d.id });
    return recorded;
  });
  if (decision.decision === 'dispose') {
    const shred = await completeDisposal(ctx, decision.id);
    if (!shred)
      throw new CustosError(
        'internal',
        'RETENTION_DISPOSAL_LOST',
        `disposal ${decision.id} vanished`,
      );
  }
  const stored = (await ctx.uow.read.retention.findDecision(decision.id)) ?? decision;
  const [view] = await decisionViews(ctx.uow.read, [stored]);
  return view as RetentionDecisionView;
}
