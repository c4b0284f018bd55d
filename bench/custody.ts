/**
 * Benchmark (issue 2): the custody log as stored (SQLite, the embedded default).
 * - append: events per second through `recordCustodyEvent` (one transaction per event, as the
 *   application does, fsync on commit) and in batches of 1,000 per transaction;
 * - full verify of N events (`verifyCustodyLog`: decode and re-check every leaf, recompute every
 *   node, check checkpoints) vs 2N raw SHA-256 in Node over inputs of the same sizes;
 * - inclusion proof at 1,000,000 leaves read from the database (target ≤ 2 ms).
 * Usage: node --import tsx bench/custody.ts [verifyEvents=100000] [proofLeaves=1000000]
 */
import { createHash } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import {
  MemoryNodeStore,
  inclusionProof,
  leafHash,
  nodesCompletedByAppend,
  rootAt,
} from '../src/core/custody/merkle.ts';
import { encodeEventLeaf } from '../src/core/custody/event.ts';
import { openDatabase } from '../src/adapters/db/connect.ts';
import type { Insertable } from 'kysely';
import type { CustodyEventsTable, MerkleNodesTable } from '../src/adapters/db/schema.ts';
import { verifyInclusionOfLeafHash, verifyTreeHead } from '../src/core/custody/verify.ts';
import { openAppContext } from '../src/main/context.ts';
import { recordCustodyEvent } from '../src/usecases/custody/record-custody-event.ts';
import { checkpointNow } from '../src/usecases/custody/checkpoints.ts';
import { verifyCustodyLog } from '../src/usecases/custody/verify-custody-log.ts';
import type { AppContext } from '../src/usecases/app-context.ts';
import { WORK, machine, median, ratioLine } from './lib.ts';

const verifyEvents = Number(process.argv[2] ?? 100_000);
const proofLeaves = Number(process.argv[3] ?? 1_000_000);

async function freshApp(name: string): Promise<AppContext> {
  const dataDir = join(WORK, name);
  await rm(dataDir, { recursive: true, force: true });
  return openAppContext({ dataDir, databaseUrl: null });
}

async function appendBatched(app: AppContext, n: number, batch = 1000): Promise<number> {
  const t0 = performance.now();
  for (let done = 0; done < n; done += batch) {
    await app.uow.run(async (repos) => {
      for (let i = done; i < Math.min(n, done + batch); i++) {
        await recordCustodyEvent(repos, app.clock, {
          actor: 'user:bench',
          action: i % 3 ? 'viewed' : 'acquired',
          object: `exhibit:BM/${1 + (i % 5000)}`,
          exhibitHash: createHash('sha256').update(String(i)).digest('hex'),
          ...(i % 2 ? { details: { i } } : {}),
        });
      }
    });
  }
  return performance.now() - t0;
}

console.log(`custody benchmark: ${machine()}`);

// 1. append
{
  const app = await freshApp('custody-append');
  const single = 500;
  const t0 = performance.now();
  for (let i = 0; i < single; i++)
    await app.uow.run((repos) =>
      recordCustodyEvent(repos, app.clock, {
        actor: 'user:bench',
        action: 'viewed',
        object: `exhibit:BM/${i}`,
      }),
    );
  const singleMs = performance.now() - t0;
  const batchedMs = await appendBatched(app, verifyEvents);
  console.log(
    `append, one transaction per event (fsync per commit): ${(single / (singleMs / 1000)).toFixed(0)} events/s over ${single} events`,
  );
  console.log(
    `append, 1,000 events per transaction: ${(verifyEvents / (batchedMs / 1000)).toFixed(0)} events/s (${verifyEvents} events in ${(batchedMs / 1000).toFixed(1)} s)`,
  );
  await checkpointNow(app.uow, app.key, app.clock);

  // 2. full verify vs 2n raw SHA-256 of the same leaf bytes and 64-byte node inputs
  const size = (await app.uow.read.custody.latestCheckpoint())?.size ?? 0;
  const leaves: Buffer[] = [];
  for await (const e of app.uow.read.custody.events(0, size)) leaves.push(Buffer.from(e.leaf));
  const verifyRuns: number[] = [];
  const shaRuns: number[] = [];
  for (let r = 0; r < 3; r++) {
    let t = performance.now();
    const report = await verifyCustodyLog(app.uow.read, app.key);
    verifyRuns.push(performance.now() - t);
    if (report.problems.length)
      throw new Error(`log does not verify: ${report.problems[0]?.message}`);
    const node = Buffer.alloc(65, 1);
    t = performance.now();
    for (const l of leaves) {
      createHash('sha256').update(l).digest();
      createHash('sha256').update(node).digest();
    }
    shaRuns.push(performance.now() - t);
  }
  const treeRuns: number[] = [];
  const cp = await app.uow.read.custody.latestCheckpoint();
  for (let r = 0; r < 3; r++) {
    const t = performance.now();
    verifyTreeHead(leaves, BigInt(cp?.size ?? 0), Buffer.from(cp?.root ?? '', 'hex'));
    treeRuns.push(performance.now() - t);
  }
  const v = median(verifyRuns);
  const s = median(shaRuns);
  const tree = median(treeRuns);
  console.log(
    `tree recomputation from the stored leaves (RFC 6962: every leaf and node hash) vs the signed root: median ${tree.toFixed(0)} ms`,
  );
  console.log(ratioLine('tree recomputation vs 2n raw SHA-256', tree / s, { max: 2 }));
  console.log(
    `full verify of ${size} stored events (read from SQLite, decode and check each leaf, recompute leaves, nodes, checkpoint): median ${v.toFixed(0)} ms`,
  );
  console.log(
    `2n raw SHA-256 in Node over the same leaf bytes and 65-byte node inputs: median ${s.toFixed(0)} ms`,
  );
  console.log(ratioLine('full verify vs 2n raw SHA-256', v / s, { max: 2 }));
  await app.close();
}

