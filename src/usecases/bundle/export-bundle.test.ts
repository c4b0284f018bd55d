import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createHash } from 'node:crypto';
import { DIALECTS } from '../../../test/support/databases.ts';
import { TestClock, openTestApp, type TestApp } from '../../../test/support/app.ts';
import { testEnvironment } from '../../../test/support/databases.ts';
import { openAppContext } from '../../main/context.ts';
import { bundleIo } from '../../adapters/render/index.ts';
import { verifyBundle, type BundleReport } from '../../core/bundle/verify.ts';
import { parseManifest, parseProofs } from '../../core/bundle/manifest.ts';
import { parseContinuity } from '../../core/bundle/continuity.ts';
import { prettyJson } from '../../core/bundle/strict-json.ts';
import {
  BUNDLE_REGISTER_OBJECT,
  CHECKPOINT_PATH,
  MANIFEST_PATH,
  PROOFS_PATH,
} from '../../core/bundle/layout.ts';
import { ed25519PublicKey, formatSignerKey, formatVerifierKey } from '../../core/custody/note.ts';
import { isCustosError } from '../../core/errors.ts';
import { recordCustodyEvent } from '../custody/record-custody-event.ts';
import { exportBundle, type BundleSelection } from './export-bundle.ts';
import { verifyBundleAt } from './verify-bundle.ts';
import {
  ingestSample,
  memorySource,
  readZipFiles,
  telegramFixture,
} from './bundle-test-support.ts';

const ROOT = new URL('../../../', import.meta.url);
const sha = (b: Uint8Array | string): string => createHash('sha256').update(b).digest('hex');
const codes = (r: BundleReport): string[] => r.problems.map((p) => p.code);

async function exportTo(app: TestApp, dir: string, name: string, selection: BundleSelection) {
  return exportBundle({ ...app, io: bundleIo }, { selection, out: join(dir, name) });
}

/** Writes `files` under `dir` as an unzipped bundle folder. */
async function unzipTo(files: ReadonlyMap<string, Uint8Array>, dir: string): Promise<void> {
  for (const [p, b] of files) {
    await mkdir(dirname(join(dir, p)), { recursive: true });
    await writeFile(join(dir, p), b);
  }
}

