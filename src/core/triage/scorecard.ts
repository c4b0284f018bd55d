/**
 * Per-speaker aggregation, bands and the scorecard (research note §6.2–§6.3; fixtures README
 * "Band semantics").
 *
 * Bands are decided by rules over one speaker's evidence:
 * - LOW: at least one indicator line;
 * - MEDIUM: at least two different indicators (a build-up over stages);
 * - HIGH: concealment (SECRECY_REQUEST or ISOLATION_ALIENATION) + supervision or detection
 *   probing (RISK_ASSESSMENT or DETECTION_CHECK) + a private channel or image
 *   (PLATFORM_MIGRATION or IMAGE_REQUEST);
 * - IMMINENT (escalation): a concrete MEETING_LOGISTICS line at or after a RISK_ASSESSMENT,
 *   SECRECY_REQUEST, DETECTION_CHECK or AGE_GAP_DISCLOSURE line of the same speaker, when the
 *   speaker also shows at least two of the three HIGH groups or the logistics include a cover
 *   story (a meeting the child is told to hide).
 *
 * The score is the sum of integer contributions, each cited to one line: an indicator line
 * contributes its prior weight, halved for each repeat of the same indicator (1, ½, ¼, then
 * 0); the band rule that is met contributes what lifts the sum to the band's floor. Each band
 * owns a score range (LOW 1–24, MEDIUM 25–49, HIGH 50–79, IMMINENT 80–100) so that ranking by
 * score agrees with the bands; contributions that would pass the band's ceiling are cut.
 */
import type { Evidence } from './detect.ts';
import type { Band, IndicatorId, LogisticsFacet, Stage, TriageReason } from './types.ts';
import { BANDS, STAGES } from './types.ts';

export const BAND_RANGES: Readonly<Record<Band, readonly [number, number]>> = {
  NONE: [0, 0],
  LOW: [1, 24],
  MEDIUM: [25, 49],
  HIGH: [50, 79],
  IMMINENT: [80, 100],
};

const CONCEALMENT: ReadonlySet<IndicatorId> = new Set(['SECRECY_REQUEST', 'ISOLATION_ALIENATION']);
const PROBING: ReadonlySet<IndicatorId> = new Set(['RISK_ASSESSMENT', 'DETECTION_CHECK']);
const CHANNEL: ReadonlySet<IndicatorId> = new Set(['PLATFORM_MIGRATION', 'IMAGE_REQUEST']);
const PREREQUISITE: ReadonlySet<IndicatorId> = new Set([
  'RISK_ASSESSMENT',
  'SECRECY_REQUEST',
  'DETECTION_CHECK',
  'AGE_GAP_DISCLOSURE',
]);
/** Sexual-stage indicators (never part of a MEDIUM build-up). */
const SEXUAL_STAGE: ReadonlySet<IndicatorId> = new Set(['SEXUAL_CONTENT', 'NORMALISATION']);
const REPEAT_FACTORS = [1, 0.5, 0.25];

/** Result of scoring one speaker. */
export interface SpeakerScore {
  readonly speaker: string;
  readonly band: Band;
  readonly score: number;
  readonly reasons: readonly TriageReason[];
  readonly imminentLines: readonly number[];
  readonly prerequisiteLines: readonly number[];
  readonly facets: readonly LogisticsFacet[];
  readonly resolvedTime: string | null;
  readonly stages: readonly Stage[];
  readonly timeline: Readonly<Record<Exclude<Band, 'NONE'>, number | null>>;
}

interface BandState {
  band: Band;
  /** Evidence the band rule rests on: [deciding, ...others]. */
  rule: { id: string; deciding: Evidence; others: Evidence[] } | null;
  imminent: Evidence[];
  prerequisites: Evidence[];
}

const isConcreteLogistics = (e: Evidence): boolean => e.indicator === 'MEETING_LOGISTICS';

