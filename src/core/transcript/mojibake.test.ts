import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { repairMojibake } from './mojibake.ts';

test('repairs UTF-8 read as Latin-1, per string (MasterScrat/Chatistics#43)', () => {
  assert.equal(repairMojibake('Zo\u00c3\u00ab'), 'Zoë');
  assert.equal(repairMojibake('\u00f0\u009f\u0098\u008a'), '😊');
  assert.equal(repairMojibake('Here\u00e2\u0080\u0099s'), 'Here’s');
});

test('keeps strings that need no repair or do not round-trip (Chatistics#65)', () => {
  assert.equal(repairMojibake('plain ascii'), null);
  assert.equal(repairMojibake('café'), null); // é alone is not valid UTF-8
  assert.equal(repairMojibake('\u201cquoted\u201d'), null); // above U+00FF: already correct
  assert.equal(repairMojibake('Zoë 😊'), null);
});

test('repairing the mis-encoding of any text gives the text back', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'grapheme' }), (s) => {
      const latin1 = String.fromCharCode(...new TextEncoder().encode(s));
      const r = repairMojibake(latin1);
      assert.equal(r ?? latin1, s);
    }),
  );
});

test('the same string gives the same answer the second time (results of short strings are cached)', () => {
  for (const s of ['Zo\u00c3\u00ab', 'caf\u00e9', '\u00f0\u009f\u0098\u008a'.repeat(30)]) {
    assert.equal(repairMojibake(s), repairMojibake(s));
  }
  assert.equal(repairMojibake('Zo\u00c3\u00ab'), 'Zoë');
  assert.equal(repairMojibake('caf\u00e9'), null);
});
