import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS, withDatabase } from '../../../test/support/databases.ts';
import { isCustosError } from '../../core/errors.ts';
import { prepared } from './prepared.ts';

interface EventRow {
  seq: number;
  at: string;
  actor: string;
  action: string;
  object: string;
  reason: string | null | undefined;
  leaf: string;
  leaf_hash: string;
}

function row(seq: number, reason: string | null | undefined = `r${seq}`): EventRow {
  return {
    seq,
    at: '2026-11-29T10:00:00.000Z',
    actor: 'cli:AB',
    action: 'acquired',
    object: `exhibit:AB/${seq}`,
    reason,
    leaf: `{"seq":${seq}}`,
    leaf_hash: String(seq).padStart(64, '0'),
  };
}

const codeOf = (e: unknown): string | undefined => (isCustosError(e) ? e.code : undefined);

for (const dialect of DIALECTS) {
  describe(`prepared queries on ${dialect}`, () => {
    test('send the SQL the builder makes, with each call’s own values', async () => {
      await withDatabase(dialect, async ({ db }) => {
        let builds = 0;
        const insert = prepared((d, r: EventRow) => {
          builds++;
          return d.insertInto('custody_events').values(r);
        });
        const byObject = prepared((d, a: { object: string }) =>
          d.selectFrom('custody_events').select(['seq', 'reason']).where('object', '=', a.object),
        );
        for (let seq = 0; seq < 3; seq++) await insert(db, row(seq));
        assert.equal(builds, 1);
        const direct = db
          .selectFrom('custody_events')
          .select(['seq', 'reason'])
          .where('object', '=', 'exhibit:AB/2')
          .compile();
        let seen = '';
        const spy = prepared((d, a: { object: string }) => {
          const q = d
            .selectFrom('custody_events')
            .select(['seq', 'reason'])
            .where('object', '=', a.object);
          seen = q.compile().sql;
          return q;
        });
        await spy(db, { object: 'x' });
        assert.equal(seen, direct.sql);
        assert.deepEqual((await byObject(db, { object: 'exhibit:AB/2' })).rows, [
          { seq: 2, reason: 'r2' },
        ]);
        assert.deepEqual((await byObject(db, { object: 'exhibit:AB/0' })).rows, [
          { seq: 0, reason: 'r0' },
        ]);
        // The same template serves a transaction of the same database.
        await db.transaction().execute((trx) => insert(trx, row(3, null)));
        assert.equal(builds, 1);
        assert.deepEqual((await byObject(db, { object: 'exhibit:AB/3' })).rows, [
          { seq: 3, reason: null },
        ]);
      });
    });

    test('compile once per structure of the arguments, whatever the key order', async () => {
      await withDatabase(dialect, async ({ db }) => {
        const insertMany = prepared((d, rows: EventRow[]) =>
          d.insertInto('custody_events').values(rows),
        );
        await insertMany(db, [row(0), row(1)], 2);
        await insertMany(db, [row(2), row(3), row(4)], 3);
        await insertMany(db, [row(5), row(6)], 2);
        const seqsIn = prepared((d, objects: string[]) =>
          d
            .selectFrom('custody_events')
            .select('seq')
            .where('object', 'in', objects)
            .orderBy('seq'),
        );
        const seqs = async (objects: string[]) =>
          (await seqsIn(db, objects, objects.length)).rows.map((r) => r.seq);
        assert.deepEqual(await seqs(['exhibit:AB/6']), [6]);
        assert.deepEqual(await seqs(['exhibit:AB/4', 'exhibit:AB/1', 'exhibit:AB/9']), [1, 4]);
        assert.deepEqual(await seqs(['exhibit:AB/0']), [0]);
        // The structure of the arguments is part of the template: a wrong `shape` cannot reuse
        // a template made for another length, and keys in another order keep their columns.
        assert.deepEqual(
          (await seqsIn(db, ['exhibit:AB/0', 'exhibit:AB/1'], 1)).rows.map((r) => r.seq),
          [0, 1],
        );
        const { leaf_hash, leaf, ...rest } = row(7);
        await insertMany(db, [{ leaf_hash, leaf, ...rest }, row(8)], 2);
        const stored = await db
          .selectFrom('custody_events')
          .select(['seq', 'leaf', 'leaf_hash'])
          .where('seq', 'in', [7, 8])
          .orderBy('seq')
          .execute();
        assert.deepEqual(
          stored.map((r) => [r.seq, r.leaf, r.leaf_hash]),
          [7, 8].map((n) => [n, row(n).leaf, row(n).leaf_hash]),
        );
      });
    });

    test('an undefined value builds that query afresh (the column is left out)', async () => {
      await withDatabase(dialect, async ({ db }) => {
        let builds = 0;
        const insert = prepared((d, r: EventRow) => {
          builds++;
          return d.insertInto('custody_events').values(r);
        });
        await insert(db, row(0));
        await insert(db, { ...row(1), reason: undefined });
        await insert(db, row(2));
        assert.equal(builds, 2);
        const rows = await db
          .selectFrom('custody_events')
          .select(['seq', 'reason'])
          .orderBy('seq')
          .execute();
        assert.deepEqual(rows, [
          { seq: 0, reason: 'r0' },
          { seq: 1, reason: null },
          { seq: 2, reason: 'r2' },
        ]);
      });
    });

    test('a value the builder does not send as a parameter is refused', async () => {
      await withDatabase(dialect, async ({ db }) => {
        const wrong = prepared((d, a: { object: string }) =>
          d
            .selectFrom('custody_events')
            .select('seq')
            .where('object', '=', typeof a.object === 'string' ? a.object : 'placeholder'),
        );
        await assert.rejects(
          wrong(db, { object: 'exhibit:AB/1' }),
          (e) => codeOf(e) === 'PREPARED_VALUE_UNUSED',
        );
      });
    });
  });
}
