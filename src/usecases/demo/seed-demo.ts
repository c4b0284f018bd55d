/**
 * Demo data for a newcomer (DEMO ONLY: known passwords and TOTP secrets, never for real use):
 * one account per role, public reports with evidence from the synthetic exports in `examples/`,
 * a case with a task assigned to a volunteer, and a second report whose identifier matches that
 * case (a deconfliction hit, with a task on it blocked until an officer acknowledges the match).
 * Everything goes through the same use cases as the web app, so the custody and access logs are
 * real. The volunteer programme is seeded too (`seed-programme.ts`): members, vetting, training,
 * an authorisation and a rota, so the tasks are legitimate under the task gate; the demo's events
 * are spread over the ten days before now (a demo clock), with one past shift of Victor's, its
 * check-in and debrief, so the programme's figures show real numbers.
 */
import { CustosError } from '../../core/errors.ts';
import { authorize } from '../../policies/authorize.ts';
import type { StaffRole } from '../../policies/roles.ts';
import type { HandedIn } from '../../ports/evidence-input.ts';
import type { User } from '../../ports/account-repositories.ts';
import { recordAccess } from '../access-log/record-access.ts';
import { recordCustodyEvent } from '../custody/record-custody-event.ts';
import { LOCAL_OPERATOR, type DeskActor, type DeskContext } from '../desk-context.ts';
import { nowIso } from '../desk-support.ts';
import { addReportEvidence } from '../intake/report-evidence.ts';
import { submitReport } from '../intake/submit-report.ts';
import { createCaseFromReport } from '../reports/create-case.ts';
import { assignTask } from '../tasks/assign-task.ts';
import { addNote } from '../cases/add-note.ts';
import { referCase } from '../cases/refer-case.ts';
import { beatTaskView, startTaskView } from '../tasks/time-task-view.ts';
import { recordDebrief } from '../programme/debriefs.ts';
import { runProgrammeSweep } from '../programme/sweep.ts';
import { checkIn, endShift } from '../programme/welfare-self.ts';
import type { Clock } from '../../ports/clock.ts';
import { seedDemoProgramme } from './seed-programme.ts';

/** The one password of every demo account (demo only). */
export const DEMO_PASSWORD = 'custos-demo-password';

/** Demo accounts: username, name, initials, role, fixed base32 TOTP secret (demo only). */
export const DEMO_USERS: readonly {
  username: string;
  displayName: string;
  initials: string;
  role: StaffRole;
  totpSecret: string | null;
}[] = [
  {
    username: 'admin',
    displayName: 'Ada Admin',
    initials: 'ADA',
    role: 'admin',
    totpSecret: 'DEMOADMINTOTPSECRETAAAAAAAAAAAAA',
  },
  {
    username: 'olivia',
    displayName: 'PC Olivia Officer',
    initials: 'OLO',
    role: 'officer',
    totpSecret: 'DEMOOLIVIATOTPSECRETAAAAAAAAAAAA',
  },
  {
    username: 'oscar',
    displayName: 'DC Oscar Okafor',
    initials: 'OSO',
    role: 'officer',
    totpSecret: 'DEMOOSCARTOTPSECRETAAAAAAAAAAAAA',
  },
  {
    username: 'victor',
    displayName: 'Victor Volunteer',
    initials: 'VIV',
    role: 'volunteer',
    totpSecret: null,
  },
  {
    username: 'vera',
    displayName: 'Vera Volunteer',
    initials: 'VEV',
    role: 'volunteer',
    totpSecret: null,
  },
  {
    username: 'maya',
    displayName: 'Maya Manager',
    initials: 'MAM',
    role: 'manager',
    totpSecret: 'DEMOMAYATOTPSECRETAAAAAAAAAAAAAA',
  },
  {
    username: 'aubrey',
    displayName: 'Aubrey Auditor',
    initials: 'AUA',
    role: 'auditor',
    totpSecret: 'DEMOAUBREYTOTPSECRETAAAAAAAAAAAA',
  },
];

/** Example files the demo hands in (paths relative to `examples/`). */
export const DEMO_EXAMPLES = {
  grooming: 'whatsapp-android-chat.txt',
  everyday: 'whatsapp-ios-chat.txt',
  telegram: 'telegram-chat-export/result.json',
} as const;

export interface DemoResult {
  readonly users: typeof DEMO_USERS;
  readonly reports: { ref: string; note: string }[];
  readonly cases: { ref: string; owner: string; note: string }[];
  /** The programme's demo records, one line each. */
  readonly programme?: readonly string[];
}

const DAY_MS = 86_400_000;

/** The demo's clock: set to a time, then advancing 1 ms per read (never past the real clock). */
class DemoClock implements Clock {
  constructor(
    private ms: number,
    private readonly real: Clock,
  ) {}
  set(ms: number): void {
    this.ms = ms;
  }
  now(): number {
    return Math.min(this.ms++, this.real.now());
  }
}

