/**
 * Viewing an exhibit's transcript: reads the stored transcript (re-hashed on read) and records a
 * `viewed` custody event (continuity: who saw it, when).
 */
import { CustosError } from '../../core/errors.ts';
import { parseExhibitRef, formatExhibitRef } from '../../core/evidence/exhibit-ref.ts';
import type { Exhibit } from '../../core/evidence/exhibit.ts';
import { readTranscript } from '../../core/transcript/transcript-json.ts';
import type { Transcript } from '../../core/transcript/types.ts';
import type { AppContext } from '../app-context.ts';
import { recordCustodyEvent } from '../custody/record-custody-event.ts';

export interface ExhibitView {
  /** The exhibit asked for. */
  readonly exhibit: Exhibit;
  /** The transcript exhibit shown (the exhibit itself, or the latest transcript derived from it). */
  readonly transcriptExhibit?: Exhibit;
  readonly transcript?: Transcript;
  /** The original the transcript was derived from. */
  readonly original?: Exhibit;
}

/**
 * Finds an exhibit by reference.
 * @throws CustosError `EXHIBIT_BAD_REF` (usage), `EXHIBIT_NOT_FOUND` (not-found).
 */
export async function findExhibit(app: AppContext, ref: string): Promise<Exhibit> {
  const normalized = formatExhibitRef(parseExhibitRef(ref));
  const ex = await app.uow.read.exhibits.findByRef(normalized);
  if (!ex)
    throw new CustosError(
      'not-found',
      'EXHIBIT_NOT_FOUND',
      `there is no exhibit ${normalized} in this store (${app.location.dataDir})`,
    );
  return ex;
}

/**
 * Loads the transcript of an exhibit and records that `actor` viewed it.
 * @throws as {@link findExhibit}; integrity errors when the stored transcript does not re-hash.
 */
export async function viewExhibit(
  app: AppContext,
  ref: string,
  actor: string,
): Promise<ExhibitView> {
  const exhibit = await findExhibit(app, ref);
  let transcriptExhibit: Exhibit | undefined;
  let original: Exhibit | undefined;
  if (exhibit.kind === 'transcript') {
    transcriptExhibit = exhibit;
    original = exhibit.sourceExhibitId
      ? await app.uow.read.exhibits.findById(exhibit.sourceExhibitId)
      : undefined;
  } else {
    original = exhibit;
    transcriptExhibit = (await app.uow.read.exhibits.findDerived(exhibit.id))
      .filter((d) => d.kind === 'transcript')
      .at(-1);
  }
  const transcript = transcriptExhibit
    ? await readTranscript(app.blobs.open(transcriptExhibit.sha256), transcriptExhibit.ref)
    : undefined;
  const seen = transcriptExhibit ?? exhibit;
  await app.uow.run((repos) =>
    recordCustodyEvent(repos, app.clock, {
      actor,
      action: 'viewed',
      object: `exhibit:${seen.ref}`,
      exhibitHash: seen.sha256,
    }),
  );
  return {
    exhibit,
    ...(transcriptExhibit ? { transcriptExhibit } : {}),
    ...(transcript ? { transcript } : {}),
    ...(original ? { original } : {}),
  };
}
