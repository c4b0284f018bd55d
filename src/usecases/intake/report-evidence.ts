/**
 * Evidence files for a public report, streamed into the blob store through `ingestEvidence` (the
 * main job: stored byte-exact, hashed while streaming, parsed when it is a chat export). Each
 * file is its own exhibit (a zip stays one exhibit). Limits per file and per report are enforced
 * while streaming; a file over a limit is refused and leaves nothing behind but an unreferenced
 * blob fragment never renamed into place.
 */
import { CustosError } from '../../core/errors.ts';
import { caseHolder, reportHolder } from '../../core/retention/erasure.ts';
import { moveReportMaterialToCase } from '../retention/retention-support.ts';
import type { Report } from '../../core/cases/types.ts';
import { authorize } from '../../policies/authorize.ts';
import { PUBLIC_ACTOR } from '../../policies/roles.ts';
import type { HandedIn } from '../../ports/evidence-input.ts';
import type { Repositories } from '../../ports/repositories.ts';
import { recordAccess } from '../access-log/record-access.ts';
import { deconflictReport } from '../deconfliction/run-deconfliction.ts';
import type { DeskContext } from '../desk-context.ts';
import { nowIso, sha256Hex } from '../desk-support.ts';
import { ingestEvidence, type IngestResult } from '../evidence/ingest-evidence.ts';
import { recordSelectors } from '../selectors/record-selectors.ts';
import { readTranscript } from '../../core/transcript/transcript-json.ts';
import type { Transcript } from '../../core/transcript/types.ts';

/** One file as received: its name and its bytes, readable once. */
export interface IncomingFile {
  readonly name: string;
  readonly stream: AsyncIterable<Uint8Array>;
}

/** What the reporter is told about a stored file. */
export interface StoredFile {
  readonly name: string;
  readonly sizeBytes: number;
  readonly sha256: string;
  readonly exhibitId: string;
}

/** A file name safe to keep as the exhibit's original name: path parts and control characters removed. */
export function safeFileName(name: string): string {
  const base = name.replace(/\\/g, '/').split('/').pop() ?? '';
  const clean = [...base]
    .filter((ch) => ch.charCodeAt(0) >= 0x20 && ch.charCodeAt(0) !== 0x7f)
    .join('')
    .trim()
    .slice(0, 255);
  return clean.length ? clean : 'unnamed';
}

/**
 * Passes bytes through, refusing more than `limit` in total.
 * @throws CustosError `UPLOAD_TOO_LARGE` (invalid-input) once the limit is passed.
 */
export async function* limited(
  stream: AsyncIterable<Uint8Array>,
  limit: number,
  what: string,
): AsyncGenerator<Uint8Array> {
  let n = 0;
  for await (const chunk of stream) {
    n += chunk.byteLength;
    if (n > limit)
      throw new CustosError(
        'invalid-input',
        'UPLOAD_TOO_LARGE',
        `${what} is larger than the ${limit} bytes allowed`,
        { details: { limitBytes: limit } },
      );
    yield chunk;
  }
}

/** A handed-in single file over a stream that can be read once. */
export function handedInStream(name: string, stream: AsyncIterable<Uint8Array>): HandedIn {
  let opened = false;
  return {
    kind: 'file',
    label: name,
    file: {
      path: name,
      size: undefined,
      open() {
        if (opened)
          throw new CustosError(
            'internal',
            'UPLOAD_REREAD',
            `the upload of ${name} can be read only once`,
          );
        opened = true;
        return stream;
      },
    },
  };
}

/**
 * Checks an upload token for a report.
 * @throws CustosError `UPLOAD_TOKEN_INVALID` (unauthenticated) for an unknown report, wrong or expired token.
 */
export async function authorizeReportUpload(
  ctx: DeskContext,
  reportId: string,
  token: string | undefined,
): Promise<Report> {
  const report = await ctx.uow.read.desk.reports.findById(reportId);
  const valid =
    report !== undefined &&
    token !== undefined &&
    report.uploadTokenHash === sha256Hex(`upload:${token}`) &&
    report.uploadExpiresAt !== null &&
    report.uploadExpiresAt > nowIso(ctx);
  try {
    authorize(PUBLIC_ACTOR, 'uploadEvidence', { type: 'intake', uploadTokenValid: valid });
  } catch {
    throw new CustosError(
      'unauthenticated',
      'UPLOAD_TOKEN_INVALID',
      'this upload link is not valid for the report (wrong or expired); submit the evidence with a new report or contact the police',
    );
  }
  return report as Report;
}

