import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { normalizeText, toOriginalSpan } from './normalize.ts';
import { VOCABULARY } from './detect.ts';

const norm = (s: string): string => normalizeText(s, { vocabulary: VOCABULARY }).text;

/** The original text behind a normalised word. */
function originalOf(s: string, word: string): string {
  const n = normalizeText(s, { vocabulary: VOCABULARY });
  const i = n.text.indexOf(word);
  assert.ok(i >= 0, `${JSON.stringify(word)} not in ${JSON.stringify(n.text)}`);
  const [a, b] = toOriginalSpan(n, i, i + word.length);
  return s.slice(a, b);
}

describe('normalizeText', () => {
  test('lower-cases, drops apostrophes and collapses spaces and commas', () => {
    assert.equal(norm("Don't   TELL,  anyone!!"), 'dont tell anyone!');
  });

  test('chat spellings become canonical words', () => {
    assert.equal(norm('r u home 2nite? ur mum in?'), 'are you home tonight? your mum in?');
    assert.equal(norm('c u 2moro'), 'see you tomorrow');
    assert.equal(norm('r u in yr 8'), 'are you in year 8');
  });

  test('leetspeak inside words, but not times, ordinals or amounts', () => {
    assert.equal(norm('wh3r3 d0 u l1v3'), 'where do you live');
    assert.equal(norm('at 4pm on the 2nd, £20'), 'at 4pm on the 2nd £20');
  });

  test('spaced and dotted letters are joined; a leading article stays a word', () => {
    assert.equal(norm('add me on s n a p c h a t'), 'add me on snapchat');
    assert.equal(norm('d.e.l.e.t.e it'), 'delete it');
    assert.equal(norm('s e n d me a p i c'), 'send me a pic');
    assert.equal(norm('r u a real kid'), 'are you a real kid');
  });

  test('confusables, compatibility forms and diacritics fold to ASCII', () => {
    assert.equal(norm('аrе уоur раrеnts hоmе'), 'are your parents home'); // Cyrillic letters
    assert.equal(norm('ＳＮＡＰ 𝐬𝐧𝐚𝐩 café'), 'snap snap cafe');
  });

  test('stretched letters and adjacent-letter typos', () => {
    assert.equal(norm('sooooo pleeease'), 'so please');
    assert.equal(norm('get telegarm'), 'get telegram');
  });

  test('platform aliases and two-word spellings', () => {
    assert.equal(norm('add me on sc or ig'), 'add me on snapchat or instagram');
    assert.equal(norm('whats app me'), 'whatsapp me');
  });

  test('quotation marks are kept (single quotes included)', () => {
    assert.equal(norm('he said “meet me” lol'), 'he said " meet me" lol');
    assert.ok(norm("say 'hi'").includes('"'));
  });

  test('offsets map normalised words back to the original text (UTF-16 units)', () => {
    assert.equal(originalOf('😊 add me on s n a p c h a t', 'snapchat'), 's n a p c h a t');
    assert.equal(originalOf('ok so u r 13?', 'you'), 'u');
    assert.equal(originalOf('wh3r3abouts r u', 'whereabouts'), 'wh3r3abouts');
    assert.equal(originalOf('𝐡𝐞𝐥𝐥𝐨 there', 'there'), 'there');
  });

  test('every normalised unit maps to a non-empty, in-bounds, ordered original range', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), (s) => {
        const n = normalizeText(s, { vocabulary: VOCABULARY });
        assert.equal(n.from.length, n.text.length);
        assert.equal(n.to.length, n.text.length);
        for (let i = 0; i < n.text.length; i++) {
          const f = n.from[i] as number;
          const t = n.to[i] as number;
          assert.ok(f >= 0 && f < t && t <= s.length, `unit ${i} → [${f}, ${t}) of ${s.length}`);
          if (i > 0) assert.ok(f >= (n.from[i - 1] as number), 'origins are non-decreasing');
        }
        return true;
      }),
      { numRuns: 300 },
    );
  });
});
