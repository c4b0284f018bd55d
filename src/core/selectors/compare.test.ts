import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  compareSelectors,
  singleEdit,
  visualSkeleton,
  type ComparableSelector,
} from './compare.ts';
import { scanText } from './text.ts';
import { matchKeyOf, type Platform, type SelectorKind } from './types.ts';

function sel(kind: SelectorKind, value: string, platform?: Platform): ComparableSelector {
  return {
    kind,
    value,
    matchKey: matchKeyOf(kind, value, platform),
    ...(platform ? { platform } : {}),
  };
}
const snap = (v: string) => sel('snapchat-username', v, 'snapchat');

describe('compareSelectors', () => {
  test('equal match keys are exact, whatever kind carried them', () => {
    const r = compareSelectors(
      sel('phone', '+447700900123'),
      sel('whatsapp-phone', '+447700900123', 'whatsapp'),
    );
    assert.equal(r.level, 'exact');
    assert.equal(r.rule, 'same-match-key');
    assert.equal(r.similarity, 1);
  });

  test('a profile link and an @mention of the same Telegram username are exact', () => {
    const [link] = scanText('t.me/Sam_Example', { source: 'text' }).filter(
      (s) => s.kind === 'telegram-username',
    );
    const [mention] = scanText('ask @sam_example', {
      source: 'text',
      format: 'telegram-desktop-json',
    });
    assert.ok(link && mention);
    assert.equal(compareSelectors(link, mention).level, 'exact');
  });

  test('usernames: look-alike characters and leetspeak are near', () => {
    const r = compareSelectors(snap('sam_t2024'), snap('5am_t2024'));
    assert.deepEqual([r.level, r.rule], ['near', 'username-look-alike']);
    assert.deepEqual(
      [
        compareSelectors(snap('samtaylor'), snap('samtay1or')).rule,
        compareSelectors(snap('marnie_x'), snap('mamie_x')).rule,
      ],
      ['username-look-alike', 'username-look-alike'],
    );
  });

  test('usernames: separators only, and one edit on names of at least 6 characters', () => {
    assert.equal(
      compareSelectors(snap('sam_t2024'), snap('sam.t2024')).rule,
      'username-separators',
    );
    const one = compareSelectors(snap('samtaylor'), snap('samtayler'));
    assert.deepEqual([one.level, one.rule], ['near', 'username-one-edit']);
    assert.match(one.reason, /one character/);
    assert.equal(compareSelectors(snap('samtaylor'), snap('samtaylr')).rule, 'username-one-edit');
    assert.equal(compareSelectors(snap('samtaylor'), snap('smatayor')).level, 'none', 'two edits');
    assert.equal(
      compareSelectors(snap('jo_99'), snap('jo_98')).level,
      'none',
      'one edit in a short name is not evidence of anything',
    );
  });

  test('the same username on two platforms, and an unattributed @handle, are near', () => {
    const r = compareSelectors(
      snap('sam_t2024'),
      sel('instagram-username', 'sam_t2024', 'instagram'),
    );
    assert.deepEqual([r.level, r.rule], ['near', 'username-other-platform']);
    assert.match(r.reason, /a Snapchat username and an Instagram username/);
    const h = compareSelectors(sel('handle', 'sam_t2024'), snap('sam_t2024'));
    assert.deepEqual([h.level, h.rule], ['near', 'username-unattributed']);
  });

  test('Discord legacy name#1234 and the same unique username are near', () => {
    const r = compareSelectors(
      sel('discord-username', 'Robin#4821', 'discord'),
      sel('discord-username', 'robin', 'discord'),
    );
    assert.deepEqual([r.level, r.rule], ['near', 'discord-legacy-name']);
  });

  test('phones: a number without country matches its E.164 form as near; different countries too', () => {
    const r = compareSelectors(sel('phone', '07700900123'), sel('phone', '+447700900123'));
    assert.deepEqual([r.level, r.rule], ['near', 'phone-country-unknown']);
    assert.equal(
      compareSelectors(sel('phone', '+447700900123'), sel('phone', '+353861234567')).level,
      'none',
    );
    const other = compareSelectors(sel('phone', '+442079460123'), sel('phone', '+12079460123'));
    assert.equal(other.rule, 'phone-other-country');
    assert.equal(
      compareSelectors(sel('phone', '+447700900123'), sel('phone', '+447700900213')).rule,
      'phone-digits-transposed',
    );
    assert.equal(
      compareSelectors(sel('phone', '+447700900123'), sel('phone', '+447700900124')).level,
      'none',
      'a different digit is a different number',
    );
  });

  test('e-mail: letter case and +tags are near, with the reason; ids never near', () => {
    assert.equal(
      compareSelectors(sel('email', 'Jordan@example.com'), sel('email', 'jordan@example.com')).rule,
      'email-local-case',
    );
    assert.equal(
      compareSelectors(sel('email', 'jordan+kids@example.com'), sel('email', 'jordan@example.com'))
        .rule,
      'email-subaddress',
    );
    const look = compareSelectors(
      { ...sel('email', 'jоrdan@example.com'), display: 'jоrdan@example.com' },
      sel('email', 'jordan@example.com'),
    );
    assert.equal(look.rule, 'email-look-alike');
    assert.equal(
      compareSelectors(sel('email', 'sam_t2024@example.com'), snap('sam_t2024')).rule,
      'email-local-is-username',
    );
    assert.equal(
      compareSelectors(
        sel('telegram-id', '5550004321', 'telegram'),
        sel('telegram-id', '5550004322', 'telegram'),
      ).level,
      'none',
    );
  });

  test('urls: scheme, www, trailing slash are near; a different query is weaker', () => {
    const r = compareSelectors(
      sel('url', 'http://www.example.org/a/'),
      sel('url', 'https://example.org/a'),
    );
    assert.deepEqual([r.level, r.rule], ['near', 'url-variant']);
    const q = compareSelectors(
      sel('url', 'https://example.org/a?utm_source=x'),
      sel('url', 'https://example.org/a'),
    );
    assert.equal(q.rule, 'url-same-page');
    assert.ok(q.similarity < r.similarity);
    assert.equal(
      compareSelectors(sel('url', 'https://example.org/a'), sel('url', 'https://example.org/b'))
        .level,
      'none',
    );
  });

  test('unrelated families are none', () => {
    const r = compareSelectors(sel('phone', '+447700900123'), snap('sam_t2024'));
    assert.deepEqual([r.level, r.rule, r.similarity], ['none', 'unrelated', 0]);
  });
});

describe('helpers', () => {
  test('singleEdit names the edit', () => {
    assert.match(singleEdit('samtaylor', 'samtayler') ?? '', /replaced/);
    assert.match(singleEdit('samtaylor', 'samtaylro') ?? '', /swapped/);
    assert.match(singleEdit('samtaylor', 'samtaylorr') ?? '', /extra/);
    assert.match(singleEdit('samtaylor', 'samtaylr') ?? '', /missing/);
    assert.equal(singleEdit('samtaylor', 'samtaylor'), null);
    assert.equal(singleEdit('abcdef', 'badcfe'), null);
  });

  test('visualSkeleton folds confusables, leetspeak and rn/m', () => {
    assert.equal(visualSkeleton('Ѕаm_7ay10r'), visualSkeleton('sam_taylor'));
    assert.equal(visualSkeleton('marnie'), visualSkeleton('mamie'));
  });
});
