/**
 * The main path through the HTTP API, on every dialect: a public report with an upload, through
 * an officer's queue, report and case, to a task a volunteer works on; plus the deconfliction hit
 * a second report raises and its acknowledgement unblocking the task.
 */
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { DIALECTS } from '../../../test/support/databases.ts';
import {
  buildUser,
  Client,
  multipartBody,
  openTestDesk,
  signIn,
  testServer,
} from '../../../test/support/desk.ts';
import { programmeReady } from '../../../test/support/programme.ts';

const GROOMING = readFileSync(
  new URL('../../../examples/whatsapp-android-chat.txt', import.meta.url),
);

for (const dialect of DIALECTS) {
  describe(`desk flows on ${dialect}`, () => {
    test('public report with evidence → queue → case → task → volunteer annotates', async () => {
      const desk = await openTestDesk(dialect);
      const { app } = await testServer(desk);
      try {
        const officer = await buildUser(desk, 'officer');
        const volunteer = await buildUser(desk, 'volunteer');
        await programmeReady(desk, officer.id, [volunteer.id]);
        const pub = new Client(app);
        const submitted = await pub.post('/api/v1/public/reports', {
          childInDangerNow: 'unsure',
          whatHappened: 'An adult from the football club group messaged my son and asked to meet.',
          platform: 'whatsapp',
          otherPersonIdentifiers: ['riley.k1ck'],
          childAge: 13,
          contact: { name: 'A Parent', email: 'parent@example.com' },
        });
        assert.equal(submitted.status, 200, submitted.raw);
        const s = submitted.body as {
          reportId: string;
          receiptCode: string;
          upload: { url: string; token: string };
          danger: { callNow: boolean };
        };
        assert.equal(s.danger.callNow, true);
        const mp = multipartBody([{ name: 'WhatsApp Chat with Riley.txt', content: GROOMING }]);
        const up = await app.inject({
          method: 'POST',
          url: s.upload.url,
          payload: mp.body,
          headers: { 'content-type': mp.contentType, 'x-upload-token': s.upload.token },
        });
        assert.equal(up.statusCode, 200, up.body);
        const files = (JSON.parse(up.body) as { files: { sha256: string; sizeBytes: number }[] })
          .files;
        assert.equal(files[0]?.sha256, createHash('sha256').update(GROOMING).digest('hex'));

        const status = await pub.post('/api/v1/public/reports/status', {
          receiptCode: s.receiptCode,
        });
        assert.equal(status.status, 200);
        assert.deepEqual(Object.keys(status.body as object).sort(), [
          'description',
          'receivedAt',
          'status',
          'updatedAt',
        ]);

        const oc = await signIn(desk, app, officer);
        const queue = await oc.get('/api/v1/queue');
        assert.equal(queue.status, 200, queue.raw);
        const items = (queue.body as { items: { id: string; band: string | null }[] }).items;
        assert.equal(items.length, 1);
        const detail = await oc.get(`/api/v1/reports/${s.reportId}`);
        assert.equal(detail.status, 200, detail.raw);
        const d = detail.body as {
          evidence: { id: string; transcriptId: string | null }[];
          allowed: string[];
          assessment: unknown;
        };
        assert.ok(d.allowed.includes('createCase'));
        const assessment = d.assessment as { band: string; citations: unknown[] } | null;
        assert.ok(assessment, 'the stored triage assessment is shown');
        assert.ok(['HIGH', 'IMMINENT'].includes(assessment.band), assessment.band);
        assert.ok(assessment.citations.length > 0);
        const transcript = await oc.get(`/api/v1/reports/${s.reportId}/transcript`);
        assert.equal(transcript.status, 200, transcript.raw);
        const tv = transcript.body as {
          messages: unknown[];
          citations: { line: number; indicator: string }[];
        };
        assert.ok(tv.messages.length > 20);
        assert.ok(tv.citations.length > 0, 'cited lines with their indicators');
        const queued = (queue.body as { items: { band: string | null; target: { key: string } }[] })
          .items[0];
        assert.equal(queued?.target.key, queued?.band, 'the timer runs against the band');

        const created = await oc.post(`/api/v1/reports/${s.reportId}/case`, {
          title: 'Football club contact',
        });
        assert.equal(created.status, 200, created.raw);
        const caseId = (created.body as { id: string }).id;
        const first = await oc.get(`/api/v1/cases/${caseId}`);
        assert.equal(first.status, 428);
        assert.equal(
          (first.body as { error: { code: string } }).error.code,
          'JUSTIFICATION_REQUIRED',
        );
        assert.equal(
          (await oc.post(`/api/v1/cases/${caseId}/justification`, { reasonCode: 'case-work' }))
            .status,
          200,
        );
        const kase = await oc.get(`/api/v1/cases/${caseId}`);
        assert.equal(kase.status, 200, kase.raw);
        const exhibitId = d.evidence[0]?.id ?? '';
        const task = await oc.post(`/api/v1/cases/${caseId}/tasks`, {
          type: 'transcript-review',
          assigneeId: volunteer.id,
          exhibitId,
          instructions: 'Mark lines about meeting up.',
        });
        assert.equal(task.status, 200, task.raw);
        const taskId = (task.body as { id: string }).id;

        const vc = await signIn(desk, app, volunteer);
        const mine = await vc.get('/api/v1/tasks');
        assert.equal((mine.body as { items: unknown[] }).items.length, 1);
        const view = await vc.get(`/api/v1/tasks/${taskId}`);
        assert.equal(view.status, 200, view.raw);
        const material = (view.body as { material: { messages: { text: string }[] } | null })
          .material;
        assert.ok(material);
        assert.ok(
          !JSON.stringify(material).includes('riley.k1ck'),
          'the identifier is masked for a transcript-review task',
        );
        const ann = await vc.post(`/api/v1/tasks/${taskId}/annotations`, {
          messageIndex: 3,
          label: 'age-mention',
          note: 'asks age',
        });
        assert.equal(ann.status, 200, ann.raw);
        const timer = await vc.post(`/api/v1/tasks/${taskId}/views`);
        assert.equal(timer.status, 200, timer.raw);
        const done = await vc.post(`/api/v1/tasks/${taskId}/status`, {
          status: 'done',
          summary: 'Marked.',
        });
        assert.equal(done.status, 200, done.raw);
      } finally {
        await app.close();
        await desk.close();
      }
    });
  });
}
