/**
 * Day/month order and clock of a WhatsApp export, decided over the whole file.
 *
 * Fixtures README "Timezones" → "Day/month order", research note `chat-formats.md` §1
 * "Timestamps": a 4-digit first number means year-first (`YYYY/MM/DD`); otherwise the year is last
 * and the order is fixed by a number that can only be a day (> 12, or a day the month lacks under
 * the other reading); when every date is ambiguous, by dates embedded in attachment file names,
 * then by the dates of the zip's entries; only then day-first, with a note that it was guessed.
 * Two-digit years are 20xx. Deciding per line or from the first lines mis-dates messages
 * (Pustur/whatsapp-chat-parser#237).
 */
import { AM_MARKERS, CONNECTIVES, PM_MARKERS, normalizeMarker } from './locale-tables.ts';

/** Which number is the day, month and year. */
export type DateOrder = 'DMY' | 'MDY' | 'YMD';

/** How the order was decided (for notes). */
export type OrderBasis =
  'year-first' | 'components' | 'attachment-names' | 'archive-dates' | 'irrelevant' | 'guessed';

/** A calendar date. */
export interface CalendarDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/** The three numbers of a header date as written. */
export interface DateNumbers {
  readonly n1: number;
  readonly n2: number;
  readonly n3: number;
  readonly n1Digits: number;
  readonly n3Digits: number;
}

/** Days in `month` (1-12) of `year` in the proleptic Gregorian calendar. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Earliest year read as a date: WhatsApp is from 2009; a 4-digit "year" before 1970 is typed text. */
const MIN_YEAR = 1970;

function yearOf(n: number, digits: number): number {
  return digits <= 2 ? 2000 + n : n;
}

/**
 * Reads header numbers in an order, without allocating.
 *
 * @returns the date as `yyyymmdd`, or -1 when the numbers are no real date in that order
 *   (month 13, 30 February, a year where a day or month should be, a year before 1970).
 */
export function dateKeyIn(d: DateNumbers, order: DateOrder): number {
  let year: number;
  let month: number;
  let day: number;
  if (order === 'YMD') {
    if (d.n1Digits !== 4) return -1;
    year = d.n1;
    month = d.n2;
    day = d.n3;
  } else {
    if (d.n1Digits > 2 || (d.n3Digits !== 2 && d.n3Digits !== 4)) return -1;
    year = yearOf(d.n3, d.n3Digits);
    month = order === 'DMY' ? d.n2 : d.n1;
    day = order === 'DMY' ? d.n1 : d.n2;
  }
  if (year < MIN_YEAR || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month))
    return -1;
  return dateKey(year, month, day);
}

/**
 * Reads header numbers in an order.
 *
 * @returns the date, or null when the numbers are no real date in that order (see {@link dateKeyIn}).
 */
export function readDate(d: DateNumbers, order: DateOrder): CalendarDate | null {
  const key = dateKeyIn(d, order);
  return key < 0
    ? null
    : { year: Math.floor(key / 10_000), month: Math.floor(key / 100) % 100, day: key % 100 };
}

/** Packs a date into a sortable integer `yyyymmdd`. */
export function dateKey(y: number, m: number, d: number): number {
  return y * 10_000 + m * 100 + d;
}

/** Evidence for the day/month order collected over the headers of one shape. */
export interface OrderEvidence {
  /** Headers whose numbers are a date only when read day-first / only month-first / in neither order. */
  dayFirstOnly: number;
  monthFirstOnly: number;
  neither: number;
  /** Headers readable both ways with different results (the two numbers differ). */
  ambiguous: number;
  /** Ambiguous headers whose attachment name carries a date matching one reading. */
  namesDayFirst: number;
  namesMonthFirst: number;
  /** Ambiguous headers whose attachment's zip-entry date matches one reading. */
  archiveDayFirst: number;
  archiveMonthFirst: number;
  /** Latest date under each reading (`yyyymmdd`, 0 when none). */
  maxDayFirst: number;
  maxMonthFirst: number;
  /** First line numbers (1-based) that only one reading explains, for notes. */
  readonly dayFirstLines: number[];
  readonly monthFirstLines: number[];
}

