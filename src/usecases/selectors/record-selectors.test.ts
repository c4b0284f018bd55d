import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DIALECTS } from '../../../test/support/databases.ts';
import { openTestApp, type TestApp } from '../../../test/support/app.ts';
import { isCustosError } from '../../core/errors.ts';
import type { Exhibit } from '../../core/evidence/exhibit.ts';
import { SelectorExtractor, extractSelectors } from '../../core/selectors/extract.ts';
import { transcriptJson } from '../../core/transcript/transcript-json.ts';
import type { Transcript } from '../../core/transcript/types.ts';
import { verifyCustodyLog } from '../custody/verify-custody-log.ts';
import { listSelectors } from './list-selectors.ts';
import { extractExhibitSelectors, recordSelectors } from './record-selectors.ts';

const fixtures = join(import.meta.dirname, '..', '..', '..', 'test', 'fixtures', 'chat-exports');

/** An expected fixture transcript, with a parser and one message mentioning handles in text. */
function transcript(path: string, extraText?: string): Transcript {
  const t = JSON.parse(readFileSync(join(fixtures, path), 'utf8')) as Transcript;
  const base = { ...t, notes: t.notes ?? [], parser: { name: 'custos-test', version: '0.0.1' } };
  if (extraText === undefined) return base;
  const last = t.messages.at(-1);
  if (!last) throw new Error('fixture without messages');
  return {
    ...base,
    messages: [
      ...t.messages,
      { ...last, index: t.messages.length, text: extraText, attachments: [] },
    ],
  };
}

function exhibit(overrides: Partial<Exhibit>): Exhibit {
  return {
    id: 'ex-1',
    ref: 'AB/1',
    kind: 'original',
    form: 'file',
    sha256: 'a'.repeat(64),
    sizeBytes: 10,
    originalName: 'chat_history.json',
    sourceExhibitId: null,
    sourceSha256: null,
    parser: null,
    format: null,
    status: 'parsed',
    summary: null,
    failure: null,
    acquiredBy: 'cli:AB',
    acquiredAt: '2026-01-05T09:00:00.000Z',
    note: null,
    timeZone: 'Europe/London',
    caseId: null,
    ...overrides,
  };
}

/** Stores an original and its transcript exhibit (with the transcript JSON in the blob store). */
async function storeTranscript(
  app: TestApp,
  t: Transcript,
): Promise<{ original: Exhibit; transcriptExhibit: Exhibit }> {
  const json = await transcriptJson(t, { exhibit: 'AB/1', sha256: 'a'.repeat(64) });
  const blob = await app.blobs.put(
    (async function* () {
      yield new TextEncoder().encode(json);
    })(),
  );
  const original = exhibit({});
  const transcriptExhibit = exhibit({
    id: 'ex-2',
    ref: 'AB/2',
    kind: 'transcript',
    form: 'application/json',
    sha256: blob.sha256,
    sizeBytes: blob.size,
    originalName: null,
    sourceExhibitId: 'ex-1',
    sourceSha256: 'a'.repeat(64),
    parser: t.parser,
    format: t.format,
    status: 'derived',
  });
  await app.uow.run(async (repos) => {
    await repos.exhibits.insert(original);
    await repos.exhibits.insert(transcriptExhibit);
  });
  return { original, transcriptExhibit };
}

const MENTIONS =
  'add me on snap: ѕаm_t2024 or text 07700 900456, also insta.com? no: instagram.com/sam.example';

