/**
 * The main job (ARCHITECTURE.md, "The main job"): store what a person handed in byte-exact,
 * record it as an exhibit under the custody log, detect its format, parse it, and store the
 * transcript as a derived exhibit that names its source hash, parser and version. Evidence that
 * cannot be parsed is still stored and its `parse-failed` event says why.
 *
 * Units of work: (1) the original exhibit and its `acquired` event; (2) the outcome — the derived
 * transcript exhibit and its `derived` event, or the `parse-failed` event. A crash between them
 * leaves a complete `acquired` exhibit with status `acquired`; never a partial exhibit or an
 * event without its exhibit. Blobs are written before (1), so an interrupted run leaves at most an
 * unreferenced blob, which `verify` reports but which holds nothing else.
 */
import { createHash } from 'node:crypto';
import { CustosError, isCustosError } from '../../core/errors.ts';
import {
  folderManifest,
  type Exhibit,
  type ExhibitFile,
  type TranscriptSummaryRecord,
} from '../../core/evidence/exhibit.ts';
import { recordDigest } from '../../core/evidence/record-digest.ts';
import { formatExhibitRef, normalizeInitials } from '../../core/evidence/exhibit-ref.ts';
import { PARSERS, SummaryCollector, detectExport } from '../../core/transcript/registry.ts';
import { readTranscript, transcriptJsonChunks } from '../../core/transcript/transcript-json.ts';
import type { AssessmentRecord } from '../../ports/assessment-repository.ts';
import type { ChatParser, ExportSource } from '../../core/transcript/types.ts';
import type { BlobStore } from '../../ports/blob-store.ts';
import type { Clock } from '../../ports/clock.ts';
import type { HandedIn, StoredExportSources } from '../../ports/evidence-input.ts';
import type { IdSource } from '../../ports/ids.ts';
import type { UnitOfWork } from '../../ports/repositories.ts';
import { isoTime, recordCustodyEvent } from '../custody/record-custody-event.ts';

export interface IngestDeps {
  readonly uow: UnitOfWork;
  readonly blobs: BlobStore;
  readonly stored: StoredExportSources;
  readonly clock: Clock;
  readonly ids: IdSource;
  readonly parsers?: readonly ChatParser[];
}

/** Progress of one ingest: `store` counts bytes written, `parse` counts messages read. */
export type IngestProgress = (
  phase: 'store' | 'parse',
  done: number,
  total: number | undefined,
) => void;

export interface IngestRequest {
  readonly handedIn: HandedIn;
  /** Initials of the person producing the exhibit (2-4 letters); the reference is `AB/n`. */
  readonly initials: string;
  /** Pseudonymous actor id for the custody log (`cli:AB`, `user:…`). */
  readonly actor: string;
  /** Free-text note on how the evidence came in (kept on the exhibit, not in the log leaf). */
  readonly note?: string;
  /** IANA zone declared for naive local times in the export. */
  readonly timeZone: string;
  /** Default region for phone numbers without a country code. */
  readonly defaultRegion?: string;
  readonly onProgress?: IngestProgress;
  /**
   * Key holder of the stored bytes (docs/retention.md): `case-<id>` for evidence added to a case,
   * `report-<id>` for a report's files, the intake holder when not given (the command line).
   */
  readonly holder?: string;
}

export interface IngestResult {
  readonly original: Exhibit;
  /** The derived transcript exhibit, when parsing succeeded. */
  readonly transcript?: Exhibit;
  readonly summary?: TranscriptSummaryRecord;
  /** The triage assessment of the transcript (a recommendation for the officers' queue). */
  readonly assessment?: AssessmentRecord;
  /** How many selector occurrences (online identifiers) were stored for the transcript. */
  readonly selectorCount?: number;
  /** Why parsing failed, when it did. */
  readonly failure?: { readonly code: string; readonly message: string };
  /** Earlier exhibits with identical bytes (the blob is stored once). */
  readonly identicalTo: readonly string[];
}

async function* utf8Chunks(texts: AsyncIterable<string>): AsyncGenerator<Uint8Array> {
  const enc = new TextEncoder();
  for await (const t of texts) yield enc.encode(t);
}

/**
 * Ingests one handed-in file or folder.
 *
 * @throws CustosError `EXHIBIT_BAD_INITIALS` (usage); integrity errors when a stored blob does not
 *   re-hash; storage errors. Bad evidence content never throws: it is stored and reported.
 */
