/**
 * Welfare limits from measured exposure (R58–R61; legal-framework §3.5): exposure is the time
 * task material was on a volunteer's screen (timed task views, never self-reported). Views are
 * grouped into shifts; a shift ends when the volunteer ends it or presses "stop now", after
 * {@link ProgrammeSettings.shiftIdleMinutes} without material on screen, or — once it has reached
 * the shift limit — after the forced break. Each ended shift wants a check-in before the next.
 * All times are milliseconds since the epoch; durations milliseconds.
 */
import type { ProgrammeSettings } from './settings.ts';

const MINUTE = 60_000;
export const WEEK_MS = 7 * 24 * 60 * MINUTE;

/** One timed view of task material. */
export interface ExposureView {
  readonly startedAtMs: number;
  /** When it ended, or its last heartbeat while open. */
  readonly endAtMs: number;
  /** Credited viewing time (gaps capped at the heartbeat grace). */
  readonly durationMs: number;
}

/** An explicit end of shift: the volunteer ended it or pressed "stop now". */
export interface ShiftEnd {
  readonly atMs: number;
  readonly kind: 'stop-now' | 'end-shift';
}

export type ShiftEndReason = 'stop-now' | 'end-shift' | 'idle' | 'limit';

export interface Shift {
  /** The first view's start: the shift's key (check-ins and debriefs name it). */
  readonly startedAtMs: number;
  /** The end of the last view (the last activity). */
  readonly lastActivityMs: number;
  readonly exposureMs: number;
  readonly views: number;
  /** Why it ended; null while it is the current shift. */
  readonly endedBy: ShiftEndReason | null;
}

interface Open {
  startedAtMs: number;
  lastActivityMs: number;
  exposureMs: number;
  views: number;
}

function endOf(
  c: Open,
  nextStartMs: number,
  ends: readonly ShiftEnd[],
  s: ProgrammeSettings,
): ShiftEndReason | null {
  const explicit = ends.find((e) => e.atMs >= c.startedAtMs && e.atMs <= nextStartMs);
  if (explicit) return explicit.kind;
  const gap = nextStartMs - c.lastActivityMs;
  if (c.exposureMs >= s.shiftLimitMinutes * MINUTE && gap >= s.breakMinutes * MINUTE)
    return 'limit';
  if (gap >= s.shiftIdleMinutes * MINUTE) return 'idle';
  return null;
}

/**
 * Groups a volunteer's views into shifts, oldest first; the last one has `endedBy: null` when it
 * is still going at `nowMs`.
 */
export function deriveShifts(
  views: readonly ExposureView[],
  ends: readonly ShiftEnd[],
  nowMs: number,
  s: ProgrammeSettings,
): Shift[] {
  const sorted = [...views].sort((a, b) => a.startedAtMs - b.startedAtMs);
  const byTime = [...ends].sort((a, b) => a.atMs - b.atMs);
  const out: Shift[] = [];
  let c: Open | null = null;
  for (const v of sorted) {
    if (c) {
      const reason = endOf(c, v.startedAtMs, byTime, s);
      if (reason) {
        out.push({ ...c, endedBy: reason });
        c = null;
      }
    }
    if (!c) c = { startedAtMs: v.startedAtMs, lastActivityMs: v.endAtMs, exposureMs: 0, views: 0 };
    c.lastActivityMs = Math.max(c.lastActivityMs, v.endAtMs);
    c.exposureMs += v.durationMs;
    c.views += 1;
  }
  if (c) out.push({ ...c, endedBy: endOf(c, nowMs, byTime, s) });
  return out;
}

/** What the welfare rules say about one volunteer at `nowMs`. */
export interface WelfareStatus {
  /** The shift in progress, or null (the next view starts a new shift). */
  readonly current: Shift | null;
  /** The latest shift that has ended. */
  readonly lastEnded: Shift | null;
  /** Exposure in the rolling 7 days up to now. */
  readonly weekExposureMs: number;
  /** Set while the current shift is at its limit: the forced break lasts until then. */
  readonly breakUntilMs: number | null;
  /** Set while the weekly limit is reached: when enough exposure has aged out of the 7 days. */
  readonly weekFreeAtMs: number | null;
  /** The ended shift that still needs its check-in before another shift, or null. */
  readonly checkInDue: Shift | null;
  readonly shiftLimitMs: number;
  readonly weeklyLimitMs: number;
}

/**
 * The welfare status at `nowMs`.
 * @param checkedIn - start times (ms) of the shifts that have a check-in.
 */
export function welfareStatus(
  views: readonly ExposureView[],
  ends: readonly ShiftEnd[],
  checkedIn: ReadonlySet<number>,
  nowMs: number,
  s: ProgrammeSettings,
): WelfareStatus {
  const shifts = deriveShifts(views, ends, nowMs, s);
  const last = shifts[shifts.length - 1] ?? null;
  const current = last && last.endedBy === null ? last : null;
  const ended = shifts.filter((x) => x.endedBy !== null);
  const lastEnded = ended[ended.length - 1] ?? null;
  const shiftLimitMs = s.shiftLimitMinutes * MINUTE;
  const weeklyLimitMs = s.weeklyLimitMinutes * MINUTE;
  const inWeek = views
    .filter((v) => v.startedAtMs > nowMs - WEEK_MS && v.startedAtMs <= nowMs)
    .sort((a, b) => a.startedAtMs - b.startedAtMs);
  const weekExposureMs = inWeek.reduce((n, v) => n + v.durationMs, 0);
  let weekFreeAtMs: number | null = null;
  if (weekExposureMs >= weeklyLimitMs) {
    // Drop the oldest views until the rest is under the limit: the last one dropped ages out then.
    let rest = weekExposureMs;
    for (const v of inWeek) {
      rest -= v.durationMs;
      if (rest < weeklyLimitMs) {
        weekFreeAtMs = v.startedAtMs + WEEK_MS;
        break;
      }
    }
  }
  const breakUntilMs =
    current && current.exposureMs >= shiftLimitMs
      ? current.lastActivityMs + s.breakMinutes * MINUTE
      : null;
  const checkInDue =
    current === null && lastEnded !== null && !checkedIn.has(lastEnded.startedAtMs)
      ? lastEnded
      : null;
  return {
    current,
    lastEnded,
    weekExposureMs,
    breakUntilMs,
    weekFreeAtMs,
    checkInDue,
    shiftLimitMs,
    weeklyLimitMs,
  };
}

/** Hours worked in a shift: from the first view's start to the last activity, ms. */
export function shiftSpanMs(s: Shift): number {
  return Math.max(0, s.lastActivityMs - s.startedAtMs);
}
