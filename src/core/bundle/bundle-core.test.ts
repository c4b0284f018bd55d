import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { exhibitDir, isSafeBundlePath, safeRelativePath, safeSegment } from './layout.ts';
import { parseManifest, parseProofs, type BundleManifest } from './manifest.ts';
import { parseContinuity } from './continuity.ts';
import { ShapeError, prettyJson } from './strict-json.ts';
import { checksumsText, unusedScheduleCsv } from './documents.ts';
import { caseJsonLd } from './jsonld.ts';
import type { BundleModel } from './model.ts';
import { verifyBundle, type BundleSource } from './verify.ts';

const HASH = 'a'.repeat(64);

const manifest: BundleManifest = {
  format: 'custos-court-bundle',
  version: 1,
  bundle: 'b-1',
  createdAt: '2026-01-05T09:00:00.000Z',
  createdBy: 'cli:AB',
  case: null,
  log: { origin: 'example.org/log', verifierKey: 'example.org/log+00000000+AQ==' },
  exhibits: [
    {
      ref: 'AB/1',
      object: 'exhibit:AB/1',
      kind: 'original',
      form: 'file',
      sha256: HASH,
      size: 3,
      holding: 'held',
      derivedFrom: null,
      name: 'chat.txt',
      files: ['exhibits/AB-1/original/chat.txt'],
      folderManifest: null,
      renderings: [],
      continuity: 'exhibits/AB-1/continuity.json',
    },
  ],
  files: [
    {
      path: 'exhibits/AB-1/original/chat.txt',
      sha256: HASH,
      size: 3,
      role: 'original',
      exhibit: 'AB/1',
    },
  ],
};

describe('bundle layout', () => {
  test('exhibit folders and safe names', () => {
    assert.equal(exhibitDir('AB/12'), 'exhibits/AB-12');
    assert.equal(safeSegment('../etc/passwd'), '.._etc_passwd');
    assert.equal(safeSegment('..'), '_');
    assert.equal(safeSegment('a:b*c?.txt'), 'a_b_c_.txt');
    assert.equal(safeSegment('x\u0000y'), 'x_y');
    assert.equal(safeSegment(`${'n'.repeat(200)}.json`).length, 120);
    assert.ok(safeSegment(`${'n'.repeat(200)}.json`).endsWith('.json'));
    assert.equal(safeRelativePath('/a//b/../c'), 'a/b/_/c');
  });

  test('unsafe bundle paths are refused', () => {
    for (const bad of ['', '/abs', 'a/../b', './a', 'a//b', 'a\\b', 'a\u0001b', 'x'.repeat(1025)])
      assert.equal(isSafeBundlePath(bad), false, bad);
    for (const good of ['manifest.json', 'exhibits/AB-1/original/WhatsApp Chat.txt', 'a/.hidden'])
      assert.equal(isSafeBundlePath(good), true, good);
  });
});

describe('strict bundle documents', () => {
  test('a manifest round-trips; any other layout, key or value shape is refused', () => {
    const text = prettyJson(manifest);
    assert.deepEqual(parseManifest(text), manifest);
    assert.throws(
      () => parseManifest(JSON.stringify(manifest)),
      ShapeError,
      'not the canonical layout',
    );
    assert.throws(() => parseManifest(text.replace('\n', '\r\n')), ShapeError);
    assert.throws(
      () => parseManifest(prettyJson({ ...manifest, extra: 1 })),
      /manifest\.extra: expected no such key/,
    );
    assert.throws(() => parseManifest(prettyJson({ ...manifest, version: 2 })), ShapeError);
    assert.throws(
      () =>
        parseManifest(prettyJson({ ...manifest, files: [{ ...manifest.files[0], path: '../x' }] })),
      /safe relative path/,
    );
    assert.throws(
      () =>
        parseManifest(
          prettyJson({ ...manifest, files: [{ ...manifest.files[0], sha256: 'A'.repeat(64) }] }),
        ),
      ShapeError,
    );
    assert.throws(
      () =>
        parseManifest(
          prettyJson({ ...manifest, exhibits: [{ ...manifest.exhibits[0], holding: 'gone' }] }),
        ),
      ShapeError,
    );
  });

  test('proofs and continuity records are read strictly', () => {
    const proofs = {
      format: 'custos-bundle-proofs',
      version: 1,
      treeSize: 3,
      bundleEvent: { seq: 2, leaf: '{}', details: '{}', proof: [HASH] },
      events: [{ seq: 0, proof: [] }],
      consistency: [],
    };
    assert.equal(parseProofs(prettyJson(proofs)).treeSize, 3);
    assert.throws(() => parseProofs(prettyJson({ ...proofs, treeSize: -1 })), ShapeError);
    assert.throws(
      () => parseProofs(prettyJson({ ...proofs, events: [{ seq: 0, proof: ['zz'] }] })),
      ShapeError,
    );
    const c = {
      format: 'custos-continuity',
      version: 1,
      exhibit: 'AB/1',
      object: 'exhibit:AB/1',
      events: [{ seq: 0, leaf: '{}', details: null }],
    };
    assert.equal(parseContinuity(prettyJson(c), 'c').events.length, 1);
    assert.throws(
      () => parseContinuity(prettyJson({ ...c, events: [{ seq: 0, leaf: '{}' }] }), 'c'),
      ShapeError,
    );
  });
});

