import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql, type Kysely } from 'kysely';
import { openDatabase } from '../../adapters/db/connect.ts';
import type { Database } from '../../adapters/db/schema.ts';
import { DIALECTS } from '../../../test/support/databases.ts';
import { handedInFile, openTestApp, type TestApp } from '../../../test/support/app.ts';
import { recordCustodyEvent } from '../custody/record-custody-event.ts';
import { ingestEvidence } from './ingest-evidence.ts';
import { verifyStore } from './verify-store.ts';

/** A WhatsApp (Android) chat with one phone number in it: a transcript, a selector, an assessment. */
const CHAT =
  '05/03/2024, 18:40 - Sam Example: hello, text me on 07700 900123\n' +
  '05/03/2024, 18:41 - Zoe Example: ok\n';

interface Store {
  readonly app: TestApp;
  /** The database behind `app`, opened separately, to tamper with rows. */
  readonly db: Kysely<Database>;
}

/**
 * A fresh store holding AB/1 (original, parsed) → AB/2 (its transcript, with selectors and an
 * assessment) and AB/3 (original that could not be parsed, with a note).
 */
async function withStore(
  dialect: (typeof DIALECTS)[number],
  fn: (s: Store) => Promise<void>,
): Promise<void> {
  const app = await openTestApp(dialect);
  try {
    const base = { actor: 'cli:AB', initials: 'AB', timeZone: 'Europe/London' };
    const chat = await ingestEvidence(app, {
      ...base,
      handedIn: handedInFile('chat.txt', CHAT),
      defaultRegion: 'GB',
    });
    assert.equal(chat.transcript?.ref, 'AB/2');
    assert.ok((chat.selectorCount ?? 0) > 0, 'the chat has a selector');
    const notes = await ingestEvidence(app, {
      ...base,
      handedIn: handedInFile('notes.txt', 'not a chat export\n'),
      note: 'handed in by a parent',
    });
    assert.equal(notes.original.status, 'parse-failed');
    const opened = await openDatabase({
      dataDir: app.env.dataDir,
      databaseUrl: app.env.databaseUrl,
      migrate: false,
    });
    try {
      await fn({ app, db: opened.db });
    } finally {
      await opened.close();
    }
  } finally {
    await app.close();
  }
}

/** Verifies and returns the problems as `[subject, code]`, asserting the run failed. */
async function failures(app: TestApp): Promise<[string, string][]> {
  const report = await verifyStore(app, 'cli:AU');
  assert.equal(report.ok, false, 'the tampering is found');
  return report.problems.map((p) => [p.subject, p.code]);
}