/** A fresh evidence record. */
export function emptyEvidence(): OrderEvidence {
  return {
    dayFirstOnly: 0,
    monthFirstOnly: 0,
    neither: 0,
    ambiguous: 0,
    namesDayFirst: 0,
    namesMonthFirst: 0,
    archiveDayFirst: 0,
    archiveMonthFirst: 0,
    maxDayFirst: 0,
    maxMonthFirst: 0,
    dayFirstLines: [],
    monthFirstLines: [],
  };
}

const SAMPLE_LINES = 5;

/** Lazily computed facts about the attachment of the message being surveyed. */
export interface AttachmentDates {
  /** A date found in the attachment's file name, if any. */
  fileNameDate(): readonly [number, number, number] | null;
  /** The zip-entry modification date of the attachment, if any. */
  entryDate(): readonly [number, number, number] | null;
}

/**
 * Adds one header's numbers to the evidence.
 *
 * @param dates - the numbers.
 * @param line - 1-based line number, for notes.
 * @param attachment - asked only for headers whose date reads both ways, while nothing else decides.
 */
export function addEvidence(
  e: OrderEvidence,
  dates: DateNumbers,
  line: number,
  attachment?: AttachmentDates,
): void {
  addEvidenceKeys(
    e,
    dateKeyIn(dates, 'DMY'),
    dateKeyIn(dates, 'MDY'),
    dates.n1 !== dates.n2,
    line,
    attachment,
  );
}

/**
 * {@link addEvidence} with the header's date already read both ways (for the survey, which reads
 * each distinct date once).
 *
 * @param dmy - `dateKeyIn(dates, 'DMY')`.
 * @param mdy - `dateKeyIn(dates, 'MDY')`.
 * @param distinct - the first two numbers differ (`n1 !== n2`).
 */
export function addEvidenceKeys(
  e: OrderEvidence,
  dmy: number,
  mdy: number,
  distinct: boolean,
  line: number,
  attachment?: AttachmentDates,
): void {
  if (dmy > e.maxDayFirst) e.maxDayFirst = dmy;
  if (mdy > e.maxMonthFirst) e.maxMonthFirst = mdy;
  if (dmy >= 0 && mdy < 0) {
    e.dayFirstOnly++;
    if (e.dayFirstLines.length < SAMPLE_LINES) e.dayFirstLines.push(line);
  } else if (mdy >= 0 && dmy < 0) {
    e.monthFirstOnly++;
    if (e.monthFirstLines.length < SAMPLE_LINES) e.monthFirstLines.push(line);
  } else if (dmy < 0) {
    e.neither++;
  } else if (distinct) {
    e.ambiguous++;
    if (attachment === undefined || e.dayFirstOnly + e.monthFirstOnly > 0) return;
    const named = attachment.fileNameDate();
    if (named) {
      const key = dateKey(named[0], named[1], named[2]);
      if (key === dmy) e.namesDayFirst++;
      else if (key === mdy) e.namesMonthFirst++;
    }
    const entry = attachment.entryDate();
    if (entry) {
      const key = dateKey(entry[0], entry[1], entry[2]);
      if (key === dmy) e.archiveDayFirst++;
      else if (key === mdy) e.archiveMonthFirst++;
    }
  }
}

/** The decided order and why. */
export interface OrderDecision {
  readonly order: DateOrder;
  readonly basis: OrderBasis;
  /** Both readings had headers only they explain; the majority won. */
  readonly conflict: boolean;
}

/**
 * Decides the order for headers of one shape.
 *
 * @param yearFirst - the shape writes a 4-digit year first.
 * @param exportDate - the chat entry's modification date in a zip (`[y, m, d]`), if known: no
 *   message can be dated after the export (one day of slack for zones).
 */
