/**
 * The volunteer programme at the use-case level, on every dialect: applications and onboarding
 * with every change an event; the task gate enforced at assignment and on every action of the
 * assignee (view, annotate, status, view timing), with the missing requirement named; locks when
 * a requirement lapses (injected clock); conflicts, authorisations, the rota; welfare limits,
 * "stop now", check-ins and debriefs; reminders and suspensions; competence records for bundles.
 */
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS } from '../../../test/support/databases.ts';
import { buildUser, openTestDesk, type TestDesk } from '../../../test/support/desk.ts';
import {
  liveAuthorisation,
  onDuty,
  programmeReady,
  qualifyVolunteer,
} from '../../../test/support/programme.ts';
import { isCustosError } from '../../core/errors.ts';
import { decodeEventLeaf } from '../../core/custody/event.ts';
import { submitReport } from '../intake/submit-report.ts';
import { addReportEvidence } from '../intake/report-evidence.ts';
import { createCaseFromReport } from '../reports/create-case.ts';
import { assignTask } from '../tasks/assign-task.ts';
import { annotateLine } from '../tasks/annotate-line.ts';
import { setTaskStatus } from '../tasks/set-task-status.ts';
import { beatTaskView, startTaskView } from '../tasks/time-task-view.ts';
import { listTasks, viewTask } from '../tasks/view-task.ts';
import { cancelAuthorisation, reviewAuthorisation } from './authorisations.ts';
import { trainingCompetence } from './competence-records.ts';
import { listDebriefs, recordDebrief } from './debriefs.ts';
import {
  addDeclaration,
  applyToJoin,
  createMember,
  linkAccount,
  listMembers,
  recordBarredListCheck,
  recordCompletion,
  recordVetting,
  setInvestigation,
  setLegalStatus,
  setMemberStatus,
  viewMember,
} from './members.ts';
import { programmeMetrics } from './metrics.ts';
import { runProgrammeSweep } from './sweep.ts';
import { exportTransparency, transparencySummary } from './transparency.ts';
import { checkIn, myProgramme, stopNow } from './welfare-self.ts';
import { welfareTrends } from './welfare-trends.ts';
import { addMonths, DEFAULT_MODULES } from '../../core/programme/training.ts';

const CHAT = readFileSync(new URL('../../../examples/whatsapp-android-chat.txt', import.meta.url));
const once = (b: Uint8Array): AsyncIterable<Uint8Array> =>
  (async function* () {
    yield b;
  })();
const DAY = 86_400_000;
const MIN = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

/** The refusal names `code` among its missing requirements. */
const lockedWith =
  (errorCode: 'TASK_LOCKED' | 'TASK_REQUIREMENT_MISSING', code: string) => (e: unknown) => {
    if (!isCustosError(e, errorCode)) return false;
    const missing = (e.details?.missing ?? []) as { code: string }[];
    return missing.some((m) => m.code === code);
  };

async function caseWithExhibit(
  desk: TestDesk,
  officerActor: Parameters<typeof createCaseFromReport>[1],
) {
  const r = await submitReport(desk, {
    childInDangerNow: 'no',
    whatHappened: 'messages to a child',
    platform: 'whatsapp',
    otherPersonIdentifiers: [],
  });
  await addReportEvidence(desk, r.report, { name: 'chat.txt', stream: once(CHAT) });
  const kase = await createCaseFromReport(desk, officerActor, r.report.id, { title: 'Case' });
  const exhibitId = (await desk.uow.read.desk.reports.exhibitIds(r.report.id))[0] ?? '';
  return { kase, exhibitId, report: r.report };
}

async function world(desk: TestDesk, opts: { completedAt?: string } = {}) {
  const officer = await buildUser(desk, 'officer');
  const manager = await buildUser(desk, 'manager');
  const volunteer = await buildUser(desk, 'volunteer');
  const member = await qualifyVolunteer(desk, volunteer.id, opts);
  const authorisation = await liveAuthorisation(desk, officer.id);
  await onDuty(desk, officer.id);
  const c = await caseWithExhibit(desk, officer.actor);
  const task = await assignTask(desk, officer.actor, c.kase.id, {
    type: 'transcript-review',
    assigneeId: volunteer.id,
    exhibitId: c.exhibitId,
    instructions: 'Mark lines.',
  });
  return { officer, manager, volunteer, member, authorisation, ...c, task };
}

