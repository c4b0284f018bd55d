/**
 * Deconfliction through the use cases: a new report whose identifier matches another case is
 * marked, both case owners are told in the app, the hit shows only the other case's reference and
 * owner, volunteer tasks on the report stay blocked until an officer acknowledges, and
 * acknowledging unblocks them.
 */
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS } from '../../../test/support/databases.ts';
import { buildUser, openTestDesk } from '../../../test/support/desk.ts';
import { programmeReady } from '../../../test/support/programme.ts';
import { isCustosError } from '../../core/errors.ts';
import { submitReport } from '../intake/submit-report.ts';
import { addReportEvidence } from '../intake/report-evidence.ts';
import { createCaseFromReport } from '../reports/create-case.ts';
import { acknowledgeHit } from '../reports/acknowledge-hit.ts';
import { viewReport } from '../reports/view-report.ts';
import { assignTask } from '../tasks/assign-task.ts';
import { viewTask } from '../tasks/view-task.ts';
import { annotateLine } from '../tasks/annotate-line.ts';
import { listQueue } from '../reports/list-queue.ts';

const CHAT = readFileSync(new URL('../../../examples/whatsapp-android-chat.txt', import.meta.url));
const once = (b: Uint8Array): AsyncIterable<Uint8Array> =>
  (async function* () {
    yield b;
  })();