for (const dialect of DIALECTS) {
  describe(`court bundle export and verification (${dialect})`, () => {
    let app: TestApp;
    let dir: string;
    let zip: string;
    let files: Map<string, Uint8Array>;
    let pinned: string;

    before(async () => {
      app = await openTestApp(dialect);
      dir = await mkdtemp(join(tmpdir(), 'custos-bundle-'));
      await ingestSample(app, await telegramFixture(ROOT));
      const r = await exportTo(app, dir, 'bundle.zip', {
        kind: 'exhibits',
        refs: ['AB/1', 'AB/3'],
        actor: 'cli:AB',
      });
      zip = r.path;
      files = await readZipFiles(zip);
      pinned = app.key.verifierKey;
    });
    after(async () => {
      await app.close();
      await rm(dir, { recursive: true, force: true });
    });

    test('the bundle holds originals byte-exact, transcripts, PDFs, continuity and the documents', async () => {
      const m = parseManifest(new TextDecoder().decode(files.get(MANIFEST_PATH)));
      assert.deepEqual(
        m.exhibits.map((e) => [e.ref, e.kind, e.holding, e.derivedFrom]),
        [
          ['AB/1', 'original', 'held', null],
          ['AB/2', 'transcript', 'held', 'AB/1'],
          ['AB/3', 'original', 'held', null],
          ['AB/4', 'transcript', 'held', 'AB/3'],
        ],
      );
      // The original bytes are exactly what was handed in.
      const original = m.exhibits[0]?.files[0] ?? '';
      const parts: Uint8Array[] = [];
      for await (const c of app.blobs.open(m.exhibits[0]?.sha256 ?? '')) parts.push(c);
      assert.equal(sha(files.get(original) ?? new Uint8Array()), sha(Buffer.concat(parts)));
      // The folder exhibit: its manifest and both files, in manifest order.
      const folder = m.exhibits[2];
      assert.equal(folder?.files.length, 2);
      assert.equal(
        sha(files.get(folder?.folderManifest ?? '') ?? new Uint8Array()),
        folder?.sha256,
      );
      for (const p of [
        'README.txt',
        'exhibit-index.txt',
        'case.jsonld',
        'method-statement.txt',
        'competence.json',
        'mg6c-unused-material-draft.csv',
        'SHA256SUMS',
        'verify.html',
        CHECKPOINT_PATH,
        PROOFS_PATH,
        'exhibits/AB-2/transcript.pdf',
        'exhibits/AB-2/continuity.txt',
      ])
        assert.ok(files.has(p), `${p} in the bundle`);
      // Every file but the three unlisted ones is in the manifest with its real hash.
      assert.equal(m.files.length, files.size - 3);
      for (const f of m.files)
        assert.equal(sha(files.get(f.path) ?? new Uint8Array()), f.sha256, f.path);
      const jsonld = JSON.parse(new TextDecoder().decode(files.get('case.jsonld'))) as {
        '@graph': { '@type': string }[];
      };
      const types = new Set(jsonld['@graph'].map((n) => n['@type']));
      for (const t of [
        'uco-observable:File',
        'case-investigation:ProvenanceRecord',
        'case-investigation:InvestigativeAction',
        'uco-tool:Tool',
      ])
        assert.ok(types.has(t), t);
      const competence = JSON.parse(new TextDecoder().decode(files.get('competence.json'))) as {
        people: { actor: string; handled: { note: string }[] }[];
      };
      assert.equal(competence.people[0]?.actor, 'cli:AB');
      assert.equal(competence.people[0]?.handled[0]?.note, 'no programme records held');
    });

    test('the bundle verifies against the pinned key, as a zip and as an unzipped folder', async () => {
      const r = await verifyBundleAt(bundleIo, zip, { verifierKey: pinned });
      assert.deepEqual(r.problems, []);
      assert.equal(r.ok, true);
      assert.equal(r.key.source, 'pinned');
      assert.equal(r.exhibits.length, 4);
      assert.ok(r.exhibits.every((e) => e.ok && e.events >= 2));
      assert.equal(r.eventsVerified, r.exhibits.reduce((n, e) => n + e.events, 0) + 1);
      assert.deepEqual(
        r.warnings.map((w) => w.code),
        ['BUNDLE_NO_EARLIER_EXPORT'],
      );
      const folder = join(dir, 'unzipped');
      await unzipTo(files, folder);
      await writeFile(join(folder, '.DS_Store'), 'finder litter');
      const f = await verifyBundleAt(bundleIo, folder, { verifierKey: pinned });
      assert.equal(f.ok, true, JSON.stringify(f.problems));
      assert.ok(f.warnings.some((w) => w.code === 'BUNDLE_FILE_IGNORED'));
    });

    test('without a pinned key it says the key came from the bundle; a wrong key fails', async () => {
      const r = await verifyBundleAt(bundleIo, zip);
      assert.equal(r.ok, true);
      assert.equal(r.key.source, 'bundle');
      assert.ok(r.warnings.some((w) => w.code === 'BUNDLE_KEY_FROM_BUNDLE'));
      const origin = app.key.origin;
      const other = formatVerifierKey(origin, ed25519PublicKey(new Uint8Array(32).fill(9)));
      const bad = await verifyBundleAt(bundleIo, zip, { verifierKey: other });
      assert.equal(bad.ok, false);
      assert.ok(codes(bad).includes('BUNDLE_CHECKPOINT_INVALID'));
    });

    test('the export is in the log: an exported event per exhibit and one in the register', async () => {
      const register = await app.uow.read.custody.eventsFor(BUNDLE_REGISTER_OBJECT);
      assert.equal(register.length >= 1, true);
      const m = parseManifest(new TextDecoder().decode(files.get(MANIFEST_PATH)));
      const mine = register.find((e) => e.exhibitSha256 === sha(files.get(MANIFEST_PATH) ?? ''));
      assert.ok(mine, 'the register event commits to the manifest');
      for (const ex of m.exhibits) {
        const events = await app.uow.read.custody.eventsFor(`exhibit:${ex.ref}`);
        const last = events.at(-1);
        assert.equal(last?.action, 'exported');
        assert.equal((JSON.parse(last?.details ?? '{}') as { bundle?: string }).bundle, m.bundle);
        const record = parseContinuity(
          new TextDecoder().decode(files.get(ex.continuity)),
          ex.continuity,
        );
        assert.deepEqual(
          record.events.map((e) => e.seq),
          events.filter((e) => e.seq <= (last?.seq ?? 0)).map((e) => e.seq),
        );
      }
      const cp = await app.uow.read.custody.checkpointAt((mine?.seq ?? 0) + 1);
      assert.equal(cp?.note, new TextDecoder().decode(files.get(CHECKPOINT_PATH)));
    });

    test('every single-byte change to any file in the bundle is detected', async () => {
      let tried = 0;
      for (const [path, bytes] of files) {
        const n = bytes.length;
        const positions = [
          ...new Set(
            [0, 1, n >> 3, n >> 2, n >> 1, (3 * n) >> 2, n - 2, n - 1].filter(
              (i) => i >= 0 && i < n,
            ),
          ),
        ];
        for (const i of positions) {
          const changed = new Map(files);
          const copy = bytes.slice();
          copy[i] = (copy[i] ?? 0) ^ 0x01;
          changed.set(path, copy);
          const r = await verifyBundle(memorySource(changed), { verifierKey: pinned });
          assert.equal(r.ok, false, `flipping byte ${i} of ${path} went unnoticed`);
          assert.ok(
            r.problems.some(
              (p) =>
                p.subject.includes(path) ||
                p.message.includes(path) ||
                path.startsWith('custody/') ||
                path === MANIFEST_PATH,
            ),
            `${path}@${i}: ${JSON.stringify(r.problems[0])}`,
          );
          tried++;
        }
      }
      assert.ok(tried >= files.size * 5, `${tried} changes tried`);
    });

    test('missing, extra and renamed files are detected', async () => {
      const original = [...files.keys()].find((p) => p.startsWith('exhibits/AB-1/original/')) ?? '';
      const missing = new Map(files);
      missing.delete(original);
      assert.ok(
        codes(await verifyBundle(memorySource(missing), { verifierKey: pinned })).includes(
          'BUNDLE_FILE_MISSING',
        ),
      );
      const extra = new Map(files).set('exhibits/AB-1/original/extra.txt', new Uint8Array([1]));
      assert.ok(
        codes(await verifyBundle(memorySource(extra), { verifierKey: pinned })).includes(
          'BUNDLE_FILE_UNLISTED',
        ),
      );
      const noProofs = new Map(files);
      noProofs.delete(PROOFS_PATH);
      assert.ok(
        codes(await verifyBundle(memorySource(noProofs), { verifierKey: pinned })).includes(
          'BUNDLE_FILE_MISSING',
        ),
      );
    });

    test('rewriting a continuity record and fixing up the manifest hashes is still caught', async () => {
      // An attacker drops an event from AB/2's continuity and updates manifest.json to match.
      const path = 'exhibits/AB-2/continuity.json';
      const record = parseContinuity(new TextDecoder().decode(files.get(path)), path);
      const dropped = { ...record, events: [record.events[0], ...record.events.slice(2)] };
      const newBytes = new TextEncoder().encode(prettyJson(dropped));
      const m = parseManifest(new TextDecoder().decode(files.get(MANIFEST_PATH)));
      const fixed = {
        ...m,
        files: m.files.map((f) =>
          f.path === path ? { ...f, sha256: sha(newBytes), size: newBytes.length } : f,
        ),
      };
      const changed = new Map(files)
        .set(path, newBytes)
        .set(MANIFEST_PATH, new TextEncoder().encode(prettyJson(fixed)));
      const r = await verifyBundle(memorySource(changed), { verifierKey: pinned });
      assert.equal(r.ok, false);
      assert.ok(codes(r).includes('BUNDLE_MANIFEST_NOT_COMMITTED'));
      assert.ok(codes(r).includes('BUNDLE_CONTINUITY_BROKEN'));
      assert.ok(codes(r).includes('BUNDLE_PROOF_UNUSED'));
    });

    test('a second export carries a consistency proof to the first exported checkpoint', async () => {
      const first = parseProofs(new TextDecoder().decode(files.get(PROOFS_PATH)));
      const r2 = await exportTo(app, dir, 'second.zip', {
        kind: 'exhibits',
        refs: ['AB/2'],
        actor: 'cli:AB',
      });
      assert.deepEqual(r2.exhibits, ['AB/1', 'AB/2']);
      assert.equal(r2.consistency[0]?.fromSize, first.treeSize);
      const report = await verifyBundleAt(bundleIo, r2.path, { verifierKey: pinned });
      assert.equal(report.ok, true, JSON.stringify(report.problems));
      assert.deepEqual(report.consistency, [
        { basis: 'previous-export', fromSize: first.treeSize, ok: true },
      ]);
      // A forged earlier checkpoint in the proofs is rejected.
      const f2 = await readZipFiles(r2.path);
      const proofs = parseProofs(new TextDecoder().decode(f2.get(PROOFS_PATH)));
      const forged = {
        ...proofs,
        consistency: proofs.consistency.map((c) => ({
          ...c,
          proof: c.proof.map((h) => h.replace(/^./, (x) => (x === '0' ? '1' : '0'))),
        })),
      };
      f2.set(PROOFS_PATH, new TextEncoder().encode(prettyJson(forged)));
      assert.ok(
        codes(await verifyBundle(memorySource(f2), { verifierKey: pinned })).includes(
          'BUNDLE_CONSISTENCY_FAILED',
        ),
      );
    });

    test(
      'the PDF transcript shows the exhibit ref, the source SHA-256 and page numbers (pdftotext)',
      {
        skip: spawnSync('pdftotext', ['-v']).error
          ? 'pdftotext (poppler-utils) is not installed'
          : false,
      },
      async () => {
        const m = parseManifest(new TextDecoder().decode(files.get(MANIFEST_PATH)));
        const source = m.exhibits.find((e) => e.ref === 'AB/1');
        const pdfPath = join(dir, 'ab2.pdf');
        await writeFile(pdfPath, files.get('exhibits/AB-2/transcript.pdf') ?? new Uint8Array());
        const text = execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', pdfPath, '-'], {
          encoding: 'utf8',
        });
        const pages = text.split('\f').filter((p) => p.trim() !== '');
        assert.ok(pages.length >= 1);
        pages.forEach((page, i) => {
          assert.match(page, /Exhibit AB\/2/);
          assert.ok(page.includes(source?.sha256 ?? 'x'), `page ${i + 1} names the source SHA-256`);
          assert.ok(page.includes(`Page ${i + 1} of ${pages.length}`), `page ${i + 1} is numbered`);
        });
        for (const s of [
          'Привет',
          'Γειά',
          '你好世界',
          'こんにちは',
          '😊',
          'שלום',
          '[SEXUAL_CONTENT_REDACTED]',
          '+44 7700 900123',
        ])
          assert.ok(text.includes(s), `${s} survives in the PDF text`);
        assert.ok(text.includes('مرحبا') || text.includes('ابحرم'), 'Arabic survives');
        const info = execFileSync('pdfinfo', [pdfPath], { encoding: 'utf8' });
        assert.match(info, /CreationDate/);
        const fonts = execFileSync('pdffonts', [pdfPath], { encoding: 'utf8' });
        assert.ok(
          fonts
            .split('\n')
            .slice(2)
            .filter(Boolean)
            .every((l) => / yes /.test(l)),
          'every font is embedded',
        );
      },
    );

    test('a disposed exhibit: the tombstone keeps the hash, the bundle verifies and reports the disposal', async () => {
      const ex = await app.uow.read.exhibits.findByRef('AB/3');
      assert.ok(ex);
      // Retention (not built yet) will record this tombstone and destroy the bytes; construct it.
      await app.uow.run((repos) =>
        recordCustodyEvent(repos, app.clock, {
          actor: 'user:officer-1',
          action: 'disposed',
          object: 'exhibit:AB/3',
          exhibitHash: ex.sha256,
          reason: 'retention-review-dispose',
          details: { decision: 'review R-1', keyDestroyed: true },
        }),
      );
      const members = await app.uow.read.exhibits.listFiles(ex.id);
      for (const m of members) await app.blobs.erase(m.sha256);
      const r = await exportTo(app, dir, 'disposed.zip', {
        kind: 'exhibits',
        refs: ['AB/3'],
        actor: 'cli:AB',
      });
      const f = await readZipFiles(r.path);
      assert.ok(
        ![...f.keys()].some((p) => p.startsWith('exhibits/AB-3/original/')),
        'no bytes of the disposed exhibit',
      );
      const report = await verifyBundleAt(bundleIo, r.path, { verifierKey: pinned });
      assert.equal(report.ok, true, JSON.stringify(report.problems));
      const ab3 = report.exhibits.find((e) => e.ref === 'AB/3');
      assert.equal(ab3?.holding, 'disposed');
      assert.equal(ab3?.disposal?.sha256, ex.sha256);
      assert.equal(ab3?.disposal?.reason, 'retention-review-dispose');
      assert.equal(report.exhibits.find((e) => e.ref === 'AB/4')?.holding, 'held');
      // Claiming the disposed exhibit is held (or the reverse) is caught.
      const m = parseManifest(new TextDecoder().decode(f.get(MANIFEST_PATH)));
      const lie = {
        ...m,
        exhibits: m.exhibits.map((e) =>
          e.ref === 'AB/4' ? { ...e, holding: 'disposed' as const } : e,
        ),
      };
      f.set(MANIFEST_PATH, new TextEncoder().encode(prettyJson(lie)));
      const bad = await verifyBundle(memorySource(f), { verifierKey: pinned });
      assert.ok(codes(bad).includes('BUNDLE_DISPOSAL_INVALID'));
    });

    test('a case is exported by its owning officer only', async () => {
      const now = new Date(app.clock.now()).toISOString();
      const user = (id: string, role: string) => ({
        id,
        username: id,
        displayName: `Officer ${id}`,
        initials: 'OF',
        role,
        status: 'active' as const,
        passwordHash: null,
        totpSecret: null,
        totpPendingSecret: null,
        createdAt: now,
        updatedAt: now,
        lastSignInAt: null,
      });
      const ab1 = await app.uow.read.exhibits.findByRef('AB/1');
      await app.uow.run(async (repos) => {
        await repos.accounts.users.insert(user('owner-1', 'officer'));
        await repos.accounts.users.insert(user('other-1', 'officer'));
        await repos.desk.cases.insert({
          id: 'case-1',
          ref: 'C-2026-0042',
          title: 'Synthetic case',
          status: 'open',
          ownerId: 'owner-1',
          createdBy: 'owner-1',
          createdAt: now,
          updatedAt: now,
          outcome: null,
        });
        await repos.desk.cases.assignExhibits('case-1', [ab1?.id ?? '']);
      });
      for (const actor of [
        { role: 'officer' as const, userId: 'other-1' },
        { role: 'volunteer' as const, userId: 'owner-1' },
        { role: 'admin' as const, userId: 'local-operator' },
      ]) {
        await assert.rejects(
          exportTo(app, dir, `denied-${actor.userId}-${actor.role}.zip`, {
            kind: 'case',
            caseRef: 'C-2026-0042',
            actor,
          }),
          (e) => isCustosError(e) && e.code === 'POLICY_DENIED',
        );
      }
      const r = await exportTo(app, dir, 'case.zip', {
        kind: 'case',
        caseRef: 'C-2026-0042',
        actor: { role: 'officer', userId: 'owner-1' },
      });
      assert.deepEqual(r.exhibits, ['AB/1', 'AB/2']);
      const report = await verifyBundleAt(bundleIo, r.path, { verifierKey: pinned });
      assert.equal(report.ok, true, JSON.stringify(report.problems));
      assert.equal(report.case?.ref, 'C-2026-0042');
      assert.equal(report.createdBy, 'user:owner-1');
      const readme = await readZipFiles(r.path);
      const competence = JSON.parse(new TextDecoder().decode(readme.get('competence.json'))) as {
        people: { actor: string; name: string | null }[];
      };
      assert.equal(
        competence.people.find((p) => p.actor === 'user:owner-1')?.name,
        'Officer owner-1',
      );
      await assert.rejects(
        exportTo(app, dir, 'nope.zip', {
          kind: 'case',
          caseRef: 'C-2026-9999',
          actor: { role: 'officer', userId: 'owner-1' },
        }),
        (e) => isCustosError(e) && e.code === 'CASE_NOT_FOUND',
      );
    });

    test('an existing output file is refused and nothing is recorded', async () => {
      const before = await app.uow.read.custody.size();
      await assert.rejects(
        exportTo(app, dir, 'bundle.zip', { kind: 'exhibits', refs: ['AB/1'], actor: 'cli:AB' }),
        (e) => isCustosError(e) && e.code === 'BUNDLE_OUT_EXISTS',
      );
      assert.equal(await app.uow.read.custody.size(), before);
    });
  });
}

