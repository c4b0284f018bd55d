/**
 * Whole-log reads for custody verification (`verifyCustodyLog`), in pages, one code path for
 * SQLite (3.44+, for `string_agg`) and PostgreSQL.
 */
import type SQLite from 'better-sqlite3';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { CustodyEventRecord } from '../../ports/repositories.ts';
import type { Database } from './schema.ts';

type Db = Kysely<Database> | Transaction<Database>;

/**
 * Runs one read-only SQL statement on a SQLite connection, synchronously, and returns its rows
 * as arrays of column values in select order (better-sqlite3's raw mode: about half the cost of
 * a row object per row).
 */
export type RowArrays = (sql: string, parameters: readonly unknown[]) => unknown[][];

const rowArrayReaders = new WeakMap<object, RowArrays>();

/**
 * Lets the page reads below on `db` (not on its transactions) fetch rows as arrays through
 * `read`, which must run on the very connection behind `db`. {@link openDatabase} does this for
 * SQLite; without it (PostgreSQL, tests' own instances) they run as ordinary Kysely queries.
 */
export function readRowArraysThrough(db: Kysely<Database>, read: RowArrays): void {
  rowArrayReaders.set(db, read);
}

/** A {@link RowArrays} over a better-sqlite3 connection, each SQL text prepared once. */
export function sqliteRowArrays(connection: SQLite.Database): RowArrays {
  const statements = new Map<string, SQLite.Statement>();
  return (text, parameters) => {
    let statement = statements.get(text);
    if (!statement) {
      statement = connection.prepare(text).raw(true);
      statements.set(text, statement);
    }
    return statement.all(...parameters) as unknown[][];
  };
}

/**
 * Custody events with `from <= seq < to`, in order, in one query. The columns are selected under
 * the record's names, so each row is already a {@link CustodyEventRecord} (no copy per row).
 */
export async function eventPage(db: Db, from: number, to: number): Promise<CustodyEventRecord[]> {
  const query = db
    .selectFrom('custody_events')
    .select([
      'seq',
      'at',
      'actor',
      'action',
      'object',
      'exhibit_sha256 as exhibitSha256',
      'reason',
      'details',
      'details_sha256 as detailsSha256',
      'prev_hash as prevHash',
      'leaf',
      'leaf_hash as leafHash',
    ])
    .where('seq', '>=', from)
    .where('seq', '<', to)
    .orderBy('seq');
  const read = rowArrayReaders.get(db);
  if (!read) return query.execute();
  const { sql: text, parameters } = query.compile();
  // Holding Kysely's connection keeps the read from running inside another caller's transaction.
  const rows = await (db as Kysely<Database>)
    .connection()
    .execute(() => Promise.resolve(read(text, parameters)));
  return rows.map((r) => ({
    seq: r[0] as number,
    at: r[1] as string,
    actor: r[2] as string,
    action: r[3] as string,
    object: r[4] as string,
    exhibitSha256: r[5] as string | null,
    reason: r[6] as string | null,
    details: r[7] as string | null,
    detailsSha256: r[8] as string | null,
    prevHash: r[9] as string | null,
    leaf: r[10] as string,
    leafHash: r[11] as string,
  }));
}

/**
 * The stored hex hashes of the tree nodes of `level` with `from <= index < to`, in index order,
 * joined with `,` into one string read as one aggregate row (no row per node); `null` when none
 * is stored. A hash holds no `,`, so the string equals the expected hashes joined with `,` only
 * when every node of the range is stored with exactly its expected hash.
 */
export async function nodeRangeJoined(
  db: Db,
  level: number,
  from: number,
  to: number,
): Promise<string | null> {
  // Aggregated over an ordered subquery rather than with `string_agg(… ORDER BY idx)`, which
  // makes SQLite sort rows its index scan already yields in order. Neither dialect promises to
  // keep a subquery's order through an aggregate, but both do: and were it lost, the string
  // would merely differ and the caller compare node by node.
  const r = await db
    .selectFrom(
      db
        .selectFrom('merkle_nodes')
        .select('hash')
        .where('level', '=', level)
        .where('idx', '>=', from)
        .where('idx', '<', to)
        .orderBy('idx')
        .as('range'),
    )
    .select(sql<string | null>`string_agg(hash, ',')`.as('hashes'))
    .executeTakeFirst();
  return r?.hashes ?? null;
}
