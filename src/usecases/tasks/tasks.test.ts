/**
 * Volunteer tasks at the use-case level: only one's own tasks, only their material, identifiers
 * masked unless the task type needs them, annotations as derived records that leave the exhibit
 * untouched, timed views (with a cap on gaps) feeding the welfare figures.
 */
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS } from '../../../test/support/databases.ts';
import { buildUser, openTestDesk, type TestDesk } from '../../../test/support/desk.ts';
import { programmeReady } from '../../../test/support/programme.ts';
import { isCustosError } from '../../core/errors.ts';
import { submitReport } from '../intake/submit-report.ts';
import { addReportEvidence } from '../intake/report-evidence.ts';
import { createCaseFromReport } from '../reports/create-case.ts';
import { assignTask } from './assign-task.ts';
import { listTasks, viewTask } from './view-task.ts';
import { annotateLine } from './annotate-line.ts';
import { setTaskStatus } from './set-task-status.ts';
import { beatTaskView, HEARTBEAT_GRACE_MS, startTaskView } from './time-task-view.ts';
import { exposureSummary } from '../welfare/exposure-summary.ts';

const CHAT = readFileSync(new URL('../../../examples/whatsapp-android-chat.txt', import.meta.url));
const once = (b: Uint8Array): AsyncIterable<Uint8Array> =>
  (async function* () {
    yield b;
  })();
const denied = (e: unknown) => isCustosError(e, 'POLICY_DENIED');

async function setup(desk: TestDesk) {
  const officer = await buildUser(desk, 'officer');
  const victor = await buildUser(desk, 'volunteer');
  const vera = await buildUser(desk, 'volunteer');
  await programmeReady(desk, officer.id, [victor.id, vera.id]);
  const r = await submitReport(desk, {
    childInDangerNow: 'no',
    whatHappened: 'x',
    platform: 'snapchat',
    otherPersonIdentifiers: ['riley.k1ck'],
  });
  await addReportEvidence(desk, r.report, { name: 'chat.txt', stream: once(CHAT) });
  const kase = await createCaseFromReport(desk, officer.actor, r.report.id, { title: 'Case' });
  const exhibitId = (await desk.uow.read.desk.reports.exhibitIds(r.report.id))[0] ?? '';
  const review = await assignTask(desk, officer.actor, kase.id, {
    type: 'transcript-review',
    assigneeId: victor.id,
    exhibitId,
    instructions: 'Mark lines.',
  });
  const check = await assignTask(desk, officer.actor, kase.id, {
    type: 'identifier-check',
    assigneeId: vera.id,
    exhibitId,
    instructions: 'Check identifiers.',
  });
  return { officer, victor, vera, kase, exhibitId, review, check };
}

