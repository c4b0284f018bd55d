/**
 * The programme over HTTP on every dialect: an application from the public form, a manager
 * onboarding it to active through the API, an officer's authorisation and the rota, a task
 * assigned under them, the lock (403 `TASK_LOCKED` naming the missing requirement) when the
 * member is marked under investigation, "stop now" and the check-in, and the transparency
 * summary exported as CSV and PDF.
 */
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS } from '../../../test/support/databases.ts';
import { buildUser, Client, openTestDesk, signIn, testServer } from '../../../test/support/desk.ts';
import { summaryDocuments } from '../render/summary-pdf.ts';
import { submitReport } from '../../usecases/intake/submit-report.ts';
import { addReportEvidence } from '../../usecases/intake/report-evidence.ts';
import { createCaseFromReport } from '../../usecases/reports/create-case.ts';
import { DEFAULT_MODULES } from '../../core/programme/training.ts';

const CHAT = readFileSync(new URL('../../../examples/whatsapp-android-chat.txt', import.meta.url));
const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();
const ok = (r: { status: number; raw: string }, what: string) =>
  assert.equal(r.status, 200, `${what}: ${r.raw}`);

for (const dialect of DIALECTS) {
  describe(`programme over HTTP on ${dialect}`, () => {
    test('apply, onboard, authorise, assign, lock, stop now, check in, export', async () => {
      const desk = await openTestDesk(dialect);
      const { app } = await testServer({ ...desk, documents: summaryDocuments });
      try {
        const officer = await buildUser(desk, 'officer');
        const supervisor = await buildUser(desk, 'officer');
        const manager = await buildUser(desk, 'manager');
        const volunteer = await buildUser(desk, 'volunteer');
        const now = desk.clock.now();

        const applied = await new Client(app).post('/api/v1/public/applications', {
          name: 'Sam Okafor',
          email: 'sam.okafor@example.com',
          over18: true,
          pastGroupMembership: true,
          pastGroups: 'An online group in 2020',
          motivation: 'I want to help within the law.',
          consent: true,
        });
        ok(applied, 'application');
        const under18 = await new Client(app).post('/api/v1/public/applications', {
          name: 'Too Young',
          email: 'young@example.com',
          over18: false,
          pastGroupMembership: false,
          motivation: 'I want to help within the law.',
          consent: true,
        });
        assert.equal(under18.status, 400, 'R6: 18 or over');

        const mc = await signIn(desk, app, manager);
        const list = (await mc.get('/api/v1/members')).body as {
          items: { id: string; status: string }[];
        };
        const id = list.items[0]?.id ?? '';
        const step = async (path: string, body: unknown) => {
          const r = await mc.post(`/api/v1/members/${id}/${path}`, body);
          ok(r, path);
          return r.body as { status: string; effectiveStatus: string };
        };
        await step('status', { status: 'vetting' });
        await step('vetting', {
          level: 'RV',
          grantedAt: iso(now - DAY),
          expiresAt: iso(now + 700 * DAY),
        });
        await step('status', { status: 'training' });
        for (const m of DEFAULT_MODULES)
          await step('training', { moduleId: m.id, completedAt: iso(now - DAY) });
        await step('legal-status', { legalStatus: 'police-support-volunteer' });
        await step('barred-list-check', { checkedAt: iso(now - DAY), result: 'clear' });
        await step('account', { userId: volunteer.id });
        const active = await step('status', { status: 'active' });
        assert.deepEqual([active.status, active.effectiveStatus], ['active', 'active']);

        const oc = await signIn(desk, app, officer);
        const auth = await oc.post('/api/v1/authorisations', {
          operation: 'Operation Harbour',
          taskTypes: ['transcript-review'],
          platforms: ['whatsapp'],
          startsAt: iso(now - DAY),
          reviewAt: iso(now + 30 * DAY),
          expiresAt: iso(now + 90 * DAY),
          officerInChargeId: officer.id,
          supervisorId: supervisor.id,
        });
        ok(auth, 'authorisation');
        assert.equal(
          (await mc.post('/api/v1/authorisations', {})).status,
          400,
          'the body is checked before the policy',
        );
        const duty = await mc.post('/api/v1/rota', {
          officerId: supervisor.id,
          startsAt: iso(now - 3600_000),
          endsAt: iso(now + 8 * 3600_000),
        });
        ok(duty, 'rota');

        const r = await submitReport(desk, {
          childInDangerNow: 'no',
          whatHappened: 'messages',
          platform: 'whatsapp',
          otherPersonIdentifiers: [],
        });
        await addReportEvidence(desk, r.report, {
          name: 'chat.txt',
          stream: [CHAT] as unknown as AsyncIterable<Uint8Array>,
        });
        const kase = await createCaseFromReport(desk, officer.actor, r.report.id, { title: 'C' });
        const exhibitId = (await desk.uow.read.desk.reports.exhibitIds(r.report.id))[0] ?? '';
        const other = await buildUser(desk, 'volunteer');
        const refused = await oc.post(`/api/v1/cases/${kase.id}/tasks`, {
          type: 'transcript-review',
          assigneeId: other.id,
          exhibitId,
          instructions: 'Mark lines.',
        });
        assert.equal(refused.status, 403);
        assert.equal(
          (refused.body as { error: { code: string; details: { missing: { code: string }[] } } })
            .error.details.missing[0]?.code,
          'member-record-missing',
        );
        const task = await oc.post(`/api/v1/cases/${kase.id}/tasks`, {
          type: 'transcript-review',
          assigneeId: volunteer.id,
          exhibitId,
          instructions: 'Mark lines.',
        });
        ok(task, 'assign');
        const taskId = (task.body as { id: string; authorisation: { ref: string } }).id;

        const vc = await signIn(desk, app, volunteer);
        ok(await vc.get(`/api/v1/tasks/${taskId}`), 'the volunteer works on it');
        const view = await vc.post(`/api/v1/tasks/${taskId}/views`, {});
        ok(view, 'timed view');

        await step('investigation', { underInvestigation: true });
        const locked = await vc.get(`/api/v1/tasks/${taskId}`);
        assert.equal(locked.status, 403);
        const err = (
          locked.body as {
            error: { code: string; details: { missing: { code: string; message: string }[] } };
          }
        ).error;
        assert.equal(err.code, 'TASK_LOCKED');
        assert.deepEqual(
          err.details.missing.map((m) => m.code),
          ['member-under-investigation'],
        );
        await step('investigation', { underInvestigation: false });

        const stopped = await vc.post('/api/v1/programme/me/stop-now', {});
        ok(stopped, 'stop now');
        assert.ok((stopped.body as { welfare: { checkInDue: unknown } }).welfare.checkInDue);
        const supNotes = await desk.uow.read.desk.notifications.listForUser(supervisor.id, 5);
        assert.ok(
          supNotes.some((n) => n.kind === 'stop-now'),
          'the supervisor on duty is told',
        );
        ok(
          await vc.post('/api/v1/programme/me/check-in', { wellbeing: 4, wantsContact: false }),
          'check-in',
        );

        const csv = await mc.get('/api/v1/programme/transparency/export?format=csv');
        assert.equal(csv.status, 200);
        assert.match(String(csv.headers['content-type']), /text\/csv/);
        assert.match(csv.raw, /^section,label,value\r\n/);
        assert.ok(!csv.raw.includes('Sam Okafor'), 'no personal data');
        const pdf = await app.inject({
          method: 'GET',
          url: '/api/v1/programme/transparency/export?format=pdf',
          headers: { cookie: `custos_session=${mc.cookie ?? ''}` },
        });
        assert.equal(pdf.statusCode, 200);
        assert.equal(pdf.headers['content-type'], 'application/pdf');
        assert.equal(pdf.rawPayload.subarray(0, 5).toString('latin1'), '%PDF-');
        assert.ok(pdf.rawPayload.includes(Buffer.from('/FontFile2')), 'the font is embedded');
      } finally {
        await app.close();
        await desk.close();
      }
    });
  });
}
