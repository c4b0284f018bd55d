/**
 * Browser side of the end-to-end specs: Debian's Chromium driven by playwright-core (never a
 * downloaded browser), the built web app (cached by a hash of its sources), TOTP codes and
 * screenshots.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { generate } from 'otplib';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
const ROOT = new URL('../../../', import.meta.url).pathname;

/**
 * Why browser specs cannot run here, or null when they can. With `CUSTOS_REQUIRE_BROWSER=1`
 * (CI) a missing Chromium is an error instead of a skip.
 */
export function browserSkipReason(): string | null {
  if (existsSync(CHROMIUM)) return null;
  const msg = `${CHROMIUM} is missing: browser specs skipped (install Debian's chromium, as .ci/run does)`;
  if (process.env.CUSTOS_REQUIRE_BROWSER === '1')
    throw new Error(`${msg}; CUSTOS_REQUIRE_BROWSER=1 requires it`);
  return msg;
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--lang=en-GB',
    ],
  });
}

/** A fresh browser context (own cookies) with a phone or desktop viewport. */
export async function newPage(
  browser: Browser,
  baseURL: string,
  size: 'phone' | 'desktop' = 'desktop',
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    baseURL,
    viewport: size === 'phone' ? { width: 360, height: 780 } : { width: 1280, height: 900 },
    reducedMotion: 'reduce',
    locale: 'en-GB',
    timezoneId: 'Europe/London',
    acceptDownloads: true,
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) errors.push(m.text());
  });
  (page as Page & { jsErrors?: string[] }).jsErrors = errors;
  return { context, page };
}

/** JavaScript errors and console errors the page logged (4xx fetch failures excepted). */
export function jsErrors(page: Page): string[] {
  return (page as Page & { jsErrors?: string[] }).jsErrors ?? [];
}

