/**
 * Storing triage assessments of transcript exhibits, each with an `assessed` custody event. The
 * assessment is a recommendation that orders the officers' queue and explains itself; it never
 * decides anything (officer overrides are stored beside it and never replace it).
 */
import { CustosError } from '../../core/errors.ts';
import { assessTranscript, RULESET_VERSION } from '../../core/triage/index.ts';
import type { TriageAssessment } from '../../core/triage/types.ts';
import type { Exhibit } from '../../core/evidence/exhibit.ts';
import { recordDigest } from '../../core/evidence/record-digest.ts';
import { readTranscript } from '../../core/transcript/transcript-json.ts';
import type { Transcript } from '../../core/transcript/types.ts';
import type { AssessmentRecord } from '../../ports/assessment-repository.ts';
import type { Clock } from '../../ports/clock.ts';
import type { IdSource } from '../../ports/ids.ts';
import type { Repositories } from '../../ports/repositories.ts';
import type { AppContext } from '../app-context.ts';
import { isoTime, recordCustodyEvent } from '../custody/record-custody-event.ts';
import { findExhibit } from '../evidence/view-exhibit.ts';

/**
 * Stores an assessment of `transcriptExhibit` (computed by the caller outside the transaction)
 * and appends its `assessed` custody event, in the unit of work of `repos`.
 */
export async function storeAssessment(
  repos: Repositories,
  deps: { readonly clock: Clock; readonly ids: IdSource },
  input: {
    readonly transcriptExhibit: Exhibit;
    readonly assessment: TriageAssessment;
    readonly actor: string;
  },
): Promise<AssessmentRecord> {
  const a = input.assessment;
  const record: AssessmentRecord = {
    id: deps.ids.newId(),
    exhibitId: input.transcriptExhibit.id,
    rulesetVersion: a.rulesetVersion,
    inputHash: a.inputHash,
    band: a.band,
    score: a.score,
    imminent: a.imminent.triggered,
    assessment: a,
    createdAt: isoTime(deps.clock.now()),
    createdBy: input.actor,
  };
  await repos.assessments.insert(record);
  await recordCustodyEvent(repos, deps.clock, {
    actor: input.actor,
    action: 'assessed',
    object: `exhibit:${input.transcriptExhibit.ref}`,
    exhibitHash: input.transcriptExhibit.sha256,
    reason: `band-${a.band.toLowerCase()}`,
    details: {
      assessment: record.id,
      rulesetVersion: a.rulesetVersion,
      inputHash: a.inputHash,
      band: a.band,
      score: a.score,
      imminent: a.imminent.triggered,
      // The whole stored assessment (reasons included), so `custos verify` can tell a changed
      // row (absent from older logs).
      assessmentSha256: recordDigest(a),
    },
  });
  return record;
}

/** Assesses a transcript with the current ruleset (pure; for callers outside a transaction). */
export function assess(transcript: Transcript): TriageAssessment {
  return assessTranscript(transcript);
}

/**
 * The assessment of an exhibit (an original: its latest transcript): the stored one when it was
 * made by the current ruleset, otherwise a new one, stored with its custody event.
 *
 * @throws CustosError `EXHIBIT_NOT_FOUND`, `EXHIBIT_BAD_REF`; `TRIAGE_NO_TRANSCRIPT` (invalid-input)
 *   when the exhibit has no transcript (it could not be parsed).
 */
export async function assessmentOfExhibit(
  app: AppContext,
  ref: string,
  actor: string,
): Promise<{
  exhibit: Exhibit;
  transcriptExhibit: Exhibit;
  record: AssessmentRecord;
  fresh: boolean;
}> {
  const exhibit = await findExhibit(app, ref);
  const transcriptExhibit =
    exhibit.kind === 'transcript'
      ? exhibit
      : (await app.uow.read.exhibits.findDerived(exhibit.id))
          .filter((d) => d.kind === 'transcript')
          .at(-1);
  if (!transcriptExhibit) {
    throw new CustosError(
      'invalid-input',
      'TRIAGE_NO_TRANSCRIPT',
      `exhibit ${exhibit.ref} has no transcript to assess${exhibit.failure ? ` (it could not be parsed: ${exhibit.failure.message})` : ''}`,
    );
  }
  const stored = await app.uow.read.assessments.latestForExhibit(transcriptExhibit.id);
  if (stored && stored.rulesetVersion === RULESET_VERSION)
    return { exhibit, transcriptExhibit, record: stored, fresh: false };
  const transcript = await readTranscript(
    app.blobs.open(transcriptExhibit.sha256),
    transcriptExhibit.ref,
  );
  const assessment = assess(transcript);
  const record = await app.uow.run((repos) =>
    storeAssessment(repos, app, { transcriptExhibit, assessment, actor }),
  );
  return { exhibit, transcriptExhibit, record, fresh: true };
}
