import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { DIALECTS } from '../../../test/support/databases.ts';
import { openTestApp, type TestApp } from '../../../test/support/app.ts';
import { openDatabase, type OpenDatabase } from '../../adapters/db/connect.ts';
import { signCheckpoint } from '../../core/custody/checkpoint.ts';
import { checkpointNow } from './checkpoints.ts';
import { recordCustodyEvent } from './record-custody-event.ts';
import { verifyCustodyLog, type CustodyLogReport } from './verify-custody-log.ts';

const EVENTS = 37;
const leafHashHex = (leaf: string) =>
  createHash('sha256')
    .update(Buffer.from([0]))
    .update(leaf, 'utf8')
    .digest('hex');

/** A log of 37 events on 5 objects (continuity chains), some with details, checkpoints at 16 and 37. */
async function buildLog(app: TestApp): Promise<void> {
  for (let i = 0; i < EVENTS; i++) {
    await app.uow.run((repos) =>
      recordCustodyEvent(repos, app.clock, {
        actor: 'cli:AB',
        action: i % 3 ? 'viewed' : 'acquired',
        object: `exhibit:AB/${1 + (i % 5)}`,
        ...(i % 3 ? {} : { exhibitHash: createHash('sha256').update(String(i)).digest('hex') }),
        ...(i % 4 ? {} : { details: { step: i } }),
        ...(i % 7 ? {} : { reason: 'routine-check' }),
      }),
    );
    if (i === 15) await checkpointNow(app.uow, app.key, app.clock);
  }
  await checkpointNow(app.uow, app.key, app.clock);
}

const pairs = (r: CustodyLogReport) => r.problems.map((p) => [p.subject, p.code]);

/** Perfect nodes in a tree of n leaves: ⌊n/2^l⌋ at each level l. */
function nodeCount(n: number): number {
  let total = 0;
  for (let width = 1; width <= n; width *= 2) total += Math.floor(n / width);
  return total;
}