async function handIn(
  ctx: DeskContext,
  load: (name: string) => Promise<HandedIn>,
  report: Parameters<typeof addReportEvidence>[1],
  name: string,
): Promise<void> {
  const h = await load(name);
  if (h.kind !== 'file')
    throw new CustosError('internal', 'DEMO_EXAMPLE_NOT_FILE', `examples/${name} should be a file`);
  await addReportEvidence(ctx, report, { name: h.label, stream: h.file.open() });
}

/**
 * Seeds the demo into an empty store.
 * @param load - reads an example file by its path under `examples/`.
 * @throws CustosError `DEMO_STORE_NOT_EMPTY` (conflict) when the store has any account or custody
 *   event (the demo's published passwords must never sit beside real material).
 */
export async function seedDemo(
  real: DeskContext,
  load: (name: string) => Promise<HandedIn>,
  actor: DeskActor = LOCAL_OPERATOR,
): Promise<DemoResult> {
  const endMs = real.clock.now();
  const clock = new DemoClock(endMs - 10 * DAY_MS, real.clock);
  const ctx: DeskContext = { ...real, clock };
  authorize(actor, 'create', { type: 'users' });
  // The demo's accounts have published passwords and TOTP secrets: never next to real material.
  const accounts = (await ctx.uow.read.accounts.users.list()).length;
  const events = await ctx.uow.read.custody.size();
  if (accounts > 0 || events > 0) {
    throw new CustosError(
      'conflict',
      'DEMO_STORE_NOT_EMPTY',
      `the store at ${ctx.location.dataDir} is not empty (${accounts} accounts, ${events} custody events); the demo's accounts have published passwords, so it is only seeded into a new data directory (--data custos-demo)`,
    );
  }
  const users = new Map<string, User>();
  for (const d of DEMO_USERS) {
    const now = nowIso(ctx);
    const user: User = {
      id: ctx.ids.newId(),
      username: d.username,
      displayName: d.displayName,
      initials: d.initials,
      role: d.role,
      status: 'active',
      passwordHash: await ctx.passwords.hash(DEMO_PASSWORD),
      totpSecret: d.totpSecret,
      totpPendingSecret: null,
      createdAt: now,
      updatedAt: now,
      lastSignInAt: null,
    };
    await ctx.uow.run(async (repos) => {
      await repos.accounts.users.insert(user);
      await recordCustodyEvent(repos, ctx.clock, {
        actor: 'cli:operator',
        action: 'account-changed',
        object: `user:${user.id}`,
        reason: `demo-${d.role}`,
      });
      await recordAccess(repos, ctx.clock, {
        actorId: actor.userId,
        actorRole: actor.role,
        action: 'collect',
        objectType: 'user',
        objectId: user.id,
        objectRef: user.username,
        reasonCode: 'demo-seed',
      });
    });
    users.set(d.username, user);
  }
  const as = (username: string): DeskActor => {
    const u = users.get(username);
    if (!u) throw new CustosError('internal', 'DEMO_USER_MISSING', `demo user ${username} missing`);
    return { role: u.role as StaffRole, userId: u.id, sessionId: null };
  };
  const id = (username: string): string => as(username).userId ?? '';

  // 0. The programme: members, vetting, training, an authorisation and the rota (ten days ago).
  const programme = await seedDemoProgramme({
    ctx,
    manager: as('maya'),
    officer: as('olivia'),
    supervisor: as('oscar'),
    volunteers: [
      [id('victor'), 700],
      [id('vera'), 80, 'wellbeing'],
    ],
    endMs,
  });

  // 1. A parent's report (three days ago) with the WhatsApp export: ranked high; Olivia opens a case and tasks Victor.
  const a = await submitReport(ctx, {
    childInDangerNow: 'unsure',
    whatHappened:
      'A man from my son’s football club group chat has been messaging him, told him to keep it secret, asked him to add him on Snapchat and wants to pick him up from the bus stop on Friday.',
    platform: 'whatsapp',
    otherPersonIdentifiers: ['riley.k1ck'],
    childAge: 13,
    reporterRelation: 'parent-or-carer',
    contact: {
      name: 'Sam Taylor (demo)',
      email: 'sam.taylor@example.com',
      phone: '+44 7700 900123',
    },
  });
  await handIn(ctx, load, a.report, DEMO_EXAMPLES.grooming);
  clock.set(endMs - 3 * DAY_MS + 40 * 60_000);
  const caseA = await createCaseFromReport(ctx, as('olivia'), a.report.id, {
    title: 'Football club contact asking to meet a 13-year-old',
  });
  await addNote(ctx, as('olivia'), caseA.id, {
    text: 'Parent contacted by phone; child safe at home. Meeting proposed for Friday 16:00 at Station Road bus stop.',
  });
  const exhibitA = (await ctx.uow.read.desk.reports.exhibitIds(a.report.id))[0] ?? '';
  const taskA = await assignTask(ctx, as('olivia'), caseA.id, {
    type: 'transcript-review',
    assigneeId: id('victor'),
    exhibitId: exhibitA,
    instructions:
      'Read the transcript and mark every line about secrecy, moving platform, gifts or meeting up.',
  });
  // Victor reads the material for 40 minutes that afternoon, ends his shift and checks in;
  // the supervising officer records the debrief.
  const shiftStart = endMs - 3 * DAY_MS + 3 * 3_600_000;
  clock.set(shiftStart);
  const view = await startTaskView(ctx, as('victor'), taskA.id);
  for (let m = 1; m <= 40; m++) {
    clock.set(shiftStart + m * 60_000);
    await beatTaskView(ctx, as('victor'), taskA.id, view.id, m === 40);
  }
  clock.set(shiftStart + 45 * 60_000);
  await endShift(ctx, as('victor'));
  await checkIn(ctx, as('victor'), {
    wellbeing: 4,
    wantsContact: false,
    note: 'Fine. A difficult read in places; the break helped.',
  });
  clock.set(shiftStart + 90 * 60_000);
  await recordDebrief(ctx, as('oscar'), {
    userId: id('victor'),
    shiftStartedAt: view.startedAt,
    notes: 'Talked through the material and how Victor felt about it. No concerns.',
  });
  clock.set(endMs - 2 * DAY_MS);
  await referCase(ctx, as('olivia'), caseA.id, {
    recipientType: 'ceop',
    recipientName: 'CEOP (demo)',
    purpose: 'safeguarding',
    note: 'Safeguarding referral for the child while the investigation continues.',
  });

  // 2. Another reporter names the same Snapchat account: a deconfliction hit against Olivia's case.
  clock.set(endMs - DAY_MS);
  const b = await submitReport(ctx, {
    childInDangerNow: 'no',
    whatHappened:
      'Someone called Riley from an online game has been messaging my daughter on Telegram, offered a gift card and told her to delete their chats.',
    platform: 'snapchat',
    otherPersonIdentifiers: ['riley.k1ck'],
    childAge: 11,
    reporterRelation: 'parent-or-carer',
    contact: null,
  });
  await handIn(ctx, load, b.report, DEMO_EXAMPLES.telegram);
  // Oscar opens a case from it and tasks Vera: the task stays blocked until an officer acknowledges the hit.
  clock.set(endMs - DAY_MS + 30 * 60_000);
  const caseB = await createCaseFromReport(ctx, as('oscar'), b.report.id, {
    title: 'Gaming contact offering gift cards to an 11-year-old',
  });
  const exhibitB = (await ctx.uow.read.desk.reports.exhibitIds(b.report.id))[0] ?? '';
  await assignTask(ctx, as('oscar'), caseB.id, {
    type: 'identifier-check',
    assigneeId: id('vera'),
    exhibitId: exhibitB,
    instructions: 'Check each identifier found against the transcript lines it came from.',
  });

  // 3. An everyday chat reported by a worried carer: stays in the queue, ranked low.
  clock.set(endMs - 20 * 3_600_000);
  const c = await submitReport(ctx, {
    childInDangerNow: 'no',
    whatHappened:
      'My nephew’s classmate’s mum offered him a lift home after a school project; I am not sure it is fine.',
    platform: 'whatsapp',
    otherPersonIdentifiers: [],
    childAge: 12,
    reporterRelation: 'other-adult',
  });
  await handIn(ctx, load, c.report, DEMO_EXAMPLES.everyday);

  // 4. A report without evidence where the reporter says a child is in danger now: top of the queue.
  clock.set(endMs - 10 * 60_000);
  const d = await submitReport(ctx, {
    childInDangerNow: 'yes',
    whatHappened:
      'My friend (14) says a man she met online is on his way to meet her at the park now.',
    platform: 'instagram',
    otherPersonIdentifiers: ['@jay.example.2009'],
    childAge: 14,
    reporterRelation: 'child-themselves',
  });

  // Back to the real clock: reminders due now (Vera's vetting and a module are near expiry).
  await runProgrammeSweep(real);

  return {
    users: DEMO_USERS,
    reports: [
      { ref: a.report.ref, note: 'WhatsApp export; in case ' + caseA.ref },
      {
        ref: b.report.ref,
        note: `Telegram export; deconfliction hit against ${caseA.ref}; in case ${caseB.ref}`,
      },
      { ref: c.report.ref, note: 'everyday chat; in the queue' },
      { ref: d.report.ref, note: 'child in danger now; no evidence; top of the queue' },
    ],
    cases: [
      { ref: caseA.ref, owner: 'olivia', note: 'task for victor (transcript review)' },
      {
        ref: caseB.ref,
        owner: 'oscar',
        note: 'task for vera blocked by a deconfliction hit until an officer acknowledges it',
      },
    ],
    programme: [
      `members ${programme.members.join(', ')}: victor and vera active (vetting, training signed off by maya), an applicant and one in vetting`,
      `authorisation ${programme.authorisation}: olivia in charge, oscar supervising; olivia and oscar on the rota for the coming weeks`,
      'victor worked one shift three days ago (40 min with material, checked in, debriefed by oscar)',
    ],
  };
}
