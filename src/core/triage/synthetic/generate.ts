/**
 * A small, seeded generator of synthetic conversations from the paraphrase bank
 * (`bank.fixture.ts`), in the composition of the dev set and withheld set A (fixtures README,
 * "Composition"; research note §7.2) or at the realistic prevalence of withheld set B (about
 * 3 % HIGH or IMMINENT). Used only by tests to measure how the rules carry to wording they
 * were not written from; figures on these sets are an upper bound (synthetic, and written by
 * the same team as the rules).
 *
 * Deterministic: a seeded PRNG (mulberry32), no clock. Nothing explicit: sexual content only
 * as the placeholder token.
 */
import type { Band, IndicatorId } from '../types.ts';
import {
  ADULT_SMALL_TALK,
  bankHalf,
  CHILD_AGE_LINES,
  CHILD_SMALL_TALK,
  CHILD_YEAR_LINES,
  INDICATOR_BANK,
  LOOKALIKE_FAMILIES,
  STRANGER_SMALL_TALK,
} from './bank.fixture.ts';
import type { LookalikeFamily } from './bank.fixture.ts';

/** One generated message with its gold labels (never shown to triage). */
export interface SynthMessage {
  readonly index: number;
  readonly speaker: string;
  readonly ts: string;
  readonly text: string;
  /** Indicator the line was drawn for (focal speaker only); empty for other lines. */
  readonly labels: readonly IndicatorId[];
}

/** One generated conversation with its gold band. */
export interface SynthConversation {
  readonly id: string;
  readonly band: Band;
  readonly scenario: string;
  readonly hardNegative: boolean;
  readonly focal: string | null;
  readonly obfuscated: boolean;
  readonly firstLogisticsLine: number | null;
  readonly messages: readonly SynthMessage[];
}

/** Which half of the bank lines are drawn from. */
export type BankSelection = 'tune' | 'held' | 'all';

/** mulberry32: a small seeded PRNG returning floats in [0, 1). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Rng {
  readonly next: () => number;
  constructor(seed: number) {
    this.next = prng(seed);
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(xs: readonly T[]): T {
    if (xs.length === 0) throw new Error('pick from an empty list');
    return xs[Math.floor(this.next() * xs.length)] as T;
  }
  shuffle<T>(xs: readonly T[]): T[] {
    const out = [...xs];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [out[i], out[j]] = [out[j] as T, out[i] as T];
    }
    return out;
  }
}

const NAMES = [
  'A',
  'B',
  'Sam',
  'jaz_09',
  'Kit',
  'r0ry',
  'Priya',
  'deano',
  'Lou',
  'mo.k',
  'Tegan',
  'ollie__',
  'Bea',
  'Callum',
  'zed',
];

/** Obfuscations of research note §3.3 ("Normalisation needed before matching"). */
function obfuscate(text: string, rng: Rng): string {
  const words = text.split(' ');
  const candidates = words.map((w, i) => [w, i] as const).filter(([w]) => /^[a-z]{4,}$/i.test(w));
  if (candidates.length === 0) return rng.chance(0.5) ? `${text} 😅` : text;
  const [w, i] = rng.pick(candidates);
  let out: string;
  switch (rng.int(0, 5)) {
    case 0: // leetspeak on one word
      out = w.replace(/[aeoi]/g, (c) => ({ a: '4', e: '3', o: '0', i: '1' })[c] ?? c);
      break;
    case 1: // letters spaced out
      out = w.split('').join(' ');
      break;
    case 2: {
      // adjacent transposition typo
      const k = rng.int(1, w.length - 2);
      out = w.slice(0, k) + (w[k + 1] ?? '') + (w[k] ?? '') + w.slice(k + 2);
      break;
    }
    case 3: // Cyrillic confusables for a, e, o
      out = w.replace(/[aeo]/g, (c) => ({ a: 'а', e: 'е', o: 'о' })[c] ?? c);
      break;
    case 4: // stretched vowel
      out = w.replace(/([aeiou])/, '$1$1$1');
      break;
    default: // dotted letters
      out = w.split('').join('.');
  }
  words[i] = out;
  const joined = words.join(' ');
  return rng.chance(0.3) ? `${joined} 😂` : joined;
}