describe('bundle documents', () => {
  const model: BundleModel = {
    bundle: 'b-1',
    createdAt: '2026-01-05T09:00:00.000Z',
    createdBy: 'user:u1',
    case: { ref: 'C-2026-0001', title: 'Synthetic' },
    log: manifest.log,
    exhibits: [
      {
        ref: 'AB/1',
        object: 'exhibit:AB/1',
        kind: 'original',
        form: 'file',
        sha256: HASH,
        size: 3,
        holding: 'held',
        derivedFrom: null,
        name: '=cmd|calc',
        acquiredAt: '2026-01-05T09:00:00.000Z',
        acquiredBy: 'user:u1',
        note: null,
        parser: null,
        format: null,
        timeZone: null,
        messageCount: null,
        paths: ['exhibits/AB-1/original/x'],
        events: [
          {
            seq: 0,
            at: '2026-01-05T09:00:00.000Z',
            actor: 'user:u1',
            action: 'acquired',
            reason: null,
            exhibitHash: HASH,
            details: null,
            detailsErased: false,
          },
        ],
      },
      {
        ref: 'AB/2',
        object: 'exhibit:AB/2',
        kind: 'transcript',
        form: 'application/json',
        sha256: 'b'.repeat(64),
        size: 9,
        holding: 'held',
        derivedFrom: 'AB/1',
        name: null,
        acquiredAt: '2026-01-05T09:00:01.000Z',
        acquiredBy: 'user:u1',
        note: null,
        parser: { name: 'p', version: '1' },
        format: 'whatsapp-txt-android',
        timeZone: 'Europe/London',
        messageCount: 4,
        paths: [],
        events: [
          {
            seq: 1,
            at: '2026-01-05T09:00:01.000Z',
            actor: 'user:u1',
            action: 'derived',
            reason: 'transcript',
            exhibitHash: 'b'.repeat(64),
            details: null,
            detailsErased: true,
          },
        ],
      },
    ],
    people: [{ actor: 'user:u1', name: 'Officer One', role: 'officer' }],
    tools: [{ name: 'p', version: '1', purpose: 'parser' }],
    other: [],
  };

  test('the MG6C draft is RFC 4180 CSV, numbered, with formula cells neutralised', () => {
    const other = [
      {
        description: '=HYPERLINK("http://x")',
        location: '@here',
        date: '2026-01-05T09:00:00.000Z',
        reference: null,
        sha256: null,
        suggestedSchedule: 'MG6D' as const,
      },
    ];
    const csv = unusedScheduleCsv({ ...model, other });
    assert.ok(csv.endsWith('\r\n'));
    const lines = csv.split('\r\n').filter(Boolean);
    assert.equal(lines.length, 1 + 4);
    assert.match(lines[1] ?? '', /^1,"Original file ""=cmd\|calc"" \(3 bytes\)"/);
    assert.match(lines[2] ?? '', /^2,"Transcript of AB\/1, 4 messages, p 1"/);
    assert.match(
      lines[3] ?? '',
      /^3,"'=HYPERLINK\(""http:\/\/x""\)",'@here,,,2026-01-05T09:00:00.000Z,MG6D,/,
    );
    assert.match(lines[4] ?? '', /^4,"Custody log/);
  });

  test('the JSON-LD names files, hashes, provenance records and actions in CASE/UCO terms', () => {
    const doc = caseJsonLd(model) as {
      '@context': Record<string, string>;
      '@graph': Record<string, unknown>[];
    };
    assert.equal(
      doc['@context']['case-investigation'],
      'https://ontology.caseontology.org/case/investigation/',
    );
    const byType = (t: string) => doc['@graph'].filter((n) => n['@type'] === t);
    assert.equal(byType('case-investigation:Investigation').length, 1);
    assert.equal(byType('uco-observable:File').length, 2);
    assert.deepEqual(
      byType('case-investigation:ProvenanceRecord').map((p) => [
        p['case-investigation:exhibitNumber'],
        p['case-investigation:rootExhibitNumber'],
      ]),
      [
        ['AB/1', 'AB/1'],
        ['AB/2', 'AB/1'],
      ],
    );
    assert.deepEqual(
      byType('case-investigation:InvestigativeAction').map((a) => a['uco-core:name']),
      ['preserved', 'parsed'],
    );
    assert.equal(
      byType('uco-core:Relationship')[0]?.['uco-core:kindOfRelationship'],
      'Derived_From',
    );
    assert.ok(JSON.stringify(doc).includes(HASH.toUpperCase()));
    assert.ok(!JSON.stringify(doc).includes('Officer One'), 'performers are pseudonymous');
  });

  test('SHA256SUMS is sha256sum -c input', () => {
    assert.equal(checksumsText([{ path: 'a b.txt', sha256: HASH }]), `${HASH}  a b.txt\n`);
  });
});

describe('verifyBundle on a broken container', () => {
  const empty: BundleSource = {
    paths: [],
    issues: [],
    read: () => Promise.reject(new Error('none')),
    digest: () => Promise.reject(new Error('none')),
  };
  test('an empty bundle reports the missing manifest and nothing else can pass', async () => {
    const r = await verifyBundle(empty);
    assert.equal(r.ok, false);
    assert.deepEqual(
      r.problems.map((p) => p.code),
      ['BUNDLE_FILE_MISSING'],
    );
  });
  test('container issues are reported as problems', async () => {
    const r = await verifyBundle({
      ...empty,
      issues: [{ code: 'BUNDLE_PATH_DUPLICATE', subject: 'x', message: 'twice' }],
    });
    assert.ok(r.problems.some((p) => p.code === 'BUNDLE_PATH_DUPLICATE'));
  });
  test('a malformed manifest is named', async () => {
    const bytes = new TextEncoder().encode('{"format":"x"}');
    const r = await verifyBundle({
      ...empty,
      paths: ['manifest.json'],
      read: () => Promise.resolve(bytes),
    });
    assert.deepEqual(
      r.problems.map((p) => p.code),
      ['BUNDLE_MANIFEST_MALFORMED'],
    );
  });
});
