/** Kysely implementation of the triage assessment repository, for SQLite and PostgreSQL. */
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Band, TriageAssessment } from '../../core/triage/types.ts';
import type { AssessmentRecord, AssessmentRepository } from '../../ports/assessment-repository.ts';
import type { AssessmentsTable, Database } from './schema.ts';

type Db = Kysely<Database> | Transaction<Database>;

function fromRow(r: Selectable<AssessmentsTable>): AssessmentRecord {
  return {
    id: r.id,
    exhibitId: r.exhibit_id,
    rulesetVersion: r.ruleset_version,
    inputHash: r.input_hash,
    band: r.band as Band,
    score: Number(r.score),
    imminent: Number(r.imminent) === 1,
    assessment: JSON.parse(r.assessment) as TriageAssessment,
    createdAt: r.created_at,
    createdBy: r.created_by,
  };
}

export class KyselyAssessmentRepository implements AssessmentRepository {
  constructor(private readonly db: Db) {}

  async insert(a: AssessmentRecord): Promise<void> {
    await this.db
      .insertInto('assessments')
      .values({
        id: a.id,
        exhibit_id: a.exhibitId,
        ruleset_version: a.rulesetVersion,
        input_hash: a.inputHash,
        band: a.band,
        score: a.score,
        imminent: a.imminent ? 1 : 0,
        assessment: JSON.stringify(a.assessment),
        created_at: a.createdAt,
        created_by: a.createdBy,
      })
      .execute();
  }

  async findById(id: string): Promise<AssessmentRecord | undefined> {
    const r = await this.db
      .selectFrom('assessments')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return r && fromRow(r);
  }

  async latestForExhibit(exhibitId: string): Promise<AssessmentRecord | undefined> {
    const r = await this.db
      .selectFrom('assessments')
      .selectAll()
      .where('exhibit_id', '=', exhibitId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    return r && fromRow(r);
  }

  async latestForExhibits(exhibitIds: readonly string[]): Promise<Map<string, AssessmentRecord>> {
    const out = new Map<string, AssessmentRecord>();
    for (let i = 0; i < exhibitIds.length; i += 500) {
      const ids = exhibitIds.slice(i, i + 500);
      const rows = await this.db
        .selectFrom('assessments')
        .selectAll()
        .where('exhibit_id', 'in', ids)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      for (const r of rows) out.set(r.exhibit_id, fromRow(r)); // later rows replace earlier ones
    }
    return out;
  }
}
