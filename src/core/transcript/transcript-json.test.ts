import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { readTranscript, transcriptJson } from './transcript-json.ts';
import type { Message, Transcript } from './types.ts';

async function* bytes(text: string, size: number): AsyncGenerator<Uint8Array> {
  const b = new TextEncoder().encode(text);
  for (let i = 0; i < b.length; i += size) yield b.subarray(i, i + size);
}

const message = (index: number, text: string): Message => ({
  index,
  sender: index % 2 ? 'Sam' : null,
  timestamp: '2024-03-05T14:22:00+00:00',
  text,
  attachments: [],
  system: index % 2 === 0,
});

test('a transcript survives serialisation and streaming re-reading, and the text is plain JSON', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.string({ unit: 'grapheme' }), { maxLength: 8 }),
      fc.integer({ min: 1, max: 64 }),
      fc.option(fc.string(), { nil: undefined }),
      async (texts, chunk, title) => {
        const t: Transcript = {
          format: 'whatsapp-txt-android',
          parser: { name: 'custos-whatsapp', version: '1.0.0' },
          assumedTimezone: 'Europe/London',
          participants: ['Sam'],
          messages: texts.map((s, i) => message(i, s + '\n\u2028"')),
          notes: [{ code: 'DATE_ORDER_GUESSED', message: 'guessed' }],
          ...(title === undefined ? {} : { title }),
        };
        const json = await transcriptJson(t, { exhibit: 'AB/1', sha256: 'a'.repeat(64) });
        const plain = JSON.parse(json) as Transcript & { source: unknown };
        assert.deepEqual(plain.messages, t.messages);
        assert.deepEqual(plain.source, { exhibit: 'AB/1', sha256: 'a'.repeat(64) });
        const back = await readTranscript(bytes(json, chunk));
        assert.deepEqual(back.messages, t.messages);
        assert.deepEqual(back.notes, t.notes);
        assert.equal(back.title, t.title);
        assert.equal(
          await transcriptJson(back, { exhibit: 'AB/1', sha256: 'a'.repeat(64) }),
          json,
          'deterministic bytes',
        );
      },
    ),
    { numRuns: 100 },
  );
});

test('a truncated transcript document is refused', async () => {
  const json = await transcriptJson({
    format: 'whatsapp-txt-ios',
    parser: { name: 'p', version: '1' },
    assumedTimezone: null,
    participants: [],
    messages: [message(0, 'x')],
    notes: [],
  });
  await assert.rejects(
    readTranscript(bytes(json.slice(0, json.length - 40), 8)),
    (e: unknown) => (e as { code?: string }).code === 'TRANSCRIPT_MALFORMED',
  );
});
