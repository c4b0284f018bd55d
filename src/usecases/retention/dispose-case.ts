/**
 * Disposal of a case's material after a recorded review decision (issue 7 §4; R46; DPA 2018 s39
 * storage limitation and s62 logging of erasure; custody-log.md §8: "Retention deletion removes the
 * bytes but logs the deletion; the leaf and the hash stay"). docs/retention.md explains what is
 * destroyed, what is erased, what is kept and what crypto-shredding guarantees.
 *
 * Two steps, so that a crash never leaves bytes gone without a record:
 * 1. One unit of work records the decision, a `decided` event on the case, one `disposed`
 *    tombstone per exhibit (its SHA-256 kept, reason code, details: when, why, the decision),
 *    erases the case's personal data (and the off-leaf details of events that could hold it),
 *    and logs each erasure in the access log.
 * 2. The keys are destroyed (`completeDisposal`): every blob of the case that another live holder
 *    still needs is wrapped for that holder first; then the case's holder key and its reports'
 *    are overwritten and unlinked, and blobs left with no live holder are deleted. A final unit
 *    of work marks the decision carried out and appends a `disposed` event (reason
 *    `keys-destroyed`) about the case. Until then `custos verify` reports the disposal as pending
 *    and `custos retention resume` (or the next disposal) completes it.
 */
import {
  ERASED_DETAIL_ACTIONS,
  ERASED_TEXT,
  caseHolder,
  reportHolder,
} from '../../core/retention/erasure.ts';
import { TOMBSTONE_REASON } from '../../core/retention/review.ts';
import type { Case } from '../../core/cases/types.ts';
import type { Exhibit } from '../../core/evidence/exhibit.ts';
import { isCustosError } from '../../core/errors.ts';
import type { Repositories } from '../../ports/repositories.ts';
import type { RetentionDecision } from '../../ports/retention-repository.ts';
import type { AppContext } from '../app-context.ts';
import { recordAccess } from '../access-log/record-access.ts';
import { isoTime, recordCustodyEvent } from '../custody/record-custody-event.ts';
import { blobsOfExhibit, liveHoldersOf } from './retention-support.ts';

/** Reason of the case-level event once the keys are destroyed. */
export const KEYS_DESTROYED_REASON = 'keys-destroyed';

/** What a disposal covers: the case's exhibits, reports and tasks. */
export interface DisposalScope {
  readonly exhibits: readonly Exhibit[];
  readonly reportIds: readonly string[];
  readonly reportRefs: readonly string[];
  readonly taskIds: readonly string[];
}

/** The exhibits (originals and derived), reports and tasks of a case. */
export async function disposalScope(repos: Repositories, kase: Case): Promise<DisposalScope> {
  const exhibits: Exhibit[] = [];
  for (const id of await repos.desk.cases.exhibitIdsOf(kase.id)) {
    const ex = await repos.exhibits.findById(id);
    if (ex) exhibits.push(ex);
  }
  const reports = await repos.desk.reports.listByCase(kase.id);
  const tasks = await repos.desk.tasks.listByCases([kase.id]);
  return {
    exhibits,
    reportIds: reports.map((r) => r.id),
    reportRefs: reports.map((r) => r.ref),
    taskIds: tasks.map((t) => t.id),
  };
}

/** Input of {@link recordDisposal}. */
export interface DisposalRecord {
  readonly kase: Case;
  readonly decision: RetentionDecision;
  /** Custody-log actor (`user:<id>`). */
  readonly custodyActor: string;
  readonly access: { readonly actorId: string | null; readonly actorRole: string };
}

/**
 * Step 1, inside the caller's unit of work: tombstones, erasure and its access-log entries.
 * @returns what was erased, by kind.
 */
export async function recordDisposal(
  repos: Repositories,
  ctx: Pick<AppContext, 'clock'>,
  input: DisposalRecord,
): Promise<Readonly<Record<string, number>>> {
  const { kase, decision } = input;
  const scope = await disposalScope(repos, kase);
  const details = {
    decision: decision.id,
    decidedAt: decision.decidedAt,
    reasonCode: decision.reasonCode,
    case: kase.ref,
    retentionClass: decision.retentionClass,
  };
  // Events that could hold personal data in their details, about the case's objects (before the
  // tombstones are added: those keep theirs).
  const objects = [
    `case:${kase.ref}`,
    ...scope.reportRefs.map((r) => `report:${r}`),
    ...scope.taskIds.map((t) => `task:${t}`),
    ...scope.exhibits.map((e) => `exhibit:${e.ref}`),
  ];
  const detailSeqs: number[] = [];
  for (const o of objects)
    for (const e of await repos.custody.eventsFor(o))
      if (ERASED_DETAIL_ACTIONS.has(e.action) && e.details !== null) detailSeqs.push(e.seq);

  for (const ex of scope.exhibits) {
    await recordCustodyEvent(repos, ctx.clock, {
      actor: input.custodyActor,
      action: 'disposed',
      object: `exhibit:${ex.ref}`,
      exhibitHash: ex.sha256,
      reason: TOMBSTONE_REASON,
      details: { ...details, exhibit: ex.ref, kind: ex.kind, sizeBytes: ex.sizeBytes },
    });
  }
  const counts = await repos.retention.eraseCase({
    caseId: kase.id,
    reportIds: scope.reportIds,
    exhibitIds: scope.exhibits.map((e) => e.id),
    taskIds: scope.taskIds,
    detailSeqs,
    erasedText: ERASED_TEXT,
  });
  // s62(1): erasure is logged, like collection and consultation.
  const erased = [
    { objectType: 'case', objectId: kase.id, objectRef: kase.ref },
    ...scope.reportIds.map((id, i) => ({
      objectType: 'report',
      objectId: id,
      objectRef: scope.reportRefs[i] ?? null,
    })),
    ...scope.exhibits.map((e) => ({ objectType: 'exhibit', objectId: e.id, objectRef: e.ref })),
  ];
  for (const o of erased)
    await recordAccess(repos, ctx.clock, {
      ...input.access,
      action: 'erase',
      ...o,
      caseId: kase.id,
      reasonCode: 'retention-dispose',
    });
  return { ...counts, tombstones: scope.exhibits.length };
}

