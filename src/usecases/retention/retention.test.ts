import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { DIALECTS } from '../../../test/support/databases.ts';
import { buildUser, openTestDesk, type TestDesk } from '../../../test/support/desk.ts';
import { openDatabase } from '../../adapters/db/connect.ts';
import type { LocalBlobStore } from '../../adapters/blobstore/local-blob-store.ts';
import { KeyWraps, wrapAad } from '../../adapters/blobstore/key-wraps.ts';
import {
  decryptSegmentSync,
  layoutFor,
  openSmall,
  parseHeader,
  segmentCipherBytes,
  segmentKey,
  segmentOffset,
} from '../../adapters/blobstore/segment-cipher.ts';
import { bundleIo } from '../../adapters/render/index.ts';
import { isCustosError } from '../../core/errors.ts';
import type { Exhibit } from '../../core/evidence/exhibit.ts';
import type { BlobStore } from '../../ports/blob-store.ts';
import { exportBundle } from '../bundle/export-bundle.ts';
import { verifyBundleAt } from '../bundle/verify-bundle.ts';
import { recordOutcome } from '../cases/record-outcome.ts';
import { viewCase } from '../cases/view-case.ts';
import { justifyCaseView } from '../cases/justification.ts';
import type { DeskActor, DeskContext } from '../desk-context.ts';
import { verifyStore } from '../evidence/verify-store.ts';
import { addReportEvidence } from '../intake/report-evidence.ts';
import { submitReport } from '../intake/submit-report.ts';
import { createCaseFromReport } from '../reports/create-case.ts';
import { viewReportTranscript } from '../reports/view-transcript.ts';
import { resumeDisposals } from './dispose-case.ts';
import { encryptPlaintextBlobs } from './encrypt-store.ts';
import { setRetentionPeriods } from './retention-settings.ts';
import { blobsOfExhibit } from './retention-support.ts';
import {
  decideRetention,
  listRetentionReviews,
  viewCaseRetention,
  type RetentionDecisionInput,
} from './review-retention.ts';

const SHARED_CHAT = await readFile(
  new URL('../../../examples/whatsapp-android-chat.txt', import.meta.url),
);
/** A chat only case one holds; its lines must not survive disposal anywhere. */
const UNIQUE_ONE =
  [
    '14/03/2024, 19:02 - Casey Quill: unique-one the lighthouse keeper sells marmalade on tuesdays',
    '14/03/2024, 19:03 - Morgan Vale: unique-one only if the tide tables agree with the almanac',
    '14/03/2024, 19:04 - Casey Quill: unique-one ring me on +44 7700 900456 about the almanac',
  ].join('\n') + '\n';
const UNIQUE_TWO =
  [
    '15/03/2024, 10:00 - Robin Ash: unique-two the orchard gate squeaks in the northern wind',
    '15/03/2024, 10:01 - Quinn Ash: unique-two then oil it before the harvest festival',
  ].join('\n') + '\n';
const MARKER_ONE = Buffer.from('lighthouse keeper sells marmalade');
const MONTH = 31 * 24 * 3600 * 1000;

function upload(name: string, content: string | Uint8Array) {
  return {
    name,
    stream: [
      typeof content === 'string' ? new TextEncoder().encode(content) : content,
    ] as unknown as AsyncIterable<Uint8Array>,
  };
}

/** A case for `officer` from a public report with these files. */
async function caseWith(
  desk: TestDesk,
  officer: DeskActor,
  title: string,
  files: readonly (readonly [string, string | Uint8Array])[],
) {
  const r = await submitReport(desk, {
    childInDangerNow: 'no',
    whatHappened: `what happened for ${title}`,
    platform: 'whatsapp',
    otherPersonIdentifiers: ['riley.parker.example'],
  });
  for (const [name, content] of files)
    await addReportEvidence(desk, r.report, upload(name, content));
  return createCaseFromReport(desk, officer, r.report.id, { title });
}

