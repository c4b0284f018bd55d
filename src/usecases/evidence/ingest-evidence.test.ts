import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmod, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sql } from 'kysely';
import { DIALECTS } from '../../../test/support/databases.ts';
import {
  handedInFile,
  handedInFolder,
  openTestApp,
  type TestApp,
} from '../../../test/support/app.ts';
import { ingestEvidence } from './ingest-evidence.ts';
import { verifyStore } from './verify-store.ts';
import { viewExhibit } from './view-exhibit.ts';
import { readTranscript } from '../../core/transcript/transcript-json.ts';
import { parseError, isCustosError } from '../../core/errors.ts';
import { readLines } from '../../core/transcript/lines.ts';
import type { ChatParser, TranscriptPart } from '../../core/transcript/types.ts';
import { openDatabase } from '../../adapters/db/connect.ts';
import type { LocalBlobStore } from '../../adapters/blobstore/local-blob-store.ts';

/**
 * A deliberately tiny line format ("NAME> text") so these tests exercise the ingest orchestration
 * independently of the real chat parsers, which have their own fixture tests.
 */
const lineParser: ChatParser = {
  info: { name: 'test-lines', version: '0.0.1' },
  formats: ['whatsapp-txt-android'],
  detect(probe) {
    for (const [path, head] of probe.heads)
      if (new TextDecoder().decode(head).startsWith('CHAT\n'))
        return { format: 'whatsapp-txt-android', confidence: 1, entries: [path] };
    return null;
  },
  async *parse(source, detection) {
    const entry = detection.entries[0] ?? '';
    let index = 0;
    for await (const l of readLines(source.open(entry), { file: source.label })) {
      if (l.line === 1) continue;
      const m = /^(\w+)> (.*)$/.exec(l.text);
      if (!m)
        throw parseError('PARSE_BAD_HEADER', 'expected NAME> text', {
          file: source.label,
          line: l.line,
          byteOffset: l.byteOffset,
        });
      yield {
        type: 'message',
        message: {
          index: index++,
          sender: m[1] ?? null,
          timestamp: `2024-01-01T10:0${index}:00+00:00`,
          text: m[2] ?? '',
          attachments: [],
          system: false,
          origin: { line: l.line, byteOffset: l.byteOffset },
        },
      } satisfies TranscriptPart;
    }
  },
};

const CHAT = 'CHAT\nAlex> hello\nSam> hi there\n';

async function ingest(app: TestApp, name: string, content: string, initials = 'AB') {
  return ingestEvidence(
    { ...app, parsers: [lineParser] },
    {
      handedIn: handedInFile(name, content),
      initials,
      actor: `cli:${initials}`,
      timeZone: 'Europe/London',
    },
  );
}