/** Stores the selectors extracted from newly ingested exhibits of a report, and deconflicts. */
export async function indexExtractedSelectors(
  ctx: DeskContext,
  repos: Repositories,
  report: Report,
  result: IngestResult,
  actor: string,
  transcript?: Transcript,
): Promise<void> {
  // Ingest may already record the transcript's selectors; when it has not, record them here
  // (the selectors component's use case, with its custody event).
  if (
    result.transcript &&
    transcript &&
    (await repos.selectors.countByExhibit(result.transcript.id)) === 0
  ) {
    await recordSelectors(repos, ctx.clock, {
      exhibit: result.original,
      transcriptExhibit: result.transcript,
      actor,
      transcript,
      defaultRegion: ctx.config.defaultRegion,
    });
  }
  const found = await ctx.selectors.forExhibit(repos, result.original.id);
  if (found.length === 0) return;
  const existing = new Set(
    (await repos.desk.reports.selectorsOf([report.id])).map((s) => `${s.matchKey}|${s.source}`),
  );
  const fresh = [];
  for (const s of found) {
    const key = `${s.matchKey}|extracted`;
    if (existing.has(key)) continue;
    existing.add(key);
    fresh.push({
      id: ctx.ids.newId(),
      reportId: report.id,
      kind: s.kind,
      matchKey: s.matchKey,
      value: s.value,
      source: 'extracted' as const,
      exhibitId: result.original.id,
      messageIndex: s.messageIndex,
    });
  }
  await repos.desk.reports.insertSelectors(fresh, report.caseId);
  if (fresh.length > 0) await deconflictReport(ctx, repos, report, actor);
}

/**
 * Stores one evidence file of a report.
 * @throws CustosError `UPLOAD_TOO_MANY_FILES` (invalid-input), `UPLOAD_TOO_LARGE` (invalid-input);
 *   integrity and storage errors from the blob store.
 */
export async function addReportEvidence(
  ctx: DeskContext,
  report: Report,
  file: IncomingFile,
): Promise<StoredFile> {
  const fresh = (await ctx.uow.read.desk.reports.findById(report.id)) ?? report;
  if (fresh.uploadFiles >= ctx.config.maxFilesPerReport) {
    throw new CustosError(
      'invalid-input',
      'UPLOAD_TOO_MANY_FILES',
      `a report takes at most ${ctx.config.maxFilesPerReport} files`,
      { details: { maxFiles: ctx.config.maxFilesPerReport } },
    );
  }
  const room = Math.min(ctx.config.maxFileBytes, ctx.config.maxBytesPerReport - fresh.uploadBytes);
  const name = safeFileName(file.name);
  const actor = `public:${report.ref}`;
  const result = await ingestEvidence(ctx, {
    handedIn: handedInStream(name, limited(file.stream, Math.max(room, 0), name)),
    initials: ctx.config.publicInitials,
    actor,
    note: `handed in with public report ${report.ref}`,
    timeZone: ctx.config.timeZone,
    defaultRegion: ctx.config.defaultRegion,
    holder: fresh.caseId ? caseHolder(fresh.caseId) : reportHolder(report.id),
  });
  // Read back (re-hashed) outside the transaction, for selector extraction.
  const transcript = result.transcript
    ? await readTranscript(ctx.blobs.open(result.transcript.sha256), result.transcript.ref)
    : undefined;
  const caseId = await ctx.uow.run(async (repos) => {
    const now = nowIso(ctx);
    const current = (await repos.desk.reports.findById(report.id)) ?? fresh;
    await repos.desk.reports.addExhibit(report.id, result.original.id, current.uploadFiles);
    await repos.desk.reports.update(report.id, {
      uploadFiles: current.uploadFiles + 1,
      uploadBytes: current.uploadBytes + result.original.sizeBytes,
      updatedAt: now,
    });
    if (current.caseId) await repos.desk.cases.assignExhibits(current.caseId, [result.original.id]);
    await recordAccess(repos, ctx.clock, {
      actorId: null,
      actorRole: 'public',
      action: 'collect',
      objectType: 'exhibit',
      objectId: result.original.id,
      objectRef: result.original.ref,
      caseId: current.caseId,
      reasonCode: 'public-report',
    });
    await indexExtractedSelectors(ctx, repos, current, result, actor, transcript);
    return current.caseId;
  });
  // The report joined a case while its file was being stored: the case holds the bytes now.
  if (caseId && caseId !== fresh.caseId)
    await moveReportMaterialToCase(ctx.uow.read, ctx.blobs, report.id, caseId);
  return {
    name,
    sizeBytes: result.original.sizeBytes,
    sha256: result.original.sha256,
    exhibitId: result.original.id,
  };
}
