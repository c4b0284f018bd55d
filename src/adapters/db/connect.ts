/**
 * Dialect factory: the embedded default is SQLite (better-sqlite3, WAL, `synchronous=FULL`) in the
 * data directory; PostgreSQL 15+ when a `postgres://` URL is given (ARCHITECTURE.md, "Storage").
 * Migrations run on open.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import type { CustomTypesConfig } from 'pg';
import { Kysely, PostgresDialect, SqliteAdapter, SqliteDialect } from 'kysely';
import { Migrator } from 'kysely/migration';
import { CustosError } from '../../core/errors.ts';
import { migrationProvider } from './migrations/index.ts';
import { readRowArraysThrough, sqliteRowArrays } from './custody-log-reads.ts';
import type { Database } from './schema.ts';

export type DialectName = 'sqlite' | 'postgres';

/** An open database with its dialect. */
export interface OpenDatabase {
  readonly db: Kysely<Database>;
  readonly dialect: DialectName;
  /** Where it is: the SQLite file path, or the PostgreSQL URL without password. */
  readonly location: string;
  close(): Promise<void>;
}

/** Options for {@link openDatabase}. */
export interface OpenDatabaseOptions {
  /** Data directory; the SQLite file is `<dataDir>/custos.sqlite`. */
  readonly dataDir: string;
  /** `postgres://…` to use PostgreSQL instead of SQLite. */
  readonly databaseUrl?: string | undefined;
  /** Run pending migrations (default true). */
  readonly migrate?: boolean;
}

/**
 * Wraps a better-sqlite3 connection so that each distinct SQL text is prepared once and reused
 * (Kysely prepares every query afresh; preparing costs more than running most of ours). Safe
 * because Kysely serialises queries on its single SQLite connection and we never stream.
 */
function cachingStatements(db: SQLite.Database): {
  close(): void;
  prepare(sql: string): SQLite.Statement;
} {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => db.close(),
    prepare(sql: string) {
      let statement = cache.get(sql);
      if (!statement) {
        if (cache.size >= 1000) cache.clear();
        statement = db.prepare(sql);
        cache.set(sql, statement);
      }
      return statement;
    },
  };
}

/**
 * SQLite runs DDL inside transactions, but Kysely's SQLite adapter says it does not, so its
 * migrator would apply migrations statement by statement: a process killed during the first start
 * would leave half a schema that no later start can migrate. Saying so makes pending migrations
 * commit whole or not at all (test/crash-safety.test.ts).
 */
class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

class TransactionalDdlSqliteDialect extends SqliteDialect {
  override createAdapter(): SqliteAdapter {
    return new TransactionalDdlSqliteAdapter();
  }
}

/** Parses int8 (OID 20) and numeric counts as JS numbers; refuses values that would lose precision. */
function int8(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new RangeError(`int8 value ${value} exceeds 2^53`);
  return n;
}

/**
 * Opens (and by default migrates) the database.
 *
 * @throws CustosError `DB_OPEN_FAILED` (internal) when the database cannot be opened or migrated.
 */
export async function openDatabase(options: OpenDatabaseOptions): Promise<OpenDatabase> {
  let opened: OpenDatabase;
  if (options.databaseUrl) {
    const url = options.databaseUrl;
    const { default: pg } = await import('pg'); // loaded only when PostgreSQL is used
    const pool = new pg.Pool({
      connectionString: url,
      max: 10,
      types: {
        getTypeParser: ((oid: number, format?: 'text' | 'binary'): unknown =>
          oid === 20
            ? int8
            : pg.types.getTypeParser(oid, format ?? 'text')) as CustomTypesConfig['getTypeParser'],
      },
    });
    // pg-pool resolves end() before its connections have closed, and re-emits a server's error on
    // an idle connection (a restart, an administrator ending it) as a pool 'error' event, which
    // without a listener would end the process. The pool has already discarded that connection
    // and opens a fresh one on the next query, so outside closing it is worth a warning only.
    const live = new Set<unknown>();
    let closing = false;
    let drained: (() => void) | undefined;
    pool.on('connect', (client) => live.add(client));
    pool.on('remove', (client) => {
      live.delete(client);
      if (live.size === 0) drained?.();
    });
    pool.on('error', (err) => {
      if (!closing) process.emitWarning(`PostgreSQL connection lost: ${err.message}`, 'CustosDb');
    });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    opened = {
      db,
      dialect: 'postgres',
      location: url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@'),
      async close() {
        closing = true;
        const allEnded = new Promise<void>((resolve) => {
          drained = resolve;
        });
        await db.destroy();
        if (live.size > 0) await allEnded;
      },
    };
  } else {
    mkdirSync(options.dataDir, { recursive: true });
    const file = join(options.dataDir, 'custos.sqlite');
    let sqlite: SQLite.Database;
    try {
      sqlite = new SQLite(file);
    } catch (e) {
      throw new CustosError(
        'internal',
        'DB_OPEN_FAILED',
        `cannot open the database ${file}: ${e instanceof Error ? e.message : String(e)}`,
        { cause: e },
      );
    }
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma('foreign_keys = ON');
    // Freed pages are overwritten with zeros, so erased personal data (retention disposal) does
    // not linger in the file's free pages (docs/retention.md).
    sqlite.pragma('secure_delete = ON');
    sqlite.pragma('busy_timeout = 15000');
    sqlite.defaultSafeIntegers(false);
    const db = new Kysely<Database>({
      dialect: new TransactionalDdlSqliteDialect({ database: cachingStatements(sqlite) }),
    });
    readRowArraysThrough(db, sqliteRowArrays(sqlite));
    opened = { db, dialect: 'sqlite', location: file, close: () => db.destroy() };
  }
  if (options.migrate ?? true) {
    try {
      await migrate(opened.db);
    } catch (e) {
      await opened.close();
      throw e;
    }
  }
  return opened;
}

/** Applies pending migrations. @throws CustosError `DB_MIGRATION_FAILED`. */
export async function migrate(db: Kysely<Database>): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: migrationProvider,
    allowUnorderedMigrations: true,
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new CustosError(
      'internal',
      'DB_MIGRATION_FAILED',
      `database migration ${failed} failed: ${error instanceof Error ? error.message : JSON.stringify(error)}`,
      { cause: error },
    );
  }
}
