/**
 * Deduplicating an exhibit's selectors: one group per match key, holding every occurrence, so a
 * list shows each identifier once and the officer can still open every place it appears.
 */
import type { Platform, Selector, SelectorConfidence, SelectorKind } from './types.ts';

/** One identifier of an exhibit with all its occurrences. */
export interface SelectorGroup<S extends Selector = Selector> {
  readonly matchKey: string;
  /** Kind of the first occurrence (the participant identity when there is one). */
  readonly kind: SelectorKind;
  /** Every kind seen under this key (`phone` and `whatsapp-phone` share one). */
  readonly kinds: readonly SelectorKind[];
  readonly value: string;
  readonly display: string;
  readonly platform?: Platform;
  /** Highest confidence among the occurrences. */
  readonly confidence: SelectorConfidence;
  /** Occurrences in the order given (participants first, then by message). */
  readonly occurrences: readonly S[];
}

const RANK: Readonly<Record<SelectorConfidence, number>> = { low: 0, medium: 1, high: 2 };

/**
 * Groups selectors by match key, keeping first-seen order of keys and of occurrences.
 * @param selectors - one exhibit's selectors (as extracted or as stored).
 */
export function groupSelectors<S extends Selector>(selectors: readonly S[]): SelectorGroup<S>[] {
  const groups = new Map<
    string,
    {
      first: S;
      kinds: SelectorKind[];
      occurrences: S[];
      confidence: SelectorConfidence;
      platform?: Platform;
    }
  >();
  for (const s of selectors) {
    const g = groups.get(s.matchKey);
    if (!g) {
      groups.set(s.matchKey, {
        first: s,
        kinds: [s.kind],
        occurrences: [s],
        confidence: s.confidence,
        ...(s.platform ? { platform: s.platform } : {}),
      });
      continue;
    }
    g.occurrences.push(s);
    if (!g.kinds.includes(s.kind)) g.kinds.push(s.kind);
    if (RANK[s.confidence] > RANK[g.confidence]) g.confidence = s.confidence;
    g.platform ??= s.platform;
  }
  return [...groups.values()].map((g) => ({
    matchKey: g.first.matchKey,
    kind: g.first.kind,
    kinds: g.kinds,
    value: g.first.value,
    display: g.first.display,
    ...(g.platform ? { platform: g.platform } : {}),
    confidence: g.confidence,
    occurrences: g.occurrences,
  }));
}
