/**
 * Kysely implementations of the repository ports, one code path for SQLite and PostgreSQL.
 */
import {
  NoResultError,
  type Insertable,
  type Kysely,
  type Selectable,
  type Transaction,
} from 'kysely';
import { CustosError } from '../../core/errors.ts';
import { KyselyAssessmentRepository } from './assessment-repository.ts';
import { KyselySelectorRepository } from './selector-repository.ts';
import {
  deskRepositories,
  type KyselyAccessLogRepository,
  type KyselyCounterRepository,
} from './desk-repositories.ts';
import { programmeRepositories } from './programme-repositories.ts';
import { retentionRepository } from './retention-repository.ts';
import type { NodeRef, StoredNode } from '../../core/custody/merkle.ts';
import type {
  Exhibit,
  ExhibitFile,
  ExhibitForm,
  ExhibitKind,
  ExhibitStatus,
  ParseFailureRecord,
  TranscriptSummaryRecord,
} from '../../core/evidence/exhibit.ts';
import type {
  CheckpointRecord,
  CustodyEventRecord,
  CustodyRepository,
  ExhibitRepository,
  Repositories,
  UnitOfWork,
} from '../../ports/repositories.ts';
import { prepared } from './prepared.ts';
import { eventPage, nodeRangeJoined } from './custody-log-reads.ts';
import type { Database, ExhibitsTable, CustodyEventsTable } from './schema.ts';

type Db = Kysely<Database> | Transaction<Database>;

const toHex = (b: Uint8Array): string =>
  Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');

function exhibitFromRow(r: Selectable<ExhibitsTable>): Exhibit {
  const outcome = r.summary
    ? (JSON.parse(r.summary) as { summary?: TranscriptSummaryRecord; failure?: ParseFailureRecord })
    : {};
  return {
    id: r.id,
    ref: r.ref,
    kind: r.kind as ExhibitKind,
    form: r.form as ExhibitForm,
    sha256: r.sha256,
    sizeBytes: Number(r.size_bytes),
    originalName: r.original_name,
    sourceExhibitId: r.source_exhibit_id,
    sourceSha256: r.source_sha256,
    parser:
      r.parser_name && r.parser_version ? { name: r.parser_name, version: r.parser_version } : null,
    format: r.format,
    status: r.status as ExhibitStatus,
    summary: outcome.summary ?? null,
    failure: outcome.failure ?? null,
    acquiredBy: r.acquired_by,
    acquiredAt: r.acquired_at,
    note: r.note,
    timeZone: r.time_zone,
    caseId: r.case_id,
  };
}

function outcomeJson(
  summary: TranscriptSummaryRecord | null | undefined,
  failure: ParseFailureRecord | null | undefined,
): string | null {
  if (!summary && !failure) return null;
  return JSON.stringify({ ...(summary ? { summary } : {}), ...(failure ? { failure } : {}) });
}

class KyselyExhibitRepository implements ExhibitRepository {
  constructor(private readonly db: Db) {}

  async nextNumber(initials: string): Promise<number> {
    const row = await this.db
      .updateTable('exhibit_counters')
      .set((eb) => ({ last_number: eb('last_number', '+', 1) }))
      .where('initials', '=', initials)
      .returning('last_number')
      .executeTakeFirst();
    if (row) return row.last_number;
    await this.db.insertInto('exhibit_counters').values({ initials, last_number: 1 }).execute();
    return 1;
  }

  async insert(e: Exhibit): Promise<void> {
    const [initials = '', number = '0'] = e.ref.split('/');
    await this.db
      .insertInto('exhibits')
      .values({
        id: e.id,
        ref: e.ref,
        initials,
        number: Number(number),
        kind: e.kind,
        form: e.form,
        sha256: e.sha256,
        size_bytes: e.sizeBytes,
        original_name: e.originalName,
        source_exhibit_id: e.sourceExhibitId,
        source_sha256: e.sourceSha256,
        parser_name: e.parser?.name ?? null,
        parser_version: e.parser?.version ?? null,
        format: e.format,
        status: e.status,
        summary: outcomeJson(e.summary, e.failure),
        acquired_by: e.acquiredBy,
        acquired_at: e.acquiredAt,
        note: e.note,
        time_zone: e.timeZone,
        case_id: e.caseId,
      })
      .execute();
  }

