import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { openPathSource } from '../../files/export-source.ts';
import type { CliDeps } from '../deps.ts';
import { EXIT_INVALID, EXIT_OK, EXIT_USAGE } from '../exit-codes.ts';
import { runProgram } from '../program.ts';
import { registerTriage } from './triage.ts';

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    this.text += chunk.toString('utf8');
    done();
  }
}

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const stdout = new Capture();
  const stderr = new Capture();
  const deps: CliDeps = {
    openExport: (path) => openPathSource(path),
    handedIn: () => Promise.reject(new Error('not used')),
    openApp: () => Promise.reject(new Error('not used')),
    stdout,
    stderr,
    env: { CUSTOS_TZ: 'Europe/London' },
  };
  const code = await runProgram(['node', 'custos', ...args], deps, [registerTriage], '0.0.0-test');
  return { code, out: stdout.text, err: stderr.text };
}

const T0 = Date.parse('2024-03-05T15:00:00Z');
const msgs = (lines: readonly (readonly [string, string])[]) =>
  lines.map(([speaker, text], index) => ({
    index,
    speaker,
    ts: new Date(T0 + index * 60_000).toISOString(),
    text,
  }));

const GROOMING = [
  ['A', "i'm 13, year 8 is so hard"],
  ['B', 'are your parents home tonight?'],
  ['B', "don't tell anyone we talk, it's our secret"],
  ['B', 'add me on snapchat'],
  ['B', "i'll pick you up at the end of your road tomorrow at 4"],
] as const;
const BENIGN = [
  ['A', 'did you see the match'],
  ['B', 'yeah what a goal'],
] as const;

let dir = '';
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'custos-triage-test-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('custos triage', () => {
  test('a .jsonl of conversations gives one JSON line per conversation, in order, with conversationId', async () => {
    const file = join(dir, 'two.jsonl');
    await writeFile(
      file,
      `${JSON.stringify({ id: 'c-1', messages: msgs(GROOMING) })}\n\n${JSON.stringify({ id: 'c-2', messages: msgs(BENIGN) })}\n`,
    );
    const { code, out } = await run(['triage', file, '--json']);
    assert.equal(code, EXIT_OK);
    const lines = out
      .trim()
      .split('\n')
      .map(
        (l) =>
          JSON.parse(l) as {
            conversationId: string;
            band: string;
            score: number;
            imminent: { lines: number[] };
          },
      );
    assert.deepEqual(
      lines.map((l) => [l.conversationId, l.band]),
      [
        ['c-1', 'IMMINENT'],
        ['c-2', 'NONE'],
      ],
    );
    assert.deepEqual(lines[0]?.imminent.lines, [4]);
  });

  test('an invalid line is rejected with exit 1, naming file and line, and nothing is printed', async () => {
    const file = join(dir, 'bad.jsonl');
    await writeFile(
      file,
      `${JSON.stringify({ id: 'c-1', messages: msgs(BENIGN) })}\n{"id": "c-2", "messages": [{"index": 0}]}\n`,
    );
    const { code, out, err } = await run(['triage', file, '--json']);
    assert.equal(code, EXIT_INVALID);
    assert.equal(out, '');
    assert.match(err, /bad\.jsonl:2/);
    const notJson = join(dir, 'broken.jsonl');
    await writeFile(notJson, '{"id": \n');
    const r2 = await run(['triage', notJson]);
    assert.equal(r2.code, EXIT_INVALID);
    assert.match(r2.err, /broken\.jsonl:1/);
  });

  test('a transcript JSON (custos parse --json) gives one assessment', async () => {
    const file = join(dir, 'transcript.json');
    const transcript = {
      format: 'whatsapp-txt-android',
      parser: { name: 'test', version: '0' },
      assumedTimezone: 'Europe/London',
      participants: ['Kid', 'Sam'],
      messages: msgs(GROOMING).map((m) => ({
        index: m.index,
        sender: m.speaker === 'A' ? 'Kid' : 'Sam',
        timestamp: m.ts,
        text: m.text,
        attachments: [],
        system: false,
      })),
      notes: [],
    };
    await writeFile(file, JSON.stringify(transcript));
    const { code, out } = await run(['triage', file, '--json']);
    assert.equal(code, EXIT_OK);
    const a = JSON.parse(out) as {
      band: string;
      focalSpeaker: string;
      conversationId: string | null;
    };
    assert.equal(a.band, 'IMMINENT');
    assert.equal(a.focalSpeaker, 'Sam');
  });

  test('readable output shows the band, the top reasons and the cited lines', async () => {
    const file = join(dir, 'one.jsonl');
    await writeFile(file, `${JSON.stringify({ id: 'c-9', messages: msgs(GROOMING) })}\n`);
    const { code, out } = await run(['triage', file, '--top', '3']);
    assert.equal(code, EXIT_OK);
    assert.match(out, /^c-9: IMMINENT \(score \d+/);
    assert.match(out, /top reasons \(3 of \d+\)/);
    assert.match(out, /"i'll pick you up at the end of your road tomorrow at 4"/);
    assert.match(out, /officer/);
  });

  test('a chat export is parsed, then assessed', async () => {
    const fixture = join(
      import.meta.dirname,
      '..',
      '..',
      '..',
      '..',
      'test',
      'fixtures',
      'chat-exports',
      'whatsapp-android',
      'en-gb-24h-basic.txt',
    );
    const { code, out } = await run(['triage', fixture, '--json', '--tz', 'Europe/London']);
    assert.equal(code, EXIT_OK);
    const a = JSON.parse(out) as { band: string; inputHash: string };
    assert.match(a.inputHash, /^sha256:/);
  });

  test('usage errors exit 2', async () => {
    assert.equal((await run(['triage'])).code, EXIT_USAGE);
    assert.equal((await run(['triage', join(dir, 'missing.jsonl')])).code, EXIT_USAGE);
    const file = join(dir, 'ok.jsonl');
    await writeFile(file, `${JSON.stringify({ id: 'c-1', messages: msgs(BENIGN) })}\n`);
    assert.equal((await run(['triage', file, '--top', 'zero'])).code, EXIT_USAGE);
  });
});