export function decideOrder(
  e: OrderEvidence,
  yearFirst: boolean,
  exportDate?: readonly [number, number, number],
): OrderDecision {
  if (yearFirst) return { order: 'YMD', basis: 'year-first', conflict: false };
  if (e.dayFirstOnly > 0 || e.monthFirstOnly > 0) {
    const conflict = e.dayFirstOnly > 0 && e.monthFirstOnly > 0;
    return {
      order: e.monthFirstOnly > e.dayFirstOnly ? 'MDY' : 'DMY',
      basis: 'components',
      conflict,
    };
  }
  if (e.ambiguous === 0) return { order: 'DMY', basis: 'irrelevant', conflict: false };
  if (e.namesDayFirst !== e.namesMonthFirst) {
    return {
      order: e.namesMonthFirst > e.namesDayFirst ? 'MDY' : 'DMY',
      basis: 'attachment-names',
      conflict: false,
    };
  }
  if (e.archiveDayFirst !== e.archiveMonthFirst) {
    return {
      order: e.archiveMonthFirst > e.archiveDayFirst ? 'MDY' : 'DMY',
      basis: 'archive-dates',
      conflict: false,
    };
  }
  if (exportDate) {
    const next = new Date(Date.UTC(exportDate[0], exportDate[1] - 1, exportDate[2] + 1));
    const limit = dateKey(next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate());
    const dmyTooLate = e.maxDayFirst > limit;
    const mdyTooLate = e.maxMonthFirst > limit;
    if (dmyTooLate !== mdyTooLate)
      return { order: dmyTooLate ? 'MDY' : 'DMY', basis: 'archive-dates', conflict: false };
  }
  return { order: 'DMY', basis: 'guessed', conflict: false };
}

/**
 * Whether the naive times of a shape's headers ever go backwards, under each reading. When they
 * never do, the messages are already in order and need no reorder window (see the parser).
 */
export interface Chronology {
  /** Last naive time (`yyyymmddhhmmss`) under DMY, MDY, YMD. */
  readonly last: [number, number, number];
  /** Headers earlier than the one before them, under DMY, MDY, YMD. */
  readonly backwards: [number, number, number];
}

/** A fresh chronology record. */
export function emptyChronology(): Chronology {
  return { last: [0, 0, 0], backwards: [0, 0, 0] };
}

/** Index of an order in {@link Chronology} arrays. */
export function readingIndex(order: DateOrder): 0 | 1 | 2 {
  return order === 'DMY' ? 0 : order === 'MDY' ? 1 : 2;
}

/** Adds one header's date and time (an unknown marker leaves the hour as written). */
export function addChronology(
  c: Chronology,
  dates: DateNumbers,
  hour: number,
  minute: number,
  second: number,
  marker: string | null,
): void {
  addChronologyKeys(
    c,
    dateKeyIn(dates, 'DMY'),
    dateKeyIn(dates, 'MDY'),
    dateKeyIn(dates, 'YMD'),
    timeKey(hour, minute, second, marker === null ? -1 : markerHalf(marker)),
  );
}

/**
 * A header's time as a sortable integer `hhmmss` (hours 0-23 when the marker is known).
 *
 * @param half - {@link markerInfo}`.half` of the header's marker, -1 for none or an unknown one.
 */
export function timeKey(hour: number, minute: number, second: number, half: number): number {
  const h = half >= 0 && hour <= 12 ? (hour === 12 ? 0 : hour) + half : hour;
  return h * 10_000 + minute * 100 + second;
}

/**
 * {@link addChronology} with the header's date already read in the three orders (`dateKeyIn`
 * results, -1 when not a date) and its time as {@link timeKey}.
 */
export function addChronologyKeys(
  c: Chronology,
  dmy: number,
  mdy: number,
  ymd: number,
  time: number,
): void {
  if (dmy >= 0) {
    const key = dmy * 1_000_000 + time;
    if (key < c.last[0]) c.backwards[0]++;
    c.last[0] = key;
  }
  if (mdy >= 0) {
    const key = mdy * 1_000_000 + time;
    if (key < c.last[1]) c.backwards[1]++;
    c.last[1] = key;
  }
  if (ymd >= 0) {
    const key = ymd * 1_000_000 + time;
    if (key < c.last[2]) c.backwards[2]++;
    c.last[2] = key;
  }
}

/** 12- or 24-hour clock of a shape, decided from the marker words its headers carry. */
export type ClockDecision =
  | { readonly kind: '24h' }
  | { readonly kind: '12h' }
  /** Headers carry a word next to the time that is no known AM/PM marker and hours 0 or 13-23 show a 24-hour clock: the word is ignored. */
  | { readonly kind: '24h-word' }
  /** Headers carry a tabled connective (`klo`, `à`) next to a 24-hour time. */
  | { readonly kind: '24h-connective' }
  /** Markers that are not in the tables and a 12-hour clock cannot be excluded: unreadable. */
  | {
      readonly kind: 'unknown-markers';
      readonly markers: readonly string[];
      readonly line: number;
    };