/** What step 2 did. */
export interface ShredSummary {
  readonly holdersDestroyed: number;
  readonly blobs: number;
  readonly blobsDeleted: number;
  /** Blobs another live holder (another case, report, or the intake) still holds. */
  readonly blobsKept: number;
  /** Plaintext blobs (stored before encryption at rest) overwritten and unlinked. */
  readonly plaintextErased: number;
}

/**
 * Step 2: destroys the keys of a recorded disposal and records that it was done. Idempotent.
 * @throws integrity errors from the blob store when a shared blob cannot be re-wrapped for the
 *   holder that still needs it (nothing is destroyed then).
 */
export async function completeDisposal(
  app: Pick<AppContext, 'uow' | 'blobs' | 'clock'>,
  decisionId: string,
): Promise<ShredSummary | null> {
  const repos = app.uow.read;
  const decision = await repos.retention.findDecision(decisionId);
  if (!decision || decision.decision !== 'dispose') return null;
  if (decision.shreddedAt) return (decision.summary?.shred ?? null) as ShredSummary | null;
  const kase = await repos.desk.cases.findById(decision.caseId);
  if (!kase) return null;
  const scope = await disposalScope(repos, kase);
  const shas = new Set<string>();
  for (const ex of scope.exhibits) for (const s of await blobsOfExhibit(repos, ex)) shas.add(s);
  const blobs = [...shas].sort();

  // A blob another holder still needs gets that holder's wrap before any key is destroyed.
  const liveElsewhere = new Map<string, string[]>();
  for (const sha of blobs) {
    const live = await liveHoldersOf(repos, sha, kase.id);
    liveElsewhere.set(sha, live);
    if (!(await app.blobs.has(sha))) continue;
    for (const h of live) {
      try {
        await app.blobs.hold(sha, h);
      } catch (e) {
        // Already crypto-shredded by an earlier, interrupted run: nothing left to keep.
        if (!(isCustosError(e) && e.code === 'BLOB_KEY_MISSING')) throw e;
      }
    }
  }
  const holders = [caseHolder(kase.id), ...scope.reportIds.map(reportHolder)];
  let holdersDestroyed = 0;
  for (const h of holders) {
    const r = await app.blobs.destroyHolder(h, blobs);
    if (r.keyDestroyed) holdersDestroyed++;
  }
  let plaintextErased = 0;
  for (const sha of blobs) {
    if ((liveElsewhere.get(sha) ?? []).length > 0) continue;
    if ((await app.blobs.holders(sha)) === null) {
      await app.blobs.erase(sha);
      plaintextErased++;
    }
  }
  let kept = 0;
  for (const sha of blobs) if (await app.blobs.has(sha)) kept++;
  const summary: ShredSummary = {
    holdersDestroyed,
    blobs: blobs.length,
    blobsDeleted: blobs.length - kept,
    blobsKept: kept,
    plaintextErased,
  };
  await app.uow.run(async (r) => {
    const fresh = await r.retention.findDecision(decisionId);
    if (!fresh || fresh.shreddedAt) return;
    const at = isoTime(app.clock.now());
    await r.retention.markShredded(decisionId, at, { ...(fresh.summary ?? {}), shred: summary });
    await recordCustodyEvent(r, app.clock, {
      actor: 'system:custos',
      action: 'disposed',
      object: `case:${kase.ref}`,
      reason: KEYS_DESTROYED_REASON,
      details: { decision: decisionId, ...summary },
    });
  });
  await app.uow.read.retention.reclaimErasedSpace();
  return summary;
}

/** Completes every disposal whose keys were not destroyed yet (after a crash). @returns how many. */
export async function resumeDisposals(
  app: Pick<AppContext, 'uow' | 'blobs' | 'clock'>,
): Promise<number> {
  let n = 0;
  for (const d of await app.uow.read.retention.pendingDisposals()) {
    await completeDisposal(app, d.id);
    n++;
  }
  return n;
}