for (const dialect of DIALECTS) {
  describe(`verifyCustodyLog on ${dialect}`, () => {
    test('says how far the log is signed, so deleted checkpoints or an unsigned tail show', async () => {
      const app = await openTestApp(dialect);
      let db: OpenDatabase | undefined;
      try {
        await buildLog(app);
        await app.uow.run((repos) =>
          recordCustodyEvent(repos, app.clock, {
            actor: 'cli:AB',
            action: 'viewed',
            object: 'exhibit:AB/1',
          }),
        );
        const report = async () => verifyCustodyLog(app.uow.read, app.key);
        assert.equal((await report()).signedThrough, EVENTS, 'the event after 37 is unsigned');
        db = await openDatabase({
          dataDir: app.env.dataDir,
          databaseUrl: app.env.databaseUrl,
          migrate: false,
        });
        await sql`delete from checkpoints where size = ${EVENTS}`.execute(db.db);
        assert.equal((await report()).signedThrough, 16);
        await sql`delete from checkpoints`.execute(db.db);
        const none = await report();
        assert.deepEqual([none.problems, none.checkpoints, none.signedThrough], [[], 0, 0]);
      } finally {
        await db?.close();
        await app.close();
      }
    });

    test('an intact log verifies, whatever the page size, and each tampering is named', async () => {
      const app = await openTestApp(dialect);
      let db: OpenDatabase | undefined;
      try {
        await buildLog(app);
        const verify = (pageSize = 8) =>
          verifyCustodyLog(app.uow.read, app.key, undefined, { pageSize });
        for (const pageSize of [1, 3, 8, 16, 4096]) {
          const report = await verify(pageSize);
          assert.deepEqual(report, {
            events: EVENTS,
            nodes: nodeCount(EVENTS),
            checkpoints: 2,
            signedThrough: EVENTS,
            problems: [],
          });
        }
        const progress: number[] = [];
        await verifyCustodyLog(app.uow.read, app.key, (done) => progress.push(done), {
          pageSize: 16,
        });
        assert.deepEqual(progress, [16, 32, 37]);

        db = await openDatabase({
          dataDir: app.env.dataDir,
          databaseUrl: app.env.databaseUrl,
          migrate: false,
        });
        const events = db.db.selectFrom('custody_events');
        const row = async (seq: number) =>
          events.selectAll().where('seq', '=', seq).executeTakeFirstOrThrow();
        const setEvent = (seq: number, values: Record<string, string | null>) =>
          db!.db.updateTable('custody_events').set(values).where('seq', '=', seq).execute();
        const intact = async () => assert.deepEqual(pairs(await verify()), []);

        // 1. one changed byte in a stored leaf
        const e5 = await row(5);
        await setEvent(5, { leaf: e5.leaf.replace('"v":1', '"v":2') });
        let report = await verify();
        assert.deepEqual(
          pairs(report).filter(([s]) => s?.startsWith('event')),
          [
            ['event 5', 'CUSTODY_EVENT_BAD_VERSION'],
            ['event 5', 'CUSTODY_LEAF_HASH_MISMATCH'],
            // the next event on that object no longer chains to a readable one
            ['event 10', 'CUSTODY_CONTINUITY_BROKEN'],
          ],
        );
        assert.ok(
          pairs(report).some(([s, c]) => s === 'node (0, 5)' && c === 'CUSTODY_NODE_MISMATCH'),
        );
        assert.ok(
          pairs(report).some(([s, c]) => s === 'checkpoint 16' && c === 'CHECKPOINT_ROOT_MISMATCH'),
        );
        await setEvent(5, { leaf: e5.leaf });
        await intact();

        // 2. a column beside the leaf changed (the leaf, its hash and the tree still agree)
        await setEvent(7, { actor: 'cli:ZZ' });
        assert.deepEqual(pairs(await verify()), [['event 7', 'CUSTODY_EVENT_ROW_MISMATCH']]);
        await setEvent(7, { actor: 'cli:AB' });
        const e8 = await row(8);
        await setEvent(8, { details: '{"step":9}' });
        assert.deepEqual(pairs(await verify()), [['event 8', 'CUSTODY_DETAILS_MISMATCH']]);
        await setEvent(8, { details: e8.details });
        await intact();

        // 3. a leaf rewritten in a non-canonical spelling, with its stored hash made to match
        const e6 = await row(6);
        const spaced = e6.leaf.replace(',"at":', ', "at":');
        await setEvent(6, { leaf: spaced, leaf_hash: leafHashHex(spaced) });
        report = await verify();
        assert.deepEqual(
          pairs(report).filter(([s]) => s?.startsWith('event')),
          [
            ['event 6', 'CUSTODY_EVENT_NOT_CANONICAL'],
            ['event 11', 'CUSTODY_CONTINUITY_BROKEN'],
          ],
        );
        assert.ok(
          pairs(report).some(([s, c]) => s === 'node (0, 6)' && c === 'CUSTODY_NODE_MISMATCH'),
        );
        await setEvent(6, { leaf: e6.leaf, leaf_hash: e6.leaf_hash });
        await intact();

        // 4. two events swapped (each row intact, in the other's place)
        const swap = async () => {
          await db!.db
            .updateTable('custody_events')
            .set({ seq: -1 })
            .where('seq', '=', 3)
            .execute();
          await db!.db.updateTable('custody_events').set({ seq: 3 }).where('seq', '=', 4).execute();
          await db!.db
            .updateTable('custody_events')
            .set({ seq: 4 })
            .where('seq', '=', -1)
            .execute();
        };
        await swap();
        report = await verify();
        assert.deepEqual(
          pairs(report).filter(([s]) => s?.startsWith('event')),
          [
            ['event 3', 'CUSTODY_EVENT_ROW_MISMATCH'],
            ['event 4', 'CUSTODY_EVENT_ROW_MISMATCH'],
          ],
        );
        for (const node of ['node (0, 3)', 'node (0, 4)'])
          assert.ok(pairs(report).some(([s, c]) => s === node && c === 'CUSTODY_NODE_MISMATCH'));
        assert.ok(
          pairs(report).some(([s, c]) => s === 'checkpoint 37' && c === 'CHECKPOINT_ROOT_MISMATCH'),
        );
        await swap();
        await intact();

        // 5. an event removed
        const e9 = await row(9);
        await db.db.deleteFrom('custody_events').where('seq', '=', 9).execute();
        report = await verify();
        assert.deepEqual(pairs(report), [['event 9', 'CUSTODY_EVENT_MISSING']]);
        assert.equal(report.events, 9);
        await db.db.insertInto('custody_events').values(e9).execute();
        await intact();

        // 6. stored tree nodes altered or removed (the events still agree with the checkpoints)
        const setNode = (level: number, idx: number, hash: string) =>
          db!.db
            .updateTable('merkle_nodes')
            .set({ hash })
            .where('level', '=', level)
            .where('idx', '=', idx)
            .execute();
        const n21 = await db.db
          .selectFrom('merkle_nodes')
          .selectAll()
          .where('level', '=', 2)
          .where('idx', '=', 1)
          .executeTakeFirstOrThrow();
        await setNode(2, 1, '0'.repeat(64));
        assert.deepEqual(pairs(await verify()), [['node (2, 1)', 'CUSTODY_NODE_MISMATCH']]);
        await setNode(2, 1, n21.hash.toUpperCase());
        assert.deepEqual(pairs(await verify()), [['node (2, 1)', 'CUSTODY_NODE_MISMATCH']]);
        await setNode(2, 1, `${n21.hash},${n21.hash}`);
        assert.deepEqual(pairs(await verify()), [['node (2, 1)', 'CUSTODY_NODE_MISMATCH']]);
        await db.db
          .deleteFrom('merkle_nodes')
          .where('level', '=', 2)
          .where('idx', '=', 1)
          .execute();
        assert.deepEqual(pairs(await verify()), [['node (2, 1)', 'CUSTODY_NODE_MISSING']]);
        await db.db.insertInto('merkle_nodes').values(n21).execute();
        await intact();

        // 7. checkpoints: a record that disagrees with its note, an edited note, a forged one
        const cp16 = await db.db
          .selectFrom('checkpoints')
          .selectAll()
          .where('size', '=', 16)
          .executeTakeFirstOrThrow();
        await db.db
          .updateTable('checkpoints')
          .set({ root: 'f'.repeat(64) })
          .where('size', '=', 16)
          .execute();
        report = await verify();
        assert.deepEqual(pairs(report), [
          ['checkpoint 16', 'CHECKPOINT_RECORD_MISMATCH'],
          ['checkpoint 16', 'CHECKPOINT_ROOT_MISMATCH'],
        ]);
        const lines = cp16.note.split('\n');
        const edited = [lines[0], '17', ...lines.slice(2)].join('\n');
        await db.db
          .updateTable('checkpoints')
          .set({ root: cp16.root, note: edited })
          .where('size', '=', 16)
          .execute();
        report = await verify();
        assert.equal(report.problems.length, 1);
        assert.equal(report.problems[0]?.subject, 'checkpoint 16');
        assert.notEqual(report.problems[0]?.code, 'CHECKPOINT_ROOT_MISMATCH');
        await db.db
          .updateTable('checkpoints')
          .set({ note: cp16.note })
          .where('size', '=', 16)
          .execute();
        await intact();
        const other = await openTestApp(dialect);
        try {
          const forgedRoot = new Uint8Array(32).fill(9);
          const note = await signCheckpoint(
            { origin: app.key.origin, size: 20n, root: forgedRoot },
            [other.key.signer],
          );
          await db.db
            .insertInto('checkpoints')
            .values({
              size: 20,
              root: Buffer.from(forgedRoot).toString('hex'),
              note,
              created_at: '2026-01-05T10:00:00.000Z',
            })
            .execute();
          report = await verify();
          assert.equal(report.problems.length, 1);
          assert.equal(report.problems[0]?.subject, 'checkpoint 20');
          await db.db.deleteFrom('checkpoints').where('size', '=', 20).execute();
        } finally {
          await other.close();
        }
        await intact();
        // a node hash that no longer decodes as hex does not stop the rest of the check
        await db.db
          .updateTable('merkle_nodes')
          .set({ hash: sql<string>`'zz' || substr(hash, 3)` })
          .where('level', '=', 0)
          .where('idx', '=', 36)
          .execute();
        assert.deepEqual(pairs(await verify()), [['node (0, 36)', 'CUSTODY_NODE_MISMATCH']]);
      } finally {
        await db?.close();
        await app.close();
      }
    });
  });
}
