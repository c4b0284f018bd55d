/**
 * End to end, in Chromium against a real server: the retention review and disposal path
 * (issue 7 §4; docs/retention.md). An officer's closed case with a chat export comes due for
 * review (its review date is put in the past: the server runs on the wall clock); the officer
 * finds it in the review queue, opens the review page, is refused a disposal without the typed
 * case reference, keeps another case with a new review date, then disposes of the first case's
 * material after reading what will be destroyed. The exhibit's bytes and keys are gone, the
 * tombstones verify, and another officer cannot review the case.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import {
  CaseRetention,
  CaseSummary,
  CaseEntry,
  EvidenceUploadResponse,
  SessionInfo,
  SubmitReportResponse,
} from '../../src/contracts/index.ts';
import { verifyStore } from '../../src/usecases/evidence/verify-store.ts';
import { DIALECTS } from '../support/databases.ts';
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

for (const dialect of DIALECTS) {
  describe(
    `retention review and disposal in Chromium (${dialect})`,
    { skip: skip ?? false },
    () => {
      let server: E2eServer;
      let browser: Browser;
      const pages: Page[] = [];
      const acc: Record<string, Account> = {};
      const cases: { id: string; ref: string; sha256: string[] }[] = [];

      const apiAs = async (key: string): Promise<ApiSession> => {
        const a = acc[key];
        assert.ok(a, `${key} seeded`);
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

      /** A closed (NFA) case of officer A from a public report with the example export. */
      const closedCase = async (title: string) => {
        const pub = new ApiSession(server.url);
        const r = await pub.call('POST', '/public/reports', SubmitReportResponse, {
          childInDangerNow: 'no',
          whatHappened: 'Someone from a football club chat asks my son to keep it secret.',
          platform: 'whatsapp',
          otherPersonIdentifiers: [],
        });
        const form = new FormData();
        form.append('files', new Blob([EXPORT], { type: 'text/plain' }), EXPORT_NAME);
        await pub.call('POST', r.upload.url, EvidenceUploadResponse, undefined, {
          form,
          headers: { 'x-upload-token': r.upload.token },
        });
        const officer = await apiAs('officerA');
        const c = await officer.call('POST', `/reports/${r.reportId}/case`, CaseSummary, { title });
        await officer.call('POST', `/cases/${c.id}/outcome`, CaseEntry, { outcome: 'nfa' });
        // The review date comes round: six years are not waited for in a test.
        await server.ctx.uow.run(async (repos) => {
          const row = await repos.retention.get(c.id);
          assert.ok(row, 'the outcome set a retention class');
          await repos.retention.put({ ...row, reviewDue: '2020-01-01' });
        });
        const shas: string[] = [];
        for (const id of await server.ctx.uow.read.desk.cases.exhibitIdsOf(c.id)) {
          const ex = await server.ctx.uow.read.exhibits.findById(id);
          if (ex) shas.push(ex.sha256);
        }
        cases.push({ id: c.id, ref: c.ref, sha256: shas });
        return c;
      };

      before(async () => {
        server = await startE2eServer(dialect, builtWebRoot());
        browser = await launchBrowser();
        const admin = new ApiSession(server.url);
        const token =
          new URLSearchParams(new URL(server.setupUrl).hash.slice(1)).get('token') ?? '';
        await admin.call('POST', '/auth/setup', SessionInfo, {
          token,
          username: 'morgan.reyes',
          displayName: 'Morgan Reyes',
          initials: 'MR',
          password: PASSWORD,
        });
        await admin.enrolTotp();
        for (const [key, username, displayName, initials] of [
          ['officerA', 'dana.whitfield', 'Dana Whitfield', 'DW'],
          ['officerB', 'lee.carter', 'Lee Carter', 'LC'],
        ] as const)
          acc[key] = await seedAccount(server.url, admin, {
            username,
            displayName,
            initials,
            role: 'officer',
          });
        await closedCase('Football-club contact, closed NFA');
        await closedCase('Second contact, kept for intelligence');
      });
      after(async () => {
        for (const p of pages) assert.deepEqual(jsErrors(p), [], `no script errors on ${p.url()}`);
        await browser?.close();
        await server?.close();
      });

      test('the officer keeps one case and disposes of the other from the review queue', async () => {
        const [first, second] = cases;
        assert.ok(first && second);
        const page = await pageAs('officerA');
        await page.goto('/desk');
        await page.getByRole('link', { name: 'Reviews' }).click();
        await page.getByRole('heading', { name: 'Retention reviews' }).waitFor();
        const table = page.getByRole('table', { name: 'Cases due for review' });
        await table.getByRole('link', { name: first.ref }).waitFor();
        await table.getByRole('link', { name: second.ref }).waitFor();
        await assertAccessible(page);
        if (dialect === DIALECTS[0]) await shoot(page, 'officer-retention-queue');

        // Keep the second case with a new review date.
        await table.getByRole('link', { name: second.ref }).click();
        await page.getByRole('heading', { name: `Retention review: case ${second.ref}` }).waitFor();
        await page.getByText('Keep the case, with a new review date').click();
        const keep = page.getByRole('form', { name: 'Keep the case' });
        await keep.getByLabel('Linked to other intelligence or cases').check();
        await keep.getByLabel('Rationale').fill('Linked to an open operation in another force.');
        await keep.getByLabel('Next review date').fill('2031-03-01');
        await keep.getByRole('button', { name: 'Keep the case' }).click();
        await page.getByRole('list', { name: 'Retention decisions' }).getByText('Kept').waitFor();
        await page.getByText('2031-03-01').first().waitFor();

        // Dispose of the first: the form names what will be destroyed and wants the reference.
        await page.goto('/retention');
        await page.getByRole('table', { name: 'Cases due for review' }).waitFor();
        assert.equal(
          await page.getByRole('link', { name: second.ref }).count(),
          0,
          'the kept case left the queue',
        );
        await page.getByRole('link', { name: first.ref }).click();
        await page.getByRole('heading', { name: `Retention review: case ${first.ref}` }).waitFor();
        await page.getByText("Dispose of the case's material").click();
        const form = page.getByRole('form', { name: "Dispose of the case's material" });
        // Both cases hold the same chat export: its bytes stay for the kept case; the transcript
        // (which names its source exhibit) is the first case's own.
        const shared = first.sha256.filter((s) => second.sha256.includes(s));
        const own = first.sha256.filter((s) => !second.sha256.includes(s));
        assert.equal(shared.length, 1);
        assert.ok(own.length >= 1);
        const listed =
          (await form.getByRole('list', { name: 'What will be destroyed' }).textContent()) ?? '';
        for (const sha of own)
          assert.ok(listed.includes(sha), `the list names the exhibit with SHA-256 ${sha}`);
        for (const sha of shared) assert.ok(!listed.includes(sha), 'shared bytes are kept');
        await form.getByText('Kept because another case or report holds the same bytes').waitFor();
        await assertAccessible(page);
        if (dialect === DIALECTS[0]) await shoot(page, 'officer-retention-dispose');
        await form.getByLabel('The retention period has ended').check();
        await form.getByLabel('Rationale').fill('Six-year review: no continuing policing purpose.');
        await form.getByLabel(/I confirm the CPIA retention period has ended/).check();
        await form
          .getByLabel(`Type the case reference ${first.ref} to confirm`)
          .fill('C-0000-0000');
        await form.getByRole('button', { name: 'Dispose of the material' }).click();
        await form.getByText(`Type ${first.ref} to confirm`).first().waitFor();
        await form.getByLabel(`Type the case reference ${first.ref} to confirm`).fill(first.ref);
        await form.getByRole('button', { name: 'Dispose of the material' }).click();
        await page.getByText("This case's material was disposed of").waitFor();
        await page
          .getByRole('list', { name: 'Retention decisions' })
          .getByText('Disposed of')
          .waitFor();
        await page.getByText(/Keys destroyed/).waitFor();

        // The bytes are gone; the log keeps tombstones and verifies.
        for (const sha of own)
          assert.equal(await server.ctx.blobs.has(sha), false, `${sha} is destroyed`);
        for (const sha of second.sha256) {
          assert.equal(await server.ctx.blobs.has(sha), true, `${sha} of the kept case stays`);
          await server.ctx.blobs.verify(sha);
        }
        const report = await verifyStore(server.ctx, 'cli:AU');
        assert.equal(report.ok, true, JSON.stringify(report.problems));
        const api = await apiAs('officerA');
        const after = await api.call('GET', `/cases/${first.id}/retention`, CaseRetention);
        assert.ok(after.disposedAt);
        assert.ok(after.disposal.exhibits.every((e) => e.status === 'disposed'));
        assert.deepEqual(after.allowed, ['view']);
      });

      test('another officer cannot see or decide the review of a case they do not own', async () => {
        const [first, second] = cases;
        assert.ok(first && second);
        const api = await apiAs('officerB');
        const seen = await api.raw('GET', `/cases/${second.id}/retention`);
        assert.equal(seen.status, 403);
        const decided = await api.raw('POST', `/cases/${second.id}/retention`, {
          decision: 'dispose',
          reasonCode: 'no-longer-necessary',
          rationale: 'not my case but trying anyway',
          confirmCaseRef: second.ref,
          cpiaPeriodEnded: true,
        });
        assert.equal(decided.status, 403);
        const page = await pageAs('officerB');
        await page.goto('/retention');
        await page.getByText('No case of yours is due for review.').waitFor();
        await page.goto(`/cases/${second.id}/retention`);
        await page.getByRole('alert').waitFor();
        assert.equal(await page.getByRole('button', { name: /Dispose/ }).count(), 0);
      });
    },
  );
}