for (const dialect of DIALECTS) {
  describe(`volunteer tasks on ${dialect}`, () => {
    test("a volunteer sees only their own tasks and never another volunteer's", async () => {
      const desk = await openTestDesk(dialect);
      try {
        const { victor, vera, review, check, officer } = await setup(desk);
        assert.deepEqual(
          (await listTasks(desk, victor.actor)).items.map((t) => t.id),
          [review.id],
        );
        assert.deepEqual(
          (await listTasks(desk, vera.actor)).items.map((t) => t.id),
          [check.id],
        );
        await assert.rejects(viewTask(desk, victor.actor, check.id), denied);
        await assert.rejects(
          annotateLine(desk, victor.actor, check.id, {
            messageIndex: 1,
            label: 'relevant',
            note: '',
          }),
          denied,
        );
        await assert.rejects(startTaskView(desk, victor.actor, check.id), denied);
        assert.equal(
          (await listTasks(desk, officer.actor)).items.length,
          2,
          "the case's officer sees both",
        );
        const manager = await buildUser(desk, 'manager');
        await assert.rejects(viewTask(desk, manager.actor, review.id), denied);
        await assert.rejects(listTasks(desk, manager.actor), denied);
      } finally {
        await desk.close();
      }
    });

    test('identifiers are masked unless the task type needs them', async () => {
      const desk = await openTestDesk(dialect);
      try {
        const { victor, vera, review, check } = await setup(desk);
        const masked = await viewTask(desk, victor.actor, review.id);
        assert.ok(masked.material);
        assert.equal(masked.material.masked, true);
        const text = JSON.stringify(masked.material.messages);
        assert.ok(!text.toLowerCase().includes('riley.k1ck'), 'the Snapchat name is masked');
        assert.ok(text.includes('r••••••••k'));
        assert.deepEqual(masked.material.citations, [], 'no triage citations in a masked view');
        const open = await viewTask(desk, vera.actor, check.id);
        assert.equal(open.material?.masked, false);
        assert.ok(JSON.stringify(open.material?.messages).includes('riley.k1ck'));
        assert.ok(open.selectors.some((s) => s.value === 'riley.k1ck' && !s.masked));
        const custody = await desk.uow.read.custody.eventsFor(
          `exhibit:${open.material?.exhibit.ref ?? ''}`,
        );
        assert.ok(custody.length > 0);
      } finally {
        await desk.close();
      }
    });

    test('annotations are derived records: the exhibit is unchanged', async () => {
      const desk = await openTestDesk(dialect);
      try {
        const { victor, review, exhibitId } = await setup(desk);
        const before = await desk.uow.read.exhibits.findById(exhibitId);
        const derived = (await desk.uow.read.exhibits.findDerived(exhibitId))[0];
        const a = await annotateLine(desk, victor.actor, review.id, {
          messageIndex: 10,
          span: [0, 10],
          label: 'secrecy',
          note: 'keep it secret',
        });
        assert.equal(a.exhibitId, derived?.id);
        await assert.rejects(
          annotateLine(desk, victor.actor, review.id, {
            messageIndex: 9999,
            label: 'relevant',
            note: '',
          }),
          (e) => isCustosError(e, 'ANNOTATION_LINE_INVALID'),
        );
        await assert.rejects(
          annotateLine(desk, victor.actor, review.id, {
            messageIndex: 1,
            span: [0, 5000],
            label: 'relevant',
            note: '',
          }),
          (e) => isCustosError(e, 'ANNOTATION_LINE_INVALID'),
        );
        const after = await desk.uow.read.exhibits.findById(exhibitId);
        assert.deepEqual(after, before);
        assert.deepEqual(await desk.blobs.verify(before?.sha256 ?? ''), {
          size: before?.sizeBytes,
        });
        assert.equal((await viewTask(desk, victor.actor, review.id)).annotations.length, 1);
        const events = await desk.uow.read.custody.eventsFor(`exhibit:${derived?.ref ?? ''}`);
        assert.ok(events.some((e) => e.action === 'annotated' && e.reason === 'secrecy'));
      } finally {
        await desk.close();
      }
    });

    test('task views are timed, gaps capped, and feed the welfare figures', async () => {
      const desk = await openTestDesk(dialect);
      try {
        const { victor, review } = await setup(desk);
        const v = await startTaskView(desk, victor.actor, review.id);
        desk.testClock.ms += 30_000;
        const b1 = await beatTaskView(desk, victor.actor, review.id, v.id, false);
        assert.ok(b1.durationMs >= 30_000 && b1.durationMs < 31_000);
        desk.testClock.ms += 60 * 60_000; // the laptop was closed for an hour
        const b2 = await beatTaskView(desk, victor.actor, review.id, v.id, true);
        assert.ok(
          b2.durationMs - b1.durationMs <= HEARTBEAT_GRACE_MS,
          'a long gap counts only up to the grace',
        );
        await assert.rejects(beatTaskView(desk, victor.actor, review.id, v.id, false), (e) =>
          isCustosError(e, 'TASK_VIEW_ENDED'),
        );
        const manager = await buildUser(desk, 'manager');
        const summary = await exposureSummary(desk, manager.actor, {});
        const mine = summary.volunteers.find((x) => x.id === victor.id);
        assert.equal(mine?.totalMs, b2.durationMs);
        assert.equal(mine?.views, 1);
        await assert.rejects(exposureSummary(desk, victor.actor, {}), denied);
      } finally {
        await desk.close();
      }
    });

    test('status moves: start, done; the officer cancels; cancelled tasks leave the list', async () => {
      const desk = await openTestDesk(dialect);
      try {
        const { victor, vera, officer, review, check } = await setup(desk);
        await assert.rejects(
          setTaskStatus(desk, officer.actor, review.id, { status: 'in-progress' }),
          denied,
          'the officer does not work the task',
        );
        assert.equal(
          (await setTaskStatus(desk, victor.actor, review.id, { status: 'in-progress' })).status,
          'in-progress',
        );
        await assert.rejects(
          setTaskStatus(desk, victor.actor, review.id, { status: 'in-progress' }),
          (e) => isCustosError(e, 'TASK_TRANSITION_INVALID'),
        );
        assert.equal(
          (await setTaskStatus(desk, victor.actor, review.id, { status: 'done', summary: 'done' }))
            .status,
          'done',
        );
        await assert.rejects(
          annotateLine(desk, victor.actor, review.id, {
            messageIndex: 1,
            label: 'relevant',
            note: '',
          }),
          denied,
          'no work on a finished task',
        );
        await assert.rejects(
          setTaskStatus(desk, vera.actor, check.id, { status: 'cancelled' }),
          denied,
        );
        await setTaskStatus(desk, officer.actor, check.id, { status: 'cancelled' });
        assert.deepEqual((await listTasks(desk, vera.actor)).items, []);
        await assert.rejects(viewTask(desk, vera.actor, check.id), denied);
      } finally {
        await desk.close();
      }
    });
  });
}