interface Draft {
  speaker: string;
  text: string;
  labels: IndicatorId[];
}

class Builder {
  readonly msgs: Draft[] = [];
  constructor(private readonly rng: Rng) {}
  add(speaker: string, text: string, labels: IndicatorId[] = []): void {
    this.msgs.push({ speaker, text, labels });
  }
  /** Interleaves small talk from two pools. */
  chat(a: string, aPool: readonly string[], b: string, bPool: readonly string[], n: number): void {
    for (let i = 0; i < n; i++) {
      if (this.rng.chance(0.5)) this.add(a, this.rng.pick(aPool));
      else this.add(b, this.rng.pick(bPool));
    }
  }
}

/** Bank lines of one indicator in the selected half. */
function linesOf(ind: IndicatorId, sel: BankSelection): readonly string[] {
  const all = INDICATOR_BANK[ind];
  const chosen = sel === 'all' ? all : all.filter((l) => bankHalf(l) === sel);
  return chosen.length > 0 ? chosen : all;
}

function familyLines(xs: readonly string[], sel: BankSelection): readonly string[] {
  const chosen = sel === 'all' ? xs : xs.filter((l) => bankHalf(l) === sel);
  return chosen.length > 0 ? chosen : xs;
}

/** Replies a child gives to an indicator line (context, never evidence). */
function childReply(ind: IndicatorId, age: number | null, rng: Rng): string | null {
  switch (ind) {
    case 'AGE_IDENTITY_PROBE':
      return age !== null ? rng.pick(CHILD_AGE_LINES)(age) : rng.pick(['why', 'old enough lol']);
    case 'RISK_ASSESSMENT':
      return rng.pick([
        'yeah mums at work',
        'no im on my own',
        'dad gets back at 6',
        'why',
        'just me',
      ]);
    case 'PERSONAL_INFO_REQUEST':
      return rng.pick(['why do u want to know', 'near the town centre', 'not saying lol', 'why']);
    case 'SECRECY_REQUEST':
      return rng.pick(['ok', 'why', 'i wont', 'ok i promise']);
    case 'IMAGE_REQUEST':
      return rng.pick(['maybe later', 'why', 'idk', 'ok']);
    case 'MEETING_LOGISTICS':
    case 'MEETING_PROPOSAL':
      return rng.pick(['i dont know', 'maybe', 'ok', 'i dont think my mum would let me']);
    default:
      return rng.chance(0.5) ? rng.pick(['lol', 'really?', 'aw', 'ok', 'why?', 'haha']) : null;
  }
}

/** Unprompted age statements of a same-age peer. */
const PEER_AGE_LINES: readonly ((age: number) => string)[] = [
  (a) => `im ${a} btw`,
  (a) => `i'm ${a}`,
  (a) => `im ${a} what about u`,
  (a) => `just turned ${a} lol`,
  (a) => `im in year ${a - 4}`,
];

const WEAK: readonly IndicatorId[] = [
  'AGE_IDENTITY_PROBE',
  'PERSONAL_INFO_REQUEST',
  'PLATFORM_MIGRATION',
  'FLATTERY_TRUST',
  'IMAGE_REQUEST',
  'GIFT_OR_MONEY_OFFER',
];
const CONTACT: readonly IndicatorId[] = ['AGE_IDENTITY_PROBE', 'PERSONAL_INFO_REQUEST'];
const TRUST: readonly IndicatorId[] = [
  'FLATTERY_TRUST',
  'SELF_DISCLOSURE_BONDING',
  'GIFT_OR_MONEY_OFFER',
];
const EXTRA_MEDIUM: readonly IndicatorId[] = [
  'AGE_GAP_DISCLOSURE',
  'EXCLUSIVITY',
  'EMOTIONAL_PRESSURE',
  'COMPLIANCE_TESTING',
  'MEETING_PROPOSAL',
];
const CONCEAL: readonly IndicatorId[] = ['SECRECY_REQUEST', 'ISOLATION_ALIENATION'];
const PROBE: readonly IndicatorId[] = ['RISK_ASSESSMENT', 'DETECTION_CHECK'];
const CHANNEL: readonly IndicatorId[] = ['PLATFORM_MIGRATION', 'IMAGE_REQUEST'];

