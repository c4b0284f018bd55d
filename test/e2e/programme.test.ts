/**
 * End to end, in Chromium against a real server (SQLite, and PostgreSQL when DATABASE_URL is set):
 * the volunteer programme. A person applies on the public site (declaring a past online-group
 * membership); a programme manager takes the application to active through the member's page —
 * vetting, training signed off, legal status, barred-list check, account — and a task can then
 * be given to them. A lapsed training module locks a task the volunteer was working on: the task
 * page names the lapsed module, the API refuses every action, the officer sees why. The
 * volunteer's "stop now" closes the material and tells the supervising officer. Screenshots of
 * the manager's pages go to docs/screenshots with CUSTOS_SCREENSHOTS=1.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  AuthorisationView,
  CaseDetail,
  CaseList,
  CaseSummary,
  EvidenceUploadResponse,
  NotificationList,
  Ok,
  QueueResponse,
  SessionInfo,
  SubmitReportResponse,
  TaskSummary,
} from '../../src/contracts/index.ts';
import { DEFAULT_MODULES, validUntilFor } from '../../src/core/programme/training.ts';
import { DIALECTS } from '../support/databases.ts';
import { qualifyVolunteer } from '../support/programme.ts';
import { ApiSession, PASSWORD, seedAccount, type Account } from './support/api.ts';
import {
  assertAccessible,
  browserSkipReason,
  builtWebRoot,
  jsErrors,
  launchBrowser,
  newPage,
  ROOT_DIR,
  shoot,
} from './support/browser.ts';
import { startE2eServer, type E2eServer } from './support/server.ts';

const skip = browserSkipReason();

const EXPORT_NAME = 'whatsapp-android-chat.txt';
const EXPORT = readFileSync(join(ROOT_DIR, 'examples', EXPORT_NAME));

/** A public report with the WhatsApp example export; returns its id. */
async function publicReport(base: string): Promise<string> {
  const pub = new ApiSession(base);
  const r = await pub.call('POST', '/public/reports', SubmitReportResponse, {
    childInDangerNow: 'no',
    whatHappened: 'Messages from an adult to my son asking him to keep it secret.',
    platform: 'whatsapp',
    otherPersonIdentifiers: [],
  });
  const form = new FormData();
  form.append('files', new Blob([EXPORT], { type: 'text/plain' }), EXPORT_NAME);
  await pub.call('POST', r.upload.url, EvidenceUploadResponse, undefined, {
    form,
    headers: { 'x-upload-token': r.upload.token },
  });
  return r.reportId;
}

