/**
 * Appends that share a transaction (group commit) reuse the locked log heads and the Merkle nodes
 * the transaction has just written instead of reading them back. These tests hold that to the
 * result of appending one event per transaction, and check that a rolled-back shared transaction
 * leaves nothing of itself behind in the next appends.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS, withDatabase } from '../../../test/support/databases.ts';
import { unitOfWork } from '../../adapters/db/repositories.ts';
import { firstBrokenEntry, type AccessEntry } from '../../core/access-log/entry.ts';
import { utf8 } from '../../core/custody/bytes.ts';
import { leafHash, rootAt, rootFromLeafHashes } from '../../core/custody/merkle.ts';
import type { Repositories, UnitOfWork } from '../../ports/repositories.ts';
import { recordAccess } from '../access-log/record-access.ts';
import { GroupCommit } from '../group-commit.ts';
import { recordCustodyEvent } from './record-custody-event.ts';

const clock = { now: () => Date.UTC(2026, 10, 29, 10, 0, 0) };

/** One report's worth of log writes: a custody event and an access-log entry. */
async function append(repos: Repositories, n: number): Promise<void> {
  await recordCustodyEvent(repos, clock, {
    actor: `public:R-2026-${n}`,
    action: 'reported',
    object: `report:R-2026-${n % 7}`,
    reason: 'danger-no',
    details: { n },
  });
  await recordAccess(repos, clock, {
    actorId: null,
    actorRole: 'public',
    action: 'collect',
    objectType: 'report',
    objectId: `report-${n}`,
    reasonCode: 'public-report',
  });
}

/** Every tree head 1…size of the store, and the tree head of the stored leaves recomputed. */
async function heads(uow: UnitOfWork): Promise<{ roots: string[]; recomputed: string }> {
  const custody = uow.read.custody;
  const size = await custody.size();
  const roots: string[] = [];
  for (let s = 1; s <= size; s++)
    roots.push(Buffer.from(await rootAt(BigInt(s), custody)).toString('hex'));
  const leaves: Uint8Array[] = [];
  for await (const e of custody.events(0, size)) {
    assert.equal(e.seq, leaves.length);
    leaves.push(leafHash(utf8(e.leaf)));
  }
  const { root } = rootFromLeafHashes(leaves);
  return { roots, recomputed: Buffer.from(root).toString('hex') };
}

async function accessEntries(uow: UnitOfWork): Promise<AccessEntry[]> {
  const out: AccessEntry[] = [];
  for await (const e of uow.read.accessLog.range(0, await uow.read.accessLog.size())) out.push(e);
  return out;
}

for (const dialect of DIALECTS) {
  describe(`custody appends sharing a transaction on ${dialect}`, () => {
    test('store the same leaves, nodes and tree heads as one append per transaction', async () => {
      const SIZES = [1, 5, 2, 13, 1, 18, 3, 21]; // 64 appends in 8 shared transactions
      await withDatabase(dialect, async (one) => {
        await withDatabase(dialect, async (shared) => {
          const single = unitOfWork(one.db);
          const grouped = unitOfWork(shared.db);
          let n = 0;
          for (let i = 0; i < 64; i++) await single.run((r) => append(r, i));
          for (const size of SIZES) {
            await grouped.run(async (r) => {
              for (let k = 0; k < size; k++) await append(r, n++);
            });
          }
          assert.equal(n, 64);
          const a = await heads(single);
          const b = await heads(grouped);
          assert.equal(b.roots.length, 64);
          assert.deepEqual(b.roots, a.roots);
          assert.equal(b.recomputed, a.recomputed);
          assert.equal(b.roots.at(-1), b.recomputed);
          for (let level = 0; level <= 6; level++)
            assert.deepEqual(
              await grouped.read.custody.nodeRange(level, 0, 64),
              await single.read.custody.nodeRange(level, 0, 64),
            );
          const entries = await accessEntries(grouped);
          assert.deepEqual(entries, await accessEntries(single));
          assert.equal(firstBrokenEntry(entries, null, 0), null);
        });
      });
    });

    test('a rolled-back shared transaction leaves no head or node behind', async () => {
      await withDatabase(dialect, async ({ db }) => {
        const uow = unitOfWork(db);
        let n = 0;
        await uow.run(async (r) => {
          for (let k = 0; k < 3; k++) await append(r, n++);
        });
        // Appends, then fails: its heads and nodes must not reach the next transaction.
        await assert.rejects(
          uow.run(async (r) => {
            for (let k = 0; k < 6; k++) await append(r, 100 + k);
            throw new Error('abort');
          }),
          /abort/,
        );
        // A group commit whose shared transaction fails on one unit: the others are retried alone.
        const group = new GroupCommit(uow);
        const outcomes = await Promise.allSettled(
          Array.from({ length: 9 }, (_, i) =>
            group.run(async (r) => {
              await append(r, 200 + i);
              if (i === 4) throw new Error('bad unit');
              return i;
            }),
          ),
        );
        assert.deepEqual(
          outcomes.map((o) => o.status),
          ['fulfilled', 'fulfilled', 'fulfilled', 'fulfilled', 'rejected'].concat(
            Array<string>(4).fill('fulfilled'),
          ),
        );
        await uow.run(async (r) => {
          for (let k = 0; k < 4; k++) await append(r, 300 + k);
        });
        const size = await uow.read.custody.size();
        assert.equal(size, 3 + 8 + 4);
        const { roots, recomputed } = await heads(uow);
        assert.equal(roots.at(-1), recomputed);
        const entries = await accessEntries(uow);
        assert.equal(entries.length, size);
        assert.equal(firstBrokenEntry(entries, null, 0), null);
        assert.deepEqual(
          entries.map((e) => e.objectId),
          [0, 1, 2, 200, 201, 202, 203, 205, 206, 207, 208, 300, 301, 302, 303].map(
            (i) => `report-${i}`,
          ),
        );
      });
    });
  });
}