  async insertFiles(exhibitId: string, files: readonly ExhibitFile[]): Promise<void> {
    for (let i = 0; i < files.length; i += 200) {
      const batch = files.slice(i, i + 200).map((f) => ({
        exhibit_id: exhibitId,
        path: f.path,
        sha256: f.sha256,
        size_bytes: f.sizeBytes,
      }));
      await this.db.insertInto('exhibit_files').values(batch).execute();
    }
  }

  async setOutcome(
    id: string,
    status: ExhibitStatus,
    outcome: { summary?: TranscriptSummaryRecord; failure?: ParseFailureRecord; format?: string },
  ): Promise<void> {
    await this.db
      .updateTable('exhibits')
      .set({
        status,
        summary: outcomeJson(outcome.summary, outcome.failure),
        ...(outcome.format ? { format: outcome.format } : {}),
      })
      .where('id', '=', id)
      .execute();
  }

  async findByRef(ref: string): Promise<Exhibit | undefined> {
    const r = await this.db
      .selectFrom('exhibits')
      .selectAll()
      .where('ref', '=', ref)
      .executeTakeFirst();
    return r && exhibitFromRow(r);
  }

  async findById(id: string): Promise<Exhibit | undefined> {
    const r = await this.db
      .selectFrom('exhibits')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return r && exhibitFromRow(r);
  }

  async findBySha256(sha256: string): Promise<Exhibit[]> {
    const rows = await this.db
      .selectFrom('exhibits')
      .selectAll()
      .where('sha256', '=', sha256)
      .orderBy('acquired_at')
      .orderBy('number')
      .execute();
    return rows.map(exhibitFromRow);
  }

  async findDerived(sourceId: string): Promise<Exhibit[]> {
    const rows = await this.db
      .selectFrom('exhibits')
      .selectAll()
      .where('source_exhibit_id', '=', sourceId)
      .orderBy('acquired_at')
      .orderBy('number')
      .execute();
    return rows.map(exhibitFromRow);
  }

  async listFiles(exhibitId: string): Promise<ExhibitFile[]> {
    const rows = await this.db
      .selectFrom('exhibit_files')
      .selectAll()
      .where('exhibit_id', '=', exhibitId)
      .orderBy('path')
      .execute();
    return rows.map((r) => ({ path: r.path, sha256: r.sha256, sizeBytes: Number(r.size_bytes) }));
  }

  async list(options: { limit?: number; offset?: number } = {}): Promise<Exhibit[]> {
    let q = this.db
      .selectFrom('exhibits')
      .selectAll()
      .orderBy('acquired_at')
      .orderBy('initials')
      .orderBy('number');
    if (options.limit !== undefined) q = q.limit(options.limit);
    if (options.offset !== undefined) q = q.offset(options.offset);
    return (await q.execute()).map(exhibitFromRow);
  }

  async count(): Promise<number> {
    const r = await this.db
      .selectFrom('exhibits')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }
}

function eventFromRow(r: Selectable<CustodyEventsTable>): CustodyEventRecord {
  return {
    seq: Number(r.seq),
    at: r.at,
    actor: r.actor,
    action: r.action,
    object: r.object,
    exhibitSha256: r.exhibit_sha256,
    reason: r.reason,
    details: r.details,
    detailsSha256: r.details_sha256,
    prevHash: r.prev_hash,
    leaf: r.leaf,
    leafHash: r.leaf_hash,
  };
}

function safeIndex(i: bigint): number {
  const n = Number(i);
  if (!Number.isSafeInteger(n))
    throw new CustosError(
      'internal',
      'CUSTODY_INDEX_RANGE',
      `node index ${i} is beyond what the store holds`,
    );
  return n;
}

