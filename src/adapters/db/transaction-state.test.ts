/**
 * Counters and log heads taken in a transaction are counted on in memory and written once before
 * the commit (repositories.ts `unitOfWork`). What the store holds afterwards must be what one
 * write per call would have left, and a rollback must take all of it back.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS, withDatabase } from '../../../test/support/databases.ts';
import { unitOfWork } from './repositories.ts';

for (const dialect of DIALECTS) {
  describe(`state kept back by a transaction on ${dialect}`, () => {
    test('counters count on within a transaction, and continue from the stored value', async () => {
      await withDatabase(dialect, async ({ db }) => {
        const uow = unitOfWork(db);
        const take = (name: string, n: number) =>
          uow.run(async (r) => {
            const got: number[] = [];
            for (let i = 0; i < n; i++) got.push(await r.desk.counters.next(name));
            return got;
          });
        assert.deepEqual(await take('report-2026', 3), [1, 2, 3]);
        assert.deepEqual(await take('report-2026', 1), [4]);
        assert.deepEqual(await take('report-2027', 2), [1, 2]);
        await assert.rejects(
          uow.run(async (r) => {
            for (let i = 0; i < 5; i++) await r.desk.counters.next('report-2026');
            throw new Error('abort');
          }),
          /abort/,
        );
        assert.deepEqual(await take('report-2026', 2), [5, 6]);
        // Outside a transaction each call writes at once.
        assert.equal(await uow.read.desk.counters.next('report-2026'), 7);
        const rows = await db.selectFrom('counters').selectAll().orderBy('name').execute();
        assert.deepEqual(rows, [
          { name: 'report-2026', last: 7 },
          { name: 'report-2027', last: 2 },
        ]);
      });
    });

    test('log heads are written once per transaction, and read back inside it', async () => {
      await withDatabase(dialect, async ({ db }) => {
        const uow = unitOfWork(db);
        await uow.run(async (r) => {
          const head = await r.custody.lockHead();
          assert.equal(head, 0);
          await r.custody.setSize(1);
          await r.custody.setSize(2);
          assert.equal(await r.custody.lockHead(), 2);
          assert.equal(await r.custody.size(), 2);
          const access = await r.accessLog.lockHead();
          assert.deepEqual(access, { size: 0, lastHash: null });
          await r.accessLog.setHead(1, 'a'.repeat(64));
          assert.deepEqual(await r.accessLog.lockHead(), { size: 1, lastHash: 'a'.repeat(64) });
          assert.equal(await r.accessLog.size(), 1);
        });
        assert.equal(await uow.read.custody.size(), 2);
        assert.equal(await uow.read.accessLog.size(), 1);
        const head = await db.selectFrom('access_log_head').selectAll().executeTakeFirstOrThrow();
        assert.equal(head.last_hash, 'a'.repeat(64));
        await assert.rejects(
          uow.run(async (r) => {
            await r.custody.setSize((await r.custody.lockHead()) + 5);
            const a = await r.accessLog.lockHead();
            await r.accessLog.setHead(a.size + 5, 'b'.repeat(64));
            throw new Error('abort');
          }),
          /abort/,
        );
        assert.equal(await uow.read.custody.size(), 2);
        assert.equal(await uow.read.accessLog.size(), 1);
      });
    });
  });
}
