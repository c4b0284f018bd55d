/**
 * Listing an exhibit's selectors. Selectors are personal data: every listing is recorded as a
 * `viewed` custody event with reason `selectors` on the transcript exhibit they belong to.
 */
import type { Exhibit } from '../../core/evidence/exhibit.ts';
import { groupSelectors, type SelectorGroup } from '../../core/selectors/group.ts';
import type { StoredSelector } from '../../ports/selector-repository.ts';
import type { AppContext } from '../app-context.ts';
import { recordCustodyEvent } from '../custody/record-custody-event.ts';
import { findExhibit } from '../evidence/view-exhibit.ts';
import { transcriptExhibitOf } from './record-selectors.ts';

export interface SelectorListing {
  /** The exhibit asked for. */
  readonly exhibit: Exhibit;
  /** The transcript exhibit the selectors belong to (the exhibit itself, or its latest transcript). */
  readonly transcriptExhibit?: Exhibit;
  readonly original?: Exhibit;
  /** Every occurrence, in extraction order. */
  readonly selectors: readonly StoredSelector[];
  /** One entry per identifier (match key) with all its occurrences. */
  readonly groups: readonly SelectorGroup<StoredSelector>[];
  /** Whether selectors were ever extracted from the transcript (false: none found is not known). */
  readonly extracted: boolean;
}

/**
 * Lists the selectors of an exhibit (for an original, those of its latest transcript) and records
 * that `actor` viewed them.
 *
 * @throws CustosError `EXHIBIT_BAD_REF` (usage), `EXHIBIT_NOT_FOUND` (not-found).
 */
export async function listSelectors(
  app: AppContext,
  ref: string,
  actor: string,
): Promise<SelectorListing> {
  const exhibit = await findExhibit(app, ref);
  const { transcriptExhibit, original } = await transcriptExhibitOf(app, exhibit);
  if (!transcriptExhibit)
    return {
      exhibit,
      ...(original ? { original } : {}),
      selectors: [],
      groups: [],
      extracted: false,
    };
  const selectors = await app.uow.read.selectors.listByExhibit(transcriptExhibit.id);
  const extracted =
    selectors.length > 0 ||
    (await app.uow.read.custody.eventsFor(`exhibit:${transcriptExhibit.ref}`)).some(
      (e) => e.action === 'selectors-extracted',
    );
  await app.uow.run((repos) =>
    recordCustodyEvent(repos, app.clock, {
      actor,
      action: 'viewed',
      object: `exhibit:${transcriptExhibit.ref}`,
      exhibitHash: transcriptExhibit.sha256,
      reason: 'selectors',
    }),
  );
  return {
    exhibit,
    transcriptExhibit,
    ...(original ? { original } : {}),
    selectors,
    groups: groupSelectors(selectors),
    extracted,
  };
}
