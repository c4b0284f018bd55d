// Every chat-export fixture (test/fixtures/chat-exports, copied byte-exact from the project's shared
// fixtures) parses to its expected transcript, compared by the fixtures' own comparison rules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { openPathSource } from '../src/adapters/files/export-source.ts';
import { parseExport } from '../src/core/transcript/registry.ts';
// @ts-expect-error -- plain JavaScript tool without type declarations
import { compareTranscript } from './support/compare-transcript.mjs';

const root = join(import.meta.dirname, 'fixtures', 'chat-exports');

function expectedFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return expectedFiles(p);
    return name.endsWith('.expected.json') ? [p] : [];
  });
}

for (const file of expectedFiles(root).sort()) {
  const expected = JSON.parse(readFileSync(file, 'utf8')) as {
    source: string;
    assumedTimezone: string;
  };
  const input = join(dirname(file), expected.source.replace(/\/$/, ''));
  test(file.slice(root.length + 1), async () => {
    const source = await openPathSource(input);
    try {
      const transcript = await parseExport(source, { timeZone: expected.assumedTimezone });
      const diffs = (compareTranscript as (e: unknown, a: unknown) => string[])(
        expected,
        transcript,
      );
      assert.deepEqual(diffs, []);
    } finally {
      await source.close?.();
    }
  });
}