for (const dialect of DIALECTS) {
  describe(`the volunteer programme in Chromium (${dialect})`, { skip: skip ?? false }, () => {
    let server: E2eServer;
    let browser: Browser;
    const pages: Page[] = [];
    const acc: Record<string, Account> = {};
    const screenshots = dialect === DIALECTS[0];
    const shot = async (page: Page, name: string): Promise<void> => {
      await assertAccessible(page);
      if (screenshots) await shoot(page, name);
    };
    const account = (key: string): Account => {
      const a = acc[key];
      assert.ok(a, `${key} seeded`);
      return a;
    };
    const apiAs = async (key: string): Promise<ApiSession> => {
      const a = account(key);
      const s = new ApiSession(server.url);
      await s.signIn(a.username, a.password, a.secret);
      return s;
    };
    const pageAs = async (key: string): Promise<Page> => {
      const s = await apiAs(key);
      const { context, page } = await newPage(browser, server.url);
      await context.addCookies(s.cookieList().map((c) => ({ ...c, url: server.url })));
      pages.push(page);
      return page;
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
      await admin.enrolTotp();
      const staff = [
        ['officer', 'dana.whitfield', 'Dana Whitfield', 'DW', 'officer'],
        ['supervisor', 'lee.carter', 'Lee Carter', 'LC', 'officer'],
        ['manager', 'tom.hale', 'Tom Hale', 'TH', 'manager'],
        ['newcomer', 'priya.shah', 'Priya Shah', 'PS', 'volunteer'],
        ['volunteer', 'sam.okafor', 'Sam Okafor', 'SO', 'volunteer'],
      ] as const;
      for (const [key, username, displayName, initials, role] of staff)
        acc[key] = await seedAccount(server.url, admin, { username, displayName, initials, role });
    });
    after(async () => {
      for (const p of pages) assert.deepEqual(jsErrors(p), [], `no script errors on ${p.url()}`);
      await browser?.close();
      await server?.close();
    });

    test('a person applies on the public site, declaring a past group membership', async () => {
      const { page } = await newPage(browser, server.url);
      pages.push(page);
      await page.goto('/');
      await page.getByRole('link', { name: 'Volunteer with us' }).click();
      await page.getByRole('heading', { name: 'Volunteer with the programme' }).waitFor();
      await page.getByRole('button', { name: 'Send application' }).click();
      await page.getByRole('heading', { name: 'There is a problem' }).waitFor();
      await page.getByLabel('Full name').fill('Priya Shah');
      await page.getByLabel('Email address').fill('priya.shah@example.com');
      await page.getByRole('group', { name: 'Are you 18 or over?' }).getByLabel('Yes').check();
      await page
        .getByRole('group', { name: /online group that confronted/ })
        .getByLabel('Yes')
        .check();
      await page
        .getByLabel('Which groups, when, and what you did in them')
        .fill('An online group in 2020; chats only, never meetings. I left in 2021.');
      await page
        .getByLabel('Why do you want to volunteer?')
        .fill('To help children within the law, under police supervision.');
      await page.getByLabel(/I agree to police vetting/).check();
      await page.getByRole('button', { name: 'Send application' }).click();
      await page.getByRole('heading', { name: 'Application received' }).waitFor();
      assert.match(
        (await page.getByTestId('application-reference').textContent()) ?? '',
        /^M-\d{4}-\d{4}$/,
      );
      await assertAccessible(page);
    });

    test('a programme manager onboards the applicant to active', async () => {
      const page = await pageAs('manager');
      await page.goto('/members');
      const row = page.getByTestId('members').getByRole('row').filter({ hasText: 'Priya Shah' });
      await row.waitFor();
      assert.match((await row.textContent()) ?? '', /Applicant/);
      assert.match((await row.textContent()) ?? '', /past group membership declared/);
      await shot(page, 'manager-members');
      await row.getByRole('link', { name: 'Priya Shah' }).click();
      await page.getByRole('heading', { name: /Member M-\d{4}-\d{4}: Priya Shah/ }).waitFor();
      const status = page.getByTestId('member-status');

      await page.getByRole('button', { name: 'Move to vetting' }).click();
      await status.filter({ hasText: 'In vetting' }).waitFor();
      await page.getByLabel('Vetting level').selectOption('RV');
      await page.getByRole('button', { name: 'Record vetting' }).click();
      await page.getByRole('button', { name: 'Move to training' }).waitFor();
      await page.getByRole('button', { name: 'Move to training' }).click();
      await status.filter({ hasText: 'In training' }).waitFor();
      // Not yet: activation names what is missing.
      const before = page
        .getByRole('status')
        .filter({ hasText: 'Before this member can be made active' });
      await before.waitFor();
      assert.match((await before.textContent()) ?? '', /legal status/);

      for (const m of DEFAULT_MODULES) {
        const rowM = page
          .getByTestId('training-record')
          .getByRole('row')
          .filter({ hasText: m.title });
        await rowM.getByRole('button', { name: `Sign off ${m.title}` }).click();
        await rowM.filter({ hasText: 'Current' }).waitFor();
      }
      await page
        .getByLabel('Legal status', { exact: true })
        .selectOption('police-support-volunteer');
      await page.getByRole('button', { name: 'Save legal status' }).click();
      await page.getByTestId('member-summary').getByText('Police support volunteer').waitFor();
      await page
        .getByRole('group', { name: 'Result of the barred-list check' })
        .getByLabel('Clear')
        .check();
      await page.getByRole('button', { name: 'Record check' }).click();
      await page
        .getByTestId('member-summary')
        .getByText(/^Clear,/)
        .waitFor();
      await page.getByLabel('Volunteer account').selectOption({ label: 'Priya Shah' });
      await page.getByRole('button', { name: 'Link account' }).click();
      await page.getByText('Linked to the account of Priya Shah.').waitFor();
      await page.getByRole('button', { name: 'Make active' }).click();
      await status.filter({ hasText: 'Active' }).waitFor();
      const events = await page.getByTestId('member-events').locator('tbody tr').allTextContents();
      assert.ok(events.some((e) => /Applied/.test(e)));
      assert.ok(
        events.filter((e) => /Training completed/.test(e)).length === DEFAULT_MODULES.length,
      );
      assert.ok(events.some((e) => /Status changed/.test(e) && /Tom Hale/.test(e)));
      await shot(page, 'manager-member');
      const text = (await page.locator('main').textContent()) ?? '';
      assert.ok(!text.includes('R-20') && !text.includes('riley'), 'no case content');
    });

    test('the onboarded member can be given a task under an authorisation', async () => {
      // The officer's authorisation and the rota (their own screens are exercised below).
      const officer = await apiAs('officer');
      const now = Date.now();
      await officer.call('POST', '/authorisations', AuthorisationView, {
        operation: 'Operation Harbour',
        taskTypes: ['transcript-review', 'timeline-summary', 'identifier-check'],
        platforms: ['whatsapp', 'snapchat'],
        startsAt: new Date(now - 86_400_000).toISOString(),
        reviewAt: new Date(now + 28 * 86_400_000).toISOString(),
        expiresAt: new Date(now + 90 * 86_400_000).toISOString(),
        officerInChargeId: account('officer').id,
        supervisorId: account('supervisor').id,
      });
      const manager = await pageAs('manager');
      await manager.goto('/rota');
      await manager.getByText('Put an officer on duty').click();
      await manager.getByLabel('Officer', { exact: true }).selectOption({ label: 'Lee Carter' });
      const local = (ms: number) => {
        const d = new Date(ms);
        const pad = (n: number) => String(n).padStart(2, '0');
        return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
      };
      await manager.getByLabel('From').fill(local(now - 3_600_000));
      await manager.getByLabel('To').fill(local(now + 8 * 3_600_000));
      await manager.getByRole('button', { name: 'Add duty' }).click();
      await manager.getByTestId('on-duty-now').filter({ hasText: 'Lee Carter' }).waitFor();
      await shot(manager, 'manager-rota');

      const reportId = await publicReport(server.url);
      const q = await officer.call('GET', '/queue', QueueResponse);
      assert.ok(q.items.some((i) => i.id === reportId));
      const c = await officer.call('POST', `/reports/${reportId}/case`, CaseSummary, {
        title: 'Messages asking for secrecy',
      });
      await officer.call('POST', `/cases/${c.id}/justification`, Ok, { reasonCode: 'case-work' });
      const d = await officer.call('GET', `/cases/${c.id}`, CaseDetail);
      const original = d.exhibits.find((e) => e.kind === 'original' && e.transcriptId !== null);
      assert.ok(original);
      const t = await officer.call('POST', `/cases/${c.id}/tasks`, TaskSummary, {
        type: 'transcript-review',
        assigneeId: account('newcomer').id,
        exhibitId: original.id,
        instructions: 'Mark lines about secrecy.',
      });
      assert.equal(t.locked, false, 'vetting, training and the authorisation all cover it');
      assert.equal(t.authorisation?.supervisor.displayName, 'Lee Carter');
      const vol = await pageAs('newcomer');
      await vol.goto(`/tasks/${t.id}`);
      await vol.locator('.transcript').waitFor();
    });

    test('a lapsed training module locks the task the volunteer was working on', async () => {
      // Sam's "Wellbeing" module lapses 40 seconds from now; everything else is in order.
      const completedAt = new Date(Date.now() - 30 * 86_400_000).toISOString();
      const m = await qualifyVolunteer(server.ctx, account('volunteer').id, {
        without: ['wellbeing'],
        completedAt,
      });
      const wellbeing = DEFAULT_MODULES.find((x) => x.id === 'wellbeing');
      assert.ok(wellbeing);
      const lapseAt = Date.now() + 40_000;
      await server.ctx.uow.run((r) =>
        r.programme.training.insertCompletion({
          id: server.ctx.ids.newId(),
          memberId: m.id,
          moduleId: 'wellbeing',
          version: wellbeing.version,
          completedAt,
          validUntil: new Date(lapseAt).toISOString(),
          signedOffBy: account('manager').id,
          recordedAt: completedAt,
        }),
      );
      assert.ok(validUntilFor(completedAt, wellbeing), 'a 12-month module normally');
      const officer = await apiAs('officer');
      const c = (await officer.call('GET', '/cases', CaseList)).items[0];
      assert.ok(c);
      await officer.call('POST', `/cases/${c.id}/justification`, Ok, { reasonCode: 'case-work' });
      const d = await officer.call('GET', `/cases/${c.id}`, CaseDetail);
      const original = d.exhibits.find((e) => e.kind === 'original' && e.transcriptId !== null);
      assert.ok(original);
      const t = await officer.call('POST', `/cases/${c.id}/tasks`, TaskSummary, {
        type: 'timeline-summary',
        assigneeId: account('volunteer').id,
        exhibitId: original.id,
        instructions: 'Summarise the timeline.',
      });
      const page = await pageAs('volunteer');
      await page.goto(`/tasks/${t.id}`);
      await page.locator('.transcript').waitFor();
      // Wait for the lapse (the server's own clock), then every action is refused.
      await new Promise((r) => setTimeout(r, Math.max(0, lapseAt - Date.now() + 500)));
      await page.reload();
      await page.getByRole('heading', { name: 'This task is locked' }).waitFor();
      const reasons = (await page.getByTestId('lock-reasons').textContent()) ?? '';
      assert.match(reasons, /Wellbeing and working with distressing material.*lapsed/);
      assert.equal(await page.locator('.transcript').count(), 0, 'no material while locked');
      await shot(page, 'volunteer-task-locked');
      const api = await apiAs('volunteer');
      for (const [method, path, body] of [
        ['GET', `/tasks/${t.id}`, undefined],
        ['POST', `/tasks/${t.id}/annotations`, { messageIndex: 1, label: 'relevant', note: '' }],
        ['POST', `/tasks/${t.id}/status`, { status: 'in-progress' }],
        ['POST', `/tasks/${t.id}/views`, {}],
      ] as const) {
        const r = await api.raw(method, path, body);
        assert.equal(r.status, 403, `${method} ${path}`);
        const e = r.json as {
          error: { code: string; details: { missing: { subject?: string }[] } };
        };
        assert.equal(e.error.code, 'TASK_LOCKED');
        assert.equal(e.error.details.missing[0]?.subject, 'wellbeing');
      }
      await page.goto('/tasks');
      await page.getByTestId('task-locked').filter({ hasText: 'Wellbeing' }).waitFor();
      const officerPage = await pageAs('officer');
      await officerPage.goto(`/cases/${c.id}`);
      const why = officerPage.getByRole('heading', { name: 'Why are you opening this case?' });
      await why.waitFor();
      await officerPage.getByLabel('Working on this case').check();
      await officerPage.getByRole('button', { name: 'Open case' }).click();
      await officerPage
        .locator('#tasks + .table-wrap')
        .getByText(/Locked: training .*Wellbeing/)
        .waitFor();
    });

    test('"stop now" closes the material and tells the supervising officer, without asking why', async () => {
      const page = await pageAs('newcomer');
      await page.goto('/tasks');
      await page.getByTestId('task-list').getByRole('link').first().click();
      await page.locator('.transcript').waitFor();
      await page.getByRole('button', { name: 'Stop now' }).click();
      await page.waitForURL('**/tasks');
      await page.getByRole('form', { name: 'Check in after your shift' }).waitFor();
      await shot(page, 'volunteer-stop-now');
      const sup = await apiAs('supervisor');
      const n = (await sup.call('GET', '/notifications', NotificationList)).items;
      assert.ok(n.some((x) => x.kind === 'stop-now' && x.title.includes('Priya Shah')));
      await page
        .getByRole('group', { name: 'How are you feeling?' })
        .getByLabel('Mostly fine')
        .check();
      await page
        .getByRole('group', { name: /contact you/ })
        .getByLabel('No, thank you')
        .check();
      await page.getByRole('button', { name: 'Send check-in' }).click();
      await page
        .getByRole('form', { name: 'Check in after your shift' })
        .waitFor({ state: 'detached' });
    });

    test('the manager sees real figures and the welfare trends, and exports the summary', async () => {
      const page = await pageAs('manager');
      await page.goto('/figures');
      const figures = page.getByTestId('metrics');
      await figures.waitFor();
      assert.match((await figures.textContent()) ?? '', /\b1\b reports in|1 reports in/);
      await page.getByTestId('chart-reports').locator('svg[role=img]').waitFor();
      await page.getByTestId('transparency').waitFor();
      await shot(page, 'manager-figures');
      const csvHref = await page
        .getByRole('link', { name: 'Export the summary as CSV' })
        .getAttribute('href');
      const csv = await (await page.request.get(csvHref ?? '')).text();
      assert.match(csv, /^section,label,value/);
      assert.ok(!csv.includes('Priya') && !csv.includes('Sam'), 'no personal data');
      const pdfHref = await page
        .getByRole('link', { name: 'Export the summary as PDF' })
        .getAttribute('href');
      const pdf = await page.request.get(pdfHref ?? '');
      assert.equal(pdf.headers()['content-type'], 'application/pdf');
      assert.equal((await pdf.body()).subarray(0, 5).toString('latin1'), '%PDF-');
      await page.goto('/welfare');
      await page.getByTestId('welfare-flags').filter({ hasText: 'Pressed “stop now”' }).waitFor();
      await shot(page, 'manager-welfare-trends');
      await page.goto('/training');
      await page.getByTestId('modules').waitFor();
      await shot(page, 'manager-training');
      const officer = await pageAs('officer');
      await officer.goto('/authorisations');
      await officer.getByTestId('authorisations').getByText('Operation Harbour').waitFor();
      await shot(officer, 'officer-authorisations');
      await officer.goto('/debriefs');
      await officer.getByTestId('debriefs').getByRole('heading', { name: 'Priya Shah' }).waitFor();
    });
  });
}