for (const dialect of DIALECTS) {
  describe(`selectors use cases on ${dialect}`, () => {
    test('recordSelectors stores every occurrence and appends one selectors-extracted event with counts only', async () => {
      const app = await openTestApp(dialect);
      try {
        const t = transcript('snapchat-json/chat_history-2024.expected.json', MENTIONS);
        const { original, transcriptExhibit } = await storeTranscript(app, t);
        const r = await app.uow.run((repos) =>
          recordSelectors(repos, app.clock, {
            exhibit: original,
            transcriptExhibit,
            actor: 'cli:AB',
            transcript: t,
            defaultRegion: 'GB',
          }),
        );
        assert.equal(r.stored, r.extraction.selectors.length);
        const stored = await app.uow.read.selectors.listByExhibit('ex-2');
        assert.deepEqual(
          stored.map((s) => [s.kind, s.matchKey, s.source, s.messageIndex]),
          [
            ['snapchat-username', 'snapchat:sam_t2024', 'participant', 0],
            ['snapchat-username', 'snapchat:alex_k2024', 'participant', 1],
            ['snapchat-username', 'snapchat:sam_t2024', 'text', 4],
            ['phone', 'phone:+447700900456', 'text', 4],
            ['url', 'url:https://instagram.com/sam.example', 'text', 4],
            ['instagram-username', 'instagram:sam.example', 'text', 4],
          ],
        );
        assert.equal(r.identifiers, 5);
        const events = await app.uow.read.custody.eventsFor('exhibit:AB/2');
        assert.deepEqual(
          events.map((e) => [e.action, e.actor, e.exhibitSha256]),
          [['selectors-extracted', 'cli:AB', transcriptExhibit.sha256]],
        );
        const details = JSON.parse(events[0]?.details ?? '{}') as Record<string, unknown>;
        assert.equal(details.occurrences, 6);
        assert.equal(details.identifiers, 5);
        assert.equal(details.defaultRegion, 'GB');
        assert.deepEqual(details.identifiersByKind, {
          'snapchat-username': 2,
          phone: 1,
          url: 1,
          'instagram-username': 1,
        });
        assert.doesNotMatch(
          events[0]?.details ?? '',
          /sam_t2024|7700|example/,
          'no identifier in the custody details',
        );
        assert.doesNotMatch(events[0]?.leaf ?? '', /sam_t2024|7700|example/);
        const report = await verifyCustodyLog(app.uow.read, app.key);
        assert.deepEqual(report.problems, []);
      } finally {
        await app.close();
      }
    });

    test('selectors are recorded once per transcript: a second recording is refused and changes nothing', async () => {
      const app = await openTestApp(dialect);
      try {
        const t = transcript('sms-backup-restore-xml/sms-basic.expected.json');
        const { original, transcriptExhibit } = await storeTranscript(app, t);
        const x = new SelectorExtractor({ format: t.format, defaultRegion: 'GB' });
        for (const m of t.messages) x.add({ type: 'message', message: m });
        await app.uow.run((repos) =>
          recordSelectors(repos, app.clock, {
            exhibit: original,
            transcriptExhibit,
            actor: 'cli:AB',
            extraction: x.finish(),
          }),
        );
        await assert.rejects(
          app.uow.run((repos) =>
            recordSelectors(repos, app.clock, {
              exhibit: original,
              transcriptExhibit,
              actor: 'cli:AB',
              transcript: t,
            }),
          ),
          (e) => isCustosError(e, 'SELECTORS_ALREADY_RECORDED') && e.category === 'conflict',
        );
        assert.equal(await app.uow.read.selectors.countByExhibit('ex-2'), 2);
        assert.equal((await app.uow.read.custody.eventsFor('exhibit:AB/2')).length, 1);
      } finally {
        await app.close();
      }
    });

    test('extractExhibitSelectors reads the stored transcript streaming and records what in-memory extraction finds', async () => {
      const app = await openTestApp(dialect);
      try {
        const t = transcript(
          'telegram-json/personal-chat.expected.json',
          'my tele is @sam_example and mail jordan@example.com',
        );
        await storeTranscript(app, t);
        const r = await extractExhibitSelectors(app, 'ab/1', 'cli:CD', { defaultRegion: 'GB' });
        assert.equal(r.recorded, true);
        assert.equal(r.transcriptExhibit.ref, 'AB/2');
        const stored = await app.uow.read.selectors.listByExhibit('ex-2');
        const expected = extractSelectors(t, { defaultRegion: 'GB' }).selectors;
        assert.deepEqual(
          stored.map(({ exhibitId: _e, ordinal: _o, ...s }) => s),
          expected,
        );
        assert.ok(stored.some((s) => s.matchKey === 'telegram:sam_example'));
        const again = await extractExhibitSelectors(app, 'AB/2', 'cli:CD');
        assert.deepEqual([again.recorded, again.stored], [false, stored.length]);
        assert.deepEqual(
          (await app.uow.read.custody.eventsFor('exhibit:AB/2')).map((e) => [e.action, e.actor]),
          [['selectors-extracted', 'cli:CD']],
        );
      } finally {
        await app.close();
      }
    });

    test('listSelectors groups occurrences per identifier and records a viewed event with reason selectors', async () => {
      const app = await openTestApp(dialect);
      try {
        const t = transcript('snapchat-json/chat_history-2024.expected.json', MENTIONS);
        await storeTranscript(app, t);
        await extractExhibitSelectors(app, 'AB/1', 'cli:AB', { defaultRegion: 'GB' });
        for (const ref of ['AB/1', 'AB/2']) {
          const listing = await listSelectors(app, ref, 'cli:EF');
          assert.equal(listing.transcriptExhibit?.ref, 'AB/2');
          assert.equal(listing.extracted, true);
          assert.equal(listing.selectors.length, 6);
          const sam = listing.groups.find((g) => g.matchKey === 'snapchat:sam_t2024');
          assert.deepEqual(
            sam?.occurrences.map((o) => [o.ordinal, o.source, o.raw, o.span ?? null]),
            [
              [0, 'participant', 'sam_t2024', null],
              [2, 'text', 'ѕаm_t2024', [16, 25]],
            ],
          );
        }
        const viewed = (await app.uow.read.custody.eventsFor('exhibit:AB/2')).filter(
          (e) => e.action === 'viewed',
        );
        assert.deepEqual(
          viewed.map((e) => [e.actor, e.reason]),
          [
            ['cli:EF', 'selectors'],
            ['cli:EF', 'selectors'],
          ],
        );
      } finally {
        await app.close();
      }
    });

    test('an original without a transcript has no selectors; extraction says why', async () => {
      const app = await openTestApp(dialect);
      try {
        await app.uow.run((repos) =>
          repos.exhibits.insert(
            exhibit({
              status: 'parse-failed',
              failure: { code: 'PARSE_BAD_JSON', message: 'bad' },
            }),
          ),
        );
        const listing = await listSelectors(app, 'AB/1', 'cli:AB');
        assert.deepEqual(
          [listing.transcriptExhibit, listing.selectors.length, listing.extracted],
          [undefined, 0, false],
        );
        await assert.rejects(extractExhibitSelectors(app, 'AB/1', 'cli:AB'), (e) =>
          isCustosError(e, 'SELECTORS_NO_TRANSCRIPT'),
        );
        await assert.rejects(listSelectors(app, 'AB/7', 'cli:AB'), (e) =>
          isCustosError(e, 'EXHIBIT_NOT_FOUND'),
        );
        assert.equal(await app.uow.read.custody.size(), 0);
      } finally {
        await app.close();
      }
    });
  });
}
