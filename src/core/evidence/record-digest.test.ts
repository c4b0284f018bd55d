import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { Selector } from '../selectors/types.ts';
import { recordDigest, selectorsDigest } from './record-digest.ts';

const sha = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

test('recordDigest is the SHA-256 of the RFC 8785 form, whatever the key order or absent members', () => {
  assert.equal(
    recordDigest({ b: 1, a: [true, null], c: undefined }),
    sha('{"a":[true,null],"b":1}'),
  );
  assert.equal(recordDigest({ a: 1 }), recordDigest(JSON.parse('{ "a" : 1.0 }')));
  assert.notEqual(recordDigest({ a: 1 }), recordDigest({ a: 2 }));
  assert.equal(recordDigest(null), sha('null'));
});

test('a lone surrogate digests as U+FFFD, as storage gives it back, instead of throwing', () => {
  assert.equal(recordDigest({ s: 'a\uD800b' }), recordDigest({ s: 'a\uFFFDb' }));
  assert.equal(recordDigest({ s: '\uD83D\uDE00' }), sha('{"s":"\uD83D\uDE00"}'));
});

const phone: Selector = {
  kind: 'phone',
  value: '+447700900123',
  matchKey: 'phone:+447700900123',
  raw: '07700 900123',
  display: '+44 7700 900123',
  source: 'text',
  messageIndex: 0,
  span: [17, 29],
  confidence: 'high',
  why: 'phone number in text',
  flags: [],
};

test('selectorsDigest is the digest of the canonical array of stored fields, absent ones null', () => {
  const entry = {
    kind: 'phone',
    value: '+447700900123',
    matchKey: 'phone:+447700900123',
    raw: '07700 900123',
    display: '+44 7700 900123',
    source: 'text',
    platform: null,
    messageIndex: 0,
    span: [17, 29],
    messageCount: null,
    confidence: 'high',
    why: 'phone number in text',
    flags: null,
  };
  assert.equal(selectorsDigest([phone, phone]), recordDigest([entry, entry]));
  assert.equal(selectorsDigest([]), sha('[]'));
  // as read back: no empty flag list, extra stored fields ignored
  const { flags: _flags, ...stored } = phone;
  assert.equal(selectorsDigest([{ ...stored, ordinal: 0 } as Selector]), selectorsDigest([phone]));
  assert.notEqual(
    selectorsDigest([{ ...phone, value: '+447700900999' }]),
    selectorsDigest([phone]),
  );
});
