/** Kysely implementation of the retention port (`src/ports/retention-repository.ts`), both dialects. */
import { SqliteAdapter, sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type {
  CaseErasure,
  CaseRetention,
  ErasureCounts,
  RetentionDecision,
  RetentionRepository,
} from '../../ports/retention-repository.ts';
import type { RetentionDecisionsTable } from './retention-schema.ts';
import type { Database } from './schema.ts';

type Db = Kysely<Database> | Transaction<Database>;

const PART = 500;

function parts<T>(xs: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += PART) out.push(xs.slice(i, i + PART));
  return out;
}

function decisionFromRow(r: Selectable<RetentionDecisionsTable>): RetentionDecision {
  return {
    id: r.id,
    caseId: r.case_id,
    decision: r.decision === 'dispose' ? 'dispose' : 'retain',
    reasonCode: r.reason_code,
    rationale: r.rationale,
    retentionClass: r.retention_class,
    reviewDue: r.review_due,
    nextReview: r.next_review,
    decidedBy: r.decided_by,
    decidedAt: r.decided_at,
    shreddedAt: r.shredded_at,
    summary: r.summary ? (JSON.parse(r.summary) as Record<string, unknown>) : null,
  };
}

const n = (r: { numUpdatedRows?: bigint; numDeletedRows?: bigint } | undefined): number =>
  Number(r?.numUpdatedRows ?? r?.numDeletedRows ?? 0n);

class KyselyRetentionRepository implements RetentionRepository {
  constructor(private readonly db: Db) {}

  async get(caseId: string): Promise<CaseRetention | undefined> {
    return (await this.ofCases([caseId]))[0];
  }

  async put(r: CaseRetention): Promise<void> {
    await this.db.deleteFrom('case_retention').where('case_id', '=', r.caseId).execute();
    await this.db
      .insertInto('case_retention')
      .values({
        case_id: r.caseId,
        retention_class: r.retentionClass,
        review_due: r.reviewDue,
        set_at: r.setAt,
        set_by: r.setBy,
        disposed_at: r.disposedAt,
        disposal_id: r.disposalId,
      })
      .execute();
  }

  async ofCases(caseIds: readonly string[]): Promise<CaseRetention[]> {
    const out: CaseRetention[] = [];
    for (const part of parts([...new Set(caseIds)])) {
      if (part.length === 0) continue;
      const rows = await this.db
        .selectFrom('case_retention')
        .selectAll()
        .where('case_id', 'in', part)
        .execute();
      for (const r of rows)
        out.push({
          caseId: r.case_id,
          retentionClass: r.retention_class,
          reviewDue: r.review_due,
          setAt: r.set_at,
          setBy: r.set_by,
          disposedAt: r.disposed_at,
          disposalId: r.disposal_id,
        });
    }
    return out;
  }

  async insertDecision(d: RetentionDecision): Promise<void> {
    await this.db
      .insertInto('retention_decisions')
      .values({
        id: d.id,
        case_id: d.caseId,
        decision: d.decision,
        reason_code: d.reasonCode,
        rationale: d.rationale,
        retention_class: d.retentionClass,
        review_due: d.reviewDue,
        next_review: d.nextReview,
        decided_by: d.decidedBy,
        decided_at: d.decidedAt,
        shredded_at: d.shreddedAt,
        summary: d.summary ? JSON.stringify(d.summary) : null,
      })
      .execute();
  }

  async findDecision(id: string): Promise<RetentionDecision | undefined> {
    const r = await this.db
      .selectFrom('retention_decisions')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return r && decisionFromRow(r);
  }

  async decisionsOf(caseId: string): Promise<RetentionDecision[]> {
    const rows = await this.db
      .selectFrom('retention_decisions')
      .selectAll()
      .where('case_id', '=', caseId)
      .orderBy('decided_at')
      .orderBy('id')
      .execute();
    return rows.map(decisionFromRow);
  }

  async pendingDisposals(): Promise<RetentionDecision[]> {
    const rows = await this.db
      .selectFrom('retention_decisions')
      .selectAll()
      .where('decision', '=', 'dispose')
      .where('shredded_at', 'is', null)
      .orderBy('decided_at')
      .execute();
    return rows.map(decisionFromRow);
  }

  async markShredded(
    id: string,
    at: string,
    summary: Readonly<Record<string, unknown>>,
  ): Promise<void> {
    await this.db
      .updateTable('retention_decisions')
      .set({ shredded_at: at, summary: JSON.stringify(summary) })
      .where('id', '=', id)
      .execute();
  }

  async exhibitIdsWithFile(sha256: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('exhibit_files')
      .select('exhibit_id')
      .where('sha256', '=', sha256)
      .execute();
    return [...new Set(rows.map((r) => r.exhibit_id))];
  }

