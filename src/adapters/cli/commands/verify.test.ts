import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sql } from 'kysely';
import { runCli } from '../../../../test/support/cli.ts';
import { DIALECTS, testEnvironment } from '../../../../test/support/databases.ts';
import { LocalBlobStore } from '../../blobstore/local-blob-store.ts';
import { openDatabase } from '../../db/connect.ts';
import { describeProblem } from './verify.ts';

const CHAT =
  '05/03/2024, 18:40 - Sam Example: hello, text me on 07700 900123\n' +
  '05/03/2024, 18:41 - Zoe Example: ok\n';

test('a problem is written once with its subject, never twice', () => {
  const p = { subject: 'exhibit ZZ/9 file result.json', code: 'X' };
  assert.equal(
    describeProblem({ ...p, message: 'exhibit ZZ/9 file result.json: bad bytes' }),
    'exhibit ZZ/9 file result.json: bad bytes',
  );
  assert.equal(
    describeProblem({ ...p, message: 'bad bytes' }),
    'exhibit ZZ/9 file result.json: bad bytes',
  );
});

for (const dialect of DIALECTS) {
  describe(`custos verify (${dialect})`, () => {
    test('exit 0 on a clean store; exit 3 on a changed row, a changed blob and a removed tail', async () => {
      const env = await testEnvironment(dialect);
      const vars = env.databaseUrl ? { DATABASE_URL: env.databaseUrl } : {};
      const data = ['--data', env.dataDir];
      try {
        const dir = join(env.dataDir, 'in', 'export');
        await mkdir(dir, { recursive: true });
        await writeFile(join(dir, 'chat.txt'), CHAT);
        let r = await runCli([...data, 'ingest', '--by', 'ZZ', '--tz', 'UTC', dir], vars);
        assert.equal(r.code, 0, r.stderr);
        r = await runCli([...data, 'verify'], vars);
        assert.equal(r.code, 0, r.stdout + r.stderr);

        const opened = await openDatabase({
          dataDir: env.dataDir,
          databaseUrl: env.databaseUrl,
          migrate: false,
        });
        try {
          // 1. a row of the exhibit table rewritten
          await sql`update exhibits set acquired_by = 'cli:QQ' where ref = 'ZZ/1'`.execute(
            opened.db,
          );
          r = await runCli([...data, 'verify', '--json'], vars);
          assert.equal(r.code, 3, r.stdout + r.stderr);
          const report = JSON.parse(r.stdout) as {
            problems: { subject: string; code: string }[];
          };
          assert.deepEqual(
            report.problems.map((p) => [p.subject, p.code]),
            [['exhibit ZZ/1', 'EXHIBIT_RECORD_MISMATCH']],
          );
          await sql`update exhibits set acquired_by = 'cli:ZZ' where ref = 'ZZ/1'`.execute(
            opened.db,
          );

          // 2. a file of the folder exhibit damaged: its subject is written once
          const files = await opened.db.selectFrom('exhibit_files').select('sha256').execute();
          const sha = files[0]?.sha256 ?? '';
          const path = new LocalBlobStore(join(env.dataDir, 'blobs')).cipherPathOf(sha);
          const sealed = await readFile(path);
          await chmod(path, 0o644);
          const flipped = Buffer.from(sealed);
          flipped[flipped.length - 20] = (flipped[flipped.length - 20] ?? 0) ^ 1;
          await writeFile(path, flipped);
          r = await runCli([...data, 'verify'], vars);
          assert.equal(r.code, 3, r.stdout + r.stderr);
          const line = r.stdout.split('\n').find((l) => l.startsWith('MISMATCH')) ?? '';
          assert.ok(line.includes('exhibit ZZ/1 file chat.txt'), line);
          assert.equal(line.split('exhibit ZZ/1 file chat.txt').length, 2, line);
          await writeFile(path, sealed);

          // 3. the unsigned tail removed and the head set back
          r = await runCli([...data, 'verify'], vars);
          assert.equal(r.code, 0, r.stdout + r.stderr);
          const head = await opened.db
            .selectFrom('custody_head')
            .select('size')
            .executeTakeFirstOrThrow();
          const last = Number(head.size) - 1;
          await sql`delete from custody_events where seq = ${last}`.execute(opened.db);
          await sql`update custody_head set size = ${last}`.execute(opened.db);
          r = await runCli([...data, 'verify'], vars);
          assert.equal(r.code, 3, r.stdout + r.stderr);
          assert.equal(r.stderr, '', 'no stack trace');
          assert.match(r.stdout, /nothing recorded/);
          const after = await opened.db
            .selectFrom('custody_head')
            .select('size')
            .executeTakeFirstOrThrow();
          assert.equal(Number(after.size), last, 'nothing appended');
        } finally {
          await opened.close();
        }
      } finally {
        await env.cleanup();
      }
    });
  });
}
