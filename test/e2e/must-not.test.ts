/**
 * End to end, in Chromium against a real server: what each role must not do or see (issue 5 §10;
 * ARCHITECTURE.md "Roles"). The data is seeded through the HTTP API (first admin, invited staff,
 * a public report with a chat export, a case with a volunteer task); the checks then use the web
 * app and, where the rule is the server's, the API directly.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import {
  CaseDetail,
  CaseSummary,
  ErrorBody,
  EvidenceUploadResponse,
  Ok,
  QueueResponse,
  ReportDetail,
  SessionInfo,
  SubmitReportResponse,
  TaskSummary,
} from '../../src/contracts/index.ts';
import { DIALECTS } from '../support/databases.ts';
import { ApiSession, PASSWORD, seedAccount, type Account } from './support/api.ts';
import {
  assertNoExportControls,
  browserSkipReason,
  builtWebRoot,
  jsErrors,
  launchBrowser,
  newPage,
  ROOT_DIR,
} from './support/browser.ts';
import { startE2eServer, type E2eServer } from './support/server.ts';
import { programmeReady } from '../support/programme.ts';

const skip = browserSkipReason();
const EXPORT_NAME = 'whatsapp-android-chat.txt';
const EXPORT = readFileSync(join(ROOT_DIR, 'examples', EXPORT_NAME));

/** Submits a public report with the example export; returns its id and receipt code. */
async function publicReport(
  base: string,
  identifiers: string[],
): Promise<{ id: string; receipt: string; ref: string }> {
  const pub = new ApiSession(base);
  const r = await pub.call('POST', '/public/reports', SubmitReportResponse, {
    childInDangerNow: 'no',
    whatHappened:
      'Someone from a football club chat asks my son to keep their chats secret and to meet.',
    platform: 'whatsapp',
    otherPersonIdentifiers: identifiers,
    childAge: 13,
  });
  const form = new FormData();
  form.append('files', new Blob([EXPORT], { type: 'text/plain' }), EXPORT_NAME);
  await pub.call('POST', r.upload.url, EvidenceUploadResponse, undefined, {
    form,
    headers: { 'x-upload-token': r.upload.token },
  });
  return { id: r.reportId, receipt: r.receiptCode, ref: r.reportRef };
}