for (const dialect of DIALECTS) {
  describe(`deconfliction on ${dialect}`, () => {
    test('a matching report is marked, both owners told, tasks blocked until acknowledged', async () => {
      const desk = await openTestDesk(dialect);
      try {
        const olivia = await buildUser(desk, 'officer');
        const oscar = await buildUser(desk, 'officer');
        const vera = await buildUser(desk, 'volunteer');
        await programmeReady(desk, oscar.id, [vera.id]);
        const first = await submitReport(desk, {
          childInDangerNow: 'no',
          whatHappened: 'first',
          platform: 'snapchat',
          otherPersonIdentifiers: ['riley.k1ck'],
        });
        const caseA = await createCaseFromReport(desk, olivia.actor, first.report.id, {
          title: 'First case',
        });

        const second = await submitReport(desk, {
          childInDangerNow: 'no',
          whatHappened: 'second',
          platform: 'snapchat',
          otherPersonIdentifiers: ['Riley.K1ck'],
        });
        await addReportEvidence(desk, second.report, { name: 'chat.txt', stream: once(CHAT) });
        const marked = await desk.uow.read.desk.reports.findById(second.report.id);
        assert.equal(marked?.deconfliction, 'hit');
        const hits = await desk.uow.read.desk.deconfliction.listByReports([second.report.id]);
        assert.equal(
          hits.length,
          1,
          JSON.stringify(
            hits.map((h) => [h.selectorId, h.explanation]),
            null,
            1,
          ) + JSON.stringify(await desk.uow.read.desk.reports.selectorsOf([second.report.id])),
        );
        assert.equal(hits[0]?.otherCaseId, caseA.id);
        assert.equal(hits[0]?.matchType, 'exact');
        const oliviaNotes = await desk.uow.read.desk.notifications.listForUser(olivia.id, 10);
        assert.ok(
          oliviaNotes.some((n) => n.kind === 'deconfliction-hit' && n.link.id === caseA.id),
        );

        // The queue shows the mark; the report page shows a pointer only.
        const queue = await listQueue(desk, oscar.actor);
        assert.deepEqual(queue.items.find((i) => i.id === second.report.id)?.deconfliction, {
          state: 'hit',
          hits: 1,
        });
        const page = await viewReport(desk, oscar.actor, second.report.id);
        const hit = page.deconfliction.hits[0];
        assert.ok(hit);
        assert.deepEqual(hit.counterpart, {
          kind: 'case',
          ref: caseA.ref,
          owner: { id: olivia.id, displayName: olivia.displayName },
        });
        assert.ok(
          !JSON.stringify(page.deconfliction).includes('First case'),
          'no content of the other case',
        );
        assert.ok(
          !JSON.stringify(page.deconfliction).includes('first'),
          'not even its report text',
        );
        assert.equal(hit.canAcknowledge, true);

        // Oscar opens a case from it: he is told too, and a task on it is blocked.
        const caseB = await createCaseFromReport(desk, oscar.actor, second.report.id, {
          title: 'Second case',
        });
        assert.ok(
          (await desk.uow.read.desk.notifications.listForUser(oscar.id, 10)).some(
            (n) => n.kind === 'deconfliction-hit' && n.link.id === caseB.id,
          ),
        );
        const exhibitId = (await desk.uow.read.desk.reports.exhibitIds(second.report.id))[0] ?? '';
        const task = await assignTask(desk, oscar.actor, caseB.id, {
          type: 'transcript-review',
          assigneeId: vera.id,
          exhibitId,
          instructions: 'Mark lines.',
        });
        assert.equal(task.blocked, true);
        const blocked = await viewTask(desk, vera.actor, task.id);
        assert.equal(blocked.material, null, 'no material while blocked');
        // Not the identifiers either, even for the one task type that needs them.
        const idTask = await assignTask(desk, oscar.actor, caseB.id, {
          type: 'identifier-check',
          assigneeId: vera.id,
          exhibitId,
          instructions: 'Check the identifiers.',
        });
        const idBlocked = await viewTask(desk, vera.actor, idTask.id);
        assert.equal(idBlocked.blocked, true);
        assert.equal(idBlocked.material, null);
        assert.deepEqual(idBlocked.selectors, [], 'no identifiers while blocked');
        assert.deepEqual(blocked.allowed, ['view', 'endViewTime']);
        await assert.rejects(
          annotateLine(desk, vera.actor, task.id, { messageIndex: 1, label: 'relevant', note: '' }),
          (e) => isCustosError(e, 'POLICY_DENIED'),
        );

        // Olivia cannot acknowledge a hit on Oscar's report; Oscar can.
        await assert.rejects(
          acknowledgeHit(desk, olivia.actor, second.report.id, hits[0]?.id ?? '', {}),
          (e) => isCustosError(e, 'POLICY_DENIED'),
        );
        await desk.uow.run((r) =>
          r.desk.cases.insertJustification({
            sessionId: oscar.actor.sessionId ?? '',
            caseId: caseB.id,
            reasonCode: 'deconfliction-check',
            text: null,
            at: new Date(desk.clock.now()).toISOString(),
          }),
        );
        const acked = await acknowledgeHit(desk, oscar.actor, second.report.id, hits[0]?.id ?? '', {
          note: 'spoke to the other owner',
        });
        assert.equal(acked.acknowledged?.by.id, oscar.id);
        await assert.rejects(
          acknowledgeHit(desk, oscar.actor, second.report.id, hits[0]?.id ?? '', {}),
          (e) => isCustosError(e, 'HIT_ALREADY_ACKNOWLEDGED'),
        );
        assert.equal(
          (await desk.uow.read.desk.reports.findById(second.report.id))?.deconfliction,
          'acknowledged',
        );
        const open = await viewTask(desk, vera.actor, task.id);
        assert.equal(open.blocked, false);
        assert.ok(open.material, 'material once acknowledged');
        assert.ok(
          (await viewTask(desk, vera.actor, idTask.id)).selectors.length > 0,
          'identifiers once acknowledged, for the task that needs them',
        );
        assert.ok(
          (await desk.uow.read.desk.notifications.listForUser(vera.id, 10)).some(
            (n) => n.kind === 'task-unblocked',
          ),
        );
        const custody = await desk.uow.read.custody.eventsFor(`report:${second.report.ref}`);
        assert.deepEqual(
          custody.map((e) => e.action).filter((a) => a.startsWith('deconfliction')),
          ['deconfliction-hit', 'deconfliction-acknowledged'],
        );
      } finally {
        await desk.close();
      }
    });

    test('a near match is recorded with its explanation; unrelated identifiers are not', async () => {
      const desk = await openTestDesk(dialect);
      try {
        const olivia = await buildUser(desk, 'officer');
        const first = await submitReport(desk, {
          childInDangerNow: 'no',
          whatHappened: 'first',
          platform: 'snapchat',
          otherPersonIdentifiers: ['riley.k1ck'],
        });
        await createCaseFromReport(desk, olivia.actor, first.report.id, { title: 'First case' });
        const near = await submitReport(desk, {
          childInDangerNow: 'no',
          whatHappened: 'near',
          platform: 'snapchat',
          otherPersonIdentifiers: ['riley.kick'],
        });
        const h = await desk.uow.read.desk.deconfliction.listByReports([near.report.id]);
        assert.equal(h.length, 1);
        assert.equal(h[0]?.matchType, 'near');
        assert.ok((h[0]?.similarity ?? 100) < 100);
        assert.ok((h[0]?.explanation ?? '').length > 0);
        const other = await submitReport(desk, {
          childInDangerNow: 'no',
          whatHappened: 'other',
          platform: 'snapchat',
          otherPersonIdentifiers: ['someone.else'],
        });
        assert.deepEqual(
          await desk.uow.read.desk.deconfliction.listByReports([other.report.id]),
          [],
        );
      } finally {
        await desk.close();
      }
    });

    test('a queued report is marked when a matching report joins a case later', async () => {
      const desk = await openTestDesk(dialect);
      try {
        const olivia = await buildUser(desk, 'officer');
        const queued = await submitReport(desk, {
          childInDangerNow: 'no',
          whatHappened: 'queued first',
          platform: 'snapchat',
          otherPersonIdentifiers: ['riley.k1ck'],
        });
        const later = await submitReport(desk, {
          childInDangerNow: 'no',
          whatHappened: 'later',
          platform: 'snapchat',
          otherPersonIdentifiers: ['riley.k1ck'],
        });
        assert.deepEqual(
          await desk.uow.read.desk.deconfliction.listByReports([queued.report.id, later.report.id]),
          [],
          'no case yet, nothing to point at',
        );
        const kase = await createCaseFromReport(desk, olivia.actor, later.report.id, {
          title: 'Later case',
        });
        const hits = await desk.uow.read.desk.deconfliction.listByReports([queued.report.id]);
        assert.equal(hits.length, 1);
        assert.equal(hits[0]?.otherCaseId, kase.id);
        assert.equal(
          (await desk.uow.read.desk.reports.findById(queued.report.id))?.deconfliction,
          'hit',
        );
      } finally {
        await desk.close();
      }
    });
  });
}
