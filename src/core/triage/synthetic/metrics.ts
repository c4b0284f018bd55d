/**
 * The few metrics of the fixtures README ("Scoring") that the synthetic tests need,
 * re-implemented for generated sets (the shared scorer is not imported): precision, recall
 * and F0.5 at HIGH, IMMINENT recall and precision, under-triage, look-alike false-positive
 * rates, quadratic weighted kappa, cited-line precision and earliness.
 */
import type { Band, TriageAssessment } from '../types.ts';
import { BANDS } from '../types.ts';
import type { SynthConversation } from './generate.ts';

export interface SetMetrics {
  readonly n: number;
  readonly confusion: readonly (readonly number[])[];
  readonly precisionHigh: number;
  readonly recallHigh: number;
  readonly f05High: number;
  readonly imminentRecall: number;
  readonly imminentPrecision: number;
  /** Gold HIGH/IMMINENT predicted NONE or LOW. */
  readonly underTriage: number;
  readonly positives: number;
  readonly falsePositivesHigh: number;
  readonly hardNegatives: number;
  readonly lookalikeFprHigh: number;
  readonly lookalikeFprImminent: number;
  readonly qwk: number;
  /** Share of cited lines (gold HIGH/IMMINENT) that carry a gold label. */
  readonly citedPrecision: number;
  /** Share of correct IMMINENT predictions listing the first logistics line. */
  readonly earliness: number;
  /** Per scenario: [count, predicted HIGH-or-IMMINENT]. */
  readonly byScenario: Readonly<Record<string, readonly [number, number]>>;
}

const ratio = (a: number, b: number): number => (b === 0 ? 1 : a / b);

/**
 * Scores assessments against generated gold.
 *
 * @param set - generated conversations (gold).
 * @param predictions - one assessment per conversation, same order.
 */
export function scoreSet(
  set: readonly SynthConversation[],
  predictions: readonly TriageAssessment[],
): SetMetrics {
  const k = BANDS.length;
  const confusion = BANDS.map(() => new Array<number>(k).fill(0));
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let immTp = 0;
  let immFn = 0;
  let immFp = 0;
  let under = 0;
  let hard = 0;
  let hardHigh = 0;
  let hardImm = 0;
  let cited = 0;
  let citedOk = 0;
  let early = 0;
  const byScenario: Record<string, [number, number]> = {};
  set.forEach((g, i) => {
    const a = predictions[i] as TriageAssessment;
    const gi = BANDS.indexOf(g.band);
    const pi = BANDS.indexOf(a.band);
    const row = confusion[gi] as number[];
    row[pi] = (row[pi] ?? 0) + 1;
    const goldPos = gi >= 3;
    const predPos = pi >= 3;
    if (goldPos && predPos) tp++;
    else if (predPos) fp++;
    else if (goldPos) fn++;
    if (g.band === 'IMMINENT') {
      if (a.band === 'IMMINENT') {
        immTp++;
        if (g.firstLogisticsLine !== null && a.imminent.lines.includes(g.firstLogisticsLine))
          early++;
      } else immFn++;
    } else if (a.band === 'IMMINENT') immFp++;
    if (goldPos && pi <= 1) under++;
    if (g.hardNegative) {
      hard++;
      if (predPos) hardHigh++;
      if (a.band === 'IMMINENT') hardImm++;
    }
    if (goldPos) {
      const labelled = new Set(g.messages.filter((m) => m.labels.length > 0).map((m) => m.index));
      for (const line of new Set(a.reasons.map((r) => r.line))) {
        cited++;
        if (labelled.has(line)) citedOk++;
      }
    }
    const s = (byScenario[g.scenario] ??= [0, 0]);
    s[0]++;
    if (predPos) s[1]++;
  });
  const precision = ratio(tp, tp + fp);
  const recall = ratio(tp, tp + fn);
  const f05 =
    precision + recall === 0 ? 0 : (1.25 * precision * recall) / (0.25 * precision + recall);
  return {
    n: set.length,
    confusion,
    precisionHigh: precision,
    recallHigh: recall,
    f05High: f05,
    imminentRecall: ratio(immTp, immTp + immFn),
    imminentPrecision: ratio(immTp, immTp + immFp),
    underTriage: under,
    positives: tp + fn,
    falsePositivesHigh: fp,
    hardNegatives: hard,
    lookalikeFprHigh: ratio(hardHigh, hard),
    lookalikeFprImminent: ratio(hardImm, hard),
    qwk: quadraticKappa(confusion),
    citedPrecision: ratio(citedOk, cited),
    earliness: ratio(early, immTp),
    byScenario,
  };
}

/** Quadratic weighted kappa of a square confusion matrix (rows gold, columns predicted). */
export function quadraticKappa(confusion: readonly (readonly number[])[]): number {
  const k = confusion.length;
  const n = confusion.reduce((s, r) => s + r.reduce((x, y) => x + y, 0), 0);
  const rows = confusion.map((r) => r.reduce((x, y) => x + y, 0));
  const cols = confusion.map((_, j) => confusion.reduce((s, r) => s + (r[j] ?? 0), 0));
  let observed = 0;
  let expected = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const w = (i - j) ** 2 / (k - 1) ** 2;
      observed += w * (confusion[i]?.[j] ?? 0);
      expected += (w * (rows[i] ?? 0) * (cols[j] ?? 0)) / n;
    }
  }
  return expected === 0 ? 1 : 1 - observed / expected;
}

/** A one-paragraph summary of the metrics (for test diagnostics and docs). */
export function formatMetrics(name: string, m: SetMetrics): string {
  const f = (x: number): string => x.toFixed(3);
  const lines = [
    `${name}: ${m.n} conversations, ${m.positives} gold HIGH/IMMINENT, ${m.hardNegatives} hard negatives`,
    `  precision@HIGH ${f(m.precisionHigh)}  recall@HIGH ${f(m.recallHigh)}  F0.5 ${f(m.f05High)}  (FP ${m.falsePositivesHigh})`,
    `  IMMINENT recall ${f(m.imminentRecall)}  precision ${f(m.imminentPrecision)}  under-triage ${m.underTriage}  earliness ${f(m.earliness)}`,
    `  look-alike FPR HIGH ${f(m.lookalikeFprHigh)}  IMMINENT ${f(m.lookalikeFprImminent)}  QWK ${f(m.qwk)}  cited-line precision ${f(m.citedPrecision)}`,
    `  confusion (rows gold NONE..IMMINENT): ${m.confusion.map((r) => r.join(' ')).join(' | ')}`,
  ];
  return lines.join('\n');
}

/** Band order helper for tests. */
export const bandRank = (b: Band): number => BANDS.indexOf(b);
