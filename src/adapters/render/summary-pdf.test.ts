/**
 * The summary PDF: a valid PDF with its font embedded, the title, every row and the notes as
 * extractable text (checked with poppler's pdftotext when it is installed), long labels wrapped,
 * many rows over several pages.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PDFDocument } from 'pdf-lib';
import { renderSummaryPdf } from './summary-pdf.ts';

const doc = {
  title: 'Volunteer programme: transparency summary',
  subtitle: '2026-01-01 to 2026-03-31',
  generatedAt: '2026-04-01T09:00:00.000Z',
  rows: [
    { section: 'Reports', label: 'Reports received', value: '42' },
    {
      section: 'Reports',
      label: 'Reports saying a child was in danger at the time',
      value: 'fewer than 3',
    },
    ...Array.from({ length: 60 }, (_, i) => ({
      section: 'Referrals',
      label: `Referral route ${i + 1}, with a label long enough that it has to wrap onto another line of the table`,
      value: String(i),
    })),
  ],
  notes: ['Counts from 1 to 2 are shown as “fewer than 3” so that no person can be identified.'],
};

test('a PDF with the font embedded, over as many pages as the rows need', async () => {
  const bytes = await renderSummaryPdf(doc);
  assert.equal(Buffer.from(bytes.subarray(0, 5)).toString('latin1'), '%PDF-');
  assert.ok(Buffer.from(bytes).includes(Buffer.from('/FontFile2')), 'the font is embedded');
  const parsed = await PDFDocument.load(bytes);
  assert.ok(parsed.getPageCount() >= 2, 'the rows continue on another page');
  assert.equal(parsed.getTitle(), doc.title);
  assert.equal(parsed.getCreationDate()?.toISOString(), doc.generatedAt);
});

test(
  'the text is extractable: title, rows, wrapped labels, notes, page numbers',
  {
    skip: spawnSync('pdftotext', ['-v']).error
      ? 'pdftotext (poppler-utils) is not installed'
      : false,
  },
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'custos-summary-'));
    try {
      const path = join(dir, 's.pdf');
      writeFileSync(path, await renderSummaryPdf(doc));
      const text = execFileSync('pdftotext', ['-enc', 'UTF-8', path, '-'], { encoding: 'utf8' });
      for (const s of [
        doc.title,
        'Reports received',
        'fewer than 3',
        'Referral route 60',
        '“fewer than 3”',
        'Page 1 of',
      ])
        assert.ok(text.includes(s), `the PDF says "${s}"`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
);
