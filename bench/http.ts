/**
 * HTTP benchmarks of the web application (issue 5), each against a reference measured in the
 * same run (no assertions; targets are reported):
 *
 * 1. Report intake — `POST /api/v1/public/reports` (JSON; validation, the report, its selector,
 *    custody event and access-log entry in one transaction, deconfliction) — against a bare
 *    Fastify route answering a JSON POST. Target: at least 0.3× the bare route's requests/s.
 * 2. Evidence upload — a 200 MB file streamed as multipart to `POST /public/reports/:id/evidence`
 *    (stored through `ingestEvidence`) — against the blob store's own `put` of the same file.
 *    Target: at most 1.3× the store's time.
 *
 * Usage: node --import tsx bench/http.ts [seconds per run = 10] [upload MB = 200] [--quick]
 * The database is SQLite in a temporary folder, or — when DATABASE_URL is set — a fresh PostgreSQL
 * database made on that server for each run and dropped after it (measuring against a database
 * other people use would measure its rows and whatever schema it has reached).
 */
import { createReadStream, existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { randomFillSync } from 'node:crypto';
import { request, type Server } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import Fastify from 'fastify';
import { LocalBlobStore } from '../src/adapters/blobstore/local-blob-store.ts';
import { argon2Passwords } from '../src/adapters/auth/argon2-passwords.ts';
import { buildServer } from '../src/adapters/http/server.ts';
import { openDeskContext } from '../src/main/desk.ts';
import { DEFAULT_DESK_CONFIG } from '../src/usecases/desk-context.ts';
import { testEnvironment } from '../test/support/databases.ts';

const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const quick = process.argv.includes('--quick');
const SECONDS = Number(args[0] ?? (quick ? 3 : 10));
const UPLOAD_MB = Number(args[1] ?? (quick ? 50 : 200));
const CONNECTIONS = 20;
const WORK = join(import.meta.dirname, '.work');
mkdirSync(WORK, { recursive: true });

const REPORT = JSON.stringify({
  childInDangerNow: 'no',
  whatHappened:
    'Someone from an online game has been messaging my daughter and asked for her Snapchat.',
  platform: 'snapchat',
  otherPersonIdentifiers: ['bench.example'],
  childAge: 12,
});

async function cannon(
  url: string,
  seconds: number,
): Promise<{ rps: number; p99: number; errors: number; non2xx: number }> {
  const r = await autocannon({
    url,
    method: 'POST',
    body: REPORT,
    headers: { 'content-type': 'application/json' },
    connections: CONNECTIONS,
    duration: seconds,
  });
  return { rps: r.requests.average, p99: r.latency.p99, errors: r.errors, non2xx: r.non2xx };
}

async function listen(app: {
  listen(o: { host: string; port: number }): Promise<string>;
  server: Server;
}): Promise<number> {
  await app.listen({ host: '127.0.0.1', port: 0 });
  const a = app.server.address();
  return typeof a === 'object' && a ? a.port : 0;
}

async function intakeVersusBare(): Promise<void> {
  const bare = Fastify({ logger: false });
  bare.post('/bare', async (req) => ({ ok: true, got: typeof req.body }));
  const bareUrl = `http://127.0.0.1:${await listen(bare)}/bare`;

  // A fresh data folder, and a fresh database on the DATABASE_URL server when one is set.
  const env = await testEnvironment(process.env.DATABASE_URL ? 'postgres' : 'sqlite');
  const ctx = await openDeskContext({
    dataDir: env.dataDir,
    databaseUrl: env.databaseUrl ?? null,
    passwords: argon2Passwords(),
    config: DEFAULT_DESK_CONFIG,
  });
  const app = await buildServer(ctx, { publicRateLimit: 1e9, authRateLimit: 1e9 });
  const intakeUrl = `http://127.0.0.1:${await listen(app)}/api/v1/public/reports`;
  try {
    await cannon(bareUrl, 2);
    await cannon(intakeUrl, 2);
    const bareRuns = [];
    const intakeRuns = [];
    for (let i = 0; i < 2; i++) {
      bareRuns.push(await cannon(bareUrl, SECONDS));
      intakeRuns.push(await cannon(intakeUrl, SECONDS));
    }
    const best = (runs: { rps: number }[]) => Math.max(...runs.map((r) => r.rps));
    const b = best(bareRuns);
    const it = best(intakeRuns);
    const errs = intakeRuns.reduce((n, r) => n + r.errors + r.non2xx, 0);
    console.log(
      `report intake (JSON POST, ${ctx.location.dialect}): ${it.toFixed(0)} req/s (p99 ${intakeRuns.at(-1)?.p99 ?? 0} ms, ${errs} errors)`,
    );
    console.log(`bare Fastify JSON POST:          ${b.toFixed(0)} req/s`);
    console.log(
      errs > 0
        ? `ratio intake/bare: not measured — intake answered ${errs} errors (requests/s of errors say nothing)`
        : `ratio intake/bare: ${(it / b).toFixed(3)}  (target >= 0.3)  [${CONNECTIONS} connections, best of 2 × ${SECONDS} s]`,
    );
  } finally {
    await app.close();
    await bare.close();
    await ctx.close();
    await env.cleanup();
  }
}

/** A file of pseudo-random bytes (not a chat export: detection refuses it quickly). */
function uploadFile(mb: number): string {
  const file = join(WORK, `upload-${mb}m.bin`);
  if (existsSync(file) && statSync(file).size === mb * 1024 * 1024) return file;
  const chunk = Buffer.alloc(1024 * 1024);
  writeFileSync(file, '');
  for (let i = 0; i < mb; i++) writeFileSync(file, randomFillSync(chunk), { flag: 'a' });
  return file;
}

function postFile(port: number, path: string, token: string, file: string): Promise<number> {
  const boundary = '----custosbench';
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: 'POST',
        headers: {
          'content-type': `multipart/form-data; boundary=${boundary}`,
          'x-upload-token': token,
        },
      },
      (res) => {
        res.resume();
        res.on('end', () =>
          res.statusCode === 200
            ? resolve(Number(process.hrtime.bigint() - started) / 1e6)
            : reject(new Error(`upload answered ${res.statusCode}`)),
        );
      },
    );
    req.on('error', reject);
    req.write(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="evidence.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    );
    const s = createReadStream(file, { highWaterMark: 1024 * 1024 });
    s.pipe(req, { end: false });
    s.on('end', () => req.end(`\r\n--${boundary}--\r\n`));
    s.on('error', reject);
  });
}

