/**
 * Opening and closing the database: a PostgreSQL connection ended by the server (a restart, an
 * administrator) costs a warning, not the process, and the next query opens a fresh one; closing
 * waits until every connection has really gone, so the database can be dropped straight after.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { sql } from 'kysely';
import pg from 'pg';
import { testEnvironment } from '../../../test/support/databases.ts';
import { openDatabase } from './connect.ts';

describe('PostgreSQL connections', { skip: !process.env.DATABASE_URL }, () => {
  test('a connection the server ends while idle is replaced, with a warning', async () => {
    const env = await testEnvironment('postgres');
    const opened = await openDatabase({ dataDir: env.dataDir, databaseUrl: env.databaseUrl });
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.message);
    process.on('warning', onWarning);
    try {
      const first = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(opened.db);
      const pid = first.rows[0]?.pid;
      assert.ok(pid);
      const warned = once(process, 'warning');
      const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await admin.connect();
      await admin.query('select pg_terminate_backend($1)', [pid]);
      await admin.end();
      await warned;
      assert.ok(
        warnings.some((m) => m.includes('PostgreSQL connection lost')),
        warnings.join(),
      );
      const again = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(opened.db);
      assert.notEqual(again.rows[0]?.pid, pid);
    } finally {
      process.off('warning', onWarning);
      await opened.close();
      await env.cleanup();
    }
  });

  test('after close no connection is left for a forced drop to end', async () => {
    for (let round = 0; round < 5; round++) {
      const env = await testEnvironment('postgres');
      const opened = await openDatabase({ dataDir: env.dataDir, databaseUrl: env.databaseUrl });
      await Promise.all(
        Array.from({ length: 4 }, () => sql`select pg_sleep(0.01)`.execute(opened.db)),
      );
      await opened.close();
      const name = new URL(env.databaseUrl ?? '').pathname.slice(1);
      const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await admin.connect();
      const left = await admin.query<{ n: string }>(
        'select count(*) as n from pg_stat_activity where datname = $1',
        [name],
      );
      await admin.end();
      assert.equal(Number(left.rows[0]?.n), 0, `round ${round}`);
      await env.cleanup();
    }
  });
});
