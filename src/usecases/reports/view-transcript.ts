/**
 * Reading a transcript on the officer desk, with the lines the stored assessment cites. Every
 * read records a `viewed` custody event for the exhibit (continuity) and an access-log
 * consultation under the report's or case's justification.
 */
import { CustosError } from '../../core/errors.ts';
import type { Case } from '../../core/cases/types.ts';
import type { Exhibit } from '../../core/evidence/exhibit.ts';
import { authorize } from '../../policies/authorize.ts';
import { recordAccess } from '../access-log/record-access.ts';
import { requireJustification } from '../cases/justification.ts';
import { recordCustodyEvent } from '../custody/record-custody-event.ts';
import type { DeskActor, DeskContext } from '../desk-context.ts';
import { accessActor, custodyActor, notFound } from '../desk-support.ts';
import { loadReportFor } from './view-report.ts';
import { reportExhibits, transcriptView, type TranscriptViewData } from './views.ts';

async function showTranscript(
  ctx: DeskContext,
  actor: DeskActor,
  exhibit: Exhibit,
  caseId: string | null,
  reasonCode: string,
): Promise<TranscriptViewData> {
  const repos = ctx.uow.read;
  const assessments = await ctx.triage.assessmentsFor(repos, [exhibit.id]);
  const { view, transcriptExhibit } = await transcriptView(
    ctx,
    repos,
    exhibit,
    null,
    assessments.get(exhibit.id)?.citations ?? [],
  );
  await ctx.uow.run(async (w) => {
    await recordCustodyEvent(w, ctx.clock, {
      actor: custodyActor(actor),
      action: 'viewed',
      object: `exhibit:${transcriptExhibit.ref}`,
      exhibitHash: transcriptExhibit.sha256,
    });
    await recordAccess(w, ctx.clock, {
      ...accessActor(actor),
      action: 'consult',
      objectType: 'exhibit',
      objectId: transcriptExhibit.id,
      objectRef: transcriptExhibit.ref,
      caseId,
      reasonCode,
    });
  });
  return view;
}

/**
 * A transcript of one of a report's exhibits (the first one with a transcript when `exhibitId` is omitted).
 * @throws CustosError `REPORT_NOT_FOUND`, `POLICY_DENIED`, `JUSTIFICATION_REQUIRED`, `EXHIBIT_NOT_IN_REPORT`
 *   (not-found), `TRANSCRIPT_NOT_AVAILABLE` (not-found).
 */
export async function viewReportTranscript(
  ctx: DeskContext,
  actor: DeskActor,
  reportId: string,
  exhibitId?: string,
): Promise<TranscriptViewData> {
  const { report, reasonCode } = await loadReportFor(
    ctx,
    ctx.uow.read,
    actor,
    reportId,
    'viewTranscript',
  );
  const exhibits = await reportExhibits(ctx.uow.read, report.id);
  const exhibit =
    exhibitId === undefined
      ? (exhibits.find((e) => e.status === 'parsed') ?? exhibits[0])
      : exhibits.find((e) => e.id === exhibitId);
  if (!exhibit) {
    if (exhibitId === undefined)
      throw new CustosError(
        'not-found',
        'TRANSCRIPT_NOT_AVAILABLE',
        `report ${report.ref} has no evidence files yet`,
      );
    throw new CustosError(
      'not-found',
      'EXHIBIT_NOT_IN_REPORT',
      `exhibit ${exhibitId} was not handed in with report ${report.ref}`,
    );
  }
  return showTranscript(ctx, actor, exhibit, report.caseId, reasonCode);
}

