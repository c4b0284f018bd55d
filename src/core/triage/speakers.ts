/**
 * Speaker profiles and the speaker-level look-alike guards.
 *
 * Whose lines are scored is decided from context, never from an indicator alone (fixtures
 * README, "Known properties": "Context (who speaks, stated ages on both sides, role hints,
 * quotation) has to do that work"):
 *
 * - a speaker who presents as a child (a stated age under 18, a school year, a child's own
 *   school and home life) is a child or a same-age peer: their lines are never evidence;
 * - a speaker in a trusted role (addressed as mum, sir, miss, coach, nan; signing as mum;
 *   speaking a parent's household register or a teacher's or coach's group register) is a
 *   look-alike source, unless they also show what no such role explains (redacted sexual
 *   content, or checking whether the child is police or a decoy);
 * - when nobody in the chat presents as a child and the speaker's own lines do not presuppose
 *   one, the chat is between adults.
 */
import type { Role } from './context.ts';
import type { AnalysedLine, Evidence } from './detect.ts';
import { pattern } from './lexicon.ts';
import type { CounterIndicator, IndicatorId } from './types.ts';

export interface SpeakerProfile {
  readonly speaker: string;
  readonly statedAge: number | null;
  readonly statedAgeLine: number | null;
  readonly schoolYear: number | null;
  readonly schoolYearLine: number | null;
  readonly youthLines: readonly number[];
  readonly adultLines: readonly number[];
  /** Role hints about this speaker: role → lines. */
  readonly roles: ReadonlyMap<Role, readonly number[]>;
  readonly presentsAs: 'minor' | 'adult' | 'unknown';
  /** Lines in which this speaker's words presuppose a child on the other side. */
  readonly minorDirectedLines: readonly number[];
}

export interface Eligibility {
  readonly scored: boolean;
  readonly counter: CounterIndicator | null;
  /** Trusted roles the speaker is hinted to hold: evidence then goes through `roleDiscount`. */
  readonly roles: readonly Role[];
}

/** Words that presuppose the other person is a child. */
export const MINOR_DIRECTED = pattern(
  String.raw`your (?:school|mum|dad|parents|mum and dad|teachers?|homework|class|bedtime|age|form tutor|year|head of year)|after school|before school|for your age|for a \d{1,2} year old|teen|teenager|secondary|primary|sixth form|a kid|still at school|still in school|at school|kids at your|people your age|kids your age|girls your age|boys your age|\d{1,2} year old|when i was your age|gcses?|year \d{1,2}|just you (?:at home|in|home)|your (?:friends|mates|bedroom|room|brother|sister|nan|gran)|anyone (?:else )?(?:home|in)|home alone|on your own|your own room`,
);

interface Mutable {
  speaker: string;
  ages: { value: number; line: number }[];
  schoolYear: number | null;
  schoolYearLine: number | null;
  youth: number[];
  adult: number[];
  parentReg: number[];
  teacherReg: number[];
  coachReg: number[];
  relativeReg: number[];
  minorDirected: number[];
}

/**
 * Builds a profile for every speaker from the analysed lines.
 *
 * @returns profiles keyed by speaker, in first-appearance order.
 */
