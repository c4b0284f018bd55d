/**
 * The officer queue: reports ordered by triage band (an officer's override wins over the
 * assessment), then score, then waiting time; each with a target time per band (R52: response-time
 * targets are the force's configuration; the defaults below are programme defaults, not law).
 */
import { BANDS, type Band } from '../triage/types.ts';

/** Timer keys: the five bands, plus reports not yet assessed. */
export type TargetKey = Band | 'UNASSESSED';
export const TARGET_KEYS: readonly TargetKey[] = [
  'IMMINENT',
  'HIGH',
  'MEDIUM',
  'LOW',
  'NONE',
  'UNASSESSED',
];

/** Minutes from receipt to first officer action, per band. */
export type QueueTargets = Readonly<Record<TargetKey, number>>;

/** Defaults [config]: imminent 15 min, high 4 h, medium 24 h, low 3 days, none 7 days, unassessed 1 h. */
export const DEFAULT_QUEUE_TARGETS: QueueTargets = {
  IMMINENT: 15,
  HIGH: 240,
  MEDIUM: 1440,
  LOW: 4320,
  NONE: 10080,
  UNASSESSED: 60,
};

/** What ordering needs to know about one queued report. */
export interface QueueEntry {
  readonly id: string;
  /** Milliseconds since the epoch. */
  readonly receivedAtMs: number;
  readonly assessedBand: Band | null;
  readonly score: number | null;
  readonly overrideBand: Band | null;
  /** The reporter answered "yes" to "is a child in danger right now?". */
  readonly dangerNow: boolean;
}

/** The band a report is worked at: the officer's override when present, else the assessment's. */
export function effectiveBand(e: Pick<QueueEntry, 'assessedBand' | 'overrideBand'>): Band | null {
  return e.overrideBand ?? e.assessedBand;
}

/** Rank used for ordering: bands 0..4; unassessed reports rank with HIGH (an officer must look soon). */
function rank(e: QueueEntry): number {
  const band = effectiveBand(e);
  if (band === null) return e.dangerNow ? BANDS.indexOf('IMMINENT') : BANDS.indexOf('HIGH') - 0.5;
  return BANDS.indexOf(band);
}

/**
 * Orders the queue: highest band first (a "child in danger now" answer lifts an unassessed report
 * to the top), then highest score, then longest waiting; ties by id for a stable order.
 */
export function orderQueue<E extends QueueEntry>(entries: readonly E[]): E[] {
  return [...entries].sort(
    (a, b) =>
      rank(b) - rank(a) ||
      (b.score ?? -1) - (a.score ?? -1) ||
      a.receivedAtMs - b.receivedAtMs ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}

/** The timer of one report: its key, target minutes, due time (ms) and whether it is overdue at `nowMs`. */
export function targetFor(
  e: QueueEntry,
  targets: QueueTargets,
  nowMs: number,
): { key: TargetKey; minutes: number; dueAtMs: number; overdue: boolean } {
  const band = effectiveBand(e);
  const key: TargetKey = band ?? (e.dangerNow ? 'IMMINENT' : 'UNASSESSED');
  const minutes = targets[key];
  const dueAtMs = e.receivedAtMs + minutes * 60_000;
  return { key, minutes, dueAtMs, overdue: nowMs > dueAtMs };
}

/** Checks a targets table: every key present, whole minutes from 1 to 60 days. Returns the problems. */
export function targetProblems(t: Readonly<Record<string, unknown>>): string[] {
  const problems: string[] = [];
  for (const k of TARGET_KEYS) {
    const v = t[k];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > 60 * 24 * 60)
      problems.push(`${k} must be whole minutes from 1 to 86400`);
  }
  return problems;
}
