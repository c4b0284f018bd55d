/** Kysely implementation of the selector repository, for SQLite and PostgreSQL. */
import type { Kysely, Selectable, Transaction } from 'kysely';
import type {
  Platform,
  Selector,
  SelectorConfidence,
  SelectorFlag,
  SelectorKind,
  SelectorSource,
} from '../../core/selectors/types.ts';
import type { SelectorRepository, StoredSelector } from '../../ports/selector-repository.ts';
import type { Database, SelectorsTable } from './schema.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** Rows per INSERT (16 columns each: well under SQLite's and PostgreSQL's parameter limits). */
const INSERT_BATCH = 500;
/** Match keys per look-up query. */
const LOOKUP_BATCH = 500;

function fromRow(r: Selectable<SelectorsTable>): StoredSelector {
  return {
    exhibitId: r.exhibit_id,
    ordinal: Number(r.ordinal),
    kind: r.kind as SelectorKind,
    value: r.value,
    matchKey: r.match_key,
    raw: r.raw,
    display: r.display,
    source: r.source as SelectorSource,
    ...(r.platform !== null ? { platform: r.platform as Platform } : {}),
    ...(r.message_index !== null ? { messageIndex: Number(r.message_index) } : {}),
    ...(r.span_start !== null && r.span_end !== null
      ? { span: [Number(r.span_start), Number(r.span_end)] as const }
      : {}),
    ...(r.message_count !== null ? { messageCount: Number(r.message_count) } : {}),
    confidence: r.confidence as SelectorConfidence,
    why: r.why,
    ...(r.flags !== null ? { flags: JSON.parse(r.flags) as SelectorFlag[] } : {}),
  };
}

function toRow(exhibitId: string, ordinal: number, s: Selector): SelectorsTable {
  return {
    exhibit_id: exhibitId,
    ordinal,
    kind: s.kind,
    value: s.value,
    match_key: s.matchKey,
    raw: s.raw,
    display: s.display,
    source: s.source,
    platform: s.platform ?? null,
    message_index: s.messageIndex ?? null,
    span_start: s.span?.[0] ?? null,
    span_end: s.span?.[1] ?? null,
    message_count: s.messageCount ?? null,
    confidence: s.confidence,
    why: s.why,
    flags: s.flags && s.flags.length > 0 ? JSON.stringify(s.flags) : null,
  };
}

/** {@link SelectorRepository} over a Kysely connection or transaction (SQLite and PostgreSQL). */
export class KyselySelectorRepository implements SelectorRepository {
  constructor(private readonly db: Db) {}

  async insert(exhibitId: string, selectors: readonly Selector[]): Promise<void> {
    for (let i = 0; i < selectors.length; i += INSERT_BATCH) {
      const rows = selectors.slice(i, i + INSERT_BATCH).map((s, j) => toRow(exhibitId, i + j, s));
      await this.db.insertInto('selectors').values(rows).execute();
    }
  }

  async listByExhibit(exhibitId: string): Promise<StoredSelector[]> {
    const rows = await this.db
      .selectFrom('selectors')
      .selectAll()
      .where('exhibit_id', '=', exhibitId)
      .orderBy('ordinal')
      .execute();
    return rows.map(fromRow);
  }

  async countByExhibit(exhibitId: string): Promise<number> {
    const r = await this.db
      .selectFrom('selectors')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('exhibit_id', '=', exhibitId)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  async findByMatchKeys(
    matchKeys: readonly string[],
    options: { readonly excludeExhibitId?: string } = {},
  ): Promise<StoredSelector[]> {
    const keys = [...new Set(matchKeys)];
    const out: StoredSelector[] = [];
    for (let i = 0; i < keys.length; i += LOOKUP_BATCH) {
      let q = this.db
        .selectFrom('selectors')
        .selectAll()
        .where('match_key', 'in', keys.slice(i, i + LOOKUP_BATCH));
      if (options.excludeExhibitId !== undefined)
        q = q.where('exhibit_id', '<>', options.excludeExhibitId);
      out.push(...(await q.execute()).map(fromRow));
    }
    return out.sort((a, b) =>
      a.matchKey < b.matchKey
        ? -1
        : a.matchKey > b.matchKey
          ? 1
          : a.exhibitId < b.exhibitId
            ? -1
            : a.exhibitId > b.exhibitId
              ? 1
              : a.ordinal - b.ordinal,
    );
  }
}
