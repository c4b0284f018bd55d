/** `custos demo`, `custos demo code`, `custos cases --json`, and the server's first start (setup link). */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from './support/cli.ts';
import { DIALECTS, testEnvironment } from './support/databases.ts';
import { startServer } from '../src/main/desk.ts';

for (const dialect of DIALECTS) {
  describe(`desk commands on ${dialect}`, () => {
    test('demo refuses a store that holds evidence but no accounts', async () => {
      const env = await testEnvironment(dialect);
      const vars = {
        CUSTOS_DATA: env.dataDir,
        ...(env.databaseUrl ? { DATABASE_URL: env.databaseUrl } : {}),
      };
      try {
        const ingest = await runCli(
          ['ingest', 'examples/whatsapp-android-chat.txt', '--by', 'ZZ', '--tz', 'Europe/London'],
          vars,
        );
        assert.equal(ingest.code, 0, ingest.stderr);
        const r = await runCli(['demo'], vars);
        assert.equal(r.code, 1);
        assert.match(r.stderr, /not empty/);
        const cases = await runCli(['cases', '--json'], vars);
        assert.equal(cases.code, 0, cases.stderr);
        assert.deepEqual(JSON.parse(cases.stdout), [], 'nothing of the demo was seeded');
      } finally {
        await env.cleanup();
      }
    });

    test('demo seeds every role, reports, cases, a hit and tasks; cases --json lists them', async () => {
      const env = await testEnvironment(dialect);
      const vars = {
        CUSTOS_DATA: env.dataDir,
        ...(env.databaseUrl ? { DATABASE_URL: env.databaseUrl } : {}),
      };
      try {
        const r = await runCli(['demo'], vars);
        assert.equal(r.code, 0, r.stderr);
        assert.match(r.stdout, /DEMO ONLY/);
        for (const u of ['admin', 'olivia', 'oscar', 'victor', 'vera', 'maya', 'aubrey'])
          assert.match(r.stdout, new RegExp(`^${u}\\s`, 'm'));
        assert.match(r.stdout, /deconfliction hit/);
        const again = await runCli(['demo'], vars);
        assert.equal(again.code, 1);
        assert.match(again.stderr, /not empty/);
        const cases = await runCli(['cases', '--json'], vars);
        assert.equal(cases.code, 0, cases.stderr);
        const list = JSON.parse(cases.stdout) as { ref: string; owner: string; status: string }[];
        assert.deepEqual(
          list.map((c) => [c.ref.replace(/\d{4}/, 'YYYY'), c.owner, c.status]),
          [
            ['C-YYYY-0001', 'PC Olivia Officer', 'open'],
            ['C-YYYY-0002', 'DC Oscar Okafor', 'open'],
          ],
        );
        const code = await runCli(['demo', 'code', 'olivia'], vars);
        assert.match(code.stdout.trim(), /^\d{6}$/);
        assert.equal((await runCli(['demo', 'code', 'victor'], vars)).code, 2);
      } finally {
        await env.cleanup();
      }
    });
  });
}

describe('first start', () => {
  test('prints a one-time setup link while no admin exists, and serves the API', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'custos-serve-'));
    const lines: string[] = [];
    const server = await startServer({
      dataDir,
      port: 0,
      host: '127.0.0.1',
      env: {},
      log: (l) => lines.push(l),
      build: false,
    });
    try {
      assert.ok(server.setupUrl);
      assert.ok(lines.some((l) => l.includes(server.setupUrl ?? '?')));
      assert.match(server.setupUrl, /^http:\/\/127\.0\.0\.1:\d+\/setup#token=[A-Za-z0-9_-]{43}$/);
      assert.ok(server.setupUrl.startsWith(server.url));
      const res = await fetch(`${server.url}/api/v1/session`);
      assert.equal(res.status, 200);
      assert.equal(((await res.json()) as { setupNeeded: boolean }).setupNeeded, true);
      assert.match(res.headers.get('content-security-policy') ?? '', /script-src 'self'/);
      const openapi = (await (await fetch(`${server.url}/api/v1/openapi.json`)).json()) as {
        paths: Record<string, unknown>;
      };
      assert.ok('/api/v1/public/reports' in openapi.paths);
      assert.ok('/api/v1/cases/{id}' in openapi.paths);
    } finally {
      await server.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