for (const dialect of DIALECTS) {
  describe(`custos verify compares the rows with the custody log (${dialect})`, () => {
    test('a clean store verifies and records a verified event', async () => {
      await withStore(dialect, async ({ app }) => {
        const size = await app.uow.read.custody.size();
        const report = await verifyStore(app, 'cli:AU');
        assert.deepEqual(report.problems, []);
        assert.equal(report.ok, true);
        assert.equal(report.verifiedEvent, size);
        assert.equal(await app.uow.read.custody.size(), size + 1);
        // and again, with the verified event in the log
        assert.deepEqual((await verifyStore(app, 'cli:AU')).problems, []);
      });
    });

    test("an original's name, acquirer and acquisition time changed", async () => {
      await withStore(dialect, async ({ app, db }) => {
        await sql`update exhibits set original_name = 'other.json', acquired_by = 'cli:QQ',
          acquired_at = '2020-01-01T00:00:00.000Z' where ref = 'AB/3'`.execute(db);
        assert.deepEqual(await failures(app), [
          ['exhibit AB/3', 'EXHIBIT_RECORD_MISMATCH'],
          ['exhibit AB/3', 'EXHIBIT_RECORD_MISMATCH'],
          ['exhibit AB/3', 'EXHIBIT_RECORD_MISMATCH'],
        ]);
      });
    });

    test('a status changed from parse-failed to parsed', async () => {
      await withStore(dialect, async ({ app, db }) => {
        await sql`update exhibits set status = 'parsed' where ref = 'AB/3'`.execute(db);
        assert.deepEqual(await failures(app), [['exhibit AB/3', 'EXHIBIT_RECORD_MISMATCH']]);
      });
    });

    test("a transcript's time zone changed", async () => {
      await withStore(dialect, async ({ app, db }) => {
        await sql`update exhibits set time_zone = 'UTC' where ref = 'AB/2'`.execute(db);
        assert.deepEqual(await failures(app), [['exhibit AB/2', 'EXHIBIT_RECORD_MISMATCH']]);
      });
    });

    test('a note changed', async () => {
      await withStore(dialect, async ({ app, db }) => {
        await sql`update exhibits set note = 'found on the street' where ref = 'AB/3'`.execute(db);
        assert.deepEqual(await failures(app), [['exhibit AB/3', 'EXHIBIT_RECORD_MISMATCH']]);
      });
    });

    test("an original's summary changed", async () => {
      await withStore(dialect, async ({ app, db }) => {
        await sql`update exhibits set summary = replace(summary, 'Sam Example', 'Someone Else')
          where ref = 'AB/1'`.execute(db);
        assert.deepEqual(await failures(app), [['exhibit AB/1', 'EXHIBIT_RECORD_MISMATCH']]);
      });
    });

    test('a derived exhibit deleted with its selectors and assessments', async () => {
      await withStore(dialect, async ({ app, db }) => {
        const id = (await app.uow.read.exhibits.findByRef('AB/2'))?.id ?? '';
        await sql`delete from selectors where exhibit_id = ${id}`.execute(db);
        await sql`delete from assessments where exhibit_id = ${id}`.execute(db);
        await sql`delete from exhibits where id = ${id}`.execute(db);
        assert.deepEqual(await failures(app), [['exhibit AB/2', 'EXHIBIT_NOT_IN_DATABASE']]);
      });
    });

    test("an assessment's band and score changed", async () => {
      await withStore(dialect, async ({ app, db }) => {
        await sql`update assessments set score = score + 7,
          band = case when band = 'NONE' then 'HIGH' else 'NONE' end`.execute(db);
        assert.deepEqual(await failures(app), [
          ['exhibit AB/2', 'ASSESSMENT_RECORD_MISMATCH'],
          ['exhibit AB/2', 'ASSESSMENT_RECORD_MISMATCH'],
        ]);
      });
    });

    test("an assessment's reasons changed (band and score kept)", async () => {
      await withStore(dialect, async ({ app, db }) => {
        await sql`update assessments set assessment = replace(assessment, '"band"', '"band" ')`.execute(
          db,
        );
        await sql`update assessments set assessment = replace(assessment, '"rulesetVersion"', '"ruleset"')`.execute(
          db,
        );
        assert.deepEqual(await failures(app), [['exhibit AB/2', 'ASSESSMENT_RECORD_MISMATCH']]);
      });
    });

    test('an assessment deleted', async () => {
      await withStore(dialect, async ({ app, db }) => {
        await sql`delete from assessments`.execute(db);
        assert.deepEqual(await failures(app), [['exhibit AB/2', 'ASSESSMENT_MISSING']]);
      });
    });

    test("a selector's value changed", async () => {
      await withStore(dialect, async ({ app, db }) => {
        await sql`update selectors set value = '+447700900999'`.execute(db);
        assert.deepEqual(await failures(app), [['exhibit AB/2', 'SELECTORS_RECORD_MISMATCH']]);
      });
    });

    test('a selector deleted', async () => {
      await withStore(dialect, async ({ app, db }) => {
        await sql`delete from selectors`.execute(db);
        const problems = await failures(app);
        assert.ok(problems.length > 0);
        assert.ok(
          problems.every(([s, c]) => s === 'exhibit AB/2' && c === 'SELECTORS_RECORD_MISMATCH'),
          JSON.stringify(problems),
        );
      });
    });

    test('the unsigned tail removed and the head set back: reported, nothing appended', async () => {
      await withStore(dialect, async ({ app, db }) => {
        // The tail: the `verified` event a first run appends after the last checkpoint.
        const last = (await verifyStore(app, 'cli:AU')).verifiedEvent ?? -1;
        assert.equal(await app.uow.read.custody.size(), last + 1);
        await sql`delete from custody_events where seq = ${last}`.execute(db);
        await sql`update custody_head set size = ${last}`.execute(db);
        const report = await verifyStore(app, 'cli:AU');
        assert.equal(report.ok, false);
        assert.deepEqual(
          report.problems.map((p) => [p.subject, p.code]),
          [['custody log', 'CUSTODY_TREE_BEYOND_HEAD']],
        );
        assert.equal(report.verifiedEvent, null);
        assert.equal(await app.uow.read.custody.size(), last, 'nothing appended');
      });
    });

    test('an event missing below the head: reported, nothing appended', async () => {
      await withStore(dialect, async ({ app, db }) => {
        const size = await app.uow.read.custody.size();
        await sql`delete from custody_events where seq = ${size - 1}`.execute(db);
        const report = await verifyStore(app, 'cli:AU');
        assert.ok(report.problems.some((p) => p.code === 'CUSTODY_EVENT_MISSING'));
        assert.equal(report.verifiedEvent, null);
        assert.equal(await app.uow.read.custody.size(), size, 'nothing appended');
      });
    });

    test('a log written before acquisition times were logged still verifies; a moved time does not', async () => {
      await withStore(dialect, async ({ app, db }) => {
        // An original acquired the way older versions logged it: no acquiredAt or timeZone.
        const put = await app.blobs.put(
          (async function* () {
            yield new TextEncoder().encode('old evidence\n');
          })(),
        );
        await app.uow.run(async (repos) => {
          const acquiredAt = new Date(app.clock.now()).toISOString();
          await repos.exhibits.insert({
            id: app.ids.newId(),
            ref: 'AB/9',
            kind: 'original',
            form: 'file',
            sha256: put.sha256,
            sizeBytes: put.size,
            originalName: 'old.txt',
            sourceExhibitId: null,
            sourceSha256: null,
            parser: null,
            format: null,
            status: 'acquired',
            summary: null,
            failure: null,
            acquiredBy: 'cli:AB',
            acquiredAt,
            note: null,
            timeZone: 'Europe/London',
            caseId: null,
          });
          await recordCustodyEvent(repos, app.clock, {
            actor: 'cli:AB',
            action: 'acquired',
            object: 'exhibit:AB/9',
            exhibitHash: put.sha256,
            details: {
              ref: 'AB/9',
              originalName: 'old.txt',
              form: 'file',
              sizeBytes: put.size,
              files: 0,
            },
          });
        });
        assert.deepEqual((await verifyStore(app, 'cli:AU')).problems, []);
        await sql`update exhibits set acquired_at = '2020-01-01T00:00:00.000Z' where ref = 'AB/9'`.execute(
          db,
        );
        assert.deepEqual(await failures(app), [['exhibit AB/9', 'EXHIBIT_RECORD_MISMATCH']]);
      });
    });
  });
}