for (const dialect of DIALECTS) {
  describe(`what each role must not do, in Chromium (${dialect})`, { skip: skip ?? false }, () => {
    let server: E2eServer;
    let browser: Browser;
    const pages: Page[] = [];
    const acc: Record<string, Account> = {};
    const seeded = {
      reportId: '',
      receipt: '',
      caseId: '',
      taskId: '',
      exhibitId: '',
      originalId: '',
    };

    const account = (key: string): Account => {
      const a = acc[key];
      assert.ok(a, `${key} seeded`);
      return a;
    };
    /** A browser page signed in as `key` (the API session's cookie handed to the browser). */
    const pageAs = async (key: string): Promise<Page> => {
      const a = account(key);
      const s = new ApiSession(server.url);
      await s.signIn(a.username, a.password, a.secret);
      const { context, page } = await newPage(browser, server.url);
      await context.addCookies(s.cookieList().map((c) => ({ ...c, url: server.url })));
      pages.push(page);
      return page;
    };
    const apiAs = async (key: string): Promise<ApiSession> => {
      const a = account(key);
      const s = new ApiSession(server.url);
      await s.signIn(a.username, a.password, a.secret);
      return s;
    };
    /** The answer is a refusal (403, or 404 that does not confirm the thing exists) with an ErrorBody. */
    const refused = (r: { status: number; json: unknown }, what: string): void => {
      assert.ok(
        r.status === 403 || r.status === 404,
        `${what}: refused, got ${r.status} ${JSON.stringify(r.json)}`,
      );
      assert.ok(ErrorBody.safeParse(r.json).success, `${what}: answers an ErrorBody`);
    };

    before(async () => {
      server = await startE2eServer(dialect, builtWebRoot());
      browser = await launchBrowser();
      const admin = new ApiSession(server.url);
      const token = new URLSearchParams(new URL(server.setupUrl).hash.slice(1)).get('token') ?? '';
      await admin.call('POST', '/auth/setup', SessionInfo, {
        token,
        username: 'morgan.reyes',
        displayName: 'Morgan Reyes',
        initials: 'MR',
        password: PASSWORD,
      });
      const adminSecret = await admin.enrolTotp();
      acc.admin = {
        username: 'morgan.reyes',
        displayName: 'Morgan Reyes',
        password: PASSWORD,
        secret: adminSecret,
        id: '',
      };
      const staff = [
        ['officerA', 'dana.whitfield', 'Dana Whitfield', 'DW', 'officer'],
        ['officerB', 'lee.carter', 'Lee Carter', 'LC', 'officer'],
        ['volunteer1', 'sam.okafor', 'Sam Okafor', 'SO', 'volunteer'],
        ['volunteer2', 'alex.morgan', 'Alex Morgan', 'AM', 'volunteer'],
        ['auditor', 'priya.nair', 'Priya Nair', 'PN', 'auditor'],
        ['manager', 'tom.hale', 'Tom Hale', 'TH', 'manager'],
      ] as const;
      for (const [key, username, displayName, initials, role] of staff)
        acc[key] = await seedAccount(server.url, admin, { username, displayName, initials, role });
      // The programme makes the volunteers' tasks legitimate (members, vetting, training, an
      // officer's authorisation, the rota): the gate is not what this spec is about.
      await programmeReady(server.ctx, account('officerA').id, [
        account('volunteer1').id,
        account('volunteer2').id,
      ]);

      const rep = await publicReport(server.url, ['riley.k1ck']);
      seeded.reportId = rep.id;
      seeded.receipt = rep.receipt;
      const officer = await apiAs('officerA');
      const q = await officer.call('GET', '/queue', QueueResponse);
      assert.ok(
        q.items.some((i) => i.id === rep.id),
        'the report is in the queue',
      );
      const c = await officer.call('POST', `/reports/${rep.id}/case`, CaseSummary, {
        title: 'Football-club contact',
      });
      seeded.caseId = c.id;
      await officer.call('POST', `/cases/${c.id}/justification`, Ok, { reasonCode: 'case-work' });
      const detail = await officer.call('GET', `/cases/${c.id}`, CaseDetail);
      const original = detail.exhibits.find(
        (e) => e.kind === 'original' && e.transcriptId !== null,
      );
      assert.ok(original, 'the chat export was read');
      seeded.originalId = original.id;
      seeded.exhibitId = original.transcriptId ?? original.id;
      const t = await officer.call('POST', `/cases/${c.id}/tasks`, TaskSummary, {
        type: 'transcript-review',
        assigneeId: account('volunteer1').id,
        exhibitId: original.id,
        instructions: 'Mark lines about secrecy and meeting.',
      });
      seeded.taskId = t.id;
    });
    after(async () => {
      for (const p of pages) assert.deepEqual(jsErrors(p), [], `no script errors on ${p.url()}`);
      await browser?.close();
      await server?.close();
    });

    test('a volunteer cannot open another volunteer’s task by its address', async () => {
      const page = await pageAs('volunteer2');
      await page.goto(`/tasks/${seeded.taskId}`);
      await page.getByRole('alert').waitFor();
      assert.equal(await page.locator('.transcript').count(), 0, 'no material is shown');
      const text = (await page.locator('main').textContent()) ?? '';
      for (const s of ['Riley', 'football', 'secret', 'C-20'])
        assert.ok(!text.includes(s), `nothing of the task shows ("${s}")`);
      const api = await apiAs('volunteer2');
      refused(await api.raw('GET', `/tasks/${seeded.taskId}`), 'GET another volunteer’s task');
      refused(
        await api.raw('POST', `/tasks/${seeded.taskId}/annotations`, {
          messageIndex: 1,
          label: 'relevant',
        }),
        'annotate another volunteer’s task',
      );
      refused(
        await api.raw('POST', `/tasks/${seeded.taskId}/views`, {}),
        'time a view of another volunteer’s task',
      );
      await page.goto('/tasks');
      await page.getByText('No tasks.').waitFor();
    });

    test('volunteer pages have no download or export control, and the API refuses them exports', async () => {
      const page = await pageAs('volunteer1');
      await page.goto('/tasks');
      await page.getByTestId('task-list').waitFor();
      await assertNoExportControls(page);
      await page.goto(`/tasks/${seeded.taskId}`);
      await page.locator('.transcript').waitFor();
      await assertNoExportControls(page);
      const api = await apiAs('volunteer1');
      refused(
        await api.raw('GET', `/exhibits/${seeded.originalId}/original`),
        'a volunteer downloading the original',
      );
      refused(
        await api.raw('GET', `/exhibits/${seeded.exhibitId}/transcript`),
        'a volunteer reading an exhibit outside the task',
      );
      refused(
        await api.raw('GET', '/access-log/export?format=csv'),
        'a volunteer exporting the access log',
      );
      refused(await api.raw('GET', `/cases/${seeded.caseId}`), 'a volunteer opening the case');
    });

    test('a volunteer cannot reach the queue, reports or cases', async () => {
      const page = await pageAs('volunteer1');
      for (const path of [
        '/queue',
        `/reports/${seeded.reportId}`,
        `/cases/${seeded.caseId}`,
        '/access-log',
        '/users',
      ]) {
        await page.goto(path);
        await page.getByRole('heading', { name: 'You cannot open this page' }).waitFor();
      }
      const api = await apiAs('volunteer1');
      refused(await api.raw('GET', '/queue'), 'a volunteer reading the queue');
      refused(await api.raw('GET', `/reports/${seeded.reportId}`), 'a volunteer reading a report');
    });

    test('programme managers, auditors and admins see no case content', async () => {
      for (const key of ['manager', 'auditor', 'admin']) {
        const page = await pageAs(key);
        for (const path of [
          `/cases/${seeded.caseId}`,
          `/reports/${seeded.reportId}`,
          `/tasks/${seeded.taskId}`,
          '/queue',
        ]) {
          await page.goto(path);
          await page.getByRole('heading', { name: 'You cannot open this page' }).waitFor();
          const text = (await page.locator('main').textContent()) ?? '';
          assert.ok(
            !text.includes('Riley') && !text.includes('football'),
            `${key} sees nothing of ${path}`,
          );
        }
        const api = await apiAs(key);
        for (const path of [
          `/cases/${seeded.caseId}`,
          `/reports/${seeded.reportId}`,
          `/reports/${seeded.reportId}/transcript`,
          `/exhibits/${seeded.exhibitId}/transcript`,
          `/exhibits/${seeded.originalId}/original`,
          `/tasks/${seeded.taskId}`,
          '/queue',
        ])
          refused(await api.raw('GET', path), `${key} GET ${path}`);
      }
    });

    test('an officer cannot open another officer’s case', async () => {
      const page = await pageAs('officerB');
      await page.goto(`/cases/${seeded.caseId}`);
      await page.getByRole('alert').waitFor();
      assert.equal(await page.locator('.exhibit').count(), 0, 'no exhibits are shown');
      const api = await apiAs('officerB');
      refused(await api.raw('GET', `/cases/${seeded.caseId}`), 'another officer’s case');
      refused(
        await api.raw('POST', `/cases/${seeded.caseId}/justification`, { reasonCode: 'case-work' }),
        'justifying a view of another officer’s case',
      );
      refused(
        await api.raw('GET', `/reports/${seeded.reportId}`),
        'a report in another officer’s case',
      );
      refused(
        await api.raw('GET', `/exhibits/${seeded.originalId}/original`),
        'an original of another officer’s case',
      );
    });

    test('the public receipt check shows the status only', async () => {
      const pub = new ApiSession(server.url);
      const r = await pub.raw('POST', '/public/reports/status', { receiptCode: seeded.receipt });
      assert.equal(r.status, 200);
      assert.deepEqual(Object.keys(r.json as object).sort(), [
        'description',
        'receivedAt',
        'status',
        'updatedAt',
      ]);
      const raw = JSON.stringify(r.json);
      for (const s of ['football', 'riley', 'C-20', 'Dana', 'whatsapp'])
        assert.ok(
          !raw.toLowerCase().includes(s.toLowerCase()),
          `the status answer holds nothing of the report or case ("${s}")`,
        );
      const wrong = await pub.raw('POST', '/public/reports/status', {
        receiptCode: 'ZZZZ-ZZZZ-ZZZZ-ZZZZ',
      });
      assert.ok(
        wrong.status === 404 || wrong.status === 400,
        `an unknown receipt code is refused (${wrong.status})`,
      );
      const { page } = await newPage(browser, server.url, 'phone');
      pages.push(page);
      await page.goto('/status');
      await page.getByLabel('Receipt code').fill(seeded.receipt);
      await page.getByRole('button', { name: 'Check status' }).click();
      await page.getByTestId('receipt-status').waitFor();
      const text = (await page.locator('main').textContent()) ?? '';
      assert.ok(
        !/football|riley|whatsapp/i.test(text),
        'the status page shows nothing of the report',
      );
    });

    test('unauthenticated API calls are refused and desk pages send the visitor to sign in', async () => {
      const anon = new ApiSession(server.url);
      for (const path of [
        '/queue',
        '/cases',
        `/cases/${seeded.caseId}`,
        `/reports/${seeded.reportId}`,
        '/tasks',
        `/tasks/${seeded.taskId}`,
        '/notifications',
        '/access-log',
        '/access-log/export?format=csv',
        '/users',
        '/welfare/exposure',
        `/exhibits/${seeded.originalId}/original`,
      ]) {
        const r = await anon.raw('GET', path);
        assert.equal(r.status, 401, `GET ${path} without a session answers 401 (got ${r.status})`);
        assert.ok(ErrorBody.safeParse(r.json).success, `GET ${path}: ErrorBody`);
      }
      const post = await anon.raw('POST', `/cases/${seeded.caseId}/notes`, { text: 'x' });
      assert.ok(
        post.status === 401 || post.status === 403,
        `POST without a session is refused (got ${post.status})`,
      );
      const { page } = await newPage(browser, server.url);
      pages.push(page);
      await page.goto('/queue');
      await page.waitForURL('**/sign-in?next=%2Fqueue');
      await page.getByRole('heading', { name: 'Sign in to Custos' }).waitFor();
    });

    test('a signed-in change without the CSRF header is refused', async () => {
      const officer = await apiAs('officerA');
      const r = await officer.raw(
        'POST',
        `/cases/${seeded.caseId}/notes`,
        { text: 'no token' },
        { csrf: false },
      );
      assert.equal(r.status, 403);
      const e = ErrorBody.parse(r.json);
      assert.equal(e.error.code, 'CSRF_TOKEN_INVALID');
      const ok = await officer.raw('POST', `/cases/${seeded.caseId}/notes`, {
        text: 'with the token',
      });
      assert.equal(ok.status, 200, 'the same call with the token works');
    });

    test('a deconfliction match blocks the volunteer task until an officer acknowledges it', async () => {
      const second = await publicReport(server.url, ['@Riley.K1ck']);
      const officerB = await apiAs('officerB');
      const rep = await officerB.call('GET', `/reports/${second.id}`, ReportDetail);
      assert.equal(rep.deconfliction.state, 'hit', 'the second report matches the first case');
      const hit = rep.deconfliction.hits[0];
      assert.ok(hit && hit.counterpart.kind === 'case', 'the hit points at the other case');
      assert.ok(!JSON.stringify(hit).includes('football'), 'the hit is a pointer, not content');
      const c = await officerB.call('POST', `/reports/${second.id}/case`, CaseSummary, {
        title: 'Second report on the same handle',
      });
      await officerB.call('POST', `/cases/${c.id}/justification`, Ok, {
        reasonCode: 'deconfliction-check',
      });
      const d = await officerB.call('GET', `/cases/${c.id}`, CaseDetail);
      const original = d.exhibits.find((e) => e.kind === 'original' && e.transcriptId !== null);
      assert.ok(original);
      const task = await officerB.call('POST', `/cases/${c.id}/tasks`, TaskSummary, {
        type: 'timeline-summary',
        assigneeId: account('volunteer2').id,
        exhibitId: original.id,
        instructions: 'Summarise the timeline.',
      });
      assert.equal(task.blocked, true, 'the task is blocked by the unacknowledged match');

      const vol = await pageAs('volunteer2');
      await vol.goto(`/tasks/${task.id}`);
      await vol.getByText('This task is blocked').waitFor();
      assert.equal(await vol.locator('.transcript').count(), 0, 'no material while blocked');

      const officerPage = await pageAs('officerB');
      await officerPage.goto(`/reports/${second.id}`);
      // A new session: the report is in a case now, so the first view asks why (R38).
      await officerPage.getByRole('heading', { name: 'Why are you opening this case?' }).waitFor();
      await officerPage.getByLabel('Checking a deconfliction match').check();
      await officerPage.getByRole('button', { name: 'Open case' }).click();
      const hits = officerPage.getByTestId('hits');
      await hits.waitFor();
      assert.ok(
        ((await hits.textContent()) ?? '').includes('Dana Whitfield'),
        'the match names the other case’s owner',
      );
      const open = hits.getByRole('form', { name: /^Acknowledge the match/ });
      const count = await open.count();
      assert.ok(count >= 1, 'each open match can be acknowledged');
      for (let left = count; left > 0; left--) {
        const form = open.first();
        await form.getByLabel('Note (optional)').fill('Spoke to DW; she leads.');
        await form.getByRole('button', { name: 'Acknowledge match' }).click();
        await hits
          .getByText(/Acknowledged by Lee Carter/)
          .nth(count - left)
          .waitFor();
      }
      assert.equal(await open.count(), 0, 'no open match is left');

      await vol.reload();
      await vol.locator('.transcript').waitFor();

      // The first case's owner is told in the app (nothing is sent outside it).
      const owner = await pageAs('officerA');
      await owner.goto('/notifications');
      const card = owner.locator('.card-unread').first();
      await card.waitFor();
      await card.getByRole('button', { name: /^Open/ }).click();
      await owner.waitForURL(/\/(reports|cases)\//);
    });
  });
}
