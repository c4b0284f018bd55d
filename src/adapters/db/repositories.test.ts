import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS, withDatabase } from '../../../test/support/databases.ts';
import { repositories, unitOfWork } from './repositories.ts';
import type { Exhibit } from '../../core/evidence/exhibit.ts';
import { isCustosError } from '../../core/errors.ts';

function buildExhibit(overrides: Partial<Exhibit> = {}): Exhibit {
  return {
    id: 'ex-1',
    ref: 'AB/1',
    kind: 'original',
    form: 'file',
    sha256: 'a'.repeat(64),
    sizeBytes: 5_000_000_000,
    originalName: 'WhatsApp Chat with Sam.txt',
    sourceExhibitId: null,
    sourceSha256: null,
    parser: null,
    format: null,
    status: 'acquired',
    summary: null,
    failure: null,
    acquiredBy: 'cli:AB',
    acquiredAt: '2026-11-29T10:00:00.000Z',
    note: 'handed in by a parent',
    timeZone: 'Europe/London',
    caseId: null,
    ...overrides,
  };
}

for (const dialect of DIALECTS) {
  describe(`repositories on ${dialect}`, () => {
    test('exhibit numbers run per initials and survive rollback correctly', async () => {
      await withDatabase(dialect, async ({ db }) => {
        const uow = unitOfWork(db);
        assert.equal(await uow.run((r) => r.exhibits.nextNumber('AB')), 1);
        assert.equal(await uow.run((r) => r.exhibits.nextNumber('AB')), 2);
        assert.equal(await uow.run((r) => r.exhibits.nextNumber('CD')), 1);
        await assert.rejects(
          uow.run(async (r) => {
            await r.exhibits.nextNumber('AB');
            throw new Error('abort');
          }),
          /abort/,
        );
        assert.equal(await uow.run((r) => r.exhibits.nextNumber('AB')), 3);
      });
    });

    test('stores and reads exhibits, outcomes, derived exhibits and folder files', async () => {
      await withDatabase(dialect, async ({ db }) => {
        const r = repositories(db);
        await r.exhibits.insert(buildExhibit());
        await r.exhibits.insert(
          buildExhibit({
            id: 'ex-2',
            ref: 'AB/2',
            kind: 'transcript',
            form: 'application/json',
            sha256: 'b'.repeat(64),
            sizeBytes: 10,
            sourceExhibitId: 'ex-1',
            sourceSha256: 'a'.repeat(64),
            parser: { name: 'custos-whatsapp', version: '1.0.0' },
            status: 'derived',
          }),
        );
        await r.exhibits.setOutcome('ex-1', 'parsed', {
          format: 'whatsapp-txt-android',
          summary: {
            format: 'whatsapp-txt-android',
            messageCount: 3,
            participants: ['Alex'],
            firstTimestamp: null,
            lastTimestamp: null,
            notes: [],
          },
        });
        const got = await r.exhibits.findByRef('AB/1');
        assert.equal(got?.sizeBytes, 5_000_000_000);
        assert.equal(got?.status, 'parsed');
        assert.equal(got?.summary?.messageCount, 3);
        assert.equal(got?.format, 'whatsapp-txt-android');
        const derived = await r.exhibits.findDerived('ex-1');
        assert.deepEqual(
          derived.map((d) => [d.ref, d.parser?.name]),
          [['AB/2', 'custos-whatsapp']],
        );
        await r.exhibits.insertFiles('ex-1', [
          { path: 'b.txt', sha256: 'c'.repeat(64), sizeBytes: 1 },
          { path: 'a.json', sha256: 'd'.repeat(64), sizeBytes: 2 },
        ]);
        assert.deepEqual(
          (await r.exhibits.listFiles('ex-1')).map((f) => f.path),
          ['a.json', 'b.txt'],
        );
        assert.equal(await r.exhibits.count(), 2);
        await assert.rejects(
          r.exhibits.insert(buildExhibit({ id: 'ex-3' })),
          'duplicate reference is refused',
        );
      });
    });

    test('custody events, nodes and checkpoints round-trip', async () => {
      await withDatabase(dialect, async ({ db }) => {
        const uow = unitOfWork(db);
        await uow.run(async (r) => {
          assert.equal(await r.custody.lockHead(), 0);
          await r.custody.insertEvent({
            seq: 0,
            at: '2026-11-29T10:00:00.000Z',
            actor: 'cli:AB',
            action: 'acquired',
            object: 'exhibit:AB/1',
            exhibitSha256: 'a'.repeat(64),
            reason: null,
            details: null,
            detailsSha256: null,
            prevHash: null,
            leaf: '{"v":1}',
            leafHash: 'e'.repeat(64),
          });
          await r.custody.putNodes([{ level: 0, index: 0n, hash: new Uint8Array(32).fill(7) }]);
          await r.custody.setSize(1);
        });
        const r = uow.read;
        assert.equal(await r.custody.size(), 1);
        assert.deepEqual(
          [...(await r.custody.getNodes([{ level: 0, index: 0n }]))[0]!],
          new Array(32).fill(7),
        );
        await assert.rejects(r.custody.getNodes([{ level: 3, index: 0n }]), (e) =>
          isCustosError(e, 'CUSTODY_NODE_MISSING'),
        );
        assert.equal(await r.custody.lastLeafHashFor('exhibit:AB/1'), 'e'.repeat(64));
        assert.equal(await r.custody.lastLeafHashFor('exhibit:AB/9'), null);
        const all = [];
        for await (const e of r.custody.events(0, 1)) all.push(e.action);
        assert.deepEqual(all, ['acquired']);
        await r.custody.insertCheckpoint({
          size: 1,
          root: 'f'.repeat(64),
          note: 'note\n',
          createdAt: '2026-11-29T10:00:00.000Z',
        });
        assert.equal((await r.custody.latestCheckpoint())?.size, 1);
      });
    });
  });
}