/** Marker statistics of one shape. */
export interface ClockEvidence {
  /** Normalized marker → count (at most 16 distinct kept). */
  readonly markers: Map<string, number>;
  /** First line (1-based) with a marker that is not in the tables. */
  firstUnknownLine: number;
  minHour: number;
  maxHour: number;
}

/** A fresh clock evidence record. */
export function emptyClockEvidence(): ClockEvidence {
  return { markers: new Map(), firstUnknownLine: 0, minHour: 99, maxHour: -1 };
}

/** Adds one header's marker and hour. */
export function addClockEvidence(
  c: ClockEvidence,
  marker: string | null,
  hour: number,
  line: number,
): void {
  if (marker === null) return;
  addClockEvidenceOf(c, markerInfo(marker), hour, line);
}

/** {@link addClockEvidence} with the marker already looked up ({@link markerInfo}). */
export function addClockEvidenceOf(
  c: ClockEvidence,
  marker: MarkerInfo,
  hour: number,
  line: number,
): void {
  const key = marker.key;
  const n = c.markers.get(key);
  if (n !== undefined) c.markers.set(key, n + 1);
  else if (c.markers.size < 16) c.markers.set(key, 1);
  if (c.firstUnknownLine === 0 && marker.half < 0) c.firstUnknownLine = line;
  if (hour < c.minHour) c.minHour = hour;
  if (hour > c.maxHour) c.maxHour = hour;
}

/** Decides the clock of a shape. */
export function decideClock(c: ClockEvidence, hasMarker: boolean): ClockDecision {
  if (!hasMarker) return { kind: '24h' };
  let known = 0;
  let unknown = 0;
  let connectives = 0;
  const unknownNames: string[] = [];
  for (const [m, n] of c.markers) {
    if (AM_MARKERS.has(m) || PM_MARKERS.has(m)) known += n;
    else if (CONNECTIVES.has(m)) connectives += n;
    else {
      unknown += n;
      unknownNames.push(m);
    }
  }
  if (known >= unknown && known > 0) return { kind: '12h' };
  if (unknown === 0 && connectives > 0) return { kind: '24h-connective' };
  if (c.minHour === 0 || c.maxHour > 12) return { kind: '24h-word' };
  return { kind: 'unknown-markers', markers: unknownNames, line: c.firstUnknownLine };
}

/**
 * Reads the time of a header under a clock.
 *
 * @returns hours 0-23, or null when the time is impossible (25:00, 13 PM, an unknown marker on a
 *   12-hour clock).
 */
export function readHour(
  hour: number,
  minute: number,
  second: number,
  marker: string | null,
  clock: ClockDecision,
): number | null {
  if (minute > 59 || second > 59) return null;
  if (clock.kind !== '12h') return hour <= 23 ? hour : null;
  if (marker === null || hour > 12) return null;
  const half = markerHalf(marker);
  if (half < 0) return null;
  return (hour === 12 ? 0 : hour) + half;
}

/** A marker word as written, with its normalized form and meaning. */
export interface MarkerInfo {
  /** The word as written (`p.\u00a0m.`). */
  readonly text: string;
  /** {@link normalizeMarker} of it (`pm`). */
  readonly key: string;
  /** 0 for an AM marker, 12 for PM, -1 for a word in neither table. */
  readonly half: number;
}

const infos = new Map<string, MarkerInfo>();

/** The {@link MarkerInfo} of a marker word, cached per spelling (a file uses two or three). */
export function markerInfo(marker: string): MarkerInfo {
  let info = infos.get(marker);
  if (info === undefined) {
    const key = normalizeMarker(marker);
    const half = AM_MARKERS.has(key) ? 0 : PM_MARKERS.has(key) ? 12 : -1;
    info = { text: marker, key, half };
    if (infos.size < 256) infos.set(marker, info);
  }
  return info;
}

/** 0 for an AM marker, 12 for PM, -1 for an unknown word; cached per spelling. */
function markerHalf(marker: string): number {
  return markerInfo(marker).half;
}
