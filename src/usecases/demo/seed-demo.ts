/**
 * Demo data for a newcomer (DEMO ONLY: known passwords and TOTP secrets, never for real use):
 * one account per role, public reports with evidence from the synthetic exports in `examples/`,
 * a case with a task assigned to a volunteer, and a second report whose identifier matches that
 * case (a deconfliction hit, with a task on it blocked until an officer acknowledges the match).
 * Everything goes through the same use cases as the web app, so the custody and access logs are
 * real.
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
 * @throws CustosError `DEMO_STORE_NOT_EMPTY` (conflict) when accounts already exist.
 */
export async function seedDemo(
  ctx: DeskContext,
  load: (name: string) => Promise<HandedIn>,
  actor: DeskActor = LOCAL_OPERATOR,
): Promise<DemoResult> {
  authorize(actor, 'create', { type: 'users' });
  if ((await ctx.uow.read.accounts.users.list()).length > 0) {
    throw new CustosError(
      'conflict',
      'DEMO_STORE_NOT_EMPTY',
      `the store at ${ctx.location.dataDir} already has accounts; seed the demo into a new data directory (--data custos-demo)`,
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

  // 1. A parent's report with the WhatsApp export: ranked high; Olivia opens a case and tasks Victor.
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
  const caseA = await createCaseFromReport(ctx, as('olivia'), a.report.id, {
    title: 'Football club contact asking to meet a 13-year-old',
  });
  await addNote(ctx, as('olivia'), caseA.id, {
    text: 'Parent contacted by phone; child safe at home. Meeting proposed for Friday 16:00 at Station Road bus stop.',
  });
  const exhibitA = (await ctx.uow.read.desk.reports.exhibitIds(a.report.id))[0] ?? '';
  await assignTask(ctx, as('olivia'), caseA.id, {
    type: 'transcript-review',
    assigneeId: id('victor'),
    exhibitId: exhibitA,
    instructions:
      'Read the transcript and mark every line about secrecy, moving platform, gifts or meeting up.',
  });

  // 2. Another reporter names the same Snapchat account: a deconfliction hit against Olivia's case.
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
  const d = await submitReport(ctx, {
    childInDangerNow: 'yes',
    whatHappened:
      'My friend (14) says a man she met online is on his way to meet her at the park now.',
    platform: 'instagram',
    otherPersonIdentifiers: ['@jay.example.2009'],
    childAge: 14,
    reporterRelation: 'child-themselves',
  });

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
  };
}