/** Evaluates the band rules on evidence (sorted by position). */
function evaluate(evidence: readonly Evidence[]): BandState {
  if (evidence.length === 0) return { band: 'NONE', rule: null, imminent: [], prerequisites: [] };
  // IMMINENT: concrete logistics from a speaker who also shows a prerequisite (risk, secrecy,
  // detection, age gap; note §6.3). The prerequisite usually comes first; when the only one
  // found comes later, the escalation is raised there and still cites every logistics line.
  const firstPrereq = evidence.find((e) => PREREQUISITE.has(e.indicator));
  const logistics = evidence.filter(isConcreteLogistics);
  const imminent = firstPrereq
    ? [
        ...logistics.filter((e) => e.position >= firstPrereq.position),
        ...logistics.filter((e) => e.position < firstPrereq.position),
      ]
    : [];
  const prerequisites = evidence.filter((e) => PREREQUISITE.has(e.indicator));
  const groups = [CONCEALMENT, PROBING, CHANNEL].filter((g) =>
    evidence.some((e) => g.has(e.indicator)),
  ).length;
  const coverStory = imminent.some((e) => e.facets?.includes('cover_story') === true);
  const sexualStage = evidence.find((e) => SEXUAL_STAGE.has(e.indicator));
  if (
    firstPrereq &&
    imminent.length > 0 &&
    (groups >= 2 || coverStory || (groups >= 1 && sexualStage !== undefined))
  ) {
    const deciding = imminent[0] as Evidence;
    const before = prerequisites.filter((p) => p.position <= deciding.position);
    const cited = before.length > 0 ? before : prerequisites;
    return {
      band: 'IMMINENT',
      rule: {
        id: 'IMMINENT_LOGISTICS_AFTER_RISK',
        deciding,
        others: cited.slice(0, 3),
      },
      imminent,
      prerequisites: cited,
    };
  }
  const c = evidence.find((e) => CONCEALMENT.has(e.indicator));
  const p = evidence.find((e) => PROBING.has(e.indicator));
  const m = evidence.find((e) => CHANNEL.has(e.indicator));
  if (c && p && m) {
    const trio = [c, p, m].sort((a, b) => a.position - b.position);
    return {
      band: 'HIGH',
      rule: {
        id: 'HIGH_CONCEALMENT_PROBE_CHANNEL',
        deciding: trio[2] as Evidence,
        others: [trio[0] as Evidence, trio[1] as Evidence],
      },
      imminent: [],
      prerequisites,
    };
  }
  // Concealment together with supervision or detection probing: the core of the isolation and
  // risk-assessment stages (note §3.1, MOGD; §6.3 "score ≥ 45" route), with or without a channel.
  if (c && p) {
    const pair = [c, p].sort((a, b) => a.position - b.position);
    return {
      band: 'HIGH',
      rule: {
        id: 'HIGH_CONCEALMENT_PROBE',
        deciding: pair[1] as Evidence,
        others: [pair[0] as Evidence],
      },
      imminent: [],
      prerequisites,
    };
  }
  // Two of the three HIGH groups plus sexual-stage evidence (redacted sexual content or
  // normalisation): never part of a contact-and-trust build-up (fixtures README, MEDIUM).
  if (sexualStage && groups >= 2) {
    const two = [c, p, m].filter((x): x is Evidence => x !== undefined);
    const set = [...two, sexualStage].sort((a, b) => a.position - b.position);
    return {
      band: 'HIGH',
      rule: {
        id: 'HIGH_TWO_GROUPS_SEXUAL_STAGE',
        deciding: set[set.length - 1] as Evidence,
        others: set.slice(0, -1),
      },
      imminent: [],
      prerequisites,
    };
  }
  // MEDIUM: two different indicators on two different lines (a build-up, not one line).
  for (let i = 1; i < evidence.length; i++) {
    const e = evidence[i] as Evidence;
    const earlier = evidence
      .slice(0, i)
      .find((x) => x.indicator !== e.indicator && x.position !== e.position);
    if (earlier)
      return {
        band: 'MEDIUM',
        rule: { id: 'MEDIUM_BUILD_UP', deciding: e, others: [earlier] },
        imminent: [],
        prerequisites,
      };
  }
  return { band: 'LOW', rule: null, imminent: [], prerequisites };
}