/**
 * Builds a large log quickly for the proof benchmark: the same leaves and nodes the application
 * writes (core encoding and append), inserted in bulk rather than one transaction per event.
 */
async function bulkLog(
  app: AppContext & { rawDb: Awaited<ReturnType<typeof openDatabase>>['db'] },
  n: number,
): Promise<void> {
  const store = new MemoryNodeStore();
  const at = new Date(Date.UTC(2026, 0, 1)).toISOString();
  const BATCH = 2000;
  for (let from = 0; from < n; from += BATCH) {
    const events: Insertable<CustodyEventsTable>[] = [];
    const nodes: Insertable<MerkleNodesTable>[] = [];
    for (let seq = from; seq < Math.min(n, from + BATCH); seq++) {
      const leaf = encodeEventLeaf({
        v: 1,
        seq,
        at,
        actor: 'user:bench',
        action: 'viewed',
        object: `exhibit:BM/${1 + (seq % 5000)}`,
      });
      const h = leafHash(leaf);
      for (const node of await nodesCompletedByAppend(BigInt(seq), h, store))
        nodes.push({
          level: node.level,
          idx: Number(node.index),
          hash: Buffer.from(node.hash).toString('hex'),
        });
      await store.append(h);
      events.push({
        seq,
        at,
        actor: 'user:bench',
        action: 'viewed',
        object: `exhibit:BM/${1 + (seq % 5000)}`,
        exhibit_sha256: null,
        reason: null,
        details: null,
        details_sha256: null,
        prev_hash: null,
        leaf: Buffer.from(leaf).toString('utf8'),
        leaf_hash: Buffer.from(h).toString('hex'),
      });
    }
    await app.rawDb.transaction().execute(async (trx) => {
      for (let i = 0; i < events.length; i += 500)
        await trx
          .insertInto('custody_events')
          .values(events.slice(i, i + 500))
          .execute();
      for (let i = 0; i < nodes.length; i += 500)
        await trx
          .insertInto('merkle_nodes')
          .values(nodes.slice(i, i + 500))
          .execute();
      await trx
        .updateTable('custody_head')
        .set({ size: Math.min(n, from + BATCH) })
        .where('id', '=', 1)
        .execute();
    });
  }
}

// 3. inclusion proof at 1M leaves from the database
{
  const dataDir = join(WORK, 'custody-proof');
  await rm(dataDir, { recursive: true, force: true });
  const opened = await openDatabase({ dataDir });
  const app = { ...(await openAppContext({ dataDir, databaseUrl: null })), rawDb: opened.db };
  const t0 = performance.now();
  await bulkLog(app, proofLeaves);
  console.log(
    `built a ${proofLeaves}-event log in ${((performance.now() - t0) / 1000).toFixed(0)} s (bulk insert of the application's leaves and nodes)`,
  );
  const size = BigInt(proofLeaves);
  const root = await rootAt(size, app.uow.read.custody);
  const times: number[] = [];
  for (let i = 0; i < 2000; i++) {
    const index = BigInt(Math.floor(Math.random() * proofLeaves));
    const t = performance.now();
    const proof = await inclusionProof(index, size, app.uow.read.custody);
    times.push(performance.now() - t);
    if (i < 50) {
      const e = await app.uow.read.custody.getEvent(Number(index));
      verifyInclusionOfLeafHash(Buffer.from(e?.leafHash ?? '', 'hex'), index, size, proof, root);
    }
  }
  const m = median(times);
  const p99 = [...times].sort((a, b) => a - b)[Math.floor(times.length * 0.99)] ?? 0;
  console.log(
    `inclusion proof at ${proofLeaves} leaves from SQLite: median ${m.toFixed(3)} ms, p99 ${p99.toFixed(3)} ms over ${times.length} random leaves (target ≤ 2 ms: ${m <= 2 ? 'met' : 'NOT met'})`,
  );
  await opened.close();
  await app.close();
}
