/**
 * Naive local wall-clock times (WhatsApp .txt, imessage-exporter .txt, Telegram `date` without
 * `date_unixtime`) resolved to instants in a declared IANA zone, with the daylight-saving rules of
 * the fixtures README ("Timezones"):
 *
 * - the offset is the one in force at that instant, never "today's" or the machine's;
 * - in a fold (the local hour that happens twice when clocks go back) the earliest candidate that is
 *   not earlier than the previous message's instant is chosen (exports are chronological); if none
 *   qualifies, the earliest candidate; the result is flagged `ambiguous`;
 * - in a gap (a local time skipped when clocks go forward, which no phone can write but a damaged
 *   or edited file can) the time is read with the offset in force before the change, which moves it
 *   forward by the gap (RFC 5545 §3.3.5 and Temporal's "compatible" disambiguation); flagged `inGap`.
 *
 * Zone rules come from the runtime's ICU time-zone data through luxon.
 */
import { DateTime, IANAZone } from 'luxon';

/** A wall-clock time with no zone. Months 1-12, hours 0-23. */
export interface LocalDateTime {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly millisecond?: number;
}

/** The instant a local time resolved to. */
export interface ResolvedTime {
  /** Milliseconds since the Unix epoch. */
  readonly epochMs: number;
  /** Offset from UTC in minutes at that instant (e.g. 60 in British Summer Time). */
  readonly offsetMinutes: number;
  /** The local time happened twice (DST fold). */
  readonly ambiguous: boolean;
  /** The local time does not exist in the zone (DST gap); it was moved forward. */
  readonly inGap: boolean;
}

const HOUR = 3_600_000;
const WINDOW = 36 * HOUR; // wider than any single transition; narrower than two in a row

/** True when `zone` is an IANA time-zone name the runtime knows (e.g. `Europe/London`). */
export function isValidTimeZone(zone: string): boolean {
  return IANAZone.isValidZone(zone);
}

/**
 * The IANA zone name spelt as the time-zone database spells it (`utc` → `UTC`, `europe/london` →
 * `Europe/London`), so that what is recorded with an exhibit reads as expected. Only the letter
 * case changes: a link name stays as given (`Asia/Kolkata` is not turned into the runtime's
 * `Asia/Calcutta`).
 * @throws RangeError for a name the runtime does not know (check {@link isValidTimeZone} first).
 */
export function canonicalTimeZone(zone: string): string {
  const resolved = new Intl.DateTimeFormat('en-GB', { timeZone: zone }).resolvedOptions().timeZone;
  return resolved.toLowerCase() === zone.toLowerCase() ? resolved : zone;
}

/**
 * Resolves local times in one zone. Keeps a small cache per local hour, so a million messages cost
 * about one zone lookup per hour of chat rather than several per message.
 */
export class LocalTimeResolver {
  readonly zone: string;
  readonly #iana: IANAZone;
  readonly #uniform = new Map<number, number | null>(); // local hour → offset if no transition near

  /** @throws RangeError when `zone` is not a valid IANA zone (check with {@link isValidTimeZone}). */
  constructor(zone: string) {
    if (!isValidTimeZone(zone)) throw new RangeError(`unknown time zone ${JSON.stringify(zone)}`);
    this.zone = zone;
    this.#iana = IANAZone.create(zone);
  }

  /** Offset in minutes from UTC in force at `epochMs`. */
  offsetAt(epochMs: number): number {
    return this.#iana.offset(epochMs);
  }

  /**
   * Resolves a local wall-clock time.
   *
   * @param local - the naive time; fields must already be range-checked by the caller
   *   (use {@link isValidLocalDate}).
   * @param previousEpochMs - instant of the previous message in the export, for fold resolution.
   */
  resolve(local: LocalDateTime, previousEpochMs?: number): ResolvedTime {
    const wall = Date.UTC(
      local.year,
      local.month - 1,
      local.day,
      local.hour,
      local.minute,
      local.second,
      local.millisecond ?? 0,
    );
    const hourKey = Math.floor(wall / HOUR);
    let uniform = this.#uniform.get(hourKey);
    if (uniform === undefined) {
      const before = this.offsetAt(wall - WINDOW);
      const after = this.offsetAt(wall + WINDOW);
      const mid = this.offsetAt(wall - before * 60_000);
      uniform = before === after && mid === before ? before : null;
      if (this.#uniform.size > 100_000) this.#uniform.clear();
      this.#uniform.set(hourKey, uniform);
    }
    if (uniform !== null)
      return {
        epochMs: wall - uniform * 60_000,
        offsetMinutes: uniform,
        ambiguous: false,
        inGap: false,
      };

    // Near a transition: try each offset in force around this wall time.
    const offsets = new Set([
      this.offsetAt(wall - WINDOW),
      this.offsetAt(wall + WINDOW),
      this.offsetAt(wall),
    ]);
    const candidates: number[] = [];
    for (const off of offsets) {
      const instant = wall - off * 60_000;
      if (this.offsetAt(instant) === off) candidates.push(instant);
    }
    candidates.sort((a, b) => a - b);
    const first = candidates[0];
    if (first === undefined) {
      // Gap: read with the offset before the change (the earlier, smaller offset going forward).
      const offBefore = this.offsetAt(wall - WINDOW);
      const instant = wall - offBefore * 60_000;
      return {
        epochMs: instant,
        offsetMinutes: this.offsetAt(instant),
        ambiguous: false,
        inGap: true,
      };
    }
    if (candidates.length === 1)
      return {
        epochMs: first,
        offsetMinutes: this.offsetAt(first),
        ambiguous: false,
        inGap: false,
      };
    const chosen =
      previousEpochMs === undefined
        ? first
        : (candidates.find((c) => c >= previousEpochMs) ?? first);
    return { epochMs: chosen, offsetMinutes: this.offsetAt(chosen), ambiguous: true, inGap: false };
  }
}

/** True when the fields form a real calendar date and time (e.g. rejects 31 April, 24:00, 13th month). */
export function isValidLocalDate(l: LocalDateTime): boolean {
  if (!Number.isInteger(l.year) || l.year < 1 || l.year > 9999) return false;
  if (l.month < 1 || l.month > 12 || l.day < 1) return false;
  if (l.hour < 0 || l.hour > 23 || l.minute < 0 || l.minute > 59 || l.second < 0 || l.second > 59)
    return false;
  return l.day <= DateTime.utc(l.year, l.month, 1).daysInMonth!; // daysInMonth is defined for a valid DateTime
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/**
 * Formats an instant as ISO 8601 with a numeric offset (`2024-03-10T03:15:00-04:00`).
 *
 * @param epochMs - milliseconds since the epoch.
 * @param offsetMinutes - the offset to show; the wall time printed is `epochMs + offset`.
 * @param fractionDigits - 0 (seconds) or 3 (milliseconds); 3 is also used when `epochMs` has a
 *   non-zero millisecond part.
 */
export function formatWithOffset(
  epochMs: number,
  offsetMinutes: number,
  fractionDigits: 0 | 3 = 0,
): string {
  const d = new Date(epochMs + offsetMinutes * 60_000);
  const ms = d.getUTCMilliseconds();
  const frac = fractionDigits === 3 || ms !== 0 ? `.${pad(ms, 3)}` : '';
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return (
    `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}` +
    `T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}${frac}` +
    `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  );
}

/** Formats an absolute instant in UTC with `Z` (`2024-03-10T08:15:00Z`, milliseconds when non-zero). */
export function formatUtc(epochMs: number): string {
  return formatWithOffset(epochMs, 0).replace(/\+00:00$/, 'Z');
}