export type Scenario =
  'benign' | 'hard' | 'low' | 'medium' | 'medium/near_miss' | 'high' | 'imminent';

interface Cast {
  child: string;
  other: string;
  age: number | null;
}

function cast(rng: Rng): Cast {
  const [child, other] = rng.shuffle(NAMES).slice(0, 2) as [string, string];
  return { child, other, age: rng.chance(0.8) ? rng.int(11, 15) : null };
}

/** The child makes themselves known as a child (age, school year or school life). */
function childPresence(b: Builder, c: Cast, rng: Rng): void {
  const r = rng.next();
  if (r < 0.45 && c.age !== null) b.add(c.child, rng.pick(CHILD_AGE_LINES)(c.age));
  else if (r < 0.7 && c.age !== null) b.add(c.child, rng.pick(CHILD_YEAR_LINES)(c.age - 4));
  else b.add(c.child, rng.pick(CHILD_SMALL_TALK.slice(7, 16)));
}

/** A grooming-type conversation with the given indicators from the focal speaker. */
function withIndicators(
  rng: Rng,
  sel: BankSelection,
  inds: readonly IndicatorId[],
  opts: { logistics?: boolean; roleClaim?: boolean },
): { b: Builder; c: Cast } {
  const b = new Builder(rng);
  const c = cast(rng);
  const order = rng.shuffle(inds);
  // IMMINENT: a prerequisite (risk, secrecy, detection, age gap) comes before the first logistics line.
  const plan: IndicatorId[] = [...order];
  if (opts.logistics) {
    const at = rng.int(
      Math.max(
        1,
        plan.findIndex((i) =>
          ['RISK_ASSESSMENT', 'SECRECY_REQUEST', 'DETECTION_CHECK', 'AGE_GAP_DISCLOSURE'].includes(
            i,
          ),
        ) + 1,
      ),
      plan.length,
    );
    plan.splice(at, 0, 'MEETING_LOGISTICS');
    if (rng.chance(0.4)) plan.push('MEETING_LOGISTICS');
  }
  b.chat(c.other, STRANGER_SMALL_TALK, c.child, CHILD_SMALL_TALK, rng.int(2, 6));
  if (opts.roleClaim) {
    const r = rng.int(0, 3);
    if (r === 0) b.add(c.child, rng.pick(['hi coach', 'ok coach', 'thanks coach']));
    else if (r === 1) b.add(c.child, rng.pick(['hi sir', 'ok sir', 'yes sir']));
    else if (r === 2) b.add(c.other, rng.pick(['its coach btw, from training', "it's ur coach x"]));
    else b.add(c.child, rng.pick(['thanks miss', 'hi miss']));
  }
  let presence = false;
  for (const ind of plan) {
    if (!presence && rng.chance(0.5)) {
      childPresence(b, c, rng);
      presence = true;
    }
    b.chat(c.other, STRANGER_SMALL_TALK, c.child, CHILD_SMALL_TALK, rng.int(0, 4));
    b.add(c.other, rng.pick(linesOf(ind, sel)), [ind]);
    const reply = childReply(ind, c.age, rng);
    if (reply !== null && rng.chance(0.8)) b.add(c.child, reply);
  }
  if (!presence && rng.chance(0.8)) childPresence(b, c, rng);
  b.chat(c.other, STRANGER_SMALL_TALK, c.child, CHILD_SMALL_TALK, rng.int(1, 5));
  return { b, c };
}

