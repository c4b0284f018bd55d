/**
 * Concrete meeting logistics (research note §3.3 MEETING_LOGISTICS and §6.3 IMMINENT rule;
 * fixtures README "Label rules" 1 and 5): a time within about 72 hours, a place, a transport
 * offer or a cover story. Relative times ("tomorrow at 4", "after school sunday") are resolved
 * against the message timestamp with luxon, in the transcript's zone.
 *
 * A wish without a plan ("we should meet one day") is a MEETING_PROPOSAL, never logistics.
 */
import { DateTime } from 'luxon';
import { Gated, GateSet } from './gate.ts';
import { pattern } from './lexicon.ts';
import type { LogisticsFacet } from './types.ts';

/** What the logistics detector found on one normalised line. */
export interface LogisticsFinding {
  readonly facets: readonly LogisticsFacet[];
  /** Normalised-text range covering the facets found. */
  readonly at: readonly [number, number];
  readonly ruleId: string;
  /** Meeting time resolved against the message timestamp (ISO 8601), when a time was named. */
  readonly resolvedTime: string | null;
  /** True when the only facet is paying someone's fare (needs an adjacent time or place). */
  readonly fareOnly: boolean;
}

const TIME_DAY = pattern(String.raw`{DAY}`);
const TIME_CLOCK = pattern(String.raw`{CLOCK}`);
const VAGUE = pattern(
  String.raw`{VAGUE}|some ?day|whenever|if you ever|one of these|when youre older|when you are older|in a few years|next year|next month|in the summer|over the summer`,
);
/** Words that frame a line as arranging a meeting. */
const FRAME = pattern(
  String.raw`(?:meet|meeting|be there|wait|waiting|come|coming|free|pick|collect|fetch|lift|get you|lets say|shall we say|how about|dont be late|be late|on time|ill be|i will be|im there|im outside|taxi|uber|cab|drive|sneak|slip out|nip out|quiet|nobody will see|no one will see)`,
);
/** Verbs that make a bare day ("tomorrow", "sunday") part of a plan rather than a farewell. */
const PLAN = pattern(
  String.raw`(?:meet|meeting|come (?:to|round|over|and|get)|pick (?:you|ya) up|collect you|be there|wait for me|im free|i am free|free (?:on|at|from|after)|lets say|shall we say|how about|dont be late)`,
);
const PLACE = pattern(
  String.raw`{AT} (?:the |your |my |that |this |our )?(?:big |little |old |new |back of the |front of the |side of the )?{LANDMARK}`,
);
/** A place tied to the child's own routine: "near your house", "end of your road". */
const PLACE_NEAR_CHILD = pattern(
  String.raw`(?:near|by|end of|top of|bottom of|round the corner from|around the corner from|outside|behind|opposite|close to) (?:your|ur) (?:house|home|road|street|school|estate|flat|block|gate|door|work)`,
);
const TRANSPORT = pattern(
  String.raw`(?:pick (?:you|ya) up|pick up you|(?:collect|fetch) you|(?:come|drive|pop|swing) (?:by |round )?(?:and |to )?(?:get|fetch|collect|pick up|grab) you|(?:ill|i will|i can|i could|let me|i ll|ill just|i can just) (?:get|drive|take|bring|grab) you{W} (?:near|round|outside|from|at|by|to|there|home|after|in)|(?:ill|i will|i can|i could|let me|i ll) (?:drive|come) and get you|(?:i can|ill|i will|i could) come and get you|(?:i can|ill|i will|i could|let me) (?:come|drive) (?:and )?(?:get|collect|fetch) you|(?:send|book|order|get|call|arrange|sort) (?:you )?(?:a |an )?(?:taxi|uber|cab|car|lift)|give you a lift|(?:get|take|catch|jump on) the (?:[a-z0-9:]+ )?(?:bus|train|tram|coach){W4} (?:and |then )?(?:ill|i will|i can|i ll)? ?(?:meet|get|pick|wait|be)|meet you off (?:it|the bus|the train|the tram)|(?:ill|i will|i can|i could) (?:drive|come) (?:over|round|to yours|to your house|to your school)(?! (?:one day|some time|sometime|someday|soon))|come and get you)`,
);
/** Paying someone's fare (GIFT unless tied to a concrete meeting; README label rule 1). */
const FARE = pattern(
  String.raw`(?:(?:ill|i will|i can|i could|let me|i ll|i would|ill just){W} (?:pay|cover|sort|get){W} (?:for )?(?:your |ur |the |a )?(?:{TRAVEL} )?(?:fare|ticket|tickets|money)|(?:pay|cover|sort)(?: for)? (?:your|the|a) {TRAVEL}(?: (?:fare|ticket|tickets|money|to \w+))?|(?:dont|do not|forget|never|no need to) (?:worry|mind|bother)?{W} (?:about )?(?:the |your )?{TRAVEL} (?:money|fare|ticket|tickets|cost)|(?:forget|dont worry about|never mind) (?:the |your )?(?:{TRAVEL} )?(?:money|fare|ticket))`,
);
const COVER_STORY = pattern(
  String.raw`(?:(?:tell|say to|text) (?:your )?(?:{PARENT}|them|everyone|people|anyone|her|him)(?: that)? (?:youre|you are|your|you|you re|youll be|you will be|youve got|you have|you(?:re)? going) (?:at|staying|sleeping|round|going|revising|studying|out with|with|on a|in|doing|a)|(?:just |only )?say (?:that )?(?:youre|you are|your|you|you re|youll be|you will be|youve got|you have|you(?:ve)? got|you(?:re)? going to|you(?:re)? at) (?:at|staying|sleeping|revising|studying|round|going|a|band|club|practice|with|out|doing|in|revision|netball|football|rehearsal|detention|homework club|training)|if (?:anyone|anybody|they|your {PARENT}|people) (?:asks?|asked|ask you|checks?){W} (?:say |tell them |just say )?(?:youre|you are|your|you were|you re|youll be) (?:at|with|round|staying|sleeping|revising|out)|(?:cover|excuse|alibi|story) for (?:your|ur) (?:mum|dad|parents))`,
);