/**
 * Scores one speaker's evidence.
 *
 * @param evidence - the speaker's evidence, any order.
 * @returns band, score (= sum of reason contributions), reasons in line order, IMMINENT
 *   trigger lines, stages covered and the timeline of the first line at which each band was
 *   reached.
 */
export function scoreSpeaker(speaker: string, evidence: readonly Evidence[]): SpeakerScore {
  const ev = [...evidence].sort(
    (a, b) => a.position - b.position || a.indicator.localeCompare(b.indicator),
  );
  const state = evaluate(ev);
  const [floor, ceiling] = BAND_RANGES[state.band];
  const reasons: TriageReason[] = [];
  const seen = new Map<IndicatorId, number>();
  let total = 0;
  for (const e of ev) {
    const k = seen.get(e.indicator) ?? 0;
    seen.set(e.indicator, k + 1);
    const raw = Math.round(e.weight * (REPEAT_FACTORS[k] ?? 0));
    const contribution = Math.max(0, Math.min(raw, ceiling - total));
    total += contribution;
    reasons.push({
      indicator: e.indicator,
      stage: e.stage,
      line: e.line,
      speaker,
      span: e.span,
      ruleId: e.ruleId,
      contribution,
      kind: 'evidence',
    });
  }
  if (state.rule) {
    const bonus = Math.max(0, floor - total);
    total += bonus;
    const d = state.rule.deciding;
    reasons.push({
      indicator: d.indicator,
      stage: d.stage,
      line: d.line,
      speaker,
      span: d.span,
      ruleId: state.rule.id,
      contribution: bonus,
      kind: 'combination',
      with: [...new Set(state.rule.others.map((o) => o.line))].sort((a, b) => a - b),
    });
  }
  reasons.sort(
    (a, b) =>
      a.line - b.line ||
      (a.kind === b.kind ? a.ruleId.localeCompare(b.ruleId) : a.kind === 'evidence' ? -1 : 1),
  );
  // Timeline: first line at which each band is reached (evidence prefixes).
  const timeline: Record<Exclude<Band, 'NONE'>, number | null> = {
    LOW: null,
    MEDIUM: null,
    HIGH: null,
    IMMINENT: null,
  };
  let reached = 0;
  for (let i = 0; i < ev.length; i++) {
    const e = ev[i] as Evidence;
    const next = ev[i + 1];
    if (next && next.position === e.position) continue;
    const b = BANDS.indexOf(evaluate(ev.slice(0, i + 1)).band);
    for (let j = reached + 1; j <= b; j++) timeline[BANDS[j] as Exclude<Band, 'NONE'>] = e.line;
    if (b > reached) reached = b;
  }
  const facetSet = new Set<LogisticsFacet>();
  let resolvedTime: string | null = null;
  for (const e of state.imminent) {
    for (const f of e.facets ?? []) facetSet.add(f);
    if (resolvedTime === null && e.resolvedTime) resolvedTime = e.resolvedTime;
  }
  const order: readonly LogisticsFacet[] = ['time', 'place', 'transport', 'cover_story'];
  const stageSet = new Set(ev.map((e) => e.stage));
  return {
    speaker,
    band: state.band,
    score: total,
    reasons,
    imminentLines: [...new Set(state.imminent.map((e) => e.line))].sort((a, b) => a - b),
    prerequisiteLines: [...new Set(state.prerequisites.map((e) => e.line))].sort((a, b) => a - b),
    facets: order.filter((f) => facetSet.has(f)),
    resolvedTime,
    stages: STAGES.filter((s) => stageSet.has(s)),
    timeline,
  };
}
