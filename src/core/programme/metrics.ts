/**
 * Small, pure helpers for the programme's figures (R63 assurance pack): medians and percentiles
 * of durations, weekly buckets, and the small-number rule of the public transparency summary
 * (counts below a threshold are published as "fewer than N", so nobody can be singled out).
 */

/**
 * The p-th percentile (0–100) by the nearest-rank method over `values`; null when empty.
 * E.g. `percentile([1, 2, 3, 4], 50)` is 2.
 */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1] ?? null;
}

/** The median by nearest rank (see {@link percentile}). */
export function median(values: readonly number[]): number | null {
  return percentile(values, 50);
}

/** Monday 00:00 UTC of the ISO week holding `ms`, as `YYYY-MM-DD`. */
export function weekStart(ms: number): string {
  const d = new Date(ms);
  const dow = (d.getUTCDay() + 6) % 7; // Monday 0
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - dow))
    .toISOString()
    .slice(0, 10);
}

/** Every ISO week start from the week of `fromMs` to that of `toMs`, in order. */
export function weekStarts(fromMs: number, toMs: number): string[] {
  const out: string[] = [];
  let w = Date.parse(`${weekStart(fromMs)}T00:00:00.000Z`);
  const last = Date.parse(`${weekStart(toMs)}T00:00:00.000Z`);
  for (; w <= last; w += 7 * 24 * 60 * 60 * 1000) out.push(new Date(w).toISOString().slice(0, 10));
  return out;
}

/** Sums `(ms, amount)` pairs per ISO week over the weeks from `fromMs` to `toMs` (zeros included). */
export function perWeek(
  items: readonly { readonly atMs: number; readonly amount: number }[],
  fromMs: number,
  toMs: number,
): { week: string; value: number }[] {
  const weeks = new Map(weekStarts(fromMs, toMs).map((w) => [w, 0]));
  for (const i of items) {
    const w = weekStart(i.atMs);
    if (weeks.has(w)) weeks.set(w, (weeks.get(w) ?? 0) + i.amount);
  }
  return [...weeks].map(([week, value]) => ({ week, value }));
}

/** A count as it may be published: the number, or `fewer than N` below the threshold (0 stays 0). */
export function publishable(count: number, minimum: number): string {
  return count > 0 && count < minimum ? `fewer than ${minimum}` : String(count);
}