/** The logistics expressions (their words join the typo-correction vocabulary in `detect.ts`). */
export const LOGISTICS_PATTERNS: readonly RegExp[] = [
  VAGUE,
  FRAME,
  COVER_STORY,
  TRANSPORT,
  PLACE_NEAR_CHILD,
  PLACE,
  TIME_DAY,
  FARE,
  PLAN,
];

const LOGISTICS_GATES = new GateSet(
  [VAGUE, FRAME, COVER_STORY, TRANSPORT, PLACE_NEAR_CHILD, PLACE, TIME_DAY, FARE, PLAN].map(
    (re) => new Gated(re),
  ),
);
const enum L {
  Vague,
  Frame,
  Cover,
  Transport,
  NearChild,
  Place,
  Day,
  Fare,
  Plan,
  Clock,
}
/** A line told in the past (a day that happened), not a plan. */
const PAST =
  /\b(?:was|were|went|did|had|yesterday|last (?:night|week|weekend|time|year|month)|earlier|ago|used to)\b/;
/** Clock times need a digit or a clock word. */
const CLOCK_HINT = /\d|half|quarter|noon|midday|midnight|clock/;

/**
 * Which logistics expressions may match a line (a function of the text alone, so callers
 * can memoise it); null when no facet can be present.
 */
export function logisticsGates(
  text: string,
  stems: ReadonlySet<string>,
): readonly boolean[] | null {
  const on = [...LOGISTICS_GATES.may(stems), CLOCK_HINT.test(text)];
  if (
    on[L.Cover] ||
    on[L.Transport] ||
    on[L.NearChild] ||
    on[L.Place] ||
    on[L.Day] ||
    on[L.Fare] ||
    on[L.Clock]
  )
    return on;
  return null;
}

function execIf(re: RegExp, on: boolean | undefined, text: string): RegExpExecArray | null {
  if (on !== true) return null;
  re.lastIndex = 0;
  return re.exec(text);
}

/** Facet order in output. */
const FACET_ORDER: readonly LogisticsFacet[] = ['time', 'place', 'transport', 'cover_story'];

const WEEKDAYS: Readonly<Record<string, number>> = {
  mon: 1,
  tue: 2,
  tues: 2,
  wed: 3,
  wednes: 3,
  thu: 4,
  thur: 4,
  thurs: 4,
  fri: 5,
  sat: 6,
  satur: 6,
  sun: 7,
};
const WORD_HOURS: Readonly<Record<string, number>> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
};

