/**
 * The review period of each retention class ([config], R46): read by everyone who reviews, set by
 * the operator at the command line (`custos retention classes --set nfa=72`). A change applies to
 * reviews counted from then on; review dates already set stay as they are. The change is a
 * custody event (`account-changed` about `settings:retention-classes`), like the queue targets.
 */
import { CustosError } from '../../core/errors.ts';
import {
  RETENTION_CLASS_IDS,
  isRetentionClass,
  type RetentionClassId,
} from '../../core/retention/classes.ts';
import type { AppContext } from '../app-context.ts';
import { isoTime, recordCustodyEvent } from '../custody/record-custody-event.ts';
import { RETENTION_SETTINGS_KEY, retentionSettings } from './retention-support.ts';

/** A class with its label and period. */
export interface RetentionClassRow {
  readonly id: RetentionClassId;
  readonly label: string;
  readonly reviewMonths: number;
}

/** Every class with its period in force. */
export async function retentionClassRows(
  app: Pick<AppContext, 'uow'>,
): Promise<RetentionClassRow[]> {
  const s = await retentionSettings(app.uow.read);
  return RETENTION_CLASS_IDS.map((id) => ({ id, ...s[id] }));
}

/**
 * Sets review periods, in months.
 * @param changes - class id → months (1 to 1200).
 * @param actor - pseudonymous id of the operator (`cli:AB`).
 * @throws CustosError `RETENTION_CLASS_UNKNOWN` (usage), `RETENTION_SETTINGS_INVALID` (invalid-input).
 */
export async function setRetentionPeriods(
  app: Pick<AppContext, 'uow' | 'clock'>,
  changes: Readonly<Record<string, number>>,
  actor: string,
): Promise<RetentionClassRow[]> {
  for (const [id, months] of Object.entries(changes)) {
    if (!isRetentionClass(id))
      throw new CustosError(
        'usage',
        'RETENTION_CLASS_UNKNOWN',
        `${JSON.stringify(id)} is not a retention class; expected one of ${RETENTION_CLASS_IDS.join(', ')}`,
      );
    if (!Number.isInteger(months) || months < 1 || months > 1200)
      throw new CustosError(
        'invalid-input',
        'RETENTION_SETTINGS_INVALID',
        `review months of ${id} must be a whole number from 1 to 1200`,
      );
  }
  await app.uow.run(async (repos) => {
    const current = await retentionSettings(repos);
    const next = Object.fromEntries(
      RETENTION_CLASS_IDS.map((id) => [
        id,
        { reviewMonths: changes[id] ?? current[id].reviewMonths },
      ]),
    );
    await repos.desk.settings.put(
      RETENTION_SETTINGS_KEY,
      JSON.stringify(next),
      isoTime(app.clock.now()),
      actor,
    );
    await recordCustodyEvent(repos, app.clock, {
      actor,
      action: 'account-changed',
      object: `settings:${RETENTION_SETTINGS_KEY}`,
      reason: 'retention-periods',
      details: next,
    });
  });
  return retentionClassRows(app);
}
