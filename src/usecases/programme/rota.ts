/**
 * The supervision rota (R60: no lone working; a supervising officer must be on duty whenever a
 * volunteer works). Programme managers add and cancel duty periods; officers and managers see
 * them. The task gate reads the rota at the moment of every action.
 */
import { CustosError } from '../../core/errors.ts';
import type { RotaEntry } from '../../core/programme/types.ts';
import { authorize, can } from '../../policies/authorize.ts';
import type { Repositories } from '../../ports/repositories.ts';
import type { DeskActor, DeskContext } from '../desk-context.ts';
import { custodyActor, nowIso, people, personOf, plusMinutes } from '../desk-support.ts';
import { recordProgrammeEvent } from './support.ts';

const DAY_MIN = 24 * 60;

/** Longest duty period accepted, hours. */
export const MAX_DUTY_HOURS = 24;

function onDuty(e: RotaEntry, nowMs: number): boolean {
  return e.cancelledAt === null && Date.parse(e.startsAt) <= nowMs && nowMs < Date.parse(e.endsAt);
}

/** Officers on duty at `nowMs` (ids, once each). */
export async function officersOnDuty(repos: Repositories, nowMs: number): Promise<string[]> {
  const entries = await repos.programme.rota.overlapping(
    new Date(nowMs).toISOString(),
    new Date(nowMs + 1).toISOString(),
  );
  return [...new Set(entries.filter((e) => onDuty(e, nowMs)).map((e) => e.officerId))];
}

/** The rota between `from` and `to` (default: from a day ago to a week ahead). @throws `POLICY_DENIED`. */
export async function viewRota(
  ctx: DeskContext,
  actor: DeskActor,
  range: { from?: string | undefined; to?: string | undefined },
) {
  authorize(actor, 'view', { type: 'rota' });
  const repos = ctx.uow.read;
  const now = nowIso(ctx);
  const nowMs = Date.parse(now);
  const from = range.from ?? plusMinutes(now, -DAY_MIN);
  const to = range.to ?? plusMinutes(now, 7 * DAY_MIN);
  const entries = await repos.programme.rota.overlapping(from, to);
  const onNow = await officersOnDuty(repos, nowMs);
  const names = await people(repos, [...entries.map((e) => e.officerId), ...onNow]);
  const canManage = can(actor, 'manage', { type: 'rota' });
  return {
    from,
    to,
    entries: entries.map((e) => rotaEntryView(e, names, nowMs)),
    onDutyNow: onNow.map((id) => personOf(names, id)),
    canManage,
    officers: canManage
      ? (await repos.accounts.users.listActiveByRole('officer')).map((u) => ({
          id: u.id,
          displayName: u.displayName,
        }))
      : [],
  };
}

function rotaEntryView(
  e: RotaEntry,
  names: ReadonlyMap<string, { id: string; displayName: string }>,
  nowMs: number,
) {
  return {
    id: e.id,
    officer: personOf(names, e.officerId),
    startsAt: e.startsAt,
    endsAt: e.endsAt,
    cancelledAt: e.cancelledAt,
    onDutyNow: onDuty(e, nowMs),
  };
}

/**
 * Puts a supervising officer on duty from `startsAt` to `endsAt` (at most {@link MAX_DUTY_HOURS}).
 * @throws CustosError `ROTA_OFFICER_INVALID`, `ROTA_TIMES_INVALID` (invalid-input).
 */
export async function addRotaEntry(
  ctx: DeskContext,
  actor: DeskActor,
  input: { officerId: string; startsAt: string; endsAt: string },
) {
  authorize(actor, 'manage', { type: 'rota' });
  const s = Date.parse(input.startsAt);
  const e = Date.parse(input.endsAt);
  if (!(s < e) || e - s > MAX_DUTY_HOURS * 3_600_000)
    throw new CustosError(
      'invalid-input',
      'ROTA_TIMES_INVALID',
      `a duty period ends after it starts and lasts at most ${MAX_DUTY_HOURS} hours`,
    );
  const entry = await ctx.uow.run(async (repos) => {
    const officer = await repos.accounts.users.findById(input.officerId);
    if (!officer || officer.role !== 'officer' || officer.status !== 'active')
      throw new CustosError(
        'invalid-input',
        'ROTA_OFFICER_INVALID',
        'only an active officer supervises volunteers',
      );
    const entry: RotaEntry = {
      id: ctx.ids.newId(),
      officerId: input.officerId,
      startsAt: new Date(s).toISOString(),
      endsAt: new Date(e).toISOString(),
      createdBy: actor.userId ?? '',
      createdAt: nowIso(ctx),
      cancelledAt: null,
    };
    await repos.programme.rota.insert(entry);
    await recordProgrammeEvent(ctx, repos, {
      actor: custodyActor(actor),
      subject: `rota:${entry.id}`,
      kind: 'on-duty-added',
      details: {
        officer: `user:${entry.officerId}`,
        startsAt: entry.startsAt,
        endsAt: entry.endsAt,
      },
      custody: true,
    });
    return entry;
  });
  return rotaEntryView(entry, await people(ctx.uow.read, [entry.officerId]), ctx.clock.now());
}

/** Cancels a duty period. @throws CustosError `ROTA_ENTRY_NOT_FOUND`. */
export async function cancelRotaEntry(ctx: DeskContext, actor: DeskActor, id: string) {
  authorize(actor, 'manage', { type: 'rota' });
  const entry = await ctx.uow.run(async (repos) => {
    const e = await repos.programme.rota.findById(id);
    if (!e)
      throw new CustosError('not-found', 'ROTA_ENTRY_NOT_FOUND', `there is no duty period ${id}`);
    const now = nowIso(ctx);
    await repos.programme.rota.cancel(id, now);
    await recordProgrammeEvent(ctx, repos, {
      actor: custodyActor(actor),
      subject: `rota:${id}`,
      kind: 'on-duty-cancelled',
      details: {},
      custody: true,
    });
    return { ...e, cancelledAt: e.cancelledAt ?? now };
  });
  return rotaEntryView(entry, await people(ctx.uow.read, [entry.officerId]), ctx.clock.now());
}