/**
 * Resolves the first day and clock expression of a line against the message timestamp.
 *
 * @param text - normalised line.
 * @param ts - message timestamp, ISO 8601 with offset or `Z`.
 * @param zone - IANA zone the people live in (defaults to the timestamp's own offset).
 * @returns ISO 8601 instant in `zone`, or null when the line names no usable day or time.
 */
export function resolveMeetingTime(text: string, ts: string, zone: string | null): string | null {
  return resolveMeeting(text, ts, zone)?.iso ?? null;
}

/** `resolveMeetingTime` with the hours from the message timestamp to the meeting (one parse). */
function resolveMeeting(
  text: string,
  ts: string,
  zone: string | null,
): { readonly iso: string; readonly hours: number } | null {
  let base = DateTime.fromISO(ts, { setZone: true });
  if (!base.isValid) return null;
  if (zone !== null) {
    const z = base.setZone(zone);
    if (z.isValid) base = z;
  }
  let dayOffset: number | null = null;
  let defaultHour: number | null = null;
  const d =
    /\b(today|tonight|tomorrow|this (?:morning|afternoon|evening|weekend)|(?:mon|tues|tue|wednes|wed|thurs|thur|fri|satur|sat|sun)day|after school|before school|lunchtime|at lunch|the weekend|later today|later on|in an hour|in (\d+|a few|ten|twenty|thirty) (mins|minutes|hours))\b/.exec(
      text,
    );
  let minutesAhead: number | null = null;
  if (d) {
    const w = d[1] as string;
    if (w === 'today' || w === 'later today' || w === 'later on') dayOffset = 0;
    else if (w === 'tonight') {
      dayOffset = 0;
      defaultHour = 19;
    } else if (w === 'tomorrow') dayOffset = 1;
    else if (w.startsWith('this ')) {
      dayOffset = 0;
      if (w.endsWith('morning')) defaultHour = 10;
      else if (w.endsWith('afternoon')) defaultHour = 15;
      else if (w.endsWith('evening')) defaultHour = 18;
      else dayOffset = (6 - base.weekday + 7) % 7;
    } else if (w === 'the weekend') dayOffset = (6 - base.weekday + 7) % 7;
    else if (w === 'after school') {
      dayOffset = 0;
      defaultHour = 15.5;
    } else if (w === 'before school') {
      dayOffset = 0;
      defaultHour = 8;
    } else if (w === 'lunchtime' || w === 'at lunch') {
      dayOffset = 0;
      defaultHour = 12.5;
    } else if (w === 'in an hour') minutesAhead = 60;
    else if (w.startsWith('in ')) {
      const n =
        d[2] === undefined
          ? 0
          : /^\d+$/.test(d[2])
            ? Number(d[2])
            : d[2] === 'a few'
              ? 3
              : (WORD_HOURS[d[2]] ?? 0);
      minutesAhead = d[3]?.startsWith('hour') ? n * 60 : n;
    } else {
      const key = w.replace(/day$/, '');
      const wd = WEEKDAYS[key];
      if (wd !== undefined) dayOffset = (wd - base.weekday + 7) % 7;
    }
    // "after school sunday": a weekday after the "after school" phrase wins
    const wdAfter = /\b(mon|tues|tue|wednes|wed|thurs|thur|fri|satur|sat|sun)day\b/.exec(text);
    if (wdAfter && (w === 'after school' || w === 'before school')) {
      const wd = WEEKDAYS[wdAfter[1] as string];
      if (wd !== undefined) dayOffset = (wd - base.weekday + 7) % 7;
    }
    if (w === 'after school' && /\btomorrow\b/.test(text)) dayOffset = 1;
  }
  if (minutesAhead !== null) {
    const at = base.plus({ minutes: minutesAhead }).set({ second: 0, millisecond: 0 });
    const iso = at.toISO({ suppressMilliseconds: true });
    return iso === null ? null : { iso, hours: (at.toMillis() - base.toMillis()) / 3_600_000 };
  }
  let hour: number | null = null;
  let minute = 0;
  let explicitHalf = false;
  const c =
    /\b(\d{1,2})(?::(\d{2}))? ?(am|pm)\b/.exec(text) ??
    /\b(\d{1,2}):(\d{2})\b/.exec(text) ??
    /\b(?:at|around|about|from|for|by|after|before|till|until|say|half) (\d{1,2})\b(?! ?(?:years?|mins?|minutes?|hours?|days?|weeks?|quid|pounds|miles|%))/.exec(
      text,
    );
  if (c) {
    hour = Number(c[1]);
    minute = c[2] === undefined ? 0 : Number(c[2]);
    const ampm = c[3];
    if (ampm === 'pm' && hour < 12) hour += 12;
    else if (ampm === 'am' && hour === 12) hour = 0;
    else if (ampm === undefined && hour >= 1 && hour <= 7) hour += 12;
    else if (ampm === undefined && hour < 12 && defaultHour !== null && defaultHour >= 18)
      hour += 12;
    if (/\bhalf (?:past )?\d/.test(text) && !/\bhalf (?:past )?\d{1,2}:/.test(text))
      explicitHalf = true;
  } else {
    const h =
      /\bhalf (?:past )?(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\b|\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve) o ?clock\b|\b(noon|midday|midnight)\b/.exec(
        text,
      );
    if (h) {
      if (h[3] !== undefined) hour = h[3] === 'midnight' ? 0 : 12;
      else {
        hour = WORD_HOURS[(h[1] ?? h[2]) as string] ?? null;
        if (hour !== null && hour <= 7) hour += 12;
        if (h[1] !== undefined) minute = 30;
      }
    }
  }
  if (explicitHalf) minute = 30;
  if (hour === null && defaultHour === null && dayOffset === null) return null;
  if (hour === null && defaultHour !== null) {
    hour = Math.floor(defaultHour);
    minute = defaultHour % 1 === 0 ? 0 : 30;
  }
  if (hour === null || hour > 23 || minute > 59) {
    if (dayOffset === null) return null;
    hour = 12;
    minute = 0;
  }
  let when = base
    .startOf('day')
    .plus({ days: dayOffset ?? 0 })
    .set({ hour, minute });
  if (dayOffset === null && when < base) when = when.plus({ days: 1 });
  if (
    dayOffset === 0 &&
    when < base.minus({ hours: 1 }) &&
    d &&
    /day$/.test(d[1] as string) &&
    !/^(?:today|yesterday)$/.test(d[1] as string)
  ) {
    when = when.plus({ days: 7 });
  }
  const iso = when.toISO({ suppressMilliseconds: true });
  return iso === null ? null : { iso, hours: (when.toMillis() - base.toMillis()) / 3_600_000 };
}

