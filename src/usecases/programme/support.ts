/**
 * Helpers shared by the programme's use cases: the one helper every programme change writes its
 * event through (the programme's event log and, for records that bear on evidence handling, a
 * custody event with pseudonymous ids only), the settings, member lookups and in-app
 * notifications to managers and officers.
 */
import { CustosError } from '../../core/errors.ts';
import type { Notification } from '../../core/cases/types.ts';
import {
  DEFAULT_PROGRAMME_SETTINGS,
  settingsProblems,
  type ProgrammeSettings,
} from '../../core/programme/settings.ts';
import type { Member, ProgrammeEvent } from '../../core/programme/types.ts';
import type { Repositories } from '../../ports/repositories.ts';
import { recordCustodyEvent } from '../custody/record-custody-event.ts';
import type { DeskContext } from '../desk-context.ts';
import { nowIso } from '../desk-support.ts';

/** Key of the programme settings in the settings store. */
export const PROGRAMME_SETTINGS_KEY = 'programme';

/** The programme settings in force: stored ones, else the defaults. */
export async function loadProgrammeSettings(repos: Repositories): Promise<ProgrammeSettings> {
  const raw = await repos.desk.settings.get(PROGRAMME_SETTINGS_KEY);
  if (!raw) return DEFAULT_PROGRAMME_SETTINGS;
  const parsed = {
    ...DEFAULT_PROGRAMME_SETTINGS,
    ...(JSON.parse(raw) as Partial<ProgrammeSettings>),
  };
  return settingsProblems(parsed).length ? DEFAULT_PROGRAMME_SETTINGS : parsed;
}

export interface ProgrammeEventInput {
  /** Pseudonymous actor (`user:<id>`, `public:application`, `system:custos`). */
  readonly actor: string;
  readonly subject: string;
  readonly kind: string;
  readonly details?: Readonly<Record<string, unknown>>;
  /**
   * Also append a custody event (`programme-recorded`): for records that bear on who may handle
   * evidence (status, legal status, vetting, training, declarations, authorisations, rota). Welfare
   * records (check-ins, stops) stay out of the custody log.
   */
  readonly custody: boolean;
}

/**
 * Records a programme change in the caller's unit of work: an entry in the programme's event
 * log with its details, and (when `custody`) a custody event naming only the subject's id and
 * the change's code, committed to the event by id.
 */
export async function recordProgrammeEvent(
  ctx: Pick<DeskContext, 'clock' | 'ids'>,
  repos: Repositories,
  input: ProgrammeEventInput,
): Promise<ProgrammeEvent> {
  const event: ProgrammeEvent = {
    id: ctx.ids.newId(),
    at: nowIso(ctx),
    actor: input.actor,
    subject: input.subject,
    kind: input.kind,
    details: input.details ?? {},
  };
  await repos.programme.events.insert(event);
  if (input.custody)
    await recordCustodyEvent(repos, ctx.clock, {
      actor: input.actor,
      action: 'programme-recorded',
      object: input.subject,
      reason: input.kind,
      details: { programmeEvent: event.id },
    });
  return event;
}

/** @throws CustosError `MEMBER_NOT_FOUND` (not-found). */
export async function loadMember(repos: Repositories, id: string): Promise<Member> {
  const m = await repos.programme.members.findById(id);
  if (!m) throw new CustosError('not-found', 'MEMBER_NOT_FOUND', `there is no member ${id}`);
  return m;
}

/** In-app notifications to these users (nothing leaves the application). */
export async function notifyUsers(
  ctx: Pick<DeskContext, 'clock' | 'ids'>,
  repos: Repositories,
  userIds: readonly string[],
  n: Pick<Notification, 'kind' | 'title' | 'link'>,
): Promise<void> {
  for (const userId of [...new Set(userIds)])
    await repos.desk.notifications.insert({
      id: ctx.ids.newId(),
      userId,
      kind: n.kind,
      at: nowIso(ctx),
      title: n.title,
      link: n.link,
      readAt: null,
    });
}

/** Ids of the active programme managers (the welfare lead is a programme manager). */
export async function managerIds(repos: Repositories): Promise<string[]> {
  return (await repos.accounts.users.listActiveByRole('manager')).map((u) => u.id);
}

/** ISO time `days` after `iso`. */
export function plusDays(iso: string, days: number): string {
  return new Date(Date.parse(iso) + days * 86_400_000).toISOString();
}
