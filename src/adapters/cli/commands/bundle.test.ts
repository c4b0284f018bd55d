import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../../../test/support/cli.ts';
import { MULTILINGUAL_CHAT } from '../../../usecases/bundle/bundle-test-support.ts';

describe('custos bundle export / verify', () => {
  let dir: string;
  let data: string;
  let zip: string;
  let key: string;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'custos-cli-bundle-'));
    data = join(dir, 'data');
    const chat = join(dir, 'WhatsApp Chat.txt');
    await writeFile(chat, MULTILINGUAL_CHAT);
    const ingest = await runCli([
      '--data',
      data,
      'ingest',
      chat,
      '--by',
      'AB',
      '--tz',
      'Europe/London',
    ]);
    assert.equal(ingest.code, 0, ingest.stderr);
    zip = join(dir, 'bundle.zip');
    const r = await runCli([
      '--data',
      data,
      'bundle',
      'export',
      '--exhibits',
      'AB/1',
      '--out',
      zip,
      '--by',
      'AB',
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /wrote .*bundle\.zip/);
    key = (await readFile(join(data, 'keys', 'custody.vkey'), 'utf8')).trim();
    assert.ok(r.stdout.includes(key), 'the export prints the verifier key to hand over');
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('verify with the pinned key: exit 0 and OK', async () => {
    const r = await runCli(['bundle', 'verify', zip, '--key', key]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(
      r.stdout,
      /^OK: every file, proof and continuity record verifies against the pinned key$/m,
    );
    assert.equal(r.stderr, '');
  });

  test('--key may name a file; --json prints the report', async () => {
    const keyFile = join(dir, 'log.vkey');
    await writeFile(keyFile, `${key}\n`);
    const r = await runCli(['bundle', 'verify', zip, '--key', keyFile, '--json']);
    assert.equal(r.code, 0);
    const report = JSON.parse(r.stdout) as {
      ok: boolean;
      key: { source: string };
      exhibits: { ref: string }[];
    };
    assert.equal(report.ok, true);
    assert.equal(report.key.source, 'pinned');
    assert.deepEqual(
      report.exhibits.map((e) => e.ref),
      ['AB/1', 'AB/2'],
    );
  });

  test('without --key it verifies but warns that the key came from the bundle', async () => {
    const r = await runCli(['bundle', 'verify', zip]);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /internally consistent/);
    assert.match(r.stderr, /warning: no --key given/);
  });

  test('a tampered bundle exits 3 and names the file', async () => {
    const bytes = new Uint8Array(await readFile(zip));
    const at = Buffer.from(bytes).indexOf(Buffer.from('Hello Zo'));
    assert.ok(at > 0, 'the stored original is in the zip');
    bytes[at] = 'J'.charCodeAt(0);
    const bad = join(dir, 'tampered.zip');
    await writeFile(bad, bytes);
    const r = await runCli(['bundle', 'verify', bad, '--key', key]);
    assert.equal(r.code, 3);
    assert.match(r.stdout, /MISMATCH/);
    assert.match(
      r.stdout,
      /BUNDLE_FILE_HASH_MISMATCH exhibits\/AB-1\/original\/WhatsApp Chat\.txt/,
    );
  });

  test('usage and input errors: bad key 2, missing bundle 1, not a zip 1, selection 2', async () => {
    assert.equal((await runCli(['bundle', 'verify', zip, '--key', 'not-a-key'])).code, 2);
    assert.equal((await runCli(['bundle', 'verify', join(dir, 'missing.zip')])).code, 1);
    const junk = join(dir, 'junk.zip');
    await writeFile(junk, 'not a zip at all');
    assert.equal((await runCli(['bundle', 'verify', junk])).code, 1);
    assert.equal(
      (
        await runCli([
          '--data',
          data,
          'bundle',
          'export',
          'C-2026-0001',
          '--exhibits',
          'AB/1',
          '--out',
          join(dir, 'x.zip'),
        ])
      ).code,
      2,
    );
    assert.equal(
      (
        await runCli([
          '--data',
          data,
          'bundle',
          'export',
          'C-2026-0001',
          '--out',
          join(dir, 'x.zip'),
        ])
      ).code,
      2,
    );
    assert.equal(
      (await runCli(['--data', data, 'bundle', 'export', '--exhibits', 'AB/1', '--out', zip])).code,
      2,
    );
    assert.equal(
      (
        await runCli([
          '--data',
          data,
          'bundle',
          'export',
          '--exhibits',
          'nonsense',
          '--out',
          join(dir, 'y.zip'),
        ])
      ).code,
      2,
    );
  });
});