/** Hours between the message timestamp and a resolved time (negative when in the past). */
export function hoursAhead(ts: string, resolved: string): number {
  const a = DateTime.fromISO(ts, { setZone: true });
  const b = DateTime.fromISO(resolved, { setZone: true });
  return b.diff(a, 'hours').hours;
}

/** A match as `[index, end)` in normalised text, or null. */
type Hit = readonly [number, number] | null;
const hitOf = (m: RegExpExecArray | null): Hit =>
  m === null ? null : [m.index, m.index + m[0].length];

/**
 * The text-only part of the logistics search on one normalised line (memoisable: it does not
 * depend on the timestamp or on the speaker's earlier lines).
 */
export interface LogisticsScan {
  readonly vague: boolean;
  readonly frameWord: boolean;
  readonly cover: Hit;
  readonly transport: Hit;
  readonly nearChild: Hit;
  readonly place: Hit;
  /** A place and a day or clock time in one line, not told in the past: itself a plan. */
  readonly impliedPlan: boolean;
  readonly fragment: boolean;
  readonly asksLocation: boolean;
  readonly fare: Hit;
  readonly day: Hit;
  readonly clock: Hit;
  readonly planWord: boolean;
}

/**
 * Runs the logistics expressions on one normalised line.
 *
 * @param on - `logisticsGates(text, stems)` for this line.
 */
