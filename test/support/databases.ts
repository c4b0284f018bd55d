/**
 * Test databases for both dialects (STYLE.md: "Database tests loop over dialects").
 * SQLite always; PostgreSQL when DATABASE_URL is set (as `.ci/run` does). Each call makes a fresh,
 * empty, migrated database and removes it afterwards.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import {
  openDatabase,
  type DialectName,
  type OpenDatabase,
} from '../../src/adapters/db/connect.ts';

export const DIALECTS: readonly DialectName[] = process.env.DATABASE_URL
  ? ['sqlite', 'postgres']
  : ['sqlite'];

/** A fresh data directory (and, for PostgreSQL, a fresh database) for one test. */
export interface TestEnvironment {
  readonly dataDir: string;
  readonly databaseUrl: string | undefined;
  readonly dialect: DialectName;
  cleanup(): Promise<void>;
}

export async function testEnvironment(dialect: DialectName): Promise<TestEnvironment> {
  const dataDir = await mkdtemp(join(tmpdir(), 'custos-test-'));
  if (dialect === 'sqlite') {
    return {
      dataDir,
      databaseUrl: undefined,
      dialect,
      cleanup: () => rm(dataDir, { recursive: true, force: true }),
    };
  }
  const base = process.env.DATABASE_URL;
  if (!base) throw new Error('DATABASE_URL is needed for PostgreSQL tests');
  const name = `custos_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    dataDir,
    databaseUrl: url.toString(),
    dialect,
    async cleanup() {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Opens a fresh migrated database of `dialect`, runs `fn`, closes and removes it. */
export async function withDatabase<T>(
  dialect: DialectName,
  fn: (opened: OpenDatabase, env: TestEnvironment) => Promise<T>,
): Promise<T> {
  const env = await testEnvironment(dialect);
  const opened = await openDatabase({ dataDir: env.dataDir, databaseUrl: env.databaseUrl });
  try {
    return await fn(opened, env);
  } finally {
    await opened.close();
    await env.cleanup();
  }
}
