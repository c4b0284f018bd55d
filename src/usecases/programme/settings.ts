/** Programme settings [config]: limits, break, idle time, reminder days, the small-number rule. */
import { CustosError } from '../../core/errors.ts';
import { settingsProblems, type ProgrammeSettings } from '../../core/programme/settings.ts';
import { authorize } from '../../policies/authorize.ts';
import type { DeskActor, DeskContext } from '../desk-context.ts';
import { custodyActor, nowIso } from '../desk-support.ts';
import { loadProgrammeSettings, PROGRAMME_SETTINGS_KEY, recordProgrammeEvent } from './support.ts';

/** The settings in force. @throws `POLICY_DENIED`. */
export async function getProgrammeSettings(ctx: DeskContext, actor: DeskActor) {
  authorize(actor, 'viewSettings', { type: 'programme' });
  return loadProgrammeSettings(ctx.uow.read);
}

/**
 * Replaces the settings.
 * @throws CustosError `PROGRAMME_SETTINGS_INVALID` (invalid-input) with `details.problems`.
 */
export async function setProgrammeSettings(
  ctx: DeskContext,
  actor: DeskActor,
  input: ProgrammeSettings,
): Promise<ProgrammeSettings> {
  authorize(actor, 'updateSettings', { type: 'programme' });
  const problems = settingsProblems({ ...input });
  if (problems.length)
    throw new CustosError(
      'invalid-input',
      'PROGRAMME_SETTINGS_INVALID',
      `the programme settings are not valid: ${problems.join('; ')}`,
      { details: { problems } },
    );
  const settings: ProgrammeSettings = {
    ...input,
    vettingReminderDays: [...input.vettingReminderDays].sort((a, b) => b - a),
    trainingReminderDays: [...input.trainingReminderDays].sort((a, b) => b - a),
  };
  await ctx.uow.run(async (repos) => {
    await repos.desk.settings.put(
      PROGRAMME_SETTINGS_KEY,
      JSON.stringify(settings),
      nowIso(ctx),
      actor.userId ?? '',
    );
    await recordProgrammeEvent(ctx, repos, {
      actor: custodyActor(actor),
      subject: 'settings:programme',
      kind: 'settings-changed',
      details: { ...settings },
      custody: true,
    });
  });
  return settings;
}
