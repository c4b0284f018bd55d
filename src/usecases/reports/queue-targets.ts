/** Reading the queue targets per band (R52), stored as a setting with programme defaults. */
import {
  DEFAULT_QUEUE_TARGETS,
  targetProblems,
  type QueueTargets,
} from '../../core/cases/queue.ts';
import type { Repositories } from '../../ports/repositories.ts';

export const QUEUE_TARGETS_KEY = 'queue-targets';

/** The configured targets, or the defaults for any key missing or invalid. */
export async function loadQueueTargets(repos: Repositories): Promise<QueueTargets> {
  const raw = await repos.desk.settings.get(QUEUE_TARGETS_KEY);
  if (!raw) return DEFAULT_QUEUE_TARGETS;
  try {
    const parsed = JSON.parse(raw) as Record<string, unknown>;
    return targetProblems(parsed).length === 0
      ? (parsed as unknown as QueueTargets)
      : DEFAULT_QUEUE_TARGETS;
  } catch {
    return DEFAULT_QUEUE_TARGETS;
  }
}