export function buildProfiles(lines: readonly AnalysedLine[]): Map<string, SpeakerProfile> {
  const raw = new Map<string, Mutable>();
  const get = (s: string): Mutable => {
    let m = raw.get(s);
    if (!m) {
      m = {
        speaker: s,
        ages: [],
        schoolYear: null,
        schoolYearLine: null,
        youth: [],
        adult: [],
        parentReg: [],
        teacherReg: [],
        coachReg: [],
        relativeReg: [],
        minorDirected: [],
      };
      raw.set(s, m);
    }
    return m;
  };
  for (const l of lines) {
    const m = get(l.speaker);
    for (const a of l.signals.ages) m.ages.push({ value: a.value, line: l.index });
    if (l.signals.schoolYear && m.schoolYear === null) {
      m.schoolYear = l.signals.schoolYear.value;
      m.schoolYearLine = l.index;
    }
    const r = l.signals.registers;
    if (r.youth) m.youth.push(l.index);
    if (r.adult) m.adult.push(l.index);
    if (r.parent) m.parentReg.push(l.index);
    if (r.teacher) m.teacherReg.push(l.index);
    if (r.coach) m.coachReg.push(l.index);
    if (r.relative) m.relativeReg.push(l.index);
    if (l.minorDirected) m.minorDirected.push(l.index);
  }
  // First pass: how each speaker presents, from ages, school year and registers.
  const presents = new Map<string, 'minor' | 'adult' | 'unknown'>();
  for (const m of raw.values()) presents.set(m.speaker, presentation(m));
  // Role hints: attach each hint to the writer or the addressee.
  const roles = new Map<string, Map<Role, number[]>>();
  const addRole = (s: string, role: Role, line: number): void => {
    let rm = roles.get(s);
    if (!rm) {
      rm = new Map();
      roles.set(s, rm);
    }
    const list = rm.get(role) ?? [];
    if (!list.includes(line)) list.push(line);
    rm.set(role, list);
  };
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i] as AnalysedLine;
    if (l.signals.roleHints.length === 0) continue;
    const addressee = addresseeOf(lines, i);
    for (const h of l.signals.roleHints) {
      let about: string | null;
      if (h.form === 'self') about = l.speaker;
      else if (h.form === 'vocative') about = addressee;
      else about = presents.get(l.speaker) === 'minor' ? addressee : l.speaker;
      if (about !== null) addRole(about, h.role, l.index);
    }
  }
  for (const m of raw.values()) {
    if (m.parentReg.length >= 2) for (const x of m.parentReg) addRole(m.speaker, 'parent', x);
    if (m.teacherReg.length >= 2) for (const x of m.teacherReg) addRole(m.speaker, 'teacher', x);
    if (m.coachReg.length >= 2) for (const x of m.coachReg) addRole(m.speaker, 'coach', x);
    if (m.relativeReg.length >= 1) for (const x of m.relativeReg) addRole(m.speaker, 'relative', x);
  }
  const out = new Map<string, SpeakerProfile>();
  for (const m of raw.values()) {
    const first = m.ages[0];
    const rm = roles.get(m.speaker) ?? new Map<Role, number[]>();
    let p = presents.get(m.speaker) ?? 'unknown';
    // A role hint names an adult (parent, teacher, coach, relative).
    if (p === 'unknown' && rm.size > 0) p = 'adult';
    out.set(m.speaker, {
      speaker: m.speaker,
      statedAge: first?.value ?? null,
      statedAgeLine: first?.line ?? null,
      schoolYear: m.schoolYear,
      schoolYearLine: m.schoolYearLine,
      youthLines: m.youth,
      adultLines: m.adult,
      roles: rm,
      presentsAs: p,
      minorDirectedLines: m.minorDirected,
    });
  }
  return out;
}

function presentation(m: Mutable): 'minor' | 'adult' | 'unknown' {
  if (m.ages.length > 0) {
    const minors = m.ages.filter((a) => a.value < 18).length;
    return minors * 2 >= m.ages.length ? 'minor' : 'adult';
  }
  if (m.schoolYear !== null) return 'minor';
  if (m.youth.length >= 1 && m.youth.length > m.adult.length) return 'minor';
  if (m.adult.length >= 1 && m.adult.length >= m.youth.length) return 'adult';
  return 'unknown';
}

/** The speaker a line is addressed to: the last other speaker before it, else the next one. */
function addresseeOf(lines: readonly AnalysedLine[], i: number): string | null {
  const self = (lines[i] as AnalysedLine).speaker;
  for (let j = i - 1; j >= 0; j--) {
    const s = (lines[j] as AnalysedLine).speaker;
    if (s !== self) return s;
  }
  for (let j = i + 1; j < lines.length; j++) {
    const s = (lines[j] as AnalysedLine).speaker;
    if (s !== self) return s;
  }
  return null;
}

