/**
 * The volunteer programme's part of the demo (DEMO ONLY): Victor and Vera as active members
 * (police support volunteers with a clear barred-list check, RV vetting and every module signed
 * off by Maya), an applicant who declared a past online-group membership and one in vetting, a
 * live authorisation from Olivia (officer in charge) with Oscar as supervising officer, and a
 * rota of Olivia and Oscar covering the days around the demo. Everything goes through the
 * programme's use cases, so the event, custody and access logs are real.
 */
import { CustosError } from '../../core/errors.ts';
import { DEFAULT_MODULES } from '../../core/programme/training.ts';
import type { DeskActor, DeskContext } from '../desk-context.ts';
import { createAuthorisation } from '../programme/authorisations.ts';
import {
  addDeclaration,
  applyToJoin,
  createMember,
  recordBarredListCheck,
  recordCompletion,
  recordVetting,
  setLegalStatus,
  setMemberStatus,
} from '../programme/members.ts';
import { addRotaEntry } from '../programme/rota.ts';

const DAY = 86_400_000;
const iso = (ms: number): string => new Date(ms).toISOString();

/** Days of rota the demo writes after its start (from its first day). */
export const DEMO_ROTA_DAYS = 45;

export interface DemoProgrammeInput {
  /** The demo's clock (so records carry the demo's times). */
  readonly ctx: DeskContext;
  readonly manager: DeskActor;
  readonly officer: DeskActor;
  readonly supervisor: DeskActor;
  /** Volunteer accounts to make active members: [user id, member name, vetting expiry in days from now]. */
  readonly volunteers: readonly (readonly [
    userId: string,
    expiresInDays: number,
    lapsingModule?: string,
  ])[];
  /** The real time the demo ends at (ms): vetting and training dates count from it. */
  readonly endMs: number;
}

/**
 * Seeds members, an authorisation and the rota at the demo clock's current time.
 * @returns the authorisation's reference and the members' references.
 */
export async function seedDemoProgramme(input: DemoProgrammeInput): Promise<{
  authorisation: string;
  members: string[];
}> {
  const { ctx, manager, officer, supervisor, endMs } = input;
  const startMs = ctx.clock.now();
  const members: string[] = [];
  for (const [userId, expiresInDays, lapsing] of input.volunteers) {
    const user = await ctx.uow.read.accounts.users.findById(userId);
    if (!user)
      throw new CustosError('internal', 'DEMO_USER_MISSING', `demo volunteer ${userId} missing`);
    const m = await createMember(ctx, manager, {
      displayName: user.displayName,
      email: `${user.username}@example.com`,
      userId,
      pastGroupMembership: false,
    });
    members.push(m.ref);
    await setLegalStatus(ctx, manager, m.id, 'police-support-volunteer');
    await recordBarredListCheck(ctx, manager, m.id, {
      checkedAt: iso(startMs - 120 * DAY),
      result: 'clear',
    });
    await recordVetting(ctx, manager, m.id, {
      level: 'RV',
      grantedAt: iso(startMs - 200 * DAY),
      expiresAt: iso(endMs + expiresInDays * DAY),
    });
    await setMemberStatus(ctx, manager, m.id, { status: 'vetting' });
    await setMemberStatus(ctx, manager, m.id, { status: 'training' });
    for (const mod of DEFAULT_MODULES) {
      // A module about to lapse shows the training reminders (12-month modules).
      const completedAt =
        mod.id === lapsing ? iso(endMs - 365 * DAY + 20 * DAY) : iso(startMs - 60 * DAY);
      await recordCompletion(ctx, manager, m.id, { moduleId: mod.id, completedAt });
    }
    await setMemberStatus(ctx, manager, m.id, { status: 'active', reason: 'demo onboarding' });
  }

  // Applicants through the public form: one who declared a past online-group membership.
  const applicant = await applyToJoin(
    ctx,
    { role: 'public', userId: null, sessionId: null },
    {
      name: 'Priya Shah (demo)',
      email: 'priya.shah@example.com',
      pastGroupMembership: true,
      pastGroups:
        'Member of an online "hunter" group 2019–2021; took part in chats, never in meetings or live streams.',
      motivation:
        'I left the group because it put children’s cases at risk. I want to help within the law, under police supervision.',
    },
  );
  members.push(applicant.reference);
  const inVetting = await createMember(ctx, manager, {
    displayName: 'Jamie Reid (demo)',
    email: 'jamie.reid@example.com',
    pastGroupMembership: false,
  });
  await addDeclaration(ctx, manager, inVetting.id, {
    kind: 'social-channel',
    description: 'Runs a parents’ online-safety page (advice only; no posts about individuals).',
  });
  await setMemberStatus(ctx, manager, inVetting.id, { status: 'vetting' });
  members.push(inVetting.ref);

  const authorisation = await createAuthorisation(ctx, officer, {
    operation: 'Operation Lantern (demo): review of public reports of online grooming',
    taskTypes: ['transcript-review', 'timeline-summary', 'identifier-check'],
    platforms: ['whatsapp', 'snapchat', 'telegram', 'instagram'],
    startsAt: iso(startMs - DAY),
    reviewAt: iso(endMs + 80 * DAY),
    expiresAt: iso(endMs + 180 * DAY),
    officerInChargeId: officer.userId ?? '',
    supervisorId: supervisor.userId ?? '',
  });

  // The rota: the officer in the first half of each UTC day, the supervisor in the second.
  const firstDay = Math.floor(startMs / DAY) * DAY;
  for (let d = 0; d < DEMO_ROTA_DAYS; d++) {
    const day = firstDay + d * DAY;
    await addRotaEntry(ctx, manager, {
      officerId: officer.userId ?? '',
      startsAt: iso(day),
      endsAt: iso(day + DAY / 2),
    });
    await addRotaEntry(ctx, manager, {
      officerId: supervisor.userId ?? '',
      startsAt: iso(day + DAY / 2),
      endsAt: iso(day + DAY),
    });
  }
  return { authorisation: authorisation.ref, members };
}
