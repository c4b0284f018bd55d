// Bad input at the command line (issue 2, item 10): empty, binary, truncated zip, invalid UTF-8,
// a 100 MB single line, unknown format. `parse` exits 1 naming the file and the line or byte
// offset; `ingest` still stores the original, records `parse-failed` with the reason, and says so.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createWriteStream, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './support/cli.ts';

let dir: string;
const fixtures = join(import.meta.dirname, 'fixtures', 'chat-exports');
const files: Record<string, string> = {};

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'custos-bad-'));
  const put = (name: string, content: string | Uint8Array) => {
    files[name] = join(dir, name);
    writeFileSync(files[name], content);
  };
  put('empty.txt', '');
  put('binary.dat', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]));
  const zip = readFileSync(join(fixtures, 'whatsapp-ios', 'with-media.zip'));
  put('truncated.zip', zip.subarray(0, Math.floor(zip.length / 2)));
  const good = readFileSync(join(fixtures, 'whatsapp-android', 'en-gb-24h-basic.txt'));
  const lines = good.toString('utf8').split('\n');
  const bad = Buffer.concat([
    Buffer.from(lines.slice(0, 3).join('\n') + '\n'),
    Buffer.from(lines[3] ?? ''),
    Buffer.from([0xc3, 0x28]),
    Buffer.from('\n' + lines.slice(4).join('\n')),
  ]);
  put('invalid-utf8.txt', bad);
  const flipped = Buffer.from(good);
  flipped[10] = (flipped[10] ?? 0) ^ 0xff;
  put('flipped-line1.txt', flipped);
  put(
    'utf16.txt',
    Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(lines[0] ?? '', 'utf16le')]),
  );
  put('unknown.txt', 'Dear diary,\nToday was a quiet day at school.\nNothing else happened.\n');
  // a single 100 MB line, streamed to disk
  files['long-line.txt'] = join(dir, 'long-line.txt');
  const out = createWriteStream(files['long-line.txt']);
  const block = Buffer.alloc(1 << 20, 'a');
  for (let i = 0; i < 100; i++) if (!out.write(block)) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
});
after(() => rm(dir, { recursive: true, force: true }));

const path = (name: string) => files[name] ?? name;

describe('custos parse on bad input', () => {
  const cases: [string, RegExp][] = [
    ['empty.txt', /empty\.txt: the file is empty/],
    ['binary.dat', /binary\.dat, byte 8: binary data/],
    ['truncated.zip', /truncated\.zip, byte \d+: zip archive is truncated or damaged/],
    ['invalid-utf8.txt', /invalid-utf8\.txt:4, byte \d+: invalid UTF-8 byte 0xc3/],
    [
      'flipped-line1.txt',
      /flipped-line1\.txt:1, byte 10: invalid UTF-8 byte 0x[0-9a-f]{2} on line 1/,
    ],
    ['utf16.txt', /utf16\.txt(:1)?, byte 0: the file is UTF-16 text/],
    [
      'unknown.txt',
      /unknown\.txt:1, byte 0: no known chat-export format recognised: line 1 does not start like/,
    ],
    [
      'long-line.txt',
      /long-line\.txt:1, byte 0: .*line 1 has no line break in its first 65536 bytes/,
    ],
  ];
  for (const [name, message] of cases) {
    test(`${name}: exit 1, the message names the file and where`, async () => {
      const r = await runCli(['parse', path(name), '--tz', 'Europe/London', '--json']);
      assert.equal(r.code, 1, r.stderr);
      assert.equal(r.stdout, '', 'nothing partial on stdout');
      assert.match(r.stderr, message);
      assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
    });
  }

  test('usage errors exit 2', async () => {
    assert.equal((await runCli(['parse'])).code, 2);
    assert.equal((await runCli(['parse', path('unknown.txt'), '--tz', 'Not/AZone'])).code, 2);
    assert.equal((await runCli(['no-such-command'])).code, 2);
  });

  test('a missing path is reported by name', async () => {
    const r = await runCli(['parse', join(dir, 'nope.txt'), '--tz', 'UTC']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /nope\.txt: no such file or folder/);
  });
});

test('log consistency with its sizes in the wrong order is a usage error naming the right order', async () => {
  const r = await runCli(['--data', join(dir, 'store-log'), 'log', 'consistency', '24', '16']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /custos log consistency 16 24/);
});

describe('custos ingest on bad input', () => {
  test('a path that does not exist is a usage error, and nothing at all is stored', async () => {
    const data = join(dir, 'store-missing');
    const r = await runCli([
      '--data',
      data,
      'ingest',
      '--by',
      'QA',
      '--tz',
      'Europe/London',
      path('unknown.txt'),
      join(dir, 'no-such-file.txt'),
    ]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /no-such-file\.txt: no such file or folder; nothing was ingested/);
    assert.equal(existsSync(data), false, 'no store was even opened');
  });

  test('stores every original, records parse-failed with the reason, and says so', async () => {
    const data = join(dir, 'store');
    const names = ['empty.txt', 'binary.dat', 'truncated.zip', 'invalid-utf8.txt', 'unknown.txt'];
    const r = await runCli([
      '--data',
      data,
      'ingest',
      '--by',
      'QA',
      '--tz',
      'Europe/London',
      '--json',
      ...names.map(path),
    ]);
    assert.equal(r.code, 1, 'exit 1: some input could not be parsed');
    const results = r.stdout
      .trim()
      .split('\n')
      .map(
        (l) =>
          JSON.parse(l) as {
            exhibit: string;
            status: string;
            sha256: string;
            failure?: { code: string };
          },
      );
    assert.deepEqual(
      results.map((x) => [x.exhibit, x.status]),
      names.map((_, i) => [`QA/${i + 1}`, 'parse-failed']),
    );
    assert.deepEqual(
      results.map((x) => x.failure?.code),
      [
        'PARSE_EMPTY',
        'PARSE_BINARY',
        'PARSE_TRUNCATED_ARCHIVE',
        'PARSE_INVALID_UTF8',
        'PARSE_UNKNOWN_FORMAT',
      ],
    );
    const text = await runCli(['--data', data, 'show', 'QA/4']);
    assert.equal(text.code, 1);
    assert.match(text.stdout, /not parsed: .*invalid UTF-8/);
    const verify = await runCli(['--data', data, 'verify', '--json']);
    assert.equal(verify.code, 0, verify.stdout);
    const exhibits = await runCli(['--data', data, 'exhibits', '--json']);
    assert.equal(exhibits.stdout.trim().split('\n').length, 5);
  });

  test('ingest without initials is a usage error and stores nothing', async () => {
    const data = join(dir, 'store-2');
    const r = await runCli(['--data', data, 'ingest', path('unknown.txt')]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--by <initials>/);
  });
});