// The custody log's append path runs on every change; its queries are compiled once (prepared.ts).
const lockCustodyHead = prepared((db, _: Record<string, never>) =>
  // An UPDATE as the first statement takes the write lock at once: a row lock on PostgreSQL,
  // the RESERVED lock on SQLite (waiting through busy_timeout rather than failing later).
  db
    .updateTable('custody_head')
    .set((eb) => ({ size: eb.ref('size') }))
    .where('id', '=', 1)
    .returning('size'),
);
const setCustodySize = prepared((db, a: { size: number }) =>
  db.updateTable('custody_head').set({ size: a.size }).where('id', '=', 1),
);
const insertCustodyEvent = prepared((db, row: Insertable<CustodyEventsTable>) =>
  db.insertInto('custody_events').values(row),
);
const insertMerkleNodes = prepared((db, rows: { level: number; idx: number; hash: string }[]) =>
  db.insertInto('merkle_nodes').values(rows),
);
const selectMerkleNodes = prepared((db, refs: { level: number; idx: number }[]) =>
  db
    .selectFrom('merkle_nodes')
    .select(['level', 'idx', 'hash'])
    .where((eb) =>
      eb.or(refs.map((r) => eb.and([eb('level', '=', r.level), eb('idx', '=', r.idx)]))),
    ),
);
const lastLeafHashOf = prepared((db, a: { object: string }) =>
  db
    .selectFrom('custody_events')
    .select('leaf_hash')
    .where('object', '=', a.object)
    .orderBy('seq', 'desc')
    .limit(1),
);

class KyselyCustodyRepository implements CustodyRepository {
  /**
   * In a transaction: the log size once its head is locked (the lock lasts until the transaction
   * ends, and every change of the size in it goes through `setSize`), and the nodes this
   * transaction has written by `level:index`. Appends sharing a transaction (group commit) then
   * neither lock the head again nor read back the nodes just written, and the size is written
   * once, by `flush` before the commit (see `unitOfWork`). All of it dies with the transaction
   * (this object is made per transaction), so nothing outlives a rollback.
   */
  private head: number | undefined;
  private headChanged = false;
  private readonly written: Map<string, string> | undefined;

  constructor(private readonly db: Db) {
    this.written = db.isTransaction ? new Map() : undefined;
  }

  async lockHead(): Promise<number> {
    if (this.head !== undefined) return this.head;
    const [r] = (await lockCustodyHead(this.db, {})).rows;
    if (!r) throw new NoResultError(this.db.updateTable('custody_head').toOperationNode());
    const size = Number(r.size);
    if (this.db.isTransaction) this.head = size;
    return size;
  }

  async size(): Promise<number> {
    if (this.head !== undefined) return this.head;
    const r = await this.db
      .selectFrom('custody_head')
      .select('size')
      .where('id', '=', 1)
      .executeTakeFirstOrThrow();
    return Number(r.size);
  }

  async setSize(size: number): Promise<void> {
    if (this.head === undefined) {
      await setCustodySize(this.db, { size });
      return;
    }
    this.head = size;
    this.headChanged = true;
  }

  /** Writes what this transaction has kept back (the log size); `unitOfWork` calls it before commit. */
  async flush(): Promise<void> {
    if (this.head === undefined || !this.headChanged) return;
    await setCustodySize(this.db, { size: this.head });
    this.headChanged = false;
  }

  async insertEvent(e: CustodyEventRecord): Promise<void> {
    await insertCustodyEvent(this.db, {
      seq: e.seq,
      at: e.at,
      actor: e.actor,
      action: e.action,
      object: e.object,
      exhibit_sha256: e.exhibitSha256,
      reason: e.reason,
      details: e.details,
      details_sha256: e.detailsSha256,
      prev_hash: e.prevHash,
      leaf: e.leaf,
      leaf_hash: e.leafHash,
    });
  }

  async putNodes(nodes: readonly StoredNode[]): Promise<void> {
    if (nodes.length === 0) return;
    const rows = nodes.map((n) => ({
      level: n.level,
      idx: safeIndex(n.index),
      hash: toHex(n.hash),
    }));
    await insertMerkleNodes(this.db, rows, rows.length);
    if (this.written) for (const r of rows) this.written.set(`${r.level}:${r.idx}`, r.hash);
  }

  async getNodes(refs: readonly NodeRef[]): Promise<Uint8Array[]> {
    if (refs.length === 0) return [];
    const byKey = new Map<string, string>();
    const missing: { level: number; idx: number }[] = [];
    for (const r of refs) {
      const key = `${r.level}:${r.index}`;
      const hex = this.written?.get(key);
      if (hex !== undefined) byKey.set(key, hex);
      else missing.push({ level: r.level, idx: safeIndex(r.index) });
    }
    if (missing.length > 0) {
      const { rows } = await selectMerkleNodes(this.db, missing, missing.length);
      for (const r of rows) byKey.set(`${r.level}:${Number(r.idx)}`, r.hash);
    }
    return refs.map((r) => {
      const hex = byKey.get(`${r.level}:${r.index}`);
      if (hex === undefined)
        throw new CustosError(
          'integrity',
          'CUSTODY_NODE_MISSING',
          `custody log node (level ${r.level}, index ${r.index}) is missing from the store`,
        );
      return Buffer.from(hex, 'hex');
    });
  }