async function exhibitsOf(desk: DeskContext, caseId: string): Promise<Exhibit[]> {
  const out: Exhibit[] = [];
  for (const id of await desk.uow.read.desk.cases.exhibitIdsOf(caseId)) {
    const ex = await desk.uow.read.exhibits.findById(id);
    if (ex) out.push(ex);
  }
  return out;
}

async function blobsOfCase(desk: DeskContext, caseId: string): Promise<string[]> {
  const out = new Set<string>();
  for (const ex of await exhibitsOf(desk, caseId))
    for (const s of await blobsOfExhibit(desk.uow.read, ex)) out.add(s);
  return [...out].sort();
}

/** Every file under `dir`, recursively. */
async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const d of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, d.name);
    if (d.isDirectory()) out.push(...(await filesUnder(p)));
    else if (d.isFile()) out.push(p);
  }
  return out;
}

/** Every value of every table, as text (to search the database for key material). */
async function databaseText(desk: TestDesk): Promise<string> {
  const opened = await openDatabase({
    dataDir: desk.env.dataDir,
    databaseUrl: desk.env.databaseUrl,
    migrate: false,
  });
  try {
    const tables =
      opened.dialect === 'sqlite'
        ? (
            await sql<{
              name: string;
            }>`select name from sqlite_master where type = 'table'`.execute(opened.db)
          ).rows.map((r) => r.name)
        : (
            await sql<{
              name: string;
            }>`select tablename as name from pg_tables where schemaname = 'public'`.execute(
              opened.db,
            )
          ).rows.map((r) => r.name);
    let text = '';
    for (const t of tables)
      text += JSON.stringify((await sql`select * from ${sql.table(t)}`.execute(opened.db)).rows);
    return text;
  } finally {
    await opened.close();
  }
}

/** Every data key a holder key still present can open, from every wraps file. */
async function openableDataKeys(store: LocalBlobStore): Promise<Buffer[]> {
  const keys: Buffer[] = [];
  const wraps = new KeyWraps(join(store.keysDir, 'wraps'));
  let files: string[] = [];
  try {
    files = await filesUnder(wraps.dir);
  } catch {
    return keys;
  }
  for (const f of files.filter((x) => x.endsWith('.json'))) {
    const sha = f.slice(f.lastIndexOf('/') + 1, -5);
    for (const [holder, sealed] of await wraps.read(sha)) {
      for (const h of await store.holderKeys.list()) {
        const hk = await store.holderKeys.get(h);
        const k = hk && openSmall(hk, sealed, wrapAad(sha, holder));
        if (k) keys.push(k);
      }
    }
  }
  return keys;
}

/** The data key of a blob, opened with a holder's key (before disposal). */
async function dataKeyOf(store: LocalBlobStore, sha: string, holder: string): Promise<Buffer> {
  const wraps = await new KeyWraps(join(store.keysDir, 'wraps')).read(sha);
  const hk = await store.holderKeys.get(holder);
  const sealed = wraps.get(holder);
  assert.ok(hk && sealed, `${holder} holds ${sha}`);
  const k = openSmall(hk, sealed, wrapAad(sha, holder));
  assert.ok(k);
  return k;
}

const dispose = (caseRef: string): Extract<RetentionDecisionInput, { decision: 'dispose' }> => ({
  decision: 'dispose',
  reasonCode: 'retention-period-ended',
  rationale: 'review found no continuing policing purpose',
  confirmCaseRef: caseRef,
  cpiaPeriodEnded: true,
});

/** Two cases of one officer sharing an identical chat export; both closed with NFA and due. */
async function world(desk: TestDesk) {
  const officer = await buildUser(desk, 'officer');
  const other = await buildUser(desk, 'officer');
  await setRetentionPeriods(desk, { nfa: 2 }, 'cli:AD');
  const one = await caseWith(desk, officer.actor, 'Case one about Riley', [
    ['shared.txt', SHARED_CHAT],
    ['unique-one.txt', UNIQUE_ONE],
  ]);
  const two = await caseWith(desk, officer.actor, 'Case two about Riley', [
    ['shared-again.txt', SHARED_CHAT],
    ['unique-two.txt', UNIQUE_TWO],
  ]);
  await recordOutcome(desk, officer.actor, one.id, { outcome: 'nfa' });
  await recordOutcome(desk, officer.actor, two.id, { outcome: 'nfa' });
  return { officer, other, one, two };
}