function filesUnder(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) filesUnder(p, out);
    else if (!name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

/**
 * The web app built by Vite, reused while its sources (web/, src/contracts/, vite.config.ts)
 * are unchanged: built into a temporary folder, then renamed into place (safe when several spec
 * files build at once).
 * @returns the folder holding `index.html` and `assets/`.
 */
export function builtWebRoot(): string {
  const sources = [
    ...filesUnder(join(ROOT, 'web')),
    ...filesUnder(join(ROOT, 'src/contracts')),
    join(ROOT, 'vite.config.ts'),
  ].sort();
  const h = createHash('sha256');
  for (const f of sources)
    h.update(relative(ROOT, f)).update('\0').update(readFileSync(f)).update('\0');
  const dir = join(ROOT, 'node_modules/.cache/custos-web', h.digest('hex').slice(0, 16));
  if (existsSync(join(dir, 'index.html'))) return dir;
  mkdirSync(join(dir, '..'), { recursive: true });
  const tmp = `${dir}.tmp-${process.pid}`;
  const r = spawnSync(
    process.execPath,
    [
      join(ROOT, 'node_modules/vite/bin/vite.js'),
      'build',
      '--outDir',
      tmp,
      '--emptyOutDir',
      '--logLevel',
      'warn',
    ],
    { cwd: ROOT, encoding: 'utf8' },
  );
  if (r.status !== 0)
    throw new Error(`vite build failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  try {
    renameSync(tmp, dir);
  } catch {
    rmSync(tmp, { recursive: true, force: true });
  }
  return dir;
}

const lastStep = new Map<string, number>();

/**
 * A valid RFC 6238 code of a base32 secret that has not been handed out before. The server takes
 * each code once (§5.2) and accepts the steps either side of now for clock drift, so a second
 * sign-in in the same 30 seconds gets the next step's code; past that, this waits for the clock.
 */
export async function totpNow(secret: string): Promise<string> {
  for (;;) {
    const now = Math.floor(Date.now() / 30_000);
    const last = lastStep.get(secret) ?? -Infinity;
    const step = [now, now + 1].find((s) => s > last);
    if (step !== undefined) {
      lastStep.set(secret, step);
      return generate({ secret, epoch: step * 30 });
    }
    await new Promise((r) => setTimeout(r, (now + 1) * 30_000 - Date.now() + 50));
  }
}

/**
 * Where screenshots go: `docs/screenshots` when `CUSTOS_SCREENSHOTS=1`, else a temporary folder
 * (they are still taken, so rendering the pages is exercised).
 */
export function screenshotDir(): string {
  const dir =
    process.env.CUSTOS_SCREENSHOTS === '1'
      ? join(ROOT, 'docs/screenshots')
      : join(tmpdir(), 'custos-e2e-screenshots');
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Saves a screenshot of `page` (the whole page unless `fullPage: false`) as `<name>.png`. */
export async function shoot(
  page: Page,
  name: string,
  opts: { fullPage?: boolean } = {},
): Promise<void> {
  await page.screenshot({
    path: join(screenshotDir(), `${name}.png`),
    fullPage: opts.fullPage ?? true,
    animations: 'disabled',
  });
}

export const ROOT_DIR = ROOT;

/** Asserts there is no download, export, print, copy-out or share control anywhere on the page. */
export async function assertNoExportControls(page: Page): Promise<void> {
  const links = page.locator(
    'a[download], a[href*="/original"], a[href*="export"], a[href^="blob:"], a[href^="data:"]',
  );
  assert.equal(await links.count(), 0, `no download or export links on ${page.url()}`);
  const buttons = page.getByRole('button', { name: /download|export|print|copy|save as|share/i });
  assert.equal(
    await buttons.count(),
    0,
    `no download, export, print, copy or share buttons on ${page.url()}`,
  );
  const named = page.getByRole('link', { name: /download|export|print|share/i });
  assert.equal(
    await named.count(),
    0,
    `no links named download, export, print or share on ${page.url()}`,
  );
}

/**
 * Accessibility checks that hold on every page (WCAG 2.2 1.3.1, 2.4.6, 4.1.2): every form control
 * has an accessible name, every button and link has a name, images have a text alternative,
 * there is exactly one h1 and a main landmark, and ids are unique.
 */
export async function assertAccessible(page: Page): Promise<void> {
  // Plain JavaScript in a string: the test runner's transpiler would otherwise wrap the
  // functions with helpers that do not exist in the page.
  const problems = await page.evaluate<string[]>(ACCESSIBILITY_SCRIPT);
  assert.deepEqual(problems, [], `accessibility problems on ${page.url()}`);
}

const ACCESSIBILITY_SCRIPT = `(() => {
  const out = [];
  const nameOf = (el) => {
    const labelledby = el.getAttribute('aria-labelledby');
    if (labelledby) return labelledby.split(/\\s+/).map((id) => (document.getElementById(id)?.textContent ?? '')).join(' ').trim();
    const aria = el.getAttribute('aria-label');
    if (aria) return aria.trim();
    if (/^(INPUT|SELECT|TEXTAREA)$/.test(el.tagName)) return Array.from(el.labels ?? []).map((l) => l.textContent ?? '').join(' ').trim();
    return (el.textContent ?? '').trim();
  };
  for (const el of document.querySelectorAll('input:not([type=hidden]), select, textarea'))
    if (!nameOf(el)) out.push('unlabelled ' + el.tagName.toLowerCase() + '#' + el.id);
  for (const el of document.querySelectorAll('button, a[href]'))
    if (!nameOf(el)) out.push('nameless ' + el.outerHTML.slice(0, 80));
  for (const el of document.querySelectorAll('img, svg[role=img]'))
    if (!(el.getAttribute('alt') ?? el.getAttribute('aria-label'))) out.push('image without a text alternative');
  const h1 = document.querySelectorAll('h1').length;
  if (h1 !== 1) out.push(h1 + ' h1 elements');
  if (!document.querySelector('main')) out.push('no main landmark');
  const ids = Array.from(document.querySelectorAll('[id]')).map((e) => e.id);
  for (const id of new Set(ids.filter((id, i) => ids.indexOf(id) !== i))) out.push('duplicate id ' + id);
  return out;
})()`;
