// Property-based robustness of every chat-export parser in this folder: random and mutated inputs
// give either a transcript or a Custos parse error with a location, nothing else (ChatParser
// contract, types.ts). `npm run fuzz` runs the same properties at ≥ 10^5 cases per parser.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { applyMutations, FUZZ_TARGETS, runCase } from './fuzz-corpus.ts';
import { mutationArbitrary } from '../../../../test/support/mutations.ts';

const enc = new TextEncoder();

const mutationArb = mutationArbitrary(256);

for (const target of FUZZ_TARGETS) {
  describe(`${target.name} robustness`, () => {
    test('every seed parses to at least one message', async () => {
      for (const seed of target.seeds) {
        const r = await runCase(target, enc.encode(seed), 7);
        assert.ok(r.ok && r.messages > 0, `seed gave ${JSON.stringify(r)}`);
      }
    });

    test('mutated seeds: a transcript or a located PARSE_* error', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.nat({ max: target.seeds.length - 1 }),
          fc.array(mutationArb, { minLength: 1, maxLength: 6 }),
          fc.integer({ min: 1, max: 4096 }),
          async (seed, mutations, chunk) => {
            await runCase(target, applyMutations(enc.encode(target.seeds[seed]), mutations), chunk);
          },
        ),
        { numRuns: 150 },
      );
    });

    test('random bytes: a transcript or a located PARSE_* error', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.uint8Array({ maxLength: 1024 }),
          fc.integer({ min: 1, max: 512 }),
          async (bytes, chunk) => {
            await runCase(target, bytes, chunk);
          },
        ),
        { numRuns: 100 },
      );
    });

    test('chunk size does not change the transcript', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.nat({ max: target.seeds.length - 1 }),
          fc.integer({ min: 1, max: 64 }),
          async (seed, chunk) => {
            const bytes = enc.encode(target.seeds[seed]);
            assert.deepEqual(
              await runCase(target, bytes, chunk),
              await runCase(target, bytes, 1 << 20),
            );
          },
        ),
        { numRuns: 30 },
      );
    });
  });
}

// A 1 MB line built to trip regular expressions with nested or repeated wildcards; each must finish
// (the test timeout guards against catastrophic backtracking, which would take hours).
const MB = 1 << 20;
const pathological: Record<string, string[]> = {
  'imessage-exporter-txt': [
    `Mar 05, 2024  4:02:10 PM (Read by ${' after '.repeat(MB / 7)}`,
    `Mar 05, 2024  4:02:10 PM\nMe\n${'Edited 1 second later: '.repeat(MB / 23)}`,
    `Mar 05, 2024 10:00:00 AM ${' added x'.repeat(MB / 8)}`,
    `Mar 05, 2024  4:02:10 PM\nMe\n${'/attachments/a.'.repeat(MB / 15)}`,
  ],
  'discordchatexporter-csv': [
    `AuthorID,Author,Date,Content,Attachments,Reactions\n"1","a","2024-02-10T15:30:12+00:00","${'""'.repeat(MB / 2)}","${'https://x_Files/,'.repeat(MB / 17)}",""\n`,
    `Author;Date;Content;Attachments;\na;${'1'.repeat(MB)};x;;\n`,
    `AuthorID,Author,Date,Content,Attachments,Reactions\n"1","a","2024-02-10T15:30:12+00:00","x","${'a_Files'.repeat(MB / 7)}",""\n`,
  ],
  'sms-backup-restore-xml': [
    `<smses><sms date="1719842400123" type="1" address="1" body="${'&#55357;'.repeat(MB / 8)}"/></smses>`,
    `<smses>${'<!--'.repeat(MB / 4)}`,
  ],
  'telegram-desktop-json': [
    `{"messages":[{"id":1,"type":"message","date_unixtime":"1","text":"${'\\x0'.repeat(MB / 4)}"}]}`,
    `{"messages":[${'['.repeat(300)}`,
  ],
  'snapchat-chat-history-json': [
    `{"a":[{"From":"x","Media Type":"TEXT","Created":"2024-05-04 16:25:00 UTC","Text":"${'&#39'.repeat(MB / 4)}"}]}`,
  ],
  'facebook-messenger-json': [
    `{"participants":[],"messages":[{"sender_name":"a","timestamp_ms":1,"content":"a ${' to the group.'.repeat(MB / 15)}"}]}`,
  ],
  'discordchatexporter-json': [
    `{"guild":{},"channel":{},"messages":[{"timestamp":"2024-01-01T00:00:00${'.0'.repeat(MB / 2)}+00:00"}]}`,
  ],
};

describe('pathological 1 MB lines', () => {
  for (const target of FUZZ_TARGETS) {
    for (const [i, input] of (pathological[target.name] ?? []).entries()) {
      test(`${target.name} #${i + 1} finishes`, { timeout: 60_000 }, async () => {
        const r = await runCase(target, enc.encode(input), 64 * 1024);
        assert.ok(r.ok || r.code.startsWith('PARSE_'));
      });
    }
  }
});
