/**
 * The training matrix (R10): the programme's minimum module set with validity periods
 * [config intervals], when a completion lapses, and which modules are current at a time.
 * Sources: HMICFRS 2023 on training gaps; IPCO on status drift; College APP (legal-framework §7 B).
 */
import type { TrainingCompletion, TrainingModule } from './types.ts';

/**
 * The starting catalogue (the migration writes the same rows; managers add modules and versions
 * afterwards). Annual unless R10 says otherwise; digital evidence every two years.
 */
export const DEFAULT_MODULES: readonly TrainingModule[] = [
  {
    id: 'data-protection',
    title: 'Data protection and information security',
    version: '2026.1',
    validityMonths: 12,
    retired: false,
  },
  {
    id: 'cpia-disclosure',
    title: 'CPIA and disclosure',
    version: '2026.1',
    validityMonths: 12,
    retired: false,
  },
  {
    id: 'covert-law',
    title: 'The law on covert activity: RIPA and CHIS awareness, status drift',
    version: '2026.1',
    validityMonths: 12,
    retired: false,
  },
  {
    id: 'evidence-handling',
    title: 'Digital evidence handling and the ACPO principles',
    version: '2026.1',
    validityMonths: 24,
    retired: false,
  },
  {
    id: 'safeguarding',
    title: 'Safeguarding, threat to life and suicide-risk awareness',
    version: '2026.1',
    validityMonths: 12,
    retired: false,
  },
  {
    id: 'wellbeing',
    title: 'Wellbeing and working with distressing material',
    version: '2026.1',
    validityMonths: 12,
    retired: false,
  },
];

/**
 * `iso` plus whole calendar months in UTC, the day clamped to the month's length
 * (2026-01-31 + 1 month = 2026-02-28).
 */
export function addMonths(iso: string, months: number): string {
  const d = new Date(iso);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  const day = Math.min(d.getUTCDate(), lastDay);
  return new Date(
    Date.UTC(
      y,
      m,
      day,
      d.getUTCHours(),
      d.getUTCMinutes(),
      d.getUTCSeconds(),
      d.getUTCMilliseconds(),
    ),
  ).toISOString();
}

/** When a completion of `module` on `completedAt` lapses (null: no expiry). */
export function validUntilFor(
  completedAt: string,
  module: Pick<TrainingModule, 'validityMonths'>,
): string | null {
  return module.validityMonths === null ? null : addMonths(completedAt, module.validityMonths);
}

/** True when a completion is in force at `nowMs`: completed by then and not lapsed (lapse is exclusive). */
export function completionCurrent(c: TrainingCompletion, nowMs: number): boolean {
  return (
    Date.parse(c.completedAt) <= nowMs &&
    (c.validUntil === null || nowMs < Date.parse(c.validUntil))
  );
}

export type ModuleState = 'current' | 'expired' | 'missing';

/**
 * The state of one module for a member at `nowMs`: `current` when a completion is in force,
 * `expired` when there were completions but all have lapsed, `missing` when there is none
 * (completions dated after `nowMs` do not count).
 */
export function moduleState(
  completions: readonly TrainingCompletion[],
  moduleId: string,
  nowMs: number,
): { state: ModuleState; completion: TrainingCompletion | null } {
  const mine = completions
    .filter((c) => c.moduleId === moduleId && Date.parse(c.completedAt) <= nowMs)
    .sort((a, b) => Date.parse(b.completedAt) - Date.parse(a.completedAt));
  const current = mine.find((c) => completionCurrent(c, nowMs));
  if (current) return { state: 'current', completion: current };
  return mine[0]
    ? { state: 'expired', completion: mine[0] }
    : { state: 'missing', completion: null };
}

/** The completions current at `nowMs`, one per module (the latest), in module-id order. */
export function currentCompletions(
  completions: readonly TrainingCompletion[],
  nowMs: number,
): TrainingCompletion[] {
  const ids = [...new Set(completions.map((c) => c.moduleId))].sort();
  return ids
    .map((id) => moduleState(completions, id, nowMs))
    .filter((s) => s.state === 'current')
    .map((s) => s.completion as TrainingCompletion);
}
