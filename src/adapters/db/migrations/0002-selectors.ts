/**
 * Selectors: every occurrence of an online identifier found in a transcript exhibit, with its
 * normalized match key (indexed, for deconfliction look-ups across exhibits) and its place in the
 * transcript (message index and UTF-16 span of the message text).
 */
import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/** Creates the `selectors` table and its match-key index. */
export const selectors: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('selectors')
      .addColumn('exhibit_id', 'text', (c) => c.notNull().references('exhibits.id'))
      .addColumn('ordinal', 'integer', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('value', 'text', (c) => c.notNull())
      .addColumn('match_key', 'text', (c) => c.notNull())
      .addColumn('raw', 'text', (c) => c.notNull())
      .addColumn('display', 'text', (c) => c.notNull())
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('platform', 'text')
      .addColumn('message_index', 'integer')
      .addColumn('span_start', 'integer')
      .addColumn('span_end', 'integer')
      .addColumn('message_count', 'integer')
      .addColumn('confidence', 'text', (c) => c.notNull())
      .addColumn('why', 'text', (c) => c.notNull())
      .addColumn('flags', 'text')
      .addPrimaryKeyConstraint('selectors_pk', ['exhibit_id', 'ordinal'])
      .execute();
    await db.schema
      .createIndex('selectors_match_key')
      .on('selectors')
      .columns(['match_key', 'exhibit_id'])
      .execute();
  },
};