  async nodeRange(level: number, from: number, to: number): Promise<Map<number, string>> {
    const rows = await this.db
      .selectFrom('merkle_nodes')
      .select(['idx', 'hash'])
      .where('level', '=', level)
      .where('idx', '>=', from)
      .where('idx', '<', to)
      .execute();
    return new Map(rows.map((r) => [Number(r.idx), r.hash]));
  }

  async lastLeafHashFor(object: string): Promise<string | null> {
    const [r] = (await lastLeafHashOf(this.db, { object })).rows;
    return r?.leaf_hash ?? null;
  }

  async getEvent(seq: number): Promise<CustodyEventRecord | undefined> {
    const r = await this.db
      .selectFrom('custody_events')
      .selectAll()
      .where('seq', '=', seq)
      .executeTakeFirst();
    return r && eventFromRow(r);
  }

  async *events(from: number, to: number): AsyncIterable<CustodyEventRecord> {
    const PAGE = 2000;
    for (let at = from; at < to; at += PAGE) {
      const rows = await this.db
        .selectFrom('custody_events')
        .selectAll()
        .where('seq', '>=', at)
        .where('seq', '<', Math.min(to, at + PAGE))
        .orderBy('seq')
        .execute();
      for (const r of rows) yield eventFromRow(r);
    }
  }

  eventPage(from: number, to: number): Promise<CustodyEventRecord[]> {
    return eventPage(this.db, from, to);
  }

  nodeRangeJoined(level: number, from: number, to: number): Promise<string | null> {
    return nodeRangeJoined(this.db, level, from, to);
  }

  async eventsFor(object: string): Promise<CustodyEventRecord[]> {
    const rows = await this.db
      .selectFrom('custody_events')
      .selectAll()
      .where('object', '=', object)
      .orderBy('seq')
      .execute();
    return rows.map(eventFromRow);
  }

  async insertCheckpoint(cp: CheckpointRecord): Promise<void> {
    await this.db
      .insertInto('checkpoints')
      .values({ size: cp.size, root: cp.root, note: cp.note, created_at: cp.createdAt })
      .execute();
  }

  async latestCheckpoint(): Promise<CheckpointRecord | undefined> {
    const r = await this.db
      .selectFrom('checkpoints')
      .selectAll()
      .orderBy('size', 'desc')
      .limit(1)
      .executeTakeFirst();
    return r && { size: Number(r.size), root: r.root, note: r.note, createdAt: r.created_at };
  }

  async checkpointAt(size: number): Promise<CheckpointRecord | undefined> {
    const r = await this.db
      .selectFrom('checkpoints')
      .selectAll()
      .where('size', '=', size)
      .executeTakeFirst();
    return r && { size: Number(r.size), root: r.root, note: r.note, createdAt: r.created_at };
  }

  async checkpoints(): Promise<CheckpointRecord[]> {
    const rows = await this.db.selectFrom('checkpoints').selectAll().orderBy('size').execute();
    return rows.map((r) => ({
      size: Number(r.size),
      root: r.root,
      note: r.note,
      createdAt: r.created_at,
    }));
  }
}

/** Repositories bound to a connection or transaction. */
export function repositories(db: Db): Repositories {
  return {
    exhibits: new KyselyExhibitRepository(db),
    custody: new KyselyCustodyRepository(db),
    assessments: new KyselyAssessmentRepository(db),
    selectors: new KyselySelectorRepository(db),
    ...deskRepositories(db),
    programme: programmeRepositories(db),
    retention: retentionRepository(db),
  };
}

/** The {@link UnitOfWork} over a Kysely database: one transaction per `run`. */
export function unitOfWork(db: Kysely<Database>): UnitOfWork {
  return {
    read: repositories(db),
    run: (work) =>
      db.transaction().execute(async (trx) => {
        const repos = repositories(trx);
        const result = await work(repos);
        // The log heads the appends kept back are written once, inside the transaction.
        await (repos.custody as KyselyCustodyRepository).flush();
        await (repos.accessLog as KyselyAccessLogRepository).flush();
        await (repos.desk.counters as KyselyCounterRepository).flush();
        return result;
      }),
  };
}