export async function ingestEvidence(deps: IngestDeps, req: IngestRequest): Promise<IngestResult> {
  const initials = normalizeInitials(req.initials);
  const { handedIn } = req;

  // 1. Store the original bytes (outside any transaction: blobs are write-once and idempotent).
  let sha256: string;
  let sizeBytes: number;
  let files: ExhibitFile[] = [];
  let form: Exhibit['form'];
  const holder = req.holder !== undefined ? { holder: req.holder } : {};
  if (handedIn.kind === 'file') {
    const stored = await deps.blobs.put(handedIn.file.open(), {
      onProgress: (n) => req.onProgress?.('store', n, handedIn.file.size),
      ...(handedIn.file.size !== undefined ? { expectedSize: handedIn.file.size } : {}),
      ...holder,
    });
    sha256 = stored.sha256;
    sizeBytes = stored.size;
    form = 'file';
  } else {
    const total = handedIn.files.reduce((n, f) => n + (f.size ?? 0), 0);
    let done = 0;
    for (const f of handedIn.files) {
      const before = done;
      const stored = await deps.blobs.put(f.open(), {
        onProgress: (n) => req.onProgress?.('store', before + n, total),
        ...holder,
      });
      done += stored.size;
      files.push({ path: f.path, sha256: stored.sha256, sizeBytes: stored.size });
    }
    files = files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    const manifest = folderManifest(files);
    sha256 = createHash('sha256').update(manifest, 'utf8').digest('hex');
    await deps.blobs.put(
      utf8Chunks(
        (async function* () {
          yield manifest;
        })(),
      ),
      holder,
    );
    sizeBytes = done;
    form = 'folder';
  }

  // Zip archives are recognised by signature when opened for parsing.
  if (form === 'file' && (await deps.stored.isZip(sha256))) form = 'zip';

  // 2. Unit of work 1: the original exhibit and its `acquired` event.
  const identicalTo = (await deps.uow.read.exhibits.findBySha256(sha256))
    .filter((e) => e.kind === 'original')
    .map((e) => e.ref);
  const original = await deps.uow.run(async (repos) => {
    const ref = formatExhibitRef({ initials, number: await repos.exhibits.nextNumber(initials) });
    const exhibit: Exhibit = {
      id: deps.ids.newId(),
      ref,
      kind: 'original',
      form,
      sha256,
      sizeBytes,
      originalName: handedIn.label,
      sourceExhibitId: null,
      sourceSha256: null,
      parser: null,
      format: null,
      status: 'acquired',
      summary: null,
      failure: null,
      acquiredBy: req.actor,
      acquiredAt: isoTime(deps.clock.now()),
      note: req.note ?? null,
      timeZone: req.timeZone,
      caseId: null,
    };
    await repos.exhibits.insert(exhibit);
    if (files.length > 0) await repos.exhibits.insertFiles(exhibit.id, files);
    await recordCustodyEvent(repos, deps.clock, {
      actor: req.actor,
      action: 'acquired',
      object: `exhibit:${ref}`,
      exhibitHash: sha256,
      details: {
        ref,
        originalName: handedIn.label,
        form,
        sizeBytes,
        files: files.length,
        ...(req.note ? { note: req.note } : {}),
        // What `custos verify` compares the exhibit's row with (absent from older logs).
        acquiredAt: exhibit.acquiredAt,
        timeZone: req.timeZone,
      },
    });
    return exhibit;
  });

  // 3. Detect and parse, streaming the transcript into the blob store.
  let source: ExportSource | undefined;
  try {
    // A damaged archive fails here, after the original is safely recorded.
    source =
      form === 'folder'
        ? await deps.stored.folder(handedIn.label, files)
        : await deps.stored.file(sha256, handedIn.label);
    const { parser, detection } = await detectExport(source, deps.parsers ?? PARSERS);
    // The analyses are loaded only once there is a chat to analyse (a photo or a video handed in
    // never needs them), which keeps the memory of a large non-chat ingest low.
    const [{ SelectorExtractor }, { recordSelectors }, { assess, storeAssessment }] =
      await Promise.all([
        import('../../core/selectors/extract.ts'),
        import('../selectors/record-selectors.ts'),
        import('../triage/store-assessment.ts'),
      ]);
    const collector = new SummaryCollector();
    const options = {
      timeZone: req.timeZone,
      ...(req.defaultRegion ? { defaultRegion: req.defaultRegion } : {}),
    };
    const parts = parser.parse(source, detection, options);
    const selectorExtractor = new SelectorExtractor({
      format: detection.format,
      ...(req.defaultRegion ? { defaultRegion: req.defaultRegion } : {}),
    });
    async function* counted() {
      for await (const part of parts) {
        selectorExtractor.add(part);
        if (part.type === 'message' && part.message.index % 5000 === 0)
          req.onProgress?.('parse', part.message.index, undefined);
        yield part;
      }
    }
    const header = {
      format: detection.format,
      parser: parser.info,
      assumedTimezone: req.timeZone,
      source: { exhibit: original.ref, sha256 },
    };
    const stored = await deps.blobs.put(
      utf8Chunks(transcriptJsonChunks(header, counted(), collector)),
      holder,
    );
    const s = collector.summary;
    if (s.messageCount === 0) {
      throw new CustosError(
        'invalid-input',
        'PARSE_NO_MESSAGES',
        `${handedIn.label}: recognised as ${detection.format} but no message could be read; expected at least one message`,
      );
    }
    const summary: TranscriptSummaryRecord = {
      format: detection.format,
      messageCount: s.messageCount,
      participants: s.participants,
      firstTimestamp: s.firstTimestamp,
      lastTimestamp: s.lastTimestamp,
      notes: s.notes.map((n) => ({ code: n.code, message: n.message })),
    };
    // Analyses run on the stored transcript (read back through the verifying reader), outside
    // the transaction; their results are stored with it.
    const parsed = await readTranscript(
      deps.blobs.open(stored.sha256),
      `transcript of ${original.ref}`,
    );
    const assessment = assess(parsed);
    // 4. Unit of work 2: the derived transcript exhibit, its `derived` event, and its analyses.
    const { transcript, assessmentRecord, selectors } = await deps.uow.run(async (repos) => {
      const ref = formatExhibitRef({ initials, number: await repos.exhibits.nextNumber(initials) });
      const exhibit: Exhibit = {
        id: deps.ids.newId(),
        ref,
        kind: 'transcript',
        form: 'application/json',
        sha256: stored.sha256,
        sizeBytes: stored.size,
        originalName: null,
        sourceExhibitId: original.id,
        sourceSha256: sha256,
        parser: parser.info,
        format: detection.format,
        status: 'derived',
        summary,
        failure: null,
        acquiredBy: req.actor,
        acquiredAt: isoTime(deps.clock.now()),
        note: null,
        timeZone: req.timeZone,
        caseId: null,
      };
      await repos.exhibits.insert(exhibit);
      await repos.exhibits.setOutcome(original.id, 'parsed', { summary, format: detection.format });
      await recordCustodyEvent(repos, deps.clock, {
        actor: req.actor,
        action: 'derived',
        object: `exhibit:${ref}`,
        exhibitHash: stored.sha256,
        reason: 'transcript',
        details: {
          ref,
          source: original.ref,
          sourceSha256: sha256,
          parser: parser.info,
          format: detection.format,
          timeZone: req.timeZone,
          messages: s.messageCount,
          // What `custos verify` compares the exhibit rows with (absent from older logs).
          acquiredAt: exhibit.acquiredAt,
          form: exhibit.form,
          sizeBytes: exhibit.sizeBytes,
          summarySha256: recordDigest(summary),
        },
      });
      const selectors = await recordSelectors(repos, deps.clock, {
        exhibit: original,
        transcriptExhibit: exhibit,
        actor: req.actor,
        extraction: selectorExtractor.finish(),
      });
      const assessmentRecord = await storeAssessment(repos, deps, {
        transcriptExhibit: exhibit,
        assessment,
        actor: req.actor,
      });
      return { transcript: exhibit, assessmentRecord, selectors };
    });
    return {
      original: { ...original, status: 'parsed', summary, format: detection.format },
      transcript,
      summary,
      assessment: assessmentRecord,
      selectorCount: selectors.stored,
      identicalTo,
    };
  } catch (e) {
    if (isCustosError(e) && e.category === 'integrity') throw e;
    const failure = isCustosError(e)
      ? { code: e.code, message: e.message }
      : {
          code: 'PARSER_INTERNAL_ERROR',
          message: `the parser failed unexpectedly: ${e instanceof Error ? e.message : String(e)}`,
        };
    await deps.uow.run(async (repos) => {
      await repos.exhibits.setOutcome(original.id, 'parse-failed', { failure });
      await recordCustodyEvent(repos, deps.clock, {
        actor: req.actor,
        action: 'parse-failed',
        object: `exhibit:${original.ref}`,
        exhibitHash: sha256,
        reason: failure.code.toLowerCase().replace(/_/g, '-'),
        details: {
          ...failure,
          ...(isCustosError(e) && e.location ? { location: e.location } : {}),
        },
      });
    });
    return { original: { ...original, status: 'parse-failed', failure }, failure, identicalTo };
  } finally {
    await source?.close?.();
  }
}