/** Where an exhibit belongs: its case (directly or through its report) and whether it is queued. */
async function placeOf(
  ctx: DeskContext,
  exhibit: Exhibit,
): Promise<{ kase: Case | undefined; inQueue: boolean }> {
  const repos = ctx.uow.read;
  const originalId =
    exhibit.kind === 'original' ? exhibit.id : (exhibit.sourceExhibitId ?? exhibit.id);
  const reportId = await repos.desk.reports.reportOfExhibit(originalId);
  const report = reportId ? await repos.desk.reports.findById(reportId) : undefined;
  const caseId = exhibit.caseId ?? report?.caseId ?? null;
  const kase = caseId ? await repos.desk.cases.findById(caseId) : undefined;
  return {
    kase,
    inQueue:
      !kase && report !== undefined && (report.status === 'new' || report.status === 'in-review'),
  };
}

/**
 * Loads an exhibit the actor may act on.
 * @throws CustosError `EXHIBIT_NOT_FOUND`, `POLICY_DENIED`, `JUSTIFICATION_REQUIRED`.
 */
export async function loadExhibitFor(
  ctx: DeskContext,
  actor: DeskActor,
  exhibitId: string,
  action: 'viewTranscript' | 'downloadOriginal',
) {
  const exhibit = await ctx.uow.read.exhibits.findById(exhibitId);
  if (!exhibit) throw notFound('EXHIBIT_NOT_FOUND', `exhibit ${exhibitId}`);
  const { kase, inQueue } = await placeOf(ctx, exhibit);
  authorize(actor, action, { type: 'exhibit', caseOwnerId: kase?.ownerId ?? null, inQueue });
  const justification = kase ? await requireJustification(ctx.uow.read, actor, kase) : null;
  return { exhibit, kase, reasonCode: justification?.reasonCode ?? 'triage' };
}

/** A transcript of any exhibit the actor may read (officer desk: case page). */
export async function viewExhibitTranscript(
  ctx: DeskContext,
  actor: DeskActor,
  exhibitId: string,
): Promise<TranscriptViewData> {
  const { exhibit, kase, reasonCode } = await loadExhibitFor(
    ctx,
    actor,
    exhibitId,
    'viewTranscript',
  );
  return showTranscript(ctx, actor, exhibit, kase?.id ?? null, reasonCode);
}

/**
 * The original bytes of an exhibit, for the officer owning its case: a disclosure, logged with
 * an `exported` custody event and an access-log `disclose` entry (the officer is the recipient).
 * The stream re-hashes as it goes and fails on a mismatch.
 */
export async function downloadOriginal(
  ctx: DeskContext,
  actor: DeskActor,
  exhibitId: string,
): Promise<{ exhibit: Exhibit; name: string; bytes: AsyncIterable<Uint8Array> }> {
  const { exhibit, kase, reasonCode } = await loadExhibitFor(
    ctx,
    actor,
    exhibitId,
    'downloadOriginal',
  );
  if (exhibit.status === 'disposed')
    throw new CustosError(
      'conflict',
      'EXHIBIT_DISPOSED',
      `exhibit ${exhibit.ref} was disposed of at a retention review; its hash is kept in the custody log`,
    );
  if (exhibit.form === 'folder')
    throw new CustosError(
      'invalid-input',
      'EXHIBIT_IS_FOLDER',
      `exhibit ${exhibit.ref} is a folder of ${exhibit.sizeBytes} bytes; take its files through a court bundle`,
    );
  await ctx.uow.run(async (w) => {
    await recordCustodyEvent(w, ctx.clock, {
      actor: custodyActor(actor),
      action: 'exported',
      object: `exhibit:${exhibit.ref}`,
      exhibitHash: exhibit.sha256,
      reason: 'download',
    });
    await recordAccess(w, ctx.clock, {
      ...accessActor(actor),
      action: 'disclose',
      objectType: 'exhibit',
      objectId: exhibit.id,
      objectRef: exhibit.ref,
      caseId: kase?.id ?? null,
      reasonCode,
      recipient: `user:${actor.userId ?? ''}`,
    });
  });
  return {
    exhibit,
    name: exhibit.originalName ?? `${exhibit.ref.replace('/', '-')}.bin`,
    bytes: ctx.blobs.open(exhibit.sha256),
  };
}