/** Every action of the assignee on the task fails with `code` named. */
async function everyActionLocked(
  desk: TestDesk,
  w: Awaited<ReturnType<typeof world>>,
  code: string,
  viewId: string,
): Promise<void> {
  const v = w.volunteer.actor;
  const locked = lockedWith('TASK_LOCKED', code);
  await assert.rejects(viewTask(desk, v, w.task.id), locked, 'view');
  await assert.rejects(
    annotateLine(desk, v, w.task.id, { messageIndex: 1, label: 'relevant', note: '' }),
    locked,
    'annotate',
  );
  await assert.rejects(
    setTaskStatus(desk, v, w.task.id, { status: 'in-progress' }),
    locked,
    'status',
  );
  await assert.rejects(startTaskView(desk, v, w.task.id), locked, 'start timing');
  await assert.rejects(beatTaskView(desk, v, w.task.id, viewId, false), locked, 'heartbeat');
  // Ending a timed view is always allowed (the time up to then still counts).
  await beatTaskView(desk, v, w.task.id, viewId, true);
  const list = await listTasks(desk, v);
  assert.equal(list.items[0]?.locked, true);
  assert.ok(
    list.items[0]?.missing.some((m) => m.code === code),
    'the list names it too',
  );
  // The case's officer still sees the task (and why it is locked).
  const asOfficer = await viewTask(desk, w.officer.actor, w.task.id);
  assert.equal(asOfficer.locked, true);
}

