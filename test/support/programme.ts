/**
 * Test support for the volunteer programme: makes volunteers legitimate for tasks (an active
 * member with current vetting, every training module current and a legal status), records a
 * live authorisation covering every task type and platform, and puts an officer on duty. Written
 * straight to the repositories at the desk's clock, so tests of other areas can assign and work
 * on tasks under the gate without going through the manager's screens.
 */
import type { Authorisation, LegalStatus, Member } from '../../src/core/programme/types.ts';
import { DEFAULT_MODULES, validUntilFor } from '../../src/core/programme/training.ts';
import type { DeskContext } from '../../src/usecases/desk-context.ts';

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();
let counter = 0;

/** An active member for `userId` with RV vetting for 2 years and every module completed 30 days ago. */
export async function qualifyVolunteer(
  desk: DeskContext,
  userId: string,
  opts: {
    legalStatus?: LegalStatus;
    /** Modules to leave out of the completions. */
    without?: readonly string[];
    /** Completion time (default 30 days before now). */
    completedAt?: string;
  } = {},
): Promise<Member> {
  const now = desk.clock.now();
  const completedAt = opts.completedAt ?? iso(now - 30 * DAY);
  counter++;
  const m: Member = {
    id: desk.ids.newId(),
    ref: `M-TEST-${String(counter).padStart(4, '0')}-${userId.slice(0, 6)}`,
    displayName: `Member ${counter}`,
    email: `member${counter}@example.com`,
    phone: null,
    status: 'active',
    legalStatus: opts.legalStatus ?? 'police-support-volunteer',
    userId,
    pastGroupMembership: false,
    motivation: null,
    barredListCheck: { checkedAt: iso(now - 60 * DAY), result: 'clear' },
    underInvestigationSince: null,
    appliedAt: iso(now - 90 * DAY),
    createdAt: iso(now - 90 * DAY),
    updatedAt: iso(now - 90 * DAY),
  };
  await desk.uow.run(async (repos) => {
    await repos.programme.members.insert(m);
    await repos.programme.vetting.put({
      memberId: m.id,
      level: 'RV',
      grantedAt: iso(now - 60 * DAY),
      expiresAt: iso(now + 730 * DAY),
      recordedBy: 'test',
      updatedAt: iso(now - 60 * DAY),
    });
    for (const mod of DEFAULT_MODULES) {
      if (opts.without?.includes(mod.id)) continue;
      await repos.programme.training.insertCompletion({
        id: desk.ids.newId(),
        memberId: m.id,
        moduleId: mod.id,
        version: mod.version,
        completedAt,
        validUntil: validUntilFor(completedAt, mod),
        signedOffBy: 'test',
        recordedAt: completedAt,
      });
    }
  });
  return m;
}

/** A live authorisation by `officerId` covering every task type (and `platforms`, default any). */
export async function liveAuthorisation(
  desk: DeskContext,
  officerId: string,
  opts: {
    platforms?: readonly string[];
    supervisorId?: string;
    taskTypes?: readonly string[];
  } = {},
): Promise<Authorisation> {
  const now = desk.clock.now();
  counter++;
  const a: Authorisation = {
    id: desk.ids.newId(),
    ref: `AUTH-TEST-${String(counter).padStart(4, '0')}`,
    operation: `Operation Test ${counter}`,
    taskTypes: opts.taskTypes ?? ['transcript-review', 'timeline-summary', 'identifier-check'],
    platforms: opts.platforms ?? ['any'],
    startsAt: iso(now - 30 * DAY),
    reviewAt: iso(now + 60 * DAY),
    expiresAt: iso(now + 180 * DAY),
    authorisingOfficerId: officerId,
    officerInChargeId: officerId,
    supervisorId: opts.supervisorId ?? officerId,
    status: 'live',
    cancelledAt: null,
    cancelReason: null,
    createdAt: iso(now - 30 * DAY),
    updatedAt: iso(now - 30 * DAY),
  };
  await desk.uow.run((repos) => repos.programme.authorisations.insert(a));
  return a;
}

/** Puts `officerId` on duty from `days` days ago to `days` days ahead (default 60). */
export async function onDuty(desk: DeskContext, officerId: string, days = 60): Promise<void> {
  const now = desk.clock.now();
  await desk.uow.run((repos) =>
    repos.programme.rota.insert({
      id: desk.ids.newId(),
      officerId,
      startsAt: iso(now - days * DAY),
      endsAt: iso(now + days * DAY),
      createdBy: 'test',
      createdAt: iso(now),
      cancelledAt: null,
    }),
  );
}

/**
 * Everything a test needs for tasks to be legitimate: `volunteerIds` qualified, a live
 * authorisation by `officerId` covering every task type and platform, the officer on duty.
 */
export async function programmeReady(
  desk: DeskContext,
  officerId: string,
  volunteerIds: readonly string[],
): Promise<{ authorisation: Authorisation; members: Member[] }> {
  const members: Member[] = [];
  for (const id of volunteerIds) members.push(await qualifyVolunteer(desk, id));
  const authorisation = await liveAuthorisation(desk, officerId);
  await onDuty(desk, officerId);
  return { authorisation, members };
}