async function uploadVersusPut(): Promise<void> {
  const file = uploadFile(UPLOAD_MB);
  const putTimes: number[] = [];
  const uploadTimes: number[] = [];
  for (let round = 0; round < 3; round++) {
    const storeDir = mkdtempSync(join(tmpdir(), 'custos-bench-put-'));
    try {
      const store = new LocalBlobStore(join(storeDir, 'blobs'));
      await store.init();
      const t0 = process.hrtime.bigint();
      await store.put(createReadStream(file, { highWaterMark: 1024 * 1024 }));
      putTimes.push(Number(process.hrtime.bigint() - t0) / 1e6);
    } finally {
      rmSync(storeDir, { recursive: true, force: true });
    }
    const env = await testEnvironment(process.env.DATABASE_URL ? 'postgres' : 'sqlite');
    const ctx = await openDeskContext({
      dataDir: env.dataDir,
      databaseUrl: env.databaseUrl ?? null,
      config: DEFAULT_DESK_CONFIG,
    });
    const app = await buildServer(ctx, { publicRateLimit: 1e9 });
    try {
      const port = await listen(app);
      const res = await fetch(`http://127.0.0.1:${port}/api/v1/public/reports`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: REPORT,
      });
      const { upload } = (await res.json()) as { upload: { url: string; token: string } };
      uploadTimes.push(await postFile(port, upload.url, upload.token, file));
    } finally {
      await app.close();
      await ctx.close();
      await env.cleanup();
    }
  }
  const put = Math.min(...putTimes);
  const up = Math.min(...uploadTimes);
  console.log(
    `${UPLOAD_MB} MB upload over HTTP (multipart → ingestEvidence): ${up.toFixed(0)} ms (${((UPLOAD_MB / up) * 1000).toFixed(0)} MB/s)`,
  );
  console.log(
    `${UPLOAD_MB} MB blob store put of the same file:              ${put.toFixed(0)} ms (${((UPLOAD_MB / put) * 1000).toFixed(0)} MB/s)`,
  );
  console.log(`ratio upload/put: ${(up / put).toFixed(3)}  (target <= 1.3)  [best of 3]`);
}

await intakeVersusBare();
await uploadVersusPut();
