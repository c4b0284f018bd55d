/**
 * The default triage reader and selector source: they read what ingest stored (assessments,
 * issue 4; selectors, issue 3). The desk never computes or changes an assessment.
 */
import { compareWithSelectorRules } from '../../core/cases/deconfliction.ts';
import type { Exhibit } from '../../core/evidence/exhibit.ts';
import type {
  SelectorSource,
  TriageCitation,
  TriageReader,
  TriageResult,
} from '../../ports/desk-services.ts';
import type { Repositories } from '../../ports/repositories.ts';

/** The transcript shown for an exhibit: itself, or the latest transcript derived from it. */
export async function transcriptOf(
  repos: Repositories,
  exhibit: Exhibit,
): Promise<Exhibit | undefined> {
  if (exhibit.kind === 'transcript') return exhibit;
  return (await repos.exhibits.findDerived(exhibit.id))
    .filter((d) => d.kind === 'transcript')
    .at(-1);
}

/** Reads the assessments stored beside transcript exhibits. */
export const storedTriageReader: TriageReader = {
  async assessmentsFor(repos, exhibitIds) {
    const out = new Map<string, TriageResult>();
    const transcriptFor = new Map<string, string>();
    for (const id of exhibitIds) {
      const ex = await repos.exhibits.findById(id);
      const t = ex ? await transcriptOf(repos, ex) : undefined;
      if (t) transcriptFor.set(id, t.id);
    }
    const records = await repos.assessments.latestForExhibits([...new Set(transcriptFor.values())]);
    for (const [asked, tid] of transcriptFor) {
      const r = records.get(tid);
      if (!r) continue;
      const citations: TriageCitation[] = r.assessment.reasons
        .filter((x) => x.kind === 'evidence')
        .map((x) => ({
          line: x.line,
          indicator: x.indicator,
          stage: x.stage,
          span: [x.span[0], x.span[1]] as const,
          contribution: x.contribution,
          speaker: x.speaker,
        }));
      out.set(asked, {
        exhibitId: tid,
        band: r.band,
        score: r.score,
        rulesetVersion: r.rulesetVersion,
        assessedAt: r.createdAt,
        imminent: r.imminent,
        citations,
      });
    }
    return out;
  },
};

/** Triage reader that answers "not assessed" for everything (for tests and stores without assessments). */
export const notAssessedTriageReader: TriageReader = {
  assessmentsFor: () => Promise.resolve(new Map()),
};

/** Reads the selectors stored at ingest; compares with the selectors component's rules. */
export const storedSelectorSource: SelectorSource = {
  async forExhibit(repos, exhibitId) {
    const ex = await repos.exhibits.findById(exhibitId);
    const t = ex ? await transcriptOf(repos, ex) : undefined;
    if (!t) return [];
    const stored = await repos.selectors.listByExhibit(t.id);
    return stored.map((s) => ({
      kind: s.kind,
      matchKey: s.matchKey,
      value: s.value,
      messageIndex: s.messageIndex ?? null,
    }));
  },
  compare: compareWithSelectorRules,
};