/**
 * Decides whether a speaker's lines are scored, before any role discount.
 *
 * A speaker who presents as a child is never scored (their lines are context); a speaker in
 * an adult-only chat whose lines do not presuppose a child is not scored; a speaker with role
 * hints (parent, teacher, coach, relative) is scored through `roleDiscount`, which sets aside
 * only the look-alike lines such a role explains.
 */
export function eligibility(
  profile: SpeakerProfile,
  profiles: ReadonlyMap<string, SpeakerProfile>,
): Eligibility {
  const others = [...profiles.values()].filter((p) => p.speaker !== profile.speaker);
  if (profile.presentsAs === 'minor') {
    const lines = [
      profile.statedAgeLine,
      profile.schoolYearLine,
      ...profile.youthLines.slice(0, 2),
    ].filter((x): x is number => x !== null);
    const peer = others.some((o) => o.presentsAs === 'minor');
    return {
      scored: false,
      roles: [],
      counter: {
        speaker: profile.speaker,
        kind: 'SAME_AGE_PEER',
        lines: [...new Set(lines)].sort((a, b) => a - b),
        note: peer
          ? 'Presents as a child (stated age, school year or school life) talking with another child: same-age peer lines are not scored.'
          : 'Presents as a child (stated age, school year or school life): a child’s own lines are context, not evidence.',
      },
    };
  }
  const minorPresent = others.some((o) => o.presentsAs === 'minor');
  const allOthersAdult = others.length > 0 && others.every((o) => o.presentsAs === 'adult');
  if (
    !minorPresent &&
    profile.roles.size === 0 &&
    (allOthersAdult || (profile.presentsAs === 'adult' && profile.minorDirectedLines.length === 0))
  ) {
    const lines = [
      ...new Set([
        ...profile.adultLines.slice(0, 2),
        ...others.flatMap((o) => [
          ...o.adultLines.slice(0, 1),
          ...(o.statedAgeLine !== null ? [o.statedAgeLine] : []),
        ]),
      ]),
    ].sort((a, b) => a - b);
    return {
      scored: false,
      roles: [],
      counter: {
        speaker: profile.speaker,
        kind: 'NO_MINOR_PRESENT',
        lines,
        note: 'Nobody in this chat presents as a child, this speaker presents as an adult and their lines do not presuppose a child: indicators between adults are not scored.',
      },
    };
  }
  return { scored: true, counter: null, roles: [...profile.roles.keys()].sort() };
}

/** Roles of the child's own household (parents, grandparents, relatives, siblings). */
const FAMILY_ROLES: ReadonlySet<Role> = new Set(['parent', 'relative']);

/** Evidence that shows concealment or a check for police: what no trusted role explains. */
const CONCEALING: ReadonlySet<IndicatorId> = new Set([
  'SECRECY_REQUEST',
  'ISOLATION_ALIENATION',
  'DETECTION_CHECK',
  'SEXUAL_CONTENT',
]);

/**
 * Whether a trusted role explains one evidence line of its holder (a benign look-alike), given
 * whether the speaker also shows concealment.
 *
 * Never explained by any role: secrecy requests, isolation, detection checks, sexual-stage
 * evidence, exclusivity, image requests (except a parent's or relative's), gifts with a
 * condition, a cover story, and (for a teacher or coach) moving the child to another app.
 * Explained unless the speaker also conceals: meeting proposals and logistics (lifts,
 * pick-ups, practice times), gifts, and for a teacher or coach also supervision questions,
 * compliance and pressure lines. Always explained: age, school and address questions,
 * praise, self-disclosure, and a parent's or relative's supervision questions and affection.
 */
