/**
 * Expiry reminders (R7: vetting reminders at 90, 60 and 30 days [config]; training lapses):
 * which reminder is due for one expiry at one time, so a sweep that runs late sends the most
 * urgent one once and never a stale one.
 */

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The reminder threshold (in days) due for an expiry at `expiresAtMs`, seen at `nowMs`: the
 * smallest threshold the time left has reached, unless it was already sent. Null when nothing
 * is due (too early, already expired, or already sent).
 * @param thresholds - days before expiry, any order (e.g. `[90, 60, 30]`).
 * @param sent - thresholds already sent for this expiry.
 */
export function reminderDue(
  expiresAtMs: number,
  nowMs: number,
  thresholds: readonly number[],
  sent: ReadonlySet<number>,
): number | null {
  const left = expiresAtMs - nowMs;
  if (left <= 0) return null;
  const reached = thresholds.filter((d) => left <= d * DAY_MS);
  if (reached.length === 0) return null;
  const most = Math.min(...reached);
  return sent.has(most) ? null : most;
}

/** Whole days left until `expiresAtMs` at `nowMs` (rounded up; 0 once expired). */
export function daysLeft(expiresAtMs: number, nowMs: number): number {
  return Math.max(0, Math.ceil((expiresAtMs - nowMs) / DAY_MS));
}
