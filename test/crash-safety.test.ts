// Crash safety (issue 2, item 11): `custos ingest` is killed with SIGKILL at many points of its
// run; afterwards the store holds no partial exhibit, no dangling custody event, and the custody
// log verifies. Kill times are spread evenly over a measured uninterrupted run (re-estimated when
// a run finishes before its kill), so they land in
// start-up, blob writing, the acquisition transaction, parsing, the derivation transaction and
// checkpoint signing. Runs on SQLite and (with DATABASE_URL) PostgreSQL.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DIALECTS, testEnvironment } from './support/databases.ts';
import { openAppContext } from '../src/main/context.ts';
import { verifyCustodyLog } from '../src/usecases/custody/verify-custody-log.ts';
import { verifyStore } from '../src/usecases/evidence/verify-store.ts';

const root = join(import.meta.dirname, '..');
const bin = join(root, 'bin', 'custos.js');
const KILLS = Number(process.env.CUSTOS_CRASH_KILLS ?? 12);

function runIngest(
  dataDir: string,
  databaseUrl: string | undefined,
  input: string,
  killAfterMs?: number,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }> {
  const { DATABASE_URL: _ignored, ...inherited } = process.env;
  const env: NodeJS.ProcessEnv = databaseUrl
    ? { ...inherited, DATABASE_URL: databaseUrl }
    : inherited;
  const started = Date.now();
  const child = spawn(
    process.execPath,
    [bin, '--data', dataDir, 'ingest', '--by', 'KS', '--tz', 'Europe/London', input],
    { env, stdio: 'ignore' },
  );
  const timer =
    killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
  return new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      if (timer) clearTimeout(timer);
      resolve({ code, signal, ms: Date.now() - started });
    });
  });
}

/** A WhatsApp-style export of about `mb` megabytes of everyday synthetic chat. */
function bigExport(dir: string, mb: number): string {
  const sample = readFileSync(join(root, 'examples', 'whatsapp-android-chat.txt'), 'utf8')
    .split('\n')
    .filter(Boolean);
  const lines: string[] = [];
  let size = 0;
  for (let day = 0; size < mb * 1e6; day++) {
    const date = new Date(Date.UTC(2023, 0, 1) + day * 3600_000);
    const dd = String(date.getUTCDate()).padStart(2, '0');
    const mm = String(date.getUTCMonth() + 1).padStart(2, '0');
    for (const l of sample.slice(1)) {
      const line = `${dd}/${mm}/${date.getUTCFullYear()}, ${l.slice(12)}`;
      lines.push(line);
      size += line.length + 1;
    }
  }
  const path = join(dir, 'big-export.txt');
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

async function checkStore(
  dataDir: string,
  databaseUrl: string | undefined,
): Promise<{ exhibits: number; acquiredOnly: number; events: number }> {
  const app = await openAppContext({ dataDir, databaseUrl: databaseUrl ?? null });
  try {
    const repos = app.uow.read;
    const exhibits = await repos.exhibits.list();
    const refs = new Set(exhibits.map((e) => `exhibit:${e.ref}`));
    for (const e of exhibits) {
      // no partial exhibit: its bytes are stored and its first custody event carries its hash
      assert.equal(await app.blobs.has(e.sha256), true, `${e.ref} has its blob`);
      const events = await repos.custody.eventsFor(`exhibit:${e.ref}`);
      assert.equal(
        events[0]?.action,
        e.kind === 'original' ? 'acquired' : 'derived',
        `${e.ref} has its first event`,
      );
      assert.equal(events[0]?.exhibitSha256, e.sha256);
      if (e.kind === 'transcript')
        assert.ok(
          exhibits.some((o) => o.id === e.sourceExhibitId && o.status === 'parsed'),
          `${e.ref} has a parsed source`,
        );
    }
    // no dangling event: every event about an exhibit names one that exists
    const size = await repos.custody.size();
    for await (const ev of repos.custody.events(0, size)) {
      if (ev.object.startsWith('exhibit:'))
        assert.ok(refs.has(ev.object), `event ${ev.seq} names existing ${ev.object}`);
    }
    const log = await verifyCustodyLog(repos, app.key);
    assert.deepEqual(log.problems, [], 'custody log verifies');
    return {
      exhibits: exhibits.length,
      acquiredOnly: exhibits.filter((e) => e.status === 'acquired').length,
      events: size,
    };
  } finally {
    await app.close();
  }
}

for (const dialect of DIALECTS) {
  describe(`crash safety on ${dialect}`, () => {
    test(
      `SIGKILL at ${KILLS} points of an ingest leaves a consistent, verifiable store`,
      { timeout: 1_200_000 },
      async () => {
        const env = await testEnvironment(dialect);
        const work = await mkdtemp(join(tmpdir(), 'custos-crash-'));
        try {
          const input = bigExport(work, 4);
          // One uninterrupted run, in the store under test (same dialect, same machine load), to
          // know how long an ingest takes here.
          const full = await runIngest(env.dataDir, env.databaseUrl, input);
          assert.equal(full.code, 0, 'uninterrupted ingest completes');
          // Kill times are spread over the estimate. A run that finishes before its kill (the
          // machine got quicker) lowers the estimate and that point is tried again, so the kills
          // land inside the run however busy the machine is.
          let estimate = full.ms;
          let killed = 0;
          for (let i = 0; i < KILLS; i++) {
            for (let attempt = 0; attempt < 3; attempt++) {
              const at = Math.round((estimate * (i + 0.5)) / KILLS);
              const r = await runIngest(env.dataDir, env.databaseUrl, input, at);
              await checkStore(env.dataDir, env.databaseUrl);
              if (r.signal === 'SIGKILL') {
                killed++;
                break;
              }
              estimate = Math.min(estimate, r.ms);
            }
          }
          assert.ok(
            killed >= KILLS / 2,
            `at least half the runs were killed mid-way (${killed}/${KILLS})`,
          );
          // After the crashes, a full ingest works and the whole store verifies.
          const last = await runIngest(env.dataDir, env.databaseUrl, input);
          assert.ok(
            last.code === 0 || last.code === 1,
            `final ingest exits normally (got ${last.code})`,
          );
          const state = await checkStore(env.dataDir, env.databaseUrl);
          const app = await openAppContext({
            dataDir: env.dataDir,
            databaseUrl: env.databaseUrl ?? null,
          });
          try {
            const report = await verifyStore(app, 'cli:KS');
            assert.deepEqual(report.problems, []);
          } finally {
            await app.close();
          }
          const tmpLeft = await readdir(join(env.dataDir, 'blobs', 'tmp'));
          assert.deepEqual(tmpLeft, [], 'temp files of killed runs are cleaned on the next start');
          console.log(
            `# crash safety ${dialect}: ${killed}/${KILLS} runs killed over ${full.ms} ms; ${state.exhibits} exhibits (${state.acquiredOnly} acquired but not yet parsed), ${state.events} custody events`,
          );
        } finally {
          await rm(work, { recursive: true, force: true });
          await env.cleanup();
        }
      },
    );
  });
}