function explainedByRole(e: Evidence, family: boolean, conceals: boolean): boolean {
  switch (e.indicator) {
    case 'SECRECY_REQUEST':
    case 'ISOLATION_ALIENATION':
    case 'DETECTION_CHECK':
    case 'SEXUAL_CONTENT':
    case 'NORMALISATION':
      return false;
    case 'EXCLUSIVITY':
      return family && e.ruleId === 'EXCLUSIVE_AFFECTION';
    case 'IMAGE_REQUEST':
      return family;
    case 'PLATFORM_MIGRATION':
      return family;
    case 'GIFT_OR_MONEY_OFFER':
      return e.conditional !== true && !conceals;
    case 'MEETING_LOGISTICS':
      return e.facets?.includes('cover_story') !== true && !conceals;
    case 'MEETING_PROPOSAL':
      return !conceals;
    case 'RISK_ASSESSMENT':
    case 'COMPLIANCE_TESTING':
    case 'EMOTIONAL_PRESSURE':
      return family || !conceals;
    default:
      return true;
  }
}

/** Evidence of a role-hinted speaker split into what is scored and what the role explains. */
export interface RoleDiscount {
  readonly kept: readonly Evidence[];
  readonly setAside: readonly Evidence[];
  readonly counter: CounterIndicator;
}

/**
 * Targeted discounting for a speaker with trusted-role hints (issue 4, second pass): a role
 * neutralises only the benign look-alike patterns it explains (a parent's pick-up, a coach's
 * lift or practice time, a relative's birthday money), never what no such role explains
 * (secrecy, detection checks, isolation, exclusivity, image requests, conditional gifts, or
 * meeting logistics together with concealment). A real offender can be, or claim to be, a
 * coach.
 *
 * @param evidence - the speaker's evidence lines.
 * @param roles - the role hints attached to the speaker (non-empty).
 * @returns the evidence kept for scoring, the evidence set aside, and the counter-indicator
 *   that records the role hints and the set-aside lines for the officer.
 */
export function roleDiscount(
  profile: SpeakerProfile,
  evidence: readonly Evidence[],
  roles: readonly Role[],
): RoleDiscount {
  const family = roles.every((r) => FAMILY_ROLES.has(r));
  // A parent's "don't tell dad" is ordinary family life: for family roles only isolation,
  // detection checks and sexual content count as concealment.
  const conceals = evidence.some(
    (e) =>
      (CONCEALING.has(e.indicator) && !(family && e.indicator === 'SECRECY_REQUEST')) ||
      e.facets?.includes('cover_story') === true,
  );
  const kept: Evidence[] = [];
  const setAside: Evidence[] = [];
  for (const e of evidence) (explainedByRole(e, family, conceals) ? setAside : kept).push(e);
  const hintLines = [...new Set([...profile.roles.values()].flat())].sort((a, b) => a - b);
  const aside = [...new Set(setAside.map((e) => e.line))].sort((a, b) => a - b);
  const names = roles.join(', ');
  const note =
    kept.length === 0
      ? `Role hints (${names}) mark this speaker as someone in the child’s life; their look-alike lines (${aside.join(', ')}: lifts, times, places, who is home, ages, praise, unconditional gifts) are explained by that role and not scored. Review if the role is doubtful.`
      : setAside.length === 0
        ? `Role hints (${names}) are present, but no indicator line of this speaker is explained by such a role: each is either something no such role explains (secrecy, detection checks, isolation, exclusivity, image requests, conditional gifts, a cover story) or comes from a speaker who also asks for concealment (meetings, lifts, who is home). All are scored.`
        : `Role hints (${names}): lines ${aside.join(', ')} (lifts, times, places, who is home, ages, praise, unconditional gifts) are explained by that role and not scored; the other lines are ones no such role explains and are scored.`;
  return {
    kept,
    setAside,
    counter: {
      speaker: profile.speaker,
      kind: 'TRUSTED_ROLE',
      lines: [...new Set([...hintLines, ...aside])].sort((a, b) => a - b),
      note,
    },
  };
}
