import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Gated, keysOf, stemsOf } from './gate.ts';
import { normalizeText } from './normalize.ts';
import { VOCABULARY } from './detect.ts';
import {
  LOOKALIKE_LINES,
  MORE_PARAPHRASES,
  OBFUSCATED,
  PARAPHRASES,
} from './paraphrases.fixture.ts';
import { RULES } from './rules.ts';

describe('gates', () => {
  test('keys are the words every match needs', () => {
    assert.deepEqual(keysOf(String.raw`(?:what|which) school`), ['scho']);
    assert.deepEqual(keysOf(String.raw`add me on (?:snap|kik)`)?.sort(), ['add']);
    assert.equal(keysOf(String.raw`\d{1,2}:\d{2}`), null);
    // a word glued after a group is a token tail and never a key
    assert.deepEqual(keysOf(String.raw`(?:any|some)body`)?.sort(), ['any', 'some']);
  });

  test('stems are the 3- and 4-letter prefixes of tokens, short tokens whole', () => {
    assert.deepEqual([...stemsOf('add me on snapchat')].sort(), ['add', 'me', 'on', 'sna', 'snap']);
  });

  test('a gate never hides a match: dev lines, paraphrases, look-alikes and obfuscations', () => {
    const dev = readFileSync(
      join(import.meta.dirname, '..', '..', '..', 'test', 'fixtures', 'triage', 'dev.jsonl'),
      'utf8',
    );
    const texts = new Set<string>();
    for (const l of dev.split('\n')) {
      if (l.trim() === '') continue;
      for (const m of (JSON.parse(l) as { messages: { text: string }[] }).messages)
        texts.add(m.text);
    }
    for (const t of [
      ...Object.values(PARAPHRASES).flat(),
      ...Object.values(MORE_PARAPHRASES).flat(),
    ])
      texts.add(t);
    for (const t of LOOKALIKE_LINES) texts.add(t);
    for (const [, t] of OBFUSCATED) texts.add(t);
    const gates = RULES.flatMap((r) =>
      r.patterns.map((re) => ({ id: r.id, g: new Gated(re, r.triggers, r.always === true) })),
    );
    const hidden: string[] = [];
    for (const t of texts) {
      const n = normalizeText(t, { vocabulary: VOCABULARY }).text;
      const stems = stemsOf(n);
      for (const { id, g } of gates) {
        g.re.lastIndex = 0;
        if (g.re.test(n) && !g.may(stems)) hidden.push(`${id}: ${n}`);
      }
    }
    assert.deepEqual(hidden, []);
  });
});