function lookalike(rng: Rng, sel: BankSelection, name: string, fam: LookalikeFamily): Builder {
  const b = new Builder(rng);
  const c = cast(rng);
  const peerAge = c.age ?? rng.int(12, 15);
  const n = rng.int(3, 7);
  const lines = rng.shuffle(familyLines(fam.lines, sel)).slice(0, n);
  const useHints = fam.hints.length > 0 && rng.chance(0.85);
  const adultPair = fam.role === 'adult';
  if (fam.role === 'peer') {
    // both sides present as children of about the same age (an unprompted statement, then an answer)
    b.add(c.other, rng.pick(PEER_AGE_LINES)(peerAge + rng.int(-1, 1)));
    b.add(c.child, rng.pick(CHILD_AGE_LINES)(peerAge));
  } else if (!adultPair && rng.chance(0.6)) {
    childPresence(b, c, rng);
  }
  const otherPool = adultPair
    ? ADULT_SMALL_TALK
    : fam.role === 'peer'
      ? CHILD_SMALL_TALK
      : STRANGER_SMALL_TALK;
  const childPool = adultPair ? ADULT_SMALL_TALK : CHILD_SMALL_TALK;
  for (const l of lines) {
    b.chat(c.other, otherPool, c.child, childPool, rng.int(0, 3));
    b.add(c.other, l);
    if (rng.chance(0.7)) {
      if (useHints && rng.chance(0.5)) b.add(c.child, rng.pick(fam.hints));
      else b.add(c.child, rng.pick(fam.replies));
    }
  }
  if (useHints) b.add(c.child, rng.pick(fam.hints));
  b.chat(c.other, otherPool, c.child, childPool, rng.int(1, 4));
  void name;
  return b;
}

function benign(rng: Rng): Builder {
  const b = new Builder(rng);
  const c = cast(rng);
  const kind = rng.int(0, 2);
  if (kind === 0) {
    // two children
    const age = c.age ?? 13;
    b.add(c.other, rng.pick(CHILD_AGE_LINES)(age));
    b.chat(c.other, CHILD_SMALL_TALK, c.child, CHILD_SMALL_TALK, rng.int(8, 30));
  } else if (kind === 1) {
    // a child and a stranger of unknown age chatting about nothing in particular
    b.chat(c.other, STRANGER_SMALL_TALK, c.child, CHILD_SMALL_TALK, rng.int(8, 30));
  } else {
    b.chat(c.other, ADULT_SMALL_TALK, c.child, ADULT_SMALL_TALK, rng.int(6, 20));
  }
  return b;
}

function finish(
  id: string,
  band: Band,
  scenario: string,
  hardNegative: boolean,
  focal: string | null,
  b: Builder,
  rng: Rng,
  obfuscated: boolean,
): SynthConversation {
  let t = Date.UTC(2024, rng.int(0, 11), rng.int(1, 28), rng.int(7, 21), rng.int(0, 59));
  let firstLogisticsLine: number | null = null;
  const messages: SynthMessage[] = b.msgs.map((m, index) => {
    t += rng.chance(0.1) ? rng.int(3600, 86_400) * 1000 : rng.int(5, 600) * 1000;
    if (firstLogisticsLine === null && m.labels.includes('MEETING_LOGISTICS'))
      firstLogisticsLine = index;
    const text = obfuscated && rng.chance(0.3) ? obfuscate(m.text, rng) : m.text;
    return {
      index,
      speaker: m.speaker,
      ts: new Date(t).toISOString().replace('.000Z', 'Z'),
      text,
      labels: m.labels,
    };
  });
  return { id, band, scenario, hardNegative, focal, obfuscated, firstLogisticsLine, messages };
}

/** Shares of each gold band and scenario in a generated set. */
export interface Composition {
  readonly benign: number;
  readonly hard: number;
  readonly low: number;
  readonly medium: number;
  readonly nearMiss: number;
  readonly high: number;
  readonly imminent: number;
  /** Share of HIGH/IMMINENT conversations whose focal speaker is addressed as (or claims to be) a coach or teacher. */
  readonly roleClaim: number;
}

/** Dev set / withheld set A (fixtures README "Composition"): 52 % NONE, 18 % LOW, 12 % MEDIUM, 10 % HIGH, 8 % IMMINENT. */
export const COMPOSITION_A: Composition = {
  benign: 0.4,
  hard: 0.15,
  low: 0.15,
  medium: 0.08,
  nearMiss: 0.04,
  high: 0.1,
  imminent: 0.08,
  roleClaim: 0.15,
};