export function scanLogistics(text: string, on: readonly boolean[]): LogisticsScan {
  const vague = execIf(VAGUE, on[L.Vague], text) !== null;
  const place = hitOf(execIf(PLACE, on[L.Place], text));
  const day = hitOf(execIf(TIME_DAY, on[L.Day], text));
  const clock = on[L.Clock] === true ? hitOf(execIf(TIME_CLOCK, true, text)) : null;
  return {
    vague,
    frameWord: execIf(FRAME, on[L.Frame], text) !== null,
    cover: hitOf(execIf(COVER_STORY, on[L.Cover], text)),
    transport: hitOf(execIf(TRANSPORT, on[L.Transport], text)),
    nearChild: hitOf(execIf(PLACE_NEAR_CHILD, on[L.NearChild], text)),
    place,
    impliedPlan: place !== null && !vague && (day !== null || clock !== null) && !PAST.test(text),
    fragment:
      /^(?:(?:ok|so|and|then|lol|btw|meet me|wait|ill be|i will be|be|come|get to|go to|see you) )?(?:by|outside|at|behind|near|in front of|opposite|round the|around the|next to) /.test(
        text,
      ),
    asksLocation:
      /^(?:is|are|do|does|which|what|where)\b.*\b(?:your|you) (?:school|live|house|home)\b/.test(
        text,
      ) || /\b(?:is|s) your (?:school|house|home) (?:near|close|by|next)/.test(text),
    fare: hitOf(execIf(FARE, on[L.Fare], text)),
    day,
    clock,
    planWord: day !== null && execIf(PLAN, on[L.Plan], text) !== null,
  };
}

/**
 * Finds concrete meeting logistics on one normalised line.
 *
 * @param text - normalised line text.
 * @param ts - the message timestamp (ISO 8601).
 * @param zone - IANA zone for relative times, or null for the timestamp's own offset.
 * @param framed - whether the speaker has just proposed or arranged a meeting (a bare time
 *   or place then continues the arrangement).
 * @param on - `logisticsGates(text, stems)` for this line, or an earlier `scanLogistics` of it.
 * @returns the facets found, or null when the line holds no concrete logistics.
 */
export function findLogistics(
  text: string,
  ts: string,
  zone: string | null,
  framed: boolean,
  on: readonly boolean[] | LogisticsScan,
): LogisticsFinding | null {
  const sc = Array.isArray(on)
    ? scanLogistics(text, on as readonly boolean[])
    : (on as LogisticsScan);
  const facets = new Set<LogisticsFacet>();
  let lo = Number.POSITIVE_INFINITY;
  let hi = -1;
  const mark = (m: Hit, f: LogisticsFacet): void => {
    if (m === null) return;
    facets.add(f);
    lo = Math.min(lo, m[0]);
    hi = Math.max(hi, m[1]);
  };
  const vague = sc.vague;
  const frame = framed || sc.frameWord || sc.impliedPlan;
  mark(sc.cover, 'cover_story');
  if (sc.transport && !vague) mark(sc.transport, 'transport');
  const { place, nearChild, fragment, asksLocation } = sc;
  if (place && !asksLocation && (frame || fragment || nearChild)) mark(place, 'place');
  else if (nearChild && !asksLocation && (frame || fragment)) mark(nearChild, 'place');
  const fare = sc.fare;
  const { day, clock } = sc;
  let resolvedTime: string | null = null;
  const planned =
    clock !== null || (day !== null && (sc.planWord || facets.size > 0 || fare !== null));
  if (
    (day || clock) &&
    planned &&
    (frame || facets.size > 0 || fare !== null) &&
    !(vague && !clock)
  ) {
    const r = resolveMeeting(text, ts, zone);
    resolvedTime = r === null ? null : r.iso;
    const ahead = r === null ? null : r.hours;
    if (ahead !== null && ahead >= -2 && ahead <= 7 * 24) {
      mark(day, 'time');
      mark(clock, 'time');
    } else resolvedTime = null;
  }
  let fareOnly = false;
  if (facets.size === 0 && fare) {
    mark(fare, 'transport');
    fareOnly = true;
  } else if (fare && !facets.has('transport')) mark(fare, 'transport');
  if (facets.size === 0) return null;
  const ordered = FACET_ORDER.filter((f) => facets.has(f));
  const ruleId = fareOnly
    ? 'LOGISTICS_FARE'
    : `LOGISTICS_${ordered.map((f) => f.toUpperCase()).join('_')}`;
  return { facets: ordered, at: [lo, hi], ruleId, resolvedTime, fareOnly };
}