for (const dialect of DIALECTS) {
  describe(`programme: members and onboarding on ${dialect}`, () => {
    test('an application is an applicant with its declarations; a manager takes it to active, every change an event', async () => {
      const desk = await openTestDesk(dialect);
      try {
        const manager = await buildUser(desk, 'manager');
        const account = await buildUser(desk, 'volunteer');
        const { reference } = await applyToJoin(
          desk,
          { role: 'public', userId: null, sessionId: null },
          {
            name: 'Jo Applicant',
            email: 'jo@example.com',
            pastGroupMembership: true,
            pastGroups: 'An online group, 2019-2021',
            motivation: 'To help within the law.',
          },
        );
        assert.match(reference, /^M-2026-\d{4}$/);
        const list = await listMembers(desk, manager.actor);
        const applicant = list.items.find((m) => m.ref === reference);
        assert.equal(applicant?.status, 'applicant');
        assert.equal(applicant?.pastGroupMembership, true, 'declared, and not disqualifying');
        assert.ok(list.unlinkedVolunteers.some((u) => u.id === account.id));
        assert.ok(
          (await desk.uow.read.desk.notifications.listForUser(manager.id, 5)).some(
            (n) => n.kind === 'application-received',
          ),
        );
        const id = applicant?.id ?? '';
        await assert.rejects(
          setMemberStatus(desk, manager.actor, id, { status: 'active' }),
          (e) => isCustosError(e, 'MEMBER_TRANSITION_INVALID'),
          'no jumping the queue',
        );
        await setMemberStatus(desk, manager.actor, id, { status: 'vetting' });
        await assert.rejects(
          setMemberStatus(desk, manager.actor, id, { status: 'training' }),
          (e) => isCustosError(e, 'MEMBER_TRANSITION_INVALID'),
          'training needs vetting first',
        );
        const now = desk.clock.now();
        await recordVetting(desk, manager.actor, id, {
          level: 'RV',
          grantedAt: iso(now - DAY),
          expiresAt: iso(now + 700 * DAY),
        });
        await setMemberStatus(desk, manager.actor, id, { status: 'training' });
        for (const m of DEFAULT_MODULES)
          await recordCompletion(desk, manager.actor, id, {
            moduleId: m.id,
            completedAt: iso(now - DAY),
          });
        await setLegalStatus(desk, manager.actor, id, 'police-support-volunteer');
        await linkAccount(desk, manager.actor, id, account.id);
        await assert.rejects(
          setMemberStatus(desk, manager.actor, id, { status: 'active' }),
          (e) => isCustosError(e, 'MEMBER_TRANSITION_INVALID') && /barred-list/.test(e.message),
          'a PSV needs the barred-list check (R2)',
        );
        await recordBarredListCheck(desk, manager.actor, id, {
          checkedAt: iso(now - DAY),
          result: 'clear',
        });
        const active = await setMemberStatus(desk, manager.actor, id, { status: 'active' });
        assert.equal(active.effectiveStatus, 'active');
        assert.equal(active.training.current, DEFAULT_MODULES.length);
        assert.ok(
          active.trainingRecord.every((t) => t.signedOffBy?.id === manager.id),
          'each completion names who signed it off',
        );
        const detail = await viewMember(desk, manager.actor, id);
        assert.deepEqual(detail.events.map((e) => e.kind).slice(0, 4), [
          'applied',
          'status-changed',
          'vetting-recorded',
          'status-changed',
        ]);
        // Custody leaves of the programme carry pseudonymous ids and codes only.
        const events = await desk.uow.read.custody.eventsFor(`member:${id}`);
        assert.ok(events.length >= 10);
        for (const e of events) {
          const leaf = JSON.stringify(decodeEventLeaf(new TextEncoder().encode(e.leaf)));
          assert.ok(!leaf.includes('Jo Applicant') && !leaf.includes('jo@example.com'), leaf);
        }
        // The manager's reads are in the access log.
        const log = await desk.uow.read.accessLog.list(
          { actorId: manager.id },
          { limit: 100, offset: 0 },
        );
        assert.ok(log.some((e) => e.objectType === 'member' && e.action === 'consult'));
        // Only managers keep the register.
        await assert.rejects(listMembers(desk, account.actor), (e) =>
          isCustosError(e, 'POLICY_DENIED'),
        );
      } finally {
        await desk.close();
      }
    });
  });

  describe(`programme: the task gate enforced on ${dialect}`, () => {
    test('assignment is refused naming the missing requirement', async () => {
      const desk = await openTestDesk(dialect);
      try {
        const officer = await buildUser(desk, 'officer');
        const fresh = await buildUser(desk, 'volunteer');
        const untrained = await buildUser(desk, 'volunteer');
        await qualifyVolunteer(desk, untrained.id, { without: ['safeguarding'] });
        const c = await caseWithExhibit(desk, officer.actor);
        const assign = (assigneeId: string, authorisationId?: string) =>
          assignTask(desk, officer.actor, c.kase.id, {
            type: 'transcript-review',
            assigneeId,
            exhibitId: c.exhibitId,
            instructions: 'x'.repeat(5),
            ...(authorisationId ? { authorisationId } : {}),
          });
        await assert.rejects(
          assign(fresh.id),
          lockedWith('TASK_REQUIREMENT_MISSING', 'member-record-missing'),
        );
        await assert.rejects(
          assign(untrained.id),
          lockedWith('TASK_REQUIREMENT_MISSING', 'authorisation-missing'),
          'no live authorisation yet',
        );
        const narrow = await liveAuthorisation(desk, officer.id, { platforms: ['snapchat'] });
        await assert.rejects(
          assign(untrained.id, narrow.id),
          lockedWith('TASK_REQUIREMENT_MISSING', 'authorisation-platform-out-of-scope'),
        );
        await liveAuthorisation(desk, officer.id);
        await assert.rejects(
          assign(untrained.id),
          (e) =>
            lockedWith('TASK_REQUIREMENT_MISSING', 'training-missing')(e) &&
            isCustosError(e) &&
            /Safeguarding/.test(e.message),
        );
        // Assignment may happen with nobody on duty: the rota gates the work, not the assignment.
        const trained = await buildUser(desk, 'volunteer');
        await qualifyVolunteer(desk, trained.id);
        const t = await assign(trained.id);
        assert.equal(t.authorisation?.supervisor.id, officer.id);
        assert.equal(t.locked, true, 'locked for work until a supervisor is on duty');
        assert.deepEqual(
          t.missing.map((m) => m.code),
          ['supervisor-not-on-duty'],
        );
        await onDuty(desk, officer.id);
        const mine = await listTasks(desk, trained.actor);
        assert.equal(mine.items[0]?.locked, false);
      } finally {
        await desk.close();
      }
    });

    test('a declared connection to the case blocks assignment to it', async () => {
      const desk = await openTestDesk(dialect);
      try {
        const officer = await buildUser(desk, 'officer');
        const manager = await buildUser(desk, 'manager');
        const volunteer = await buildUser(desk, 'volunteer');
        const { members } = await programmeReady(desk, officer.id, [volunteer.id]);
        const c = await caseWithExhibit(desk, officer.actor);
        await addDeclaration(desk, manager.actor, members[0]?.id ?? '', {
          kind: 'case-connection',
          caseRef: c.kase.ref,
          description: 'The complainant is a neighbour.',
        });
        await assert.rejects(
          assignTask(desk, officer.actor, c.kase.id, {
            type: 'transcript-review',
            assigneeId: volunteer.id,
            exhibitId: c.exhibitId,
            instructions: 'Mark lines.',
          }),
          lockedWith('TASK_REQUIREMENT_MISSING', 'conflict-of-interest'),
        );
        await assert.rejects(
          addDeclaration(desk, manager.actor, members[0]?.id ?? '', {
            kind: 'case-connection',
            caseRef: 'C-1999-0001',
            description: 'x'.repeat(5),
          }),
          (e) => isCustosError(e, 'CASE_REF_UNKNOWN'),
        );
      } finally {
        await desk.close();
      }
    });

    test('a training module lapsing locks every action of the task (injected clock)', async () => {
      const desk = await openTestDesk(dialect);
      try {
        // The 12-month modules were completed a year ago less two hours: they lapse in two hours.
        const now = desk.testClock.ms;
        const w = await world(desk, { completedAt: addMonths(iso(now + 2 * 3600_000), -12) });
        const view = await startTaskView(desk, w.volunteer.actor, w.task.id);
        assert.ok((await viewTask(desk, w.volunteer.actor, w.task.id)).material);
        desk.testClock.ms = now + 2 * 3600_000;
        await everyActionLocked(desk, w, 'training-expired', view.id);
        const list = await listTasks(desk, w.volunteer.actor);
        assert.deepEqual(
          [...new Set(list.items[0]?.missing.map((m) => m.code))],
          ['training-expired'],
          'nothing else lapsed',
        );
      } finally {
        await desk.close();
      }
    });

    test('vetting expiry and an investigation lock the task at once; the sweep records the suspension', async () => {
      const desk = await openTestDesk(dialect);
      try {
        const w = await world(desk);
        const view = await startTaskView(desk, w.volunteer.actor, w.task.id);
        await setInvestigation(desk, w.manager.actor, w.member.id, {
          underInvestigation: true,
          note: 'force told us of an allegation',
        });
        await everyActionLocked(desk, w, 'member-under-investigation', view.id);
        assert.ok(
          (await desk.uow.read.desk.notifications.listForUser(w.volunteer.id, 5)).some(
            (n) => n.kind === 'access-suspended',
          ),
        );
        await setInvestigation(desk, w.manager.actor, w.member.id, { underInvestigation: false });
        assert.ok(
          (await viewTask(desk, w.volunteer.actor, w.task.id)).material,
          'cleared: unlocked',
        );

        const now = desk.testClock.ms;
        await recordVetting(desk, w.manager.actor, w.member.id, {
          level: 'RV',
          grantedAt: iso(now - 300 * DAY),
          expiresAt: iso(now + 3600_000),
        });
        desk.testClock.ms = now + 3600_000 - 10_000;
        // The shift of an hour ago has ended: the check-in first.
        await checkIn(desk, w.volunteer.actor, { wellbeing: 4, wantsContact: false });
        const tasks = await listTasks(desk, w.volunteer.actor);
        assert.equal(tasks.items[0]?.locked, false, 'a moment before expiry');
        desk.testClock.ms = now + 3600_000;
        await assert.rejects(
          viewTask(desk, w.volunteer.actor, w.task.id),
          lockedWith('TASK_LOCKED', 'vetting-expired'),
        );
        const swept = await runProgrammeSweep(desk);
        assert.equal(swept.suspensions, 1);
        assert.equal((await runProgrammeSweep(desk)).suspensions, 0, 'recorded once');
        assert.equal(
          (await desk.uow.read.programme.members.findById(w.member.id))?.status,
          'suspended',
        );
      } finally {
        await desk.close();
      }
    });

    test('a cancelled or unreviewed authorisation locks its tasks; a review unlocks them', async () => {
      const desk = await openTestDesk(dialect);
      try {
        const w = await world(desk);
        const view = await startTaskView(desk, w.volunteer.actor, w.task.id);
        desk.testClock.ms = Date.parse(w.authorisation.reviewAt);
        await onDuty(desk, w.officer.id, 2);
        await everyActionLocked(desk, w, 'authorisation-review-overdue', view.id);
        await reviewAuthorisation(desk, w.officer.actor, w.authorisation.id, {
          nextReviewAt: iso(desk.testClock.ms + 30 * DAY),
          note: 'Still needed; scope unchanged.',
        });
        assert.ok((await viewTask(desk, w.volunteer.actor, w.task.id)).material);
        await assert.rejects(
          cancelAuthorisation(desk, w.manager.actor, w.authorisation.id, { reason: 'not mine' }),
          (e) => isCustosError(e, 'POLICY_DENIED'),
        );
        await cancelAuthorisation(desk, w.officer.actor, w.authorisation.id, {
          reason: 'operation closed',
        });
        await assert.rejects(
          viewTask(desk, w.volunteer.actor, w.task.id),
          lockedWith('TASK_LOCKED', 'authorisation-cancelled'),
        );
      } finally {
        await desk.close();
      }
    });

    test('no supervising officer on duty: work waits for the rota', async () => {
      const desk = await openTestDesk(dialect);
      try {
        const w = await world(desk);
        const view = await startTaskView(desk, w.volunteer.actor, w.task.id);
        desk.testClock.ms += 61 * DAY;
        await desk.uow.run((r) =>
          r.programme.authorisations.update(w.authorisation.id, {
            reviewAt: iso(desk.testClock.ms + 30 * DAY),
            updatedAt: iso(desk.testClock.ms),
          }),
        );
        const m = await myProgramme(desk, w.volunteer.actor);
        assert.deepEqual(m.supervisorsOnDuty, []);
        await everyActionLocked(desk, w, 'supervisor-not-on-duty', view.id);
      } finally {
        await desk.close();
      }
    });
  });

  describe(`programme: welfare on ${dialect}`, () => {
    test('the shift limit forces a break; then a check-in; a low check-in flags the welfare lead', async () => {
      const desk = await openTestDesk(dialect);
      try {
        const w = await world(desk);
        const start = desk.testClock.ms;
        const view = await startTaskView(desk, w.volunteer.actor, w.task.id);
        // Two hours on screen, beats every minute.
        for (let m = 1; m <= 120; m++) {
          desk.testClock.ms = start + m * MIN;
          await beatTaskView(desk, w.volunteer.actor, w.task.id, view.id, false).catch(
            (e: unknown) => {
              if (m < 120 || !isCustosError(e, 'TASK_LOCKED')) throw e;
            },
          );
        }
        desk.testClock.ms = start + 121 * MIN;
        await assert.rejects(
          beatTaskView(desk, w.volunteer.actor, w.task.id, view.id, false),
          lockedWith('TASK_LOCKED', 'welfare-shift-limit'),
        );
        const during = await myProgramme(desk, w.volunteer.actor);
        assert.ok(during.welfare.breakUntil, 'the page shows when the break ends');
        await beatTaskView(desk, w.volunteer.actor, w.task.id, view.id, true);
        desk.testClock.ms = start + 140 * MIN;
        await assert.rejects(
          viewTask(desk, w.volunteer.actor, w.task.id),
          lockedWith('TASK_LOCKED', 'welfare-check-in-due'),
        );
        await checkIn(desk, w.volunteer.actor, {
          wellbeing: 2,
          wantsContact: false,
          note: 'tired',
        });
        assert.ok((await viewTask(desk, w.volunteer.actor, w.task.id)).material, 'a new shift');
        assert.ok(
          (await desk.uow.read.desk.notifications.listForUser(w.manager.id, 5)).some(
            (n) => n.kind === 'welfare-flag',
          ),
        );
        const trends = await welfareTrends(desk, w.manager.actor, {});
        const me = trends.volunteers.find((v) => v.volunteer.id === w.volunteer.id);
        assert.ok((me?.exposureMs ?? 0) >= 120 * MIN);
        assert.equal(me?.lowCheckIns, 1);
        assert.equal(trends.flags[0]?.kind, 'low-wellbeing');
        assert.ok(!JSON.stringify(trends).includes('Mark lines'), 'no case or task content');
      } finally {
        await desk.close();
      }
    });

    test('"stop now" ends exposure at once and alerts the supervisor on duty; debrief follows', async () => {
      const desk = await openTestDesk(dialect);
      try {
        const w = await world(desk);
        const start = desk.testClock.ms;
        const view = await startTaskView(desk, w.volunteer.actor, w.task.id);
        desk.testClock.ms = start + 10 * MIN;
        const after = await stopNow(desk, w.volunteer.actor);
        const stored = await desk.uow.read.desk.tasks.findView(view.id);
        assert.ok(stored?.endedAt, 'the open view is ended');
        assert.equal(after.welfare.currentShift, null);
        assert.ok(after.welfare.checkInDue, 'a check-in is asked for, nothing else');
        const alert = (await desk.uow.read.desk.notifications.listForUser(w.officer.id, 10)).find(
          (n) => n.kind === 'stop-now',
        );
        assert.ok(alert, 'the supervising officer on duty is told');
        assert.doesNotMatch(alert.title, /why|reason|fail/i, 'without judgement');
        await assert.rejects(
          startTaskView(desk, w.volunteer.actor, w.task.id),
          lockedWith('TASK_LOCKED', 'welfare-check-in-due'),
        );
        const pending = await listDebriefs(desk, w.officer.actor);
        assert.equal(pending.items.length, 1);
        const dueNotes = async () =>
          (await desk.uow.read.desk.notifications.listForUser(w.officer.id, 20)).filter(
            (n) => n.kind === 'debrief-due',
          ).length;
        await runProgrammeSweep(desk);
        await runProgrammeSweep(desk);
        assert.equal(await dueNotes(), 1, 'the officer on duty is reminded once');
        await recordDebrief(desk, w.officer.actor, {
          userId: w.volunteer.id,
          shiftStartedAt: pending.items[0]?.shift.startedAt ?? '',
          notes: 'Talked it through; no concerns.',
        });
        assert.equal((await listDebriefs(desk, w.officer.actor)).items.length, 0);
        await assert.rejects(
          recordDebrief(desk, w.officer.actor, {
            userId: w.volunteer.id,
            shiftStartedAt: pending.items[0]?.shift.startedAt ?? '',
            notes: 'again',
          }),
          (e) => isCustosError(e, 'DEBRIEF_ALREADY_RECORDED'),
        );
        await assert.rejects(
          checkIn(desk, w.officer.actor, { wellbeing: 5, wantsContact: false }),
          (e) => isCustosError(e, 'POLICY_DENIED'),
        );
      } finally {
        await desk.close();
      }
    });
  });

  describe(`programme: reminders, figures and records on ${dialect}`, () => {
    test('vetting reminders at 90, 60 and 30 days, each once (injected clock)', async () => {
      const desk = await openTestDesk(dialect);
      try {
        const manager = await buildUser(desk, 'manager');
        const volunteer = await buildUser(desk, 'volunteer');
        const m = await qualifyVolunteer(desk, volunteer.id);
        const v = await desk.uow.read.programme.vetting.findByMember(m.id);
        const expires = Date.parse(v?.expiresAt ?? '');
        const kinds = async () =>
          (await desk.uow.read.desk.notifications.listForUser(manager.id, 50)).filter(
            (n) => n.kind === 'vetting-expiring',
          ).length;
        desk.testClock.ms = expires - 91 * DAY;
        await runProgrammeSweep(desk);
        assert.equal(await kinds(), 0);
        for (const [days, expected] of [
          [90, 1],
          [89, 1],
          [60, 2],
          [30, 3],
          [1, 3],
        ] as const) {
          desk.testClock.ms = expires - days * DAY;
          await runProgrammeSweep(desk);
          assert.equal(await kinds(), expected, `${days} days before`);
        }
        assert.ok(
          (await desk.uow.read.desk.notifications.listForUser(volunteer.id, 50)).some(
            (n) => n.kind === 'vetting-expiring' && n.link.type === 'own-record',
          ),
          'the volunteer is reminded too',
        );
      } finally {
        await desk.close();
      }
    });

    test('competence records give the modules current at a time, for the bundle', async () => {
      const desk = await openTestDesk(dialect);
      try {
        const volunteer = await buildUser(desk, 'volunteer');
        const completedAt = iso(desk.clock.now() - 30 * DAY);
        await qualifyVolunteer(desk, volunteer.id, { completedAt });
        const records = trainingCompetence(desk.uow.read);
        const now = await records.currentAt(`user:${volunteer.id}`, iso(desk.clock.now()));
        assert.equal(now.recordsHeld, true);
        assert.equal(now.modules.length, DEFAULT_MODULES.length);
        assert.ok(now.modules.every((m) => m.completedAt === completedAt && m.version));
        const before = await records.currentAt(
          `user:${volunteer.id}`,
          iso(Date.parse(completedAt) - 1),
        );
        assert.deepEqual([before.recordsHeld, before.modules.length], [true, 0]);
        assert.ok(before.note);
        const later = await records.currentAt(
          `user:${volunteer.id}`,
          iso(desk.clock.now() + 400 * DAY),
        );
        assert.deepEqual(
          later.modules.map((m) => m.id),
          ['evidence-handling'],
          'only the 2-year module is still current 400 days on',
        );
        const other = await records.currentAt('cli:AB', iso(desk.clock.now()));
        assert.equal(other.recordsHeld, false);
      } finally {
        await desk.close();
      }
    });

    test('figures and the counts-only transparency summary (CSV and PDF)', async () => {
      const desk = await openTestDesk(dialect);
      try {
        const w = await world(desk);
        const start = desk.testClock.ms;
        const view = await startTaskView(desk, w.volunteer.actor, w.task.id);
        for (let m = 1; m <= 30; m++) {
          desk.testClock.ms = start + m * MIN;
          await beatTaskView(desk, w.volunteer.actor, w.task.id, view.id, m === 30);
        }
        await createMember(desk, w.manager.actor, {
          displayName: 'Paper Applicant',
          pastGroupMembership: false,
        });
        desk.testClock.ms = start + 2 * 3600_000;
        const m = await programmeMetrics(desk, w.manager.actor, {});
        assert.equal(m.reportsIn.total, 1);
        assert.equal(m.volunteers.active, 1);
        assert.ok(m.volunteers.exposureMs >= 29 * MIN && m.volunteers.exposureMs <= 31 * MIN);
        assert.equal(m.training.fullyCurrent, 1);
        assert.equal(m.authorisations.live, 1);
        const firstAction = m.timeToFirstAction.reduce((n, b) => n + b.measured, 0);
        assert.equal(firstAction, 1, 'opening the case is the first officer action');
        await assert.rejects(programmeMetrics(desk, w.officer.actor, {}), (e) =>
          isCustosError(e, 'POLICY_DENIED'),
        );

        const s = await transparencySummary(desk, w.manager.actor, {});
        const row = (label: string) => s.rows.find((r) => r.label === label)?.value;
        assert.equal(row('Reports received'), 'fewer than 3', 'small numbers are not published');
        const text = JSON.stringify(s);
        for (const secret of [
          w.volunteer.displayName,
          w.officer.displayName,
          w.kase.ref,
          'whatsapp',
        ])
          assert.ok(!text.includes(secret), `no personal data or case detail: ${secret}`);
        const csv = await exportTransparency(desk, w.manager.actor, { format: 'csv' });
        const lines = new TextDecoder().decode(csv.body).split('\r\n');
        assert.equal(lines[0], 'section,label,value');
        assert.ok(lines.includes('Reports,Reports received,fewer than 3'));
        await assert.rejects(exportTransparency(desk, w.manager.actor, { format: 'pdf' }), (e) =>
          isCustosError(e, 'PDF_NOT_AVAILABLE'),
        );
      } finally {
        await desk.close();
      }
    });
  });
}