/** Withheld set B: realistic prevalence, about 3 % HIGH or IMMINENT, the rest NONE or LOW. */
export const COMPOSITION_B: Composition = {
  benign: 0.7,
  hard: 0.17,
  low: 0.1,
  medium: 0,
  nearMiss: 0,
  high: 0.018,
  imminent: 0.012,
  roleClaim: 0.15,
};

/**
 * Generates `n` conversations.
 *
 * @param n - number of conversations.
 * @param seed - PRNG seed (same seed, same set).
 * @param sel - bank half the lines are drawn from.
 * @param comp - scenario shares (they need not sum to 1; they are normalised).
 */
export function generateSet(
  n: number,
  seed: number,
  sel: BankSelection,
  comp: Composition = COMPOSITION_A,
): SynthConversation[] {
  const rng = new Rng(seed);
  const shares: [Scenario, number][] = [
    ['benign', comp.benign],
    ['hard', comp.hard],
    ['low', comp.low],
    ['medium', comp.medium],
    ['medium/near_miss', comp.nearMiss],
    ['high', comp.high],
    ['imminent', comp.imminent],
  ];
  const total = shares.reduce((s, [, x]) => s + x, 0);
  const plan: Scenario[] = [];
  for (const [s, x] of shares) {
    const k = Math.round((x / total) * n);
    for (let i = 0; i < k; i++) plan.push(s);
  }
  while (plan.length < n) plan.push('benign');
  plan.length = n;
  const families = Object.entries(LOOKALIKE_FAMILIES);
  const out: SynthConversation[] = [];
  rng.shuffle(plan).forEach((s, i) => {
    const id = `s-${seed}-${i}`;
    const obf = rng.chance(0.15);
    switch (s) {
      case 'benign':
        out.push(finish(id, 'NONE', 'benign', false, null, benign(rng), rng, obf));
        break;
      case 'hard': {
        const [name, fam] = rng.pick(families);
        out.push(
          finish(
            id,
            'NONE',
            `lookalike/${name}`,
            true,
            null,
            lookalike(rng, sel, name, fam),
            rng,
            obf,
          ),
        );
        break;
      }
      case 'low': {
        const ind = rng.pick(WEAK);
        const { b, c } = withIndicators(rng, sel, [ind], {});
        out.push(finish(id, 'LOW', `low/${ind}`, false, c.other, b, rng, obf));
        break;
      }
      case 'medium':
      case 'medium/near_miss': {
        const inds = new Set<IndicatorId>([rng.pick(CONTACT), rng.pick(TRUST)]);
        if (rng.chance(0.7)) inds.add(rng.pick(CHANNEL));
        if (rng.chance(0.5)) inds.add(rng.pick(EXTRA_MEDIUM));
        if (s === 'medium/near_miss') inds.add(rng.pick([...CONCEAL, ...PROBE]));
        const { b, c } = withIndicators(rng, sel, [...inds], {});
        out.push(finish(id, 'MEDIUM', s, false, c.other, b, rng, obf));
        break;
      }
      case 'high':
      case 'imminent': {
        const inds = new Set<IndicatorId>([rng.pick(CONCEAL), rng.pick(PROBE), rng.pick(CHANNEL)]);
        if (rng.chance(0.7)) inds.add(rng.pick(CONTACT));
        if (rng.chance(0.7)) inds.add(rng.pick(TRUST));
        if (rng.chance(0.3))
          inds.add(rng.pick(EXTRA_MEDIUM.filter((x) => x !== 'MEETING_PROPOSAL')));
        if (rng.chance(0.2)) inds.add('SEXUAL_CONTENT');
        if (rng.chance(0.15)) inds.add('NORMALISATION');
        const roleClaim = rng.chance(comp.roleClaim);
        const { b, c } = withIndicators(rng, sel, [...inds], {
          logistics: s === 'imminent',
          roleClaim,
        });
        out.push(
          finish(
            id,
            s === 'imminent' ? 'IMMINENT' : 'HIGH',
            `${s}/${roleClaim ? 'role_claimed' : 'combination'}`,
            false,
            c.other,
            b,
            rng,
            obf,
          ),
        );
        break;
      }
    }
  });
  return out;
}