for (const dialect of DIALECTS) {
  describe(`ingestEvidence on ${dialect}`, () => {
    test('stores the original, derives a transcript exhibit, and logs both in the custody log', async () => {
      const app = await openTestApp(dialect);
      try {
        const r = await ingest(app, 'chat.txt', CHAT);
        assert.equal(r.original.ref, 'AB/1');
        assert.equal(r.original.status, 'parsed');
        assert.equal(r.transcript?.ref, 'AB/2');
        assert.equal(r.transcript?.sourceSha256, r.original.sha256);
        assert.deepEqual(r.transcript?.parser, lineParser.info);
        assert.equal(r.summary?.messageCount, 2);
        assert.deepEqual(r.summary?.participants, ['Alex', 'Sam']);
        const stored = await app.uow.read.exhibits.findByRef('AB/1');
        assert.equal(stored?.status, 'parsed');
        const t = await readTranscript(app.blobs.open(r.transcript?.sha256 ?? ''));
        assert.deepEqual(
          t.messages.map((m) => m.text),
          ['hello', 'hi there'],
        );
        const events1 = await app.uow.read.custody.eventsFor('exhibit:AB/1');
        const events2 = await app.uow.read.custody.eventsFor('exhibit:AB/2');
        assert.deepEqual(
          events1.map((e) => [e.action, e.exhibitSha256]),
          [['acquired', r.original.sha256]],
        );
        assert.deepEqual(
          events2.map((e) => [e.action, e.exhibitSha256]),
          [
            ['derived', r.transcript?.sha256],
            ['selectors-extracted', r.transcript?.sha256],
            ['assessed', r.transcript?.sha256],
          ],
        );
        assert.equal(r.assessment?.exhibitId, r.transcript?.id);
        assert.equal(
          (await app.uow.read.assessments.latestForExhibit(r.transcript?.id ?? ''))?.id,
          r.assessment?.id,
        );
        const report = await verifyStore(app, 'cli:AB');
        assert.equal(report.ok, true, JSON.stringify(report.problems));
        assert.equal(report.exhibits, 2);
      } finally {
        await app.close();
      }
    });

    test('evidence that cannot be parsed is stored, and the failure is recorded with its reason', async () => {
      const app = await openTestApp(dialect);
      try {
        const r = await ingest(app, 'broken.txt', 'CHAT\nAlex> ok\nthis line is not a message\n');
        assert.equal(r.original.status, 'parse-failed');
        assert.equal(r.failure?.code, 'PARSE_BAD_HEADER');
        assert.match(r.failure?.message ?? '', /broken\.txt:3/);
        assert.equal(r.transcript, undefined);
        assert.equal(await app.blobs.has(r.original.sha256), true);
        const events = await app.uow.read.custody.eventsFor('exhibit:AB/1');
        assert.deepEqual(
          events.map((e) => [e.action, e.reason]),
          [
            ['acquired', null],
            ['parse-failed', 'parse-bad-header'],
          ],
        );
        assert.equal(
          (JSON.parse(events[1]?.details ?? '{}') as { location: { line: number } }).location.line,
          3,
        );
        const unknown = await ingest(app, 'photo.jpg', '\u00ff\u00d8 not a chat');
        assert.equal(unknown.failure?.code, 'PARSE_UNKNOWN_FORMAT');
        assert.equal((await verifyStore(app, 'cli:AB')).ok, true);
      } finally {
        await app.close();
      }
    });

    test('identical content is one blob but two exhibits, and says so', async () => {
      const app = await openTestApp(dialect);
      try {
        const a = await ingest(app, 'a.txt', CHAT);
        const b = await ingest(app, 'b.txt', CHAT, 'CD');
        assert.equal(b.original.ref, 'CD/1');
        assert.equal(b.original.sha256, a.original.sha256);
        assert.deepEqual(b.identicalTo, ['AB/1']);
      } finally {
        await app.close();
      }
    });

    test('a folder is one exhibit whose hash is the hash of its file manifest', async () => {
      const app = await openTestApp(dialect);
      try {
        const r = await ingestEvidence(
          { ...app, parsers: [lineParser] },
          {
            handedIn: handedInFolder('export', {
              'b/chat.txt': CHAT,
              'a.bin': new Uint8Array([0, 1, 2]),
            }),
            initials: 'AB',
            actor: 'cli:AB',
            timeZone: 'UTC',
          },
        );
        assert.equal(r.original.form, 'folder');
        assert.equal(r.original.sizeBytes, CHAT.length + 3);
        assert.deepEqual(
          (await app.uow.read.exhibits.listFiles(r.original.id)).map((f) => f.path),
          ['a.bin', 'b/chat.txt'],
        );
        assert.equal(r.summary?.messageCount, 2);
        assert.equal((await verifyStore(app, 'cli:AB')).ok, true);
      } finally {
        await app.close();
      }
    });

    test('viewing records a viewed event on the transcript', async () => {
      const app = await openTestApp(dialect);
      try {
        await ingest(app, 'chat.txt', CHAT);
        const v = await viewExhibit(app, 'ab/1', 'cli:EF');
        assert.equal(v.transcriptExhibit?.ref, 'AB/2');
        assert.equal(v.transcript?.messages.length, 2);
        const events = await app.uow.read.custody.eventsFor('exhibit:AB/2');
        assert.deepEqual(
          events.map((e) => [e.action, e.actor]),
          [
            ['derived', 'cli:AB'],
            ['selectors-extracted', 'cli:AB'],
            ['assessed', 'cli:AB'],
            ['viewed', 'cli:EF'],
          ],
        );
        await assert.rejects(viewExhibit(app, 'AB/9', 'cli:EF'), (e) =>
          isCustosError(e, 'EXHIBIT_NOT_FOUND'),
        );
        await assert.rejects(viewExhibit(app, 'nonsense', 'cli:EF'), (e) =>
          isCustosError(e, 'EXHIBIT_BAD_REF'),
        );
      } finally {
        await app.close();
      }
    });

    test('bad initials are refused before anything is stored', async () => {
      const app = await openTestApp(dialect);
      try {
        await assert.rejects(ingest(app, 'chat.txt', CHAT, 'a1'), (e) =>
          isCustosError(e, 'EXHIBIT_BAD_INITIALS'),
        );
        assert.equal(await app.uow.read.exhibits.count(), 0);
        assert.equal(await app.uow.read.custody.size(), 0);
      } finally {
        await app.close();
      }
    });

    test('verify names the first bad entry: a changed original, a changed event row, changed details', async () => {
      const app = await openTestApp(dialect);
      try {
        const r = await ingest(app, 'chat.txt', CHAT);
        await ingest(app, 'other.txt', 'CHAT\nAlex> second\n');
        // 1. the original's bytes change on disk
        // (the ciphertext at rest: one flipped byte fails its segment's authentication)
        const path = (app.blobs as LocalBlobStore).cipherPathOf(r.original.sha256);
        const sealed = await readFile(path);
        await chmod(path, 0o644);
        const flipped = Buffer.from(sealed);
        flipped[flipped.length - 20] = (flipped[flipped.length - 20] ?? 0) ^ 1;
        await writeFile(path, flipped);
        let report = await verifyStore(app, 'cli:AB');
        assert.equal(report.ok, false);
        assert.equal(report.problems[0]?.subject, 'exhibit AB/1');
        assert.equal(report.problems[0]?.code, 'BLOB_CIPHER_AUTH_FAILED');
        await writeFile(path, sealed);
        // 2. someone edits an event row in the database
        const opened = await openDatabase({
          dataDir: app.env.dataDir,
          databaseUrl: app.env.databaseUrl,
          migrate: false,
        });
        try {
          await opened.db
            .updateTable('custody_events')
            .set({ actor: 'cli:ZZ' })
            .where('seq', '=', 0)
            .execute();
          report = await verifyStore(app, 'cli:AB');
          assert.deepEqual(
            [report.problems[0]?.subject, report.problems[0]?.code],
            ['event 0', 'CUSTODY_EVENT_ROW_MISMATCH'],
          );
          await opened.db
            .updateTable('custody_events')
            .set({ actor: 'cli:AB' })
            .where('seq', '=', 0)
            .execute();
          // 3. the off-leaf details are rewritten
          await opened.db
            .updateTable('custody_events')
            .set({ details: sql<string>`replace(details, 'chat.txt', 'chat2.txt')` })
            .where('seq', '=', 0)
            .execute();
          report = await verifyStore(app, 'cli:AB');
          assert.deepEqual(
            [report.problems[0]?.subject, report.problems[0]?.code],
            ['event 0', 'CUSTODY_DETAILS_MISMATCH'],
          );
          await opened.db
            .updateTable('custody_events')
            .set({ details: sql<string>`replace(details, 'chat2.txt', 'chat.txt')` })
            .where('seq', '=', 0)
            .execute();
          // 4. a stored tree node is altered
          await opened.db
            .updateTable('merkle_nodes')
            .set({ hash: '0'.repeat(64) })
            .where('level', '=', 1)
            .where('idx', '=', 0)
            .execute();
          report = await verifyStore(app, 'cli:AB');
          assert.deepEqual(
            [report.problems[0]?.subject, report.problems[0]?.code],
            ['node (1, 0)', 'CUSTODY_NODE_MISMATCH'],
          );
        } finally {
          await opened.close();
        }
      } finally {
        await app.close();
      }
    });
  });
}

test('no temp files are left after ingest', async () => {
  const app = await openTestApp('sqlite');
  try {
    await ingest(app, 'chat.txt', CHAT);
    assert.deepEqual(await readdir(join(app.env.dataDir, 'blobs', 'tmp')), []);
  } finally {
    await app.close();
  }
});