function store(desk: DeskContext): LocalBlobStore {
  return desk.blobs as LocalBlobStore;
}

for (const dialect of DIALECTS) {
  describe(`retention and disposal (${dialect})`, () => {
    test('the review queue, the rules, and a retain decision', async () => {
      const desk = await openTestDesk(dialect);
      try {
        const { officer, other, one, two } = await world(desk);
        // Not due yet: the queue is empty and disposal is refused.
        assert.deepEqual((await listRetentionReviews(desk, officer.actor)).items, []);
        await assert.rejects(decideRetention(desk, officer.actor, one.id, dispose(one.ref)), (e) =>
          isCustosError(e, 'RETENTION_NOT_DUE'),
        );
        desk.testClock.ms += 3 * MONTH;
        const queue = await listRetentionReviews(desk, officer.actor);
        assert.deepEqual(
          queue.items.map((i) => [i.caseRef, i.retentionClass, i.due]),
          [
            [one.ref, 'nfa', true],
            [two.ref, 'nfa', true],
          ].sort(),
        );
        assert.deepEqual((await listRetentionReviews(desk, other.actor)).items, []);
        // Only the owner reviews; the rules need the CPIA confirmation and the case reference.
        await assert.rejects(decideRetention(desk, other.actor, one.id, dispose(one.ref)), (e) =>
          isCustosError(e, 'POLICY_DENIED'),
        );
        await assert.rejects(
          decideRetention(desk, officer.actor, one.id, {
            ...dispose(one.ref),
            cpiaPeriodEnded: false,
          }),
          (e) => isCustosError(e, 'RETENTION_CPIA_NOT_CONFIRMED'),
        );
        await assert.rejects(decideRetention(desk, officer.actor, one.id, dispose(two.ref)), (e) =>
          isCustosError(e, 'RETENTION_CONFIRMATION_MISMATCH'),
        );
        // Retain: a new review date and the rationale; the case leaves the queue.
        const today = queue.today;
        await assert.rejects(
          decideRetention(desk, officer.actor, one.id, {
            decision: 'retain',
            reasonCode: 'linked-intelligence',
            rationale: 'linked to an open investigation',
            nextReview: today,
          }),
          (e) => isCustosError(e, 'RETENTION_REVIEW_DATE_INVALID'),
        );
        const kept = await decideRetention(desk, officer.actor, one.id, {
          decision: 'retain',
          reasonCode: 'linked-intelligence',
          rationale: 'linked to an open investigation',
          nextReview: '2031-01-01',
          retentionClass: 'mopi-2',
        });
        assert.equal(kept.decision, 'retain');
        assert.equal(kept.nextReview, '2031-01-01');
        const view = await viewCaseRetention(desk, officer.actor, one.id);
        assert.equal(view.retentionClass, 'mopi-2');
        assert.equal(view.reviewDue, '2031-01-01');
        assert.equal(view.due, false);
        assert.deepEqual(
          view.decisions.map((d) => d.decision),
          ['retain'],
        );
        assert.deepEqual(
          (await listRetentionReviews(desk, officer.actor)).items.map((i) => i.caseRef),
          [two.ref],
        );
        const events = await desk.uow.read.custody.eventsFor(`case:${one.ref}`);
        assert.equal(events.at(-1)?.reason, 'retention-retain');
        // A case with no outcome, and a charged case, cannot be disposed of.
        const open = await caseWith(desk, officer.actor, 'Open case', []);
        desk.testClock.ms += 13 * MONTH;
        await assert.rejects(
          decideRetention(desk, officer.actor, open.id, dispose(open.ref)),
          (e) => isCustosError(e, 'RETENTION_CASE_OPEN'),
        );
        await recordOutcome(desk, officer.actor, open.id, { outcome: 'charged' });
        desk.testClock.ms += 13 * MONTH;
        await assert.rejects(
          decideRetention(desk, officer.actor, open.id, dispose(open.ref)),
          (e) => isCustosError(e, 'RETENTION_PROCEEDINGS_PENDING'),
        );
      } finally {
        await desk.close();
      }
    });

    test('disposal crypto-shreds: no key material is left and the bytes cannot be recovered', async () => {
      const desk = await openTestDesk(dialect);
      const saved = await mkdtemp(join(tmpdir(), 'custos-shred-'));
      try {
        const { officer, one, two } = await world(desk);
        desk.testClock.ms += 3 * MONTH;
        const s = store(desk);
        const blobsOne = await blobsOfCase(desk, one.id);
        const blobsTwo = await blobsOfCase(desk, two.id);
        const onlyOne = blobsOne.filter((b) => !blobsTwo.includes(b));
        const shared = blobsOne.filter((b) => blobsTwo.includes(b));
        assert.ok(onlyOne.length >= 2, 'the unique chat and its transcript');
        assert.ok(shared.length >= 1, 'the shared chat (transcripts name their source, so differ)');
        for (const b of blobsOne) assert.ok((await s.holders(b))?.includes(`case-${one.id}`));
        // What an attacker would want: the holder key, the data keys, the ciphertexts.
        const caseKey = await s.holderKeys.get(`case-${one.id}`);
        assert.ok(caseKey);
        const dataKeys = new Map<string, Buffer>();
        for (const b of onlyOne) {
          dataKeys.set(b, await dataKeyOf(s, b, `case-${one.id}`));
          await writeFile(join(saved, b), await readFile(s.cipherPathOf(b)));
        }
        // The plaintext is not at rest before disposal either (only in the database's analyses).
        for (const f of await filesUnder(join(desk.env.dataDir, 'blobs')))
          assert.equal((await readFile(f)).includes(MARKER_ONE), false, f);

        const decision = await decideRetention(desk, officer.actor, one.id, dispose(one.ref));
        assert.equal(decision.decision, 'dispose');
        assert.ok(decision.shreddedAt);
        const shred = (decision.summary as { shred: Record<string, number> }).shred;
        assert.equal(shred.blobsDeleted, onlyOne.length);
        assert.equal(shred.blobsKept, shared.length);

        // The case's own bytes, their wraps and the case key are gone.
        assert.equal(await s.holderKeys.get(`case-${one.id}`), undefined);
        for (const b of onlyOne) {
          assert.equal(await s.has(b), false);
          await assert.rejects(stat(s.wrapsPathOf(b)), { code: 'ENOENT' });
        }
        if (dialect === 'sqlite') {
          // The test's own connection may hold the log; fold it in as the desk does on close.
          const db = new SQLite(join(desk.env.dataDir, 'custos.sqlite'));
          db.pragma('wal_checkpoint(TRUNCATE)');
          db.close();
        }
        // No key material and no plaintext anywhere under the data directory or in the database.
        const secrets: [string, Buffer][] = [
          ['case key', caseKey],
          ...[...dataKeys].map(([b, k]): [string, Buffer] => [`data key of ${b}`, k]),
        ];
        const forms = (k: Buffer) => [
          k,
          Buffer.from(k.toString('hex')),
          Buffer.from(k.toString('base64')),
          Buffer.from(k.toString('base64url')),
        ];
        for (const f of await filesUnder(desk.env.dataDir)) {
          const bytes = await readFile(f);
          for (const [what, k] of secrets)
            for (const form of forms(k))
              assert.equal(bytes.includes(form), false, `${what} found in ${f}`);
          assert.equal(bytes.includes(MARKER_ONE), false, `plaintext of case one found in ${f}`);
        }
        const dbText = await databaseText(desk);
        for (const [what, k] of secrets)
          for (const form of forms(k).slice(1))
            assert.equal(dbText.includes(form.toString()), false, `${what} in the database`);
        assert.equal(dbText.includes(MARKER_ONE.toString()), false, 'plaintext in the database');
        // The saved ciphertexts (a backup copy, say) open with no key still present.
        const keysLeft = await openableDataKeys(s);
        assert.ok(keysLeft.length > 0, 'case two still holds its keys');
        for (const b of onlyOne) {
          const file = await readFile(join(saved, b));
          const header = parseHeader(file);
          const layout = layoutFor(file.length, header.segmentSize);
          const sealed = file
            .subarray(segmentOffset(0, layout.segmentSize))
            .subarray(0, segmentCipherBytes(0, layout));
          for (const k of keysLeft) {
            const key = await segmentKey(k);
            assert.throws(
              () => decryptSegmentSync(key, header, 0, layout.count === 1, sealed),
              (e) => isCustosError(e, 'BLOB_CIPHER_AUTH_FAILED'),
            );
          }
          // Control: the destroyed data key did open it, so the refusals above mean something.
          const destroyed = await segmentKey(dataKeys.get(b) ?? Buffer.alloc(32));
          const plain = decryptSegmentSync(destroyed, header, 0, layout.count === 1, sealed);
          assert.ok(plain.length > 0);
        }
      } finally {
        await desk.close();
        await rm(saved, { recursive: true, force: true });
      }
    });

    test('a blob shared by two cases survives the first disposal, is readable by the second, and goes with it', async () => {
      const desk = await openTestDesk(dialect);
      try {
        const { officer, one, two } = await world(desk);
        desk.testClock.ms += 3 * MONTH;
        const s = store(desk);
        const shared = await blobsOfCase(desk, one.id);
        const sharedOriginal = (await exhibitsOf(desk, two.id)).find(
          (e) => e.kind === 'original' && e.originalName === 'shared-again.txt',
        );
        assert.ok(sharedOriginal);
        assert.ok(shared.includes(sharedOriginal.sha256));
        await decideRetention(desk, officer.actor, one.id, dispose(one.ref));
        assert.deepEqual(await s.holders(sharedOriginal.sha256), [`case-${two.id}`]);
        assert.equal((await s.verify(sharedOriginal.sha256)).size, SHARED_CHAT.length);
        // Case two still reads its transcript of the shared chat.
        await justifyCaseView(desk, officer.actor, two.id, { reasonCode: 'case-work' });
        const seen = await viewCase(desk, officer.actor, two.id);
        assert.ok(seen);
        const reportTwo = (await desk.uow.read.desk.reports.listByCase(two.id))[0];
        assert.ok(reportTwo);
        const t = await viewReportTranscript(desk, officer.actor, reportTwo.id);
        assert.ok(t.messages.length > 5);

        await decideRetention(desk, officer.actor, two.id, dispose(two.ref));
        assert.equal(await s.has(sharedOriginal.sha256), false);
        for (const b of await blobsOfCase(desk, two.id)) assert.equal(await s.has(b), false, b);
        assert.deepEqual(await s.holderKeys.list(), []);
      } finally {
        await desk.close();
      }
    });

    test('the record after disposal: tombstones keep the hashes, personal data is erased, erasure is logged, custos verify is clean', async () => {
      const desk = await openTestDesk(dialect);
      try {
        const { officer, one } = await world(desk);
        desk.testClock.ms += 3 * MONTH;
        const before = await exhibitsOf(desk, one.id);
        const decision = await decideRetention(desk, officer.actor, one.id, dispose(one.ref));
        const after = await exhibitsOf(desk, one.id);
        assert.equal(after.length, before.length);
        for (const ex of after) {
          assert.equal(ex.status, 'disposed');
          assert.equal(ex.originalName, null);
          assert.equal(ex.summary, null);
          assert.equal(ex.sha256, before.find((b) => b.id === ex.id)?.sha256);
          const events = await desk.uow.read.custody.eventsFor(`exhibit:${ex.ref}`);
          const tomb = events.find((e) => e.action === 'disposed');
          assert.ok(tomb, `tombstone of ${ex.ref}`);
          assert.equal(tomb.exhibitSha256, ex.sha256);
          assert.equal(tomb.reason, 'retention-review-dispose');
          const details = JSON.parse(tomb.details ?? '{}') as Record<string, unknown>;
          assert.equal(details.decision, decision.id);
          assert.equal(details.reasonCode, 'retention-period-ended');
          assert.equal(details.decidedAt, decision.decidedAt);
          // The acquisition's details (file name, note) are erased; the leaf stays.
          const acquired = events.find((e) => e.action === 'acquired');
          if (acquired) {
            assert.equal(acquired.details, null);
            assert.ok(acquired.detailsSha256);
          }
          assert.equal(await desk.uow.read.selectors.countByExhibit(ex.id), 0);
        }
        const kase = await desk.uow.read.desk.cases.findById(one.id);
        assert.equal(kase?.title, '[erased at disposal]');
        assert.deepEqual(await desk.uow.read.desk.cases.entriesOf(one.id), []);
        for (const r of await desk.uow.read.desk.reports.listByCase(one.id)) {
          assert.equal(r.whatHappened, '[erased at disposal]');
          assert.deepEqual(r.identifiers, []);
          assert.deepEqual(await desk.uow.read.desk.reports.selectorsOf([r.id]), []);
        }
        const caseEvents = await desk.uow.read.custody.eventsFor(`case:${one.ref}`);
        assert.deepEqual(
          caseEvents.slice(-2).map((e) => [e.action, e.reason]),
          [
            ['decided', 'retention-dispose'],
            ['disposed', 'keys-destroyed'],
          ],
        );
        const erased = await desk.uow.read.accessLog.list(
          { action: 'erase' },
          { limit: 1000, offset: 0 },
        );
        assert.equal(erased.length, 1 + 1 + after.length);
        assert.ok(erased.every((e) => e.reasonCode === 'retention-dispose' && e.caseId === one.id));
        // Disposed material cannot be opened; a second disposal is refused.
        const report = (await desk.uow.read.desk.reports.listByCase(one.id))[0];
        await justifyCaseView(desk, officer.actor, one.id, { reasonCode: 'case-work' });
        // The case page still opens: references, hashes, status disposed, custody events.
        const page = await viewCase(desk, officer.actor, one.id);
        assert.ok(page.exhibits.length > 0);
        assert.ok(page.exhibits.every((e) => e.status === 'disposed'));
        await assert.rejects(viewReportTranscript(desk, officer.actor, report?.id ?? ''), (e) =>
          isCustosError(e, 'EXHIBIT_DISPOSED'),
        );
        await assert.rejects(decideRetention(desk, officer.actor, one.id, dispose(one.ref)), (e) =>
          isCustosError(e, 'POLICY_DENIED'),
        );
        const verified = await verifyStore(desk, 'cli:AU');
        assert.equal(verified.ok, true, JSON.stringify(verified.problems));
      } finally {
        await desk.close();
      }
    });

    test('custos verify names a tampered tombstone', async () => {
      const desk = await openTestDesk(dialect);
      try {
        const { officer, one } = await world(desk);
        desk.testClock.ms += 3 * MONTH;
        await decideRetention(desk, officer.actor, one.id, dispose(one.ref));
        const ex = (await exhibitsOf(desk, one.id))[0];
        assert.ok(ex);
        const tomb = (await desk.uow.read.custody.eventsFor(`exhibit:${ex.ref}`)).find(
          (e) => e.action === 'disposed',
        );
        assert.ok(tomb);
        const opened = await openDatabase({
          dataDir: desk.env.dataDir,
          databaseUrl: desk.env.databaseUrl,
          migrate: false,
        });
        try {
          // 1. The reason in the tombstone's details is rewritten.
          await opened.db
            .updateTable('custody_events')
            .set({
              details: (tomb.details ?? '').replace(
                'retention-period-ended',
                'no-longer-necessary',
              ),
            })
            .where('seq', '=', tomb.seq)
            .execute();
          let report = await verifyStore(desk, 'cli:AU');
          assert.equal(report.ok, false);
          assert.deepEqual(
            report.problems.map((p) => [p.subject, p.code]),
            [[`event ${tomb.seq}`, 'CUSTODY_DETAILS_MISMATCH']],
          );
          // 2. The kept hash is swapped for another.
          await opened.db
            .updateTable('custody_events')
            .set({ details: tomb.details, exhibit_sha256: 'f'.repeat(64) })
            .where('seq', '=', tomb.seq)
            .execute();
          report = await verifyStore(desk, 'cli:AU');
          const codes = report.problems.map((p) => p.code);
          assert.ok(codes.includes('EXHIBIT_TOMBSTONE_MISMATCH'), codes.join());
          assert.ok(codes.includes('CUSTODY_EVENT_ROW_MISMATCH'), codes.join());
          // 3. The tombstone is deleted.
          await opened.db
            .updateTable('custody_events')
            .set({ exhibit_sha256: tomb.exhibitSha256, action: 'viewed' })
            .where('seq', '=', tomb.seq)
            .execute();
          report = await verifyStore(desk, 'cli:AU');
          assert.ok(report.problems.some((p) => p.code === 'EXHIBIT_TOMBSTONE_MISSING'));
        } finally {
          await opened.close();
        }
      } finally {
        await desk.close();
      }
    });

    test('a bundle exported from a disposed case verifies and reports every disposal', async () => {
      const desk = await openTestDesk(dialect);
      const dir = await mkdtemp(join(tmpdir(), 'custos-retention-bundle-'));
      try {
        const { officer, one } = await world(desk);
        desk.testClock.ms += 3 * MONTH;
        const before = await exhibitsOf(desk, one.id);
        await decideRetention(desk, officer.actor, one.id, dispose(one.ref));
        const r = await exportBundle(
          { ...desk, io: bundleIo },
          {
            selection: { kind: 'case', caseRef: one.ref, actor: officer.actor },
            out: join(dir, 'disposed.zip'),
          },
        );
        const report = await verifyBundleAt(bundleIo, r.path, {
          verifierKey: desk.key.verifierKey,
        });
        assert.equal(report.ok, true, JSON.stringify(report.problems));
        assert.equal(report.exhibits.length, before.length);
        for (const ex of report.exhibits) {
          assert.equal(ex.holding, 'disposed');
          assert.equal(ex.disposal?.reason, 'retention-review-dispose');
          assert.equal(ex.disposal?.sha256, before.find((b) => b.ref === ex.ref)?.sha256);
          assert.equal(ex.disposal?.actor, `user:${officer.id}`);
        }
        assert.ok(report.warnings.some((w) => w.code === 'BUNDLE_DETAILS_NOT_HELD'));
      } finally {
        await desk.close();
        await rm(dir, { recursive: true, force: true });
      }
    });

    test('an interrupted disposal is reported by verify and completed by resume', async () => {
      const desk = await openTestDesk(dialect);
      try {
        const { officer, one } = await world(desk);
        desk.testClock.ms += 3 * MONTH;
        const real = desk.blobs;
        let fail = true;
        const flaky: BlobStore = {
          put: (c, o) => real.put(c, o),
          open: (h) => real.open(h),
          verify: (h) => real.verify(h),
          has: (h) => real.has(h),
          size: (h) => real.size(h),
          openRandomAccess: (h) => real.openRandomAccess(h),
          list: () => real.list(),
          hold: (h, x) => real.hold(h, x),
          holders: (h) => real.holders(h),
          release: (h, x) => real.release(h, x),
          destroyHolder: (h, b) => {
            if (fail) return Promise.reject(new Error('power cut'));
            return real.destroyHolder(h, b);
          },
          erase: (h) => real.erase(h),
          plaintextBlobs: () => real.plaintextBlobs(),
          encryptPlaintext: (h, x) => real.encryptPlaintext(h, x),
        };
        await assert.rejects(
          decideRetention({ ...desk, blobs: flaky }, officer.actor, one.id, dispose(one.ref)),
          /power cut/,
        );
        let report = await verifyStore(desk, 'cli:AU');
        assert.deepEqual(
          report.problems.map((p) => p.code),
          ['RETENTION_SHRED_PENDING'],
        );
        assert.ok(await store(desk).holderKeys.get(`case-${one.id}`), 'the key is still there');
        fail = false;
        assert.equal(await resumeDisposals(desk), 1);
        assert.equal(await store(desk).holderKeys.get(`case-${one.id}`), undefined);
        report = await verifyStore(desk, 'cli:AU');
        assert.equal(report.ok, true, JSON.stringify(report.problems));
        assert.equal(await resumeDisposals(desk), 0);
      } finally {
        await desk.close();
      }
    });

    test('a store written before encryption is read, encrypted for its holders, and disposable', async () => {
      const desk = await openTestDesk(dialect);
      try {
        const { officer, one, two } = await world(desk);
        const s = store(desk);
        // Turn case one's blobs back into plaintext files, as a store from before encryption has.
        for (const b of await blobsOfCase(desk, one.id)) {
          const parts: Uint8Array[] = [];
          for await (const c of s.open(b)) parts.push(c);
          await s.erase(b);
          const p = s.plainPathOf(b);
          await import('node:fs/promises').then(async (fs) => {
            await fs.mkdir(join(p, '..'), { recursive: true });
            await fs.writeFile(p, Buffer.concat(parts), { mode: 0o444 });
          });
        }
        assert.equal((await verifyStore(desk, 'cli:AU')).ok, true);
        const r = await encryptPlaintextBlobs(desk, 'cli:AD');
        assert.equal(r.encrypted, (await blobsOfCase(desk, one.id)).length);
        const ofTwo = await blobsOfCase(desk, two.id);
        for (const b of await blobsOfCase(desk, one.id)) {
          // Each blob is wrapped for every case whose exhibits hold it (the shared chat: both).
          assert.deepEqual(
            await s.holders(b),
            [`case-${one.id}`, ...(ofTwo.includes(b) ? [`case-${two.id}`] : [])].sort(),
          );
          await assert.rejects(stat(s.plainPathOf(b)), { code: 'ENOENT' });
        }
        assert.equal((await verifyStore(desk, 'cli:AU')).ok, true);
        desk.testClock.ms += 3 * MONTH;
        await decideRetention(desk, officer.actor, one.id, dispose(one.ref));
        for (const b of await blobsOfCase(desk, one.id))
          assert.equal(await s.has(b), ofTwo.includes(b), `${b} kept only for case two`);
      } finally {
        await desk.close();
      }
    });

    test('a zip export is parsed from the encrypted store through random access', async () => {
      const desk = await openTestDesk(dialect);
      try {
        const officer = await buildUser(desk, 'officer');
        const zip = await readFile(
          new URL(
            '../../../test/fixtures/chat-exports/whatsapp-ios/with-media.zip',
            import.meta.url,
          ),
        );
        const c = await caseWith(desk, officer.actor, 'Zip case', [['export.zip', zip]]);
        const exhibits = await exhibitsOf(desk, c.id);
        const original = exhibits.find((e) => e.kind === 'original');
        assert.equal(original?.form, 'zip');
        assert.equal(original?.status, 'parsed');
        assert.ok(exhibits.some((e) => e.kind === 'transcript'));
        // At rest the archive is ciphertext: neither its local header nor its directory shows.
        const onDisk = await readFile(store(desk).cipherPathOf(original?.sha256 ?? ''));
        assert.equal(onDisk.subarray(0, 8).toString('latin1'), 'CUSTOSE1');
        assert.equal(onDisk.includes(zip.subarray(0, 40)), false);
        assert.equal(onDisk.includes(zip.subarray(zip.length - 22)), false);
      } finally {
        await desk.close();
      }
    });
  });
}
