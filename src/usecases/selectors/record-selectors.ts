/**
 * Recording the selectors (online identifiers) of a transcript exhibit: stores every occurrence
 * and appends one `selectors-extracted` custody event, in the caller's unit of work. The event's
 * leaf holds no identifier; its details hold only counts, the extractor version, the region
 * used for phone numbers and a digest of the stored occurrences (`selectorsDigest`).
 */
import { CustosError } from '../../core/errors.ts';
import type { Exhibit } from '../../core/evidence/exhibit.ts';
import { selectorsDigest } from '../../core/evidence/record-digest.ts';
import {
  SelectorExtractor,
  extractSelectors,
  type SelectorExtraction,
} from '../../core/selectors/extract.ts';
import { FORMAT_IDS, type FormatId, type Transcript } from '../../core/transcript/types.ts';
import { readTranscript, readTranscriptJson } from '../../core/transcript/transcript-json.ts';
import type { Clock } from '../../ports/clock.ts';
import type { Repositories } from '../../ports/repositories.ts';
import type { AppContext } from '../app-context.ts';
import { recordCustodyEvent } from '../custody/record-custody-event.ts';
import { findExhibit } from '../evidence/view-exhibit.ts';

/** What to record: a finished extraction (streaming ingest), or a transcript held in memory. */
export type RecordSelectorsInput = {
  /** The original the transcript was derived from (named in the event details). */
  readonly exhibit: Exhibit;
  /** The transcript exhibit; selectors are stored against it (their spans refer to its text). */
  readonly transcriptExhibit: Exhibit;
  /** Pseudonymous actor id for the custody event. */
  readonly actor: string;
} & (
  | { readonly extraction: SelectorExtraction }
  | {
      readonly transcript: Transcript;
      /** Default region for phone numbers without a country code (e.g. `GB`). */
      readonly defaultRegion?: string;
    }
);

/** What was recorded. */
export interface RecordSelectorsResult {
  readonly extraction: SelectorExtraction;
  /** Occurrences stored. */
  readonly stored: number;
  /** Distinct match keys among them. */
  readonly identifiers: number;
}

function countBy<T>(items: readonly T[], key: (t: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const t of items) out[key(t)] = (out[key(t)] ?? 0) + 1;
  return out;
}

/**
 * Stores a transcript exhibit's selectors and appends its `selectors-extracted` custody event, in
 * the unit of work of `repos` (call it inside `uow.run`, e.g. in ingest's second unit of work).
 *
 * @example
 * // during ingest: const x = new SelectorExtractor({ format, defaultRegion }); parts → x.add(part)
 * await recordSelectors(repos, clock, { exhibit: original, transcriptExhibit, actor, extraction: x.finish() });
 * @throws CustosError `SELECTORS_ALREADY_RECORDED` (conflict) when the exhibit already has selectors.
 */
export async function recordSelectors(
  repos: Repositories,
  clock: Clock,
  input: RecordSelectorsInput,
): Promise<RecordSelectorsResult> {
  const extraction =
    'extraction' in input
      ? input.extraction
      : extractSelectors(
          input.transcript,
          input.defaultRegion ? { defaultRegion: input.defaultRegion } : {},
        );
  const te = input.transcriptExhibit;
  if ((await repos.selectors.countByExhibit(te.id)) > 0) {
    throw new CustosError(
      'conflict',
      'SELECTORS_ALREADY_RECORDED',
      `selectors of ${te.ref} are already recorded; they are extracted once per transcript`,
    );
  }
  const { selectors } = extraction;
  await repos.selectors.insert(te.id, selectors);
  const identifiers = new Set(selectors.map((s) => s.matchKey)).size;
  const distinctByKind: Record<string, number> = {};
  for (const [kind, keys] of Object.entries(
    selectors.reduce<Record<string, Set<string>>>((acc, s) => {
      (acc[s.kind] ??= new Set()).add(s.matchKey);
      return acc;
    }, {}),
  )) {
    distinctByKind[kind] = keys.size;
  }
  await recordCustodyEvent(repos, clock, {
    actor: input.actor,
    action: 'selectors-extracted',
    object: `exhibit:${te.ref}`,
    exhibitHash: te.sha256,
    details: {
      ref: te.ref,
      source: input.exhibit.ref,
      extractor: extraction.extractor,
      defaultRegion: extraction.defaultRegion,
      messages: extraction.messages,
      occurrences: selectors.length,
      identifiers,
      identifiersByKind: distinctByKind,
      occurrencesBySource: countBy(selectors, (s) => s.source),
      // The stored occurrences themselves, so `custos verify` can tell a changed row (absent
      // from older logs, which it checks by the counts above).
      selectorsSha256: selectorsDigest(selectors),
    },
  });
  return { extraction, stored: selectors.length, identifiers };
}

