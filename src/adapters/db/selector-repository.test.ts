import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS, withDatabase } from '../../../test/support/databases.ts';
import type { Exhibit } from '../../core/evidence/exhibit.ts';
import type { Selector } from '../../core/selectors/types.ts';
import { repositories, unitOfWork } from './repositories.ts';

function buildExhibit(overrides: Partial<Exhibit> = {}): Exhibit {
  return {
    id: 'tx-1',
    ref: 'AB/2',
    kind: 'transcript',
    form: 'application/json',
    sha256: 'b'.repeat(64),
    sizeBytes: 100,
    originalName: null,
    sourceExhibitId: null,
    sourceSha256: null,
    parser: { name: 'custos-telegram-desktop-json', version: '1.0.0' },
    format: 'telegram-desktop-json',
    status: 'derived',
    summary: null,
    failure: null,
    acquiredBy: 'cli:AB',
    acquiredAt: '2026-11-29T10:00:00.000Z',
    note: null,
    timeZone: 'Europe/London',
    caseId: null,
    ...overrides,
  };
}

function buildSelector(overrides: Partial<Selector> = {}): Selector {
  return {
    kind: 'snapchat-username',
    value: 'sam_t2024',
    matchKey: 'snapchat:sam_t2024',
    raw: 'ѕаm_t2024',
    display: 'sam_t2024',
    source: 'text',
    platform: 'snapchat',
    messageIndex: 4,
    span: [6, 15],
    confidence: 'high',
    why: 'Snapchat username named after the cue "snap"',
    flags: ['confusables-folded'],
    ...overrides,
  };
}

const participant: Selector = {
  kind: 'phone',
  value: '+447700900123',
  matchKey: 'phone:+447700900123',
  raw: '+447700900123',
  display: '+44 7700 900123',
  source: 'participant',
  messageIndex: 0,
  messageCount: 12,
  confidence: 'medium',
  why: 'SMS/MMS address',
  flags: ['phone-not-valid'],
};

for (const dialect of DIALECTS) {
  describe(`selector repository on ${dialect}`, () => {
    test('stores selectors in order and reads them back exactly', async () => {
      await withDatabase(dialect, async ({ db }) => {
        const r = repositories(db);
        await r.exhibits.insert(buildExhibit());
        const plainUrl: Selector = {
          kind: 'url',
          value: 'https://example.org/a',
          matchKey: 'url:https://example.org/a',
          raw: 'https://example.org/a',
          display: 'https://example.org/a',
          source: 'attachment',
          messageIndex: 2,
          confidence: 'high',
          why: 'link shared as an attachment',
        };
        await unitOfWork(db).run((repos) =>
          repos.selectors.insert('tx-1', [participant, buildSelector(), plainUrl]),
        );
        const got = await r.selectors.listByExhibit('tx-1');
        assert.deepEqual(
          got.map((s) => s.ordinal),
          [0, 1, 2],
        );
        assert.deepEqual(got[0], { ...participant, exhibitId: 'tx-1', ordinal: 0 });
        assert.deepEqual(got[1], { ...buildSelector(), exhibitId: 'tx-1', ordinal: 1 });
        assert.deepEqual(got[2], { ...plainUrl, exhibitId: 'tx-1', ordinal: 2 });
        assert.equal(await r.selectors.countByExhibit('tx-1'), 3);
        assert.equal(await r.selectors.countByExhibit('tx-9'), 0);
      });
    });

    test('finds occurrences by match key across exhibits, optionally leaving one out', async () => {
      await withDatabase(dialect, async ({ db }) => {
        const r = repositories(db);
        await r.exhibits.insert(buildExhibit());
        await r.exhibits.insert(buildExhibit({ id: 'tx-2', ref: 'CD/2', sha256: 'c'.repeat(64) }));
        await r.selectors.insert('tx-1', [participant, buildSelector()]);
        await r.selectors.insert('tx-2', [
          buildSelector({ raw: 'sam_t2024', messageIndex: 0 }),
          buildSelector({ value: 'other_1', matchKey: 'snapchat:other_1' }),
        ]);
        const hits = await r.selectors.findByMatchKeys([
          'snapchat:sam_t2024',
          'phone:+447700900123',
          'email:nobody@example.com',
        ]);
        assert.deepEqual(
          hits.map((h) => [h.matchKey, h.exhibitId, h.ordinal]),
          [
            ['phone:+447700900123', 'tx-1', 0],
            ['snapchat:sam_t2024', 'tx-1', 1],
            ['snapchat:sam_t2024', 'tx-2', 0],
          ],
        );
        const elsewhere = await r.selectors.findByMatchKeys(['snapchat:sam_t2024'], {
          excludeExhibitId: 'tx-1',
        });
        assert.deepEqual(
          elsewhere.map((h) => [h.exhibitId, h.raw]),
          [['tx-2', 'sam_t2024']],
        );
        assert.deepEqual(await r.selectors.findByMatchKeys([]), []);
      });
    });

    test('large batches are inserted and found in chunks', async () => {
      await withDatabase(dialect, async ({ db }) => {
        const r = repositories(db);
        await r.exhibits.insert(buildExhibit());
        const many = Array.from({ length: 1234 }, (_, i) =>
          buildSelector({ value: `user_${i}x`, matchKey: `snapchat:user_${i}x`, messageIndex: i }),
        );
        await unitOfWork(db).run((repos) => repos.selectors.insert('tx-1', many));
        assert.equal(await r.selectors.countByExhibit('tx-1'), 1234);
        const found = await r.selectors.findByMatchKeys(many.map((s) => s.matchKey));
        assert.equal(found.length, 1234);
        assert.equal((await r.selectors.listByExhibit('tx-1')).at(-1)?.messageIndex, 1233);
      });
    });

    test('an insert that fails inside a unit of work leaves nothing', async () => {
      await withDatabase(dialect, async ({ db }) => {
        const r = repositories(db);
        await r.exhibits.insert(buildExhibit());
        await assert.rejects(
          unitOfWork(db).run(async (repos) => {
            await repos.selectors.insert('tx-1', [participant]);
            throw new Error('abort');
          }),
          /abort/,
        );
        assert.equal(await r.selectors.countByExhibit('tx-1'), 0);
        await assert.rejects(
          r.selectors.insert('no-such-exhibit', [participant]),
          'selectors must belong to a stored exhibit',
        );
      });
    });
  });
}
