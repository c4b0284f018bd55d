/**
 * verify.html in Chromium (Debian's, driven by playwright-core): the page verifies the golden
 * bundle and a fresh one, as a zip and as a folder, names a tampered file, and makes no network
 * request. Skipped when /usr/bin/chromium is missing, unless CUSTOS_REQUIRE_BROWSER=1.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { openTestApp, type TestApp } from '../../../test/support/app.ts';
import { parseManifest } from '../../core/bundle/manifest.ts';
import { exportBundle } from '../../usecases/bundle/export-bundle.ts';
import {
  ingestSample,
  readZipFiles,
  telegramFixture,
} from '../../usecases/bundle/bundle-test-support.ts';
import { bundleIo } from './index.ts';

const CHROMIUM = '/usr/bin/chromium';
const ROOT = new URL('../../../', import.meta.url);

function skipReason(): string | false {
  if (existsSync(CHROMIUM)) return false;
  const msg = `${CHROMIUM} is missing: the verifier page test is skipped (install Debian's chromium, as .ci/run does)`;
  if (process.env.CUSTOS_REQUIRE_BROWSER === '1')
    throw new Error(`${msg}; CUSTOS_REQUIRE_BROWSER=1 requires it`);
  return msg;
}

interface PageResult {
  readonly ok: string;
  readonly headline: string;
  readonly problems: string[];
  readonly warnings: string[];
  readonly exhibits: { ref: string; held: string; result: string }[];
}

describe('verify.html in Chromium', { skip: skipReason() }, () => {
  let browser: Browser;
  let app: TestApp;
  let dir: string;
  let zip: string;
  let page: Page;
  const requests: string[] = [];
  const errors: string[] = [];

  before(async () => {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    app = await openTestApp('sqlite');
    dir = await mkdtemp(join(tmpdir(), 'custos-page-'));
    await ingestSample(app, await telegramFixture(ROOT));
    zip = (
      await exportBundle(
        { ...app, io: bundleIo },
        {
          selection: { kind: 'exhibits', refs: ['AB/1', 'AB/3'], actor: 'cli:AB' },
          out: join(dir, 'bundle.zip'),
        },
      )
    ).path;
    await writeFile(join(dir, 'verify.html'), (await readZipFiles(zip)).get('verify.html') ?? '');
  });
  after(async () => {
    await browser?.close();
    await app?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function openPage(): Promise<void> {
    const context = await browser.newContext();
    page = await context.newPage();
    page.on('request', (r) => requests.push(r.url()));
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.goto(`file://${join(dir, 'verify.html')}`);
  }

  async function verify(input: {
    zip?: string;
    folder?: string;
    key?: string;
  }): Promise<PageResult> {
    await openPage();
    if (input.zip) await page.setInputFiles('#zip', input.zip);
    if (input.folder) await page.setInputFiles('#folder', input.folder);
    if (input.key) await page.fill('#key', input.key);
    await page.click('#verify');
    await page.waitForSelector('#status[data-state="done"]', { timeout: 60_000 });
    return page.evaluate(() => ({
      ok: document.getElementById('status')?.dataset.ok ?? '',
      headline: document.querySelector('#status strong')?.textContent ?? '',
      problems: [...document.querySelectorAll('#problems li')].map(
        (li) => (li as HTMLElement).dataset.code ?? '',
      ),
      warnings: [...document.querySelectorAll('#warnings li')].map(
        (li) => (li as HTMLElement).dataset.code ?? '',
      ),
      exhibits: [...document.querySelectorAll('tr[data-ref]')].map((tr) => ({
        ref: (tr as HTMLElement).dataset.ref ?? '',
        held: tr.children[2]?.textContent ?? '',
        result: tr.children[5]?.textContent ?? '',
      })),
    }));
  }

  test('the page is self-contained and forbids the network', async () => {
    const html = await readFile(join(dir, 'verify.html'), 'utf8');
    assert.match(
      html,
      /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'sha256-[A-Za-z0-9+/=]+';[^"]*connect-src 'none'/,
    );
    assert.doesNotMatch(html, /<script[^>]+src=|<link[^>]|<img[^>]|<iframe/i);
    // No code that could talk to a network (the CSP forbids it anyway).
    assert.doesNotMatch(
      html,
      /fetch\(|XMLHttpRequest|WebSocket|sendBeacon|EventSource|importScripts/,
    );
  });

  test('verifies a fresh bundle zip against the pinned key', async () => {
    const r = await verify({ zip, key: app.key.verifierKey });
    assert.equal(r.ok, 'true', JSON.stringify(r));
    assert.equal(r.headline, 'VERIFIED');
    assert.deepEqual(r.problems, []);
    assert.deepEqual(
      r.exhibits.map((e) => [e.ref, e.result]),
      [
        ['AB/1', 'ok'],
        ['AB/2', 'ok'],
        ['AB/3', 'ok'],
        ['AB/4', 'ok'],
      ],
    );
  });

  test('verifies the unzipped folder; without a key it says the key came from the bundle', async () => {
    const folder = join(dir, 'unzipped');
    for (const [p, b] of await readZipFiles(zip)) {
      await mkdir(dirname(join(folder, p)), { recursive: true });
      await writeFile(join(folder, p), b);
    }
    const r = await verify({ folder });
    assert.equal(r.ok, 'true', JSON.stringify(r));
    assert.match(r.headline, /key not pinned/);
    assert.ok(r.warnings.includes('BUNDLE_KEY_FROM_BUNDLE'));
  });

  test('names a tampered original in a zip', async () => {
    const bytes = new Uint8Array(await readFile(zip));
    const files = await readZipFiles(zip);
    const m = parseManifest(new TextDecoder().decode(files.get('manifest.json')));
    // Originals are stored uncompressed: find one's bytes in the zip and change one of them.
    const original = files.get(m.exhibits[0]?.files[0] ?? '') ?? new Uint8Array();
    const at = Buffer.from(bytes).indexOf(Buffer.from(original));
    assert.ok(at > 0);
    bytes[at + 10] = (bytes[at + 10] ?? 0) ^ 0x20;
    const tampered = join(dir, 'tampered.zip');
    await writeFile(tampered, bytes);
    const r = await verify({ zip: tampered, key: app.key.verifierKey });
    assert.equal(r.ok, 'false');
    assert.equal(r.headline, 'NOT VERIFIED');
    assert.ok(r.problems.includes('BUNDLE_FILE_HASH_MISMATCH'), JSON.stringify(r.problems));
    assert.equal(r.exhibits.find((e) => e.ref === 'AB/1')?.result, 'PROBLEM');
  });

  test('verifies the golden bundle against its pinned key and rejects another key', async () => {
    const golden = new URL('test/fixtures/bundle/golden.zip', ROOT).pathname;
    const key = (await readFile(new URL('test/fixtures/bundle/golden.vkey', ROOT), 'utf8')).trim();
    const good = await verify({ zip: golden, key });
    assert.equal(good.ok, 'true', JSON.stringify(good));
    const bad = await verify({ zip: golden, key: app.key.verifierKey });
    assert.equal(bad.ok, 'false');
    assert.ok(bad.problems.includes('BUNDLE_CHECKPOINT_INVALID'));
  });

  test('made no network request and logged no error', () => {
    assert.deepEqual(
      requests.filter((u) => !u.startsWith('file://')),
      [],
    );
    assert.deepEqual(errors, []);
  });
});