/** The transcript exhibit of an exhibit: itself, or the latest transcript derived from an original. */
export async function transcriptExhibitOf(
  app: AppContext,
  exhibit: Exhibit,
): Promise<{ transcriptExhibit?: Exhibit; original?: Exhibit }> {
  if (exhibit.kind === 'transcript') {
    const original = exhibit.sourceExhibitId
      ? await app.uow.read.exhibits.findById(exhibit.sourceExhibitId)
      : undefined;
    return { transcriptExhibit: exhibit, ...(original ? { original } : {}) };
  }
  const transcriptExhibit = (await app.uow.read.exhibits.findDerived(exhibit.id))
    .filter((d) => d.kind === 'transcript')
    .at(-1);
  return { ...(transcriptExhibit ? { transcriptExhibit } : {}), original: exhibit };
}

/** Result of {@link extractExhibitSelectors}. */
export interface ExtractExhibitSelectorsResult {
  readonly transcriptExhibit: Exhibit;
  /** False when the selectors had already been recorded (nothing was done). */
  readonly recorded: boolean;
  readonly stored: number;
}

/**
 * Extracts and records the selectors of an exhibit stored before selectors were extracted at
 * ingest (or whose extraction was interrupted): reads its transcript (re-hashed on read),
 * streaming, and records the selectors and one `selectors-extracted` event. Does nothing when
 * they are already recorded.
 *
 * @param ref - an original (its latest transcript is used) or a transcript exhibit.
 * @throws CustosError `EXHIBIT_BAD_REF`, `EXHIBIT_NOT_FOUND`, `SELECTORS_NO_TRANSCRIPT` (not-found)
 *   when no transcript was derived; integrity errors when the stored transcript does not re-hash.
 */
export async function extractExhibitSelectors(
  app: AppContext,
  ref: string,
  actor: string,
  options: { defaultRegion?: string } = {},
): Promise<ExtractExhibitSelectorsResult> {
  const exhibit = await findExhibit(app, ref);
  const { transcriptExhibit, original } = await transcriptExhibitOf(app, exhibit);
  if (!transcriptExhibit)
    throw new CustosError(
      'not-found',
      'SELECTORS_NO_TRANSCRIPT',
      `${exhibit.ref} has no transcript (status ${exhibit.status}); selectors are extracted from transcripts`,
    );
  const already = await app.uow.read.selectors.countByExhibit(transcriptExhibit.id);
  if (already > 0) return { transcriptExhibit, recorded: false, stored: already };
  let extraction: SelectorExtraction;
  const format = transcriptExhibit.format;
  if (format !== null && (FORMAT_IDS as readonly string[]).includes(format)) {
    const x = new SelectorExtractor({ format: format as FormatId, ...options });
    const info = await readTranscriptJson(
      app.blobs.open(transcriptExhibit.sha256),
      (m) => x.addMessage(m),
      transcriptExhibit.ref,
    );
    for (const name of info.participants) x.add({ type: 'participant', name });
    if (info.title !== undefined) x.add({ type: 'title', title: info.title });
    extraction = x.finish();
  } else {
    extraction = extractSelectors(
      await readTranscript(app.blobs.open(transcriptExhibit.sha256), transcriptExhibit.ref),
      options,
    );
  }
  const r = await app.uow.run((repos) =>
    recordSelectors(repos, app.clock, {
      exhibit: original ?? transcriptExhibit,
      transcriptExhibit,
      actor,
      extraction,
    }),
  );
  return { transcriptExhibit, recorded: true, stored: r.stored };
}