describe('the golden bundle (test/fixtures/bundle)', () => {
  const golden = new URL('test/fixtures/bundle/golden.zip', ROOT);
  test('verifies against its pinned key, and fails against another', async () => {
    const key = (await readFile(new URL('test/fixtures/bundle/golden.vkey', ROOT), 'utf8')).trim();
    const r = await verifyBundleAt(bundleIo, golden.pathname, { verifierKey: key });
    assert.deepEqual(r.problems, []);
    assert.equal(r.exhibits.length, 4);
    const other = formatVerifierKey(
      'example.org/custos/golden',
      ed25519PublicKey(new Uint8Array(32).fill(8)),
    );
    assert.equal(
      (await verifyBundleAt(bundleIo, golden.pathname, { verifierKey: other })).ok,
      false,
    );
  });

  test(
    'regenerate with CUSTOS_WRITE_GOLDEN=1',
    { skip: process.env.CUSTOS_WRITE_GOLDEN !== '1' },
    async () => {
      const env = await testEnvironment('sqlite');
      const name = 'example.org/custos/golden';
      await mkdir(join(env.dataDir, 'keys'), { recursive: true });
      await writeFile(
        join(env.dataDir, 'keys', 'custody.skey'),
        `${formatSignerKey(name, new Uint8Array(32).fill(7))}\n`,
      );
      const base = await openAppContext({ dataDir: env.dataDir, databaseUrl: null });
      try {
        const app = { ...base, clock: new TestClock() };
        await ingestSample(app, await telegramFixture(ROOT));
        await mkdir(new URL('test/fixtures/bundle/', ROOT), { recursive: true });
        await rm(golden, { force: true });
        await exportBundle(
          { ...app, io: bundleIo },
          {
            selection: { kind: 'exhibits', refs: ['AB/1', 'AB/3'], actor: 'cli:AB' },
            out: golden.pathname,
          },
        );
        await writeFile(
          new URL('test/fixtures/bundle/golden.vkey', ROOT),
          `${app.key.verifierKey}\n`,
        );
      } finally {
        await base.close();
        await env.cleanup();
      }
    },
  );
});
