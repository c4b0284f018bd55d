import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS, withDatabase } from '../../../test/support/databases.ts';
import { repositories, unitOfWork } from './repositories.ts';
import type { CustodyEventRecord } from '../../ports/repositories.ts';

const hashOf = (n: number) => n.toString(16).padStart(64, '0');

function eventRecord(seq: number): CustodyEventRecord {
  return {
    seq,
    at: `2026-11-29T10:00:00.${String(seq % 1000).padStart(3, '0')}Z`,
    actor: 'cli:AB',
    action: seq % 2 ? 'viewed' : 'acquired',
    object: `exhibit:AB/${seq % 3}`,
    exhibitSha256: seq % 2 ? null : hashOf(seq + 1000),
    reason: seq % 3 ? null : 'checked',
    details: seq % 4 ? null : `{"n":${seq},"note":"caf\u00e9"}`,
    detailsSha256: seq % 4 ? null : hashOf(seq + 2000),
    prevHash: seq < 3 ? null : hashOf(seq + 3000),
    leaf: `{"seq":${seq},"v":1}`,
    leafHash: hashOf(seq),
  };
}

for (const dialect of DIALECTS) {
  describe(`custody log page reads on ${dialect}`, () => {
    test('eventPage returns the events of a range in order, as events() does', async () => {
      await withDatabase(dialect, async ({ db }) => {
        const uow = unitOfWork(db);
        await uow.run(async (r) => {
          for (const seq of [0, 1, 2, 3, 4, 6, 7, 8, 9])
            await r.custody.insertEvent(eventRecord(seq));
        });
        // Outside a transaction (on SQLite: rows as arrays on the raw connection) ...
        const page = await uow.read.custody.eventPage(1, 8);
        assert.deepEqual(
          page,
          [1, 2, 3, 4, 6, 7].map((seq) => eventRecord(seq)),
        );
        const streamed: CustodyEventRecord[] = [];
        for await (const e of uow.read.custody.events(1, 8)) streamed.push(e);
        assert.deepEqual(page, streamed);
        // ... and inside one (ordinary Kysely rows): the same records.
        assert.deepEqual(await uow.run((r) => r.custody.eventPage(1, 8)), page);
        assert.deepEqual(await uow.read.custody.eventPage(20, 30), []);
        assert.deepEqual(await uow.read.custody.eventPage(5, 6), []);
      });
    });

    test('a page read waits for a transaction in progress instead of reading inside it', async () => {
      await withDatabase(dialect, async ({ db }) => {
        const uow = unitOfWork(db);
        let inserted!: () => void;
        const insertedOnce = new Promise<void>((resolve) => (inserted = resolve));
        let release!: () => void;
        const released = new Promise<void>((resolve) => (release = resolve));
        const writing = uow
          .run(async (r) => {
            await r.custody.insertEvent(eventRecord(0));
            inserted();
            await released;
            throw new Error('rolled back');
          })
          .catch((e: unknown) => e);
        await insertedOnce;
        const reading = uow.read.custody.eventPage(0, 10);
        release();
        assert.match(String(await writing), /rolled back/);
        assert.deepEqual(await reading, []);
      });
    });

    test('nodeRangeJoined joins one level’s stored hashes in index order', async () => {
      await withDatabase(dialect, async ({ db }) => {
        const r = repositories(db);
        const bytes = (n: number) => new Uint8Array(32).fill(n);
        const hexOf = (n: number) => Buffer.from(bytes(n)).toString('hex');
        // Stored out of order, with a gap at level 0 index 3 and another level beside it.
        await r.custody.putNodes(
          [4, 0, 2, 1, 5].map((i) => ({ level: 0, index: BigInt(i), hash: bytes(i + 1) })),
        );
        await r.custody.putNodes([{ level: 1, index: 0n, hash: bytes(99) }]);
        assert.equal(await r.custody.nodeRangeJoined(0, 0, 3), [1, 2, 3].map(hexOf).join(','));
        assert.equal(
          await r.custody.nodeRangeJoined(0, 2, 6),
          [3, 5, 6].map(hexOf).join(','),
          'a missing node shortens the string, so it cannot equal the expected one',
        );
        assert.equal(await r.custody.nodeRangeJoined(1, 0, 1), hexOf(99));
        assert.equal(await r.custody.nodeRangeJoined(0, 6, 10), null);
        assert.equal(await r.custody.nodeRangeJoined(0, 3, 3), null);
      });
    });
  });
}