  async reclaimErasedSpace(): Promise<void> {
    if (this.db.isTransaction || !(this.db.getExecutor().adapter instanceof SqliteAdapter)) return;
    await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(this.db);
  }

  async eraseCase(e: CaseErasure): Promise<ErasureCounts> {
    const db = this.db;
    const counts: Record<string, number> = {};
    const add = (k: string, v: number) => (counts[k] = (counts[k] ?? 0) + v);
    for (const ids of parts(e.exhibitIds)) {
      add(
        'exhibits',
        n(
          await db
            .updateTable('exhibits')
            .set({ status: 'disposed', original_name: null, note: null, summary: null })
            .where('id', 'in', ids)
            .executeTakeFirst(),
        ),
      );
      add(
        'selectors',
        n(await db.deleteFrom('selectors').where('exhibit_id', 'in', ids).executeTakeFirst()),
      );
      add(
        'assessments',
        n(await db.deleteFrom('assessments').where('exhibit_id', 'in', ids).executeTakeFirst()),
      );
    }
    // Folder file paths may hold names: each becomes its position in the folder.
    for (const id of e.exhibitIds) {
      const files = await db
        .selectFrom('exhibit_files')
        .select('path')
        .where('exhibit_id', '=', id)
        .orderBy('path')
        .execute();
      let i = 0;
      for (const f of files) {
        if (f.path.startsWith('erased/')) continue;
        await db
          .updateTable('exhibit_files')
          .set({ path: `erased/${String(++i).padStart(6, '0')}` })
          .where('exhibit_id', '=', id)
          .where('path', '=', f.path)
          .execute();
        add('folderPaths', 1);
      }
    }
    for (const ids of parts(e.reportIds)) {
      add(
        'reportSelectors',
        n(await db.deleteFrom('report_selectors').where('report_id', 'in', ids).executeTakeFirst()),
      );
      add(
        'triageOverrides',
        n(await db.deleteFrom('triage_overrides').where('report_id', 'in', ids).executeTakeFirst()),
      );
      add(
        'deconflictionHits',
        n(
          await db
            .deleteFrom('deconfliction_hits')
            .where('report_id', 'in', ids)
            .executeTakeFirst(),
        ),
      );
      add(
        'notifications',
        n(
          await db
            .deleteFrom('notifications')
            .where('link_type', '=', 'report')
            .where('link_id', 'in', ids)
            .executeTakeFirst(),
        ),
      );
      add(
        'reports',
        n(
          await db
            .updateTable('reports')
            .set({
              what_happened: e.erasedText,
              identifiers: '[]',
              contact: null,
              child_age: null,
              reporter_relation: null,
              platform_other: null,
              upload_token_hash: null,
            })
            .where('id', 'in', ids)
            .executeTakeFirst(),
        ),
      );
    }
    add(
      'reportSelectors',
      n(await db.deleteFrom('report_selectors').where('case_id', '=', e.caseId).executeTakeFirst()),
    );
    for (const ids of parts(e.taskIds)) {
      add(
        'annotations',
        n(await db.deleteFrom('annotations').where('task_id', 'in', ids).executeTakeFirst()),
      );
      add(
        'notifications',
        n(
          await db
            .deleteFrom('notifications')
            .where('link_type', '=', 'task')
            .where('link_id', 'in', ids)
            .executeTakeFirst(),
        ),
      );
    }
    add(
      'tasks',
      n(
        await db
          .updateTable('tasks')
          .set({ instructions: e.erasedText, summary: null })
          .where('case_id', '=', e.caseId)
          .executeTakeFirst(),
      ),
    );
    add(
      'notifications',
      n(
        await db
          .deleteFrom('notifications')
          .where('link_type', '=', 'case')
          .where('link_id', '=', e.caseId)
          .executeTakeFirst(),
      ),
    );
    add(
      'caseEntries',
      n(await db.deleteFrom('case_entries').where('case_id', '=', e.caseId).executeTakeFirst()),
    );
    add(
      'justifications',
      n(
        await db
          .deleteFrom('case_justifications')
          .where('case_id', '=', e.caseId)
          .executeTakeFirst(),
      ),
    );
    add(
      'caseTitle',
      n(
        await db
          .updateTable('cases')
          .set({ title: e.erasedText })
          .where('id', '=', e.caseId)
          .executeTakeFirst(),
      ),
    );
    for (const seqs of parts(e.detailSeqs)) {
      add(
        'custodyDetails',
        n(
          await db
            .updateTable('custody_events')
            .set({ details: null })
            .where('seq', 'in', seqs)
            .where('details', 'is not', null)
            .executeTakeFirst(),
        ),
      );
    }
    return counts;
  }
}

/** The retention repository bound to a connection or transaction. */
export function retentionRepository(db: Db): RetentionRepository {
  return new KyselyRetentionRepository(db);
}
