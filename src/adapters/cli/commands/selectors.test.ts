import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { openTestApp, type TestApp } from '../../../../test/support/app.ts';
import type { Exhibit } from '../../../core/evidence/exhibit.ts';
import { transcriptJson } from '../../../core/transcript/transcript-json.ts';
import type { Transcript } from '../../../core/transcript/types.ts';
import type { CliDeps } from '../deps.ts';
import { EXIT_INVALID, EXIT_OK, EXIT_USAGE } from '../exit-codes.ts';
import { runProgram } from '../program.ts';
import { registerSelectors } from './selectors.ts';

const fixtures = join(
  import.meta.dirname,
  '..',
  '..',
  '..',
  '..',
  'test',
  'fixtures',
  'chat-exports',
);

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    this.text += chunk.toString('utf8');
    done();
  }
}

async function run(
  app: TestApp,
  args: string[],
): Promise<{ code: number; out: string; err: string }> {
  const stdout = new Capture();
  const stderr = new Capture();
  const deps: CliDeps = {
    openExport: () => Promise.reject(new Error('not used')),
    handedIn: () => Promise.reject(new Error('not used')),
    // The command closes what it opens; the test closes the store itself at the end.
    openApp: () => Promise.resolve({ ...app, close: () => Promise.resolve() }),
    stdout,
    stderr,
    env: {},
  };
  const code = await runProgram(
    ['node', 'custos', ...args],
    deps,
    [registerSelectors],
    '0.0.0-test',
  );
  return { code, out: stdout.text, err: stderr.text };
}

function exhibit(overrides: Partial<Exhibit>): Exhibit {
  return {
    id: 'ex-1',
    ref: 'AB/1',
    kind: 'original',
    form: 'file',
    sha256: 'a'.repeat(64),
    sizeBytes: 10,
    originalName: 'sms.xml',
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

/** Stores the SMS fixture's expected transcript (plus one message with handles) as AB/1 → AB/2. */
async function seed(app: TestApp): Promise<void> {
  const t = JSON.parse(
    readFileSync(join(fixtures, 'sms-backup-restore-xml', 'sms-basic.expected.json'), 'utf8'),
  ) as Transcript;
  const last = t.messages.at(-1);
  assert.ok(last);
  const full: Transcript = {
    ...t,
    notes: [],
    parser: { name: 'custos-test', version: '0.0.1' },
    messages: [
      ...t.messages,
      {
        ...last,
        index: t.messages.length,
        text: 'new number: 07700 900789, snap me at sam_t2024',
        attachments: [],
      },
    ],
  };
  const json = await transcriptJson(full, { exhibit: 'AB/1', sha256: 'a'.repeat(64) });
  const blob = await app.blobs.put(
    (async function* () {
      yield new TextEncoder().encode(json);
    })(),
  );
  await app.uow.run(async (repos) => {
    await repos.exhibits.insert(exhibit({}));
    await repos.exhibits.insert(
      exhibit({
        id: 'ex-2',
        ref: 'AB/2',
        kind: 'transcript',
        form: 'application/json',
        sha256: blob.sha256,
        sizeBytes: blob.size,
        originalName: null,
        sourceExhibitId: 'ex-1',
        parser: full.parser,
        format: full.format,
        status: 'derived',
      }),
    );
    await repos.exhibits.insert(
      exhibit({
        id: 'ex-3',
        ref: 'AB/3',
        sha256: 'c'.repeat(64),
        status: 'parse-failed',
        failure: { code: 'PARSE_BAD_XML', message: 'sms2.xml:3: expected an element' },
      }),
    );
  });
}

describe('custos selectors', () => {
  test('lists kind, normalized value, raw text and place; --json gives every occurrence and groups', async () => {
    const app = await openTestApp('sqlite');
    try {
      await seed(app);
      const before = await run(app, ['selectors', 'AB/1']);
      assert.equal(before.code, EXIT_OK);
      assert.match(before.out, /never extracted/);

      const extracted = await run(app, [
        'selectors',
        'AB/1',
        '--extract',
        '--region',
        'gb',
        '--by',
        'cd',
      ]);
      assert.equal(extracted.code, EXIT_OK, extracted.err);
      assert.match(
        extracted.out,
        /^AB\/2 {2}transcript of AB\/1: 4 identifier\(s\), 4 occurrence\(s\)/,
      );
      assert.match(
        extracted.out,
        /\nphone {2}\+447700900123 {2}\(\+44 7700 900123\) {2}\[medium\]\n {4}participant, first in message 0, 2 messages: "\+447700900123" {2}\{phone-not-valid\}/,
      );
      assert.match(
        extracted.out,
        /\nsnapchat-username {2}sam_t2024 {2}\[high\]\n {4}message 4, characters 37–46: "sam_t2024"/,
      );
      assert.match(extracted.out, /message 4, characters 12–24: "07700 900789"/);

      const json = await run(app, ['selectors', 'AB/2', '--json']);
      assert.equal(json.code, EXIT_OK);
      const parsed = JSON.parse(json.out) as {
        exhibit: string;
        transcriptExhibit: string;
        extracted: boolean;
        selectors: { ordinal: number; matchKey: string; raw: string; span?: [number, number] }[];
        groups: { matchKey: string; occurrences: number[] }[];
      };
      assert.deepEqual(
        [parsed.exhibit, parsed.transcriptExhibit, parsed.extracted],
        ['AB/2', 'AB/2', true],
      );
      assert.deepEqual(
        parsed.selectors.map((s) => [s.matchKey, s.raw, s.span ?? null]),
        [
          ['phone:+447700900123', '+447700900123', null],
          ['phone:+447700900456', '+447700900456', null],
          ['phone:+447700900789', '07700 900789', [12, 24]],
          ['snapchat:sam_t2024', 'sam_t2024', [37, 46]],
        ],
      );
      assert.equal(parsed.groups.length, 4);

      const events = await app.uow.read.custody.eventsFor('exhibit:AB/2');
      assert.deepEqual(
        events.map((e) => [e.action, e.actor, e.reason]),
        [
          ['viewed', 'cli:operator', 'selectors'],
          ['selectors-extracted', 'cli:CD', null],
          ['viewed', 'cli:CD', 'selectors'],
          ['viewed', 'cli:operator', 'selectors'],
        ],
      );
    } finally {
      await app.close();
    }
  });

  test('an exhibit without a transcript exits 1 and says why; a bad reference exits 2', async () => {
    const app = await openTestApp('sqlite');
    try {
      await seed(app);
      const r = await run(app, ['selectors', 'AB/3']);
      assert.equal(r.code, EXIT_INVALID);
      assert.match(
        r.out,
        /AB\/3 {2}original: no transcript has been derived \(not parsed: sms2\.xml:3: expected an element\)/,
      );
      const missing = await run(app, ['selectors', 'AB/9']);
      assert.equal(missing.code, EXIT_INVALID);
      assert.match(missing.err, /no exhibit AB\/9/);
      const bad = await run(app, ['selectors', 'not-a-ref']);
      assert.equal(bad.code, EXIT_USAGE);
      const region = await run(app, ['selectors', 'AB/1', '--extract', '--region', 'Britain']);
      assert.equal(region.code, EXIT_USAGE);
    } finally {
      await app.close();
    }
  });
});
