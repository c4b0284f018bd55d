import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Message, Transcript } from '../../core/transcript/types.ts';
import { bundleIo } from './index.ts';

const SRC = 'c'.repeat(64);
const message = (index: number, text: string, extra: Partial<Message> = {}): Message => ({
  index,
  sender: index % 2 ? 'Zoë Example' : 'Sam Example',
  timestamp: `2024-03-05T18:${String(index % 60).padStart(2, '0')}:00+00:00`,
  text,
  attachments: [],
  system: false,
  ...extra,
});

const transcript: Transcript = {
  format: 'whatsapp-txt-android',
  parser: { name: 'custos-whatsapp', version: '1.0.0' },
  assumedTimezone: 'Europe/London',
  participants: ['Sam Example', 'Zoë Example'],
  notes: [{ code: 'DATE_ORDER_GUESSED', message: 'day/month order guessed from the dates' }],
  messages: [
    message(0, 'Hello 😊 — Привет — 你好 — مرحبا'),
    message(1, 'a private-use character \u{F0000} and a control \u0007 are shown, not dropped', {
      edited: true,
    }),
    message(2, '', { attachments: [{ fileName: 'IMG-0001.jpg', omitted: true, kind: 'image' }] }),
    ...Array.from({ length: 180 }, (_, i) => message(3 + i, `line ${3 + i} `.repeat(12))),
  ],
};

const input = {
  transcript,
  exhibitRef: 'AB/2',
  exhibitSha256: 'd'.repeat(64),
  sourceRef: 'AB/1',
  sourceSha256: SRC,
  date: '2026-01-05T09:00:00.000Z',
};

describe('transcript PDF', () => {
  test('the same transcript renders to the same bytes', async () => {
    const a = await bundleIo.renderTranscriptPdf(input);
    const b = await bundleIo.renderTranscriptPdf(input);
    assert.ok(Buffer.from(a).equals(Buffer.from(b)));
    assert.ok(
      !Buffer.from(a).equals(
        Buffer.from(
          await bundleIo.renderTranscriptPdf({ ...input, date: '2026-01-06T09:00:00.000Z' }),
        ),
      ),
    );
  });

  test(
    'every page names the exhibit, the source SHA-256 and its number; nothing is dropped',
    {
      skip: spawnSync('pdftotext', ['-v']).error
        ? 'pdftotext (poppler-utils) is not installed'
        : false,
    },
    async () => {
      const dir = await mkdtemp(join(tmpdir(), 'custos-pdf-'));
      try {
        const path = join(dir, 't.pdf');
        await writeFile(path, await bundleIo.renderTranscriptPdf(input));
        const text = execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', path, '-'], {
          encoding: 'utf8',
        });
        const pages = text.split('\f').filter((p) => p.trim() !== '');
        assert.ok(pages.length >= 3, `${pages.length} pages`);
        pages.forEach((p, i) => {
          assert.ok(p.includes('Exhibit AB/2'), `page ${i + 1}`);
          assert.ok(p.includes(`Source AB/1 SHA-256 ${SRC}`), `page ${i + 1}`);
          assert.ok(p.includes(`Page ${i + 1} of ${pages.length}`), `page ${i + 1}`);
        });
        for (const s of [
          '[U+F0000]',
          '[U+0007]',
          '😊',
          'Привет',
          '你好',
          'IMG-0001.jpg',
          'DATE_ORDER_GUESSED',
          'edited',
          'line 182',
        ])
          assert.ok(text.includes(s), s);
        const info = execFileSync('pdfinfo', [path], { encoding: 'utf8' });
        assert.match(info, /Title:\s+Exhibit AB\/2: transcript of AB\/1/);
        assert.match(info, /Page size:\s+595\.28 x 841\.89 pts \(A4\)/);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  );
});
