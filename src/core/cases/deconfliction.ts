/**
 * Deconfliction (mission-anchors §6): does a report concern an online identity another case
 * already holds? Matches are exact on the normalized match key, or near by the selectors
 * component's comparison rules (`compareSelectors`), each with its plain-language reason. The
 * result is a pointer to the other case, never its content.
 */
import { compareSelectors } from '../selectors/compare.ts';
import type { SelectorKind } from '../selectors/types.ts';

/** A selector being compared: the report's own (probe) or one held by another case (candidate). */
export interface Comparable {
  readonly id: string;
  readonly kind: string;
  readonly value: string;
  readonly matchKey: string;
}

/** A selector held by a report in another case. */
export interface Candidate extends Comparable {
  readonly caseId: string;
  readonly reportId: string;
}

/** How two selectors relate: exact (the same identifier) or near (0..100, with the reason). */
export interface Similarity {
  readonly level: 'exact' | 'near';
  readonly similarity: number;
  readonly explanation: string;
}

/** Compares two selectors of different match key; null when unrelated. */
export type CompareSelectors = (a: Comparable, b: Comparable) => Similarity | null;

/** One hit: the probe, the best matching candidate in one other case, and how they match. */
export interface Match<P extends Comparable = Comparable, C extends Candidate = Candidate> {
  readonly probe: P;
  readonly candidate: C;
  readonly matchType: 'exact' | 'near';
  /** 0..100. */
  readonly similarity: number;
  readonly explanation: string;
}

/** The selectors component's rules (`src/core/selectors/compare.ts`), on the desk's scale (0..100). */
export const compareWithSelectorRules: CompareSelectors = (a, b) => {
  const r = compareSelectors(
    { kind: a.kind as SelectorKind, value: a.value, matchKey: a.matchKey },
    { kind: b.kind as SelectorKind, value: b.value, matchKey: b.matchKey },
  );
  if (r.level === 'none') return null;
  return { level: r.level, similarity: Math.round(r.similarity * 100), explanation: r.reason };
};

/**
 * Finds, for each of the report's selectors and each other case, the best match.
 *
 * @param probes - the selectors of the report being checked.
 * @param candidates - selectors of reports in cases; those of `ownCaseId` (the report's own case) are ignored.
 * @param compare - near-match rule for selectors whose match keys differ.
 * @returns one match per (probe, other case), best similarity first.
 */
export function findMatches<P extends Comparable, C extends Candidate>(
  probes: readonly P[],
  candidates: readonly C[],
  ownCaseId: string | null,
  compare: CompareSelectors = compareWithSelectorRules,
): Match<P, C>[] {
  const best = new Map<string, Match<P, C>>();
  for (const probe of probes) {
    for (const candidate of candidates) {
      if (candidate.caseId === ownCaseId) continue;
      let match: Match<P, C> | undefined;
      if (candidate.matchKey === probe.matchKey)
        match = {
          probe,
          candidate,
          matchType: 'exact',
          similarity: 100,
          explanation: 'the same identifier after normalization',
        };
      else {
        const r = compare(probe, candidate);
        if (r)
          match = {
            probe,
            candidate,
            matchType: r.level,
            similarity: r.level === 'exact' ? 100 : Math.min(r.similarity, 99),
            explanation: r.explanation,
          };
      }
      if (!match) continue;
      const key = `${probe.id}|${candidate.caseId}`;
      const prior = best.get(key);
      if (!prior || match.similarity > prior.similarity) best.set(key, match);
    }
  }
  return [...best.values()].sort(
    (x, y) =>
      y.similarity - x.similarity ||
      (x.probe.id < y.probe.id ? -1 : x.probe.id > y.probe.id ? 1 : 0),
  );
}
