// Selectors of every chat-export fixture: the expected transcripts are transcripts, so extraction
// runs on them directly and must find the identities each format gives, and nothing else.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Transcript } from '../transcript/types.ts';
import { SelectorExtractor, extractSelectors } from './extract.ts';
import { groupSelectors } from './group.ts';
import type { Selector } from './types.ts';

const root = join(import.meta.dirname, '..', '..', '..', 'test', 'fixtures', 'chat-exports');

function fixture(path: string): Transcript {
  return JSON.parse(readFileSync(join(root, path), 'utf8')) as Transcript;
}

function allFixtures(): string[] {
  return readdirSync(root)
    .filter((d) => statSync(join(root, d)).isDirectory())
    .flatMap((d) =>
      readdirSync(join(root, d))
        .filter((f) => f.endsWith('.expected.json'))
        .map((f) => `${d}/${f}`),
    )
    .sort();
}

/** `kind matchKey source messageIndex messageCount` per selector, for compact assertions. */
function summary(selectors: readonly Selector[]): string[] {
  return selectors.map((s) =>
    [s.kind, s.matchKey, s.source, s.messageIndex ?? '-', s.messageCount ?? '-'].join(' '),
  );
}

describe('selectors of the chat-export fixtures', () => {
  test('Telegram: sender ids become telegram-id selectors (display names do not)', () => {
    const x = extractSelectors(fixture('telegram-json/personal-chat.expected.json'), {
      defaultRegion: 'GB',
    });
    assert.deepEqual(summary(x.selectors), [
      'telegram-id telegram-id:5550004321 participant 0 3',
      'telegram-id telegram-id:5550001234 participant 1 2',
      'url url:https://example.org/bake-sale text 1 -',
    ]);
    const url = x.selectors[2];
    assert.deepEqual(url?.span, [44, 73]);
    assert.equal(url?.raw, 'https://example.org/bake-sale');
    assert.equal(x.selectors[0]?.raw, 'user5550004321');
  });

  test('Telegram: a deleted account is identified by its from_id', () => {
    const x = extractSelectors(fixture('telegram-json/private-group-service.expected.json'));
    assert.ok(
      x.selectors.some((s) => s.matchKey === 'telegram-id:5550000777' && s.messageIndex === 3),
    );
    assert.equal(x.selectors.filter((s) => s.kind === 'telegram-id').length, 4);
    assert.ok(!x.selectors.some((s) => /patel/i.test(s.value)), 'display names are not identities');
  });

  test('Discord JSON and CSV: snowflake ids and unique usernames, legacy name#1234 kept as written', () => {
    const dm = extractSelectors(fixture('discord-dce-json/dm-basic.expected.json'));
    assert.deepEqual(summary(dm.selectors), [
      'discord-id discord-id:555000000000000101 participant 0 3',
      'discord-username discord:alex_builds participant 0 3',
      'discord-id discord-id:555000000000000102 participant 1 2',
      'discord-username discord:sam_plays participant 1 2',
    ]);
    const csv = extractSelectors(fixture('discord-dce-csv/guild-channel.expected.json'));
    assert.ok(csv.selectors.some((s) => s.matchKey === 'discord-id:555000000000000103'));
    assert.ok(
      csv.selectors.some(
        (s) => s.matchKey === 'discord:Robin#4821' && s.kind === 'discord-username',
      ),
    );
    assert.ok(
      !csv.selectors.some((s) => s.kind === 'url'),
      'attachment CDN links are files, not identifiers',
    );
  });

  test('Discord system events: the actor is a username; the actor of a call is counted', () => {
    const x = extractSelectors(fixture('discord-dce-json/group-dm-system.expected.json'));
    const jordan = x.selectors.find((s) => s.matchKey === 'discord:jordan_l');
    assert.equal(jordan?.messageIndex, 1);
    assert.equal(jordan?.messageCount, 2, 'one message and the Left-the-group event');
    assert.ok(x.selectors.some((s) => s.matchKey === 'discord-id:555000000000000104'));
  });

  test('Snapchat: From is the username', () => {
    const x = extractSelectors(fixture('snapchat-json/chat_history-2024.expected.json'));
    assert.deepEqual(summary(x.selectors), [
      'snapchat-username snapchat:sam_t2024 participant 0 2',
      'snapchat-username snapchat:alex_k2024 participant 1 2',
    ]);
  });

  test('SMS and MMS: addresses in E.164, the drama range flagged as not valid, <owner> skipped', () => {
    const sms = extractSelectors(fixture('sms-backup-restore-xml/sms-basic.expected.json'), {
      defaultRegion: 'GB',
    });
    assert.deepEqual(summary(sms.selectors), [
      'phone phone:+447700900123 participant 0 2',
      'phone phone:+447700900456 participant 3 1',
    ]);
    assert.deepEqual(sms.selectors[0]?.flags, ['phone-not-valid']);
    assert.equal(sms.selectors[0]?.display, '+44 7700 900123');
    const mms = extractSelectors(fixture('sms-backup-restore-xml/mms-group.expected.json'));
    assert.ok(
      mms.selectors.some(
        (s) =>
          s.matchKey === 'phone:+447700900789' &&
          s.messageIndex === undefined &&
          s.messageCount === 0,
      ),
      'a recipient only in the participant list',
    );
    assert.ok(!mms.selectors.some((s) => s.raw === '<owner>'));
  });

  test('iMessage: phone and e-mail handles; Me and contact names are not identities', () => {
    const one = extractSelectors(fixture('imessage-exporter-txt/+447700900123.expected.json'));
    assert.deepEqual(summary(one.selectors), ['phone phone:+447700900123 participant 0 3']);
    const group = extractSelectors(
      fixture('imessage-exporter-txt/weekend-hike-group.expected.json'),
    );
    assert.deepEqual(summary(group.selectors), ['email email:jordan@example.com participant 3 1']);
  });

  test('Messenger and Instagram: display names give nothing; shared links are attachment URLs', () => {
    const fb = extractSelectors(fixture('facebook-messenger-json/inbox-zoe.expected.json'));
    assert.deepEqual(summary(fb.selectors), [
      'url url:https://example.org/gala-timetable attachment 2 -',
    ]);
    const ig = extractSelectors(fixture('instagram-json/inbox-priya.expected.json'));
    assert.deepEqual(
      summary(ig.selectors),
      ['url url:https://www.instagram.com/p/C5exampleA1/ attachment 1 -'],
      'a post link names no account',
    );
  });

  test('WhatsApp fixtures: contact names are not identities and ordinary chat gives nothing', () => {
    for (const f of allFixtures().filter((p) => p.startsWith('whatsapp'))) {
      assert.deepEqual(
        summary(extractSelectors(fixture(f), { defaultRegion: 'GB' }).selectors),
        [],
        f,
      );
    }
  });

  test('WhatsApp: a sender shown as a phone number is a whatsapp-phone, in E.164', () => {
    const t = fixture('whatsapp-android/en-gb-24h-basic.expected.json');
    const renamed: Transcript = {
      ...t,
      messages: t.messages.map((m) =>
        m.sender === 'Sam' ? { ...m, sender: '\u202A+44 7700 900123\u202C' } : m,
      ),
    };
    const x = extractSelectors(renamed);
    assert.deepEqual(summary(x.selectors), ['whatsapp-phone phone:+447700900123 participant 2 3']);
    assert.deepEqual(x.selectors[0]?.flags, ['invisible-removed', 'phone-not-valid']);
  });

  test('every fixture: text spans slice their raw text, and streaming equals in-memory extraction', () => {
    for (const f of allFixtures()) {
      const t = fixture(f);
      const whole = extractSelectors(t, { defaultRegion: 'GB' });
      const x = new SelectorExtractor({ format: t.format, defaultRegion: 'GB' });
      for (const m of t.messages) x.add({ type: 'message', message: m });
      for (const name of t.participants) x.add({ type: 'participant', name });
      assert.deepEqual(x.finish(), whole, f);
      for (const s of whole.selectors) {
        if (s.span)
          assert.equal(
            t.messages[s.messageIndex ?? -1]?.text.slice(s.span[0], s.span[1]),
            s.raw,
            f,
          );
        assert.equal(s.matchKey.endsWith(`:${s.value}`), true, f);
      }
    }
  });

  test('a mention in text and a participant identity group under one match key', () => {
    const t = fixture('snapchat-json/chat_history-2024.expected.json');
    const withMention: Transcript = {
      ...t,
      messages: [
        ...t.messages,
        {
          ...t.messages[0]!,
          index: 4,
          sender: 'alex_k2024',
          text: 'my other snap is ѕаm_t2024? no, that is Sam',
        },
      ],
    };
    const groups = groupSelectors(extractSelectors(withMention).selectors);
    const sam = groups.find((g) => g.matchKey === 'snapchat:sam_t2024');
    assert.deepEqual(
      sam?.occurrences.map((o) => [o.source, o.messageIndex, o.raw]),
      [
        ['participant', 0, 'sam_t2024'],
        ['text', 4, 'ѕаm_t2024'],
      ],
    );
  });

  test('a title gives phone numbers and addresses (metadata), never cue handles', () => {
    const t: Transcript = {
      ...fixture('whatsapp-android/en-gb-24h-basic.expected.json'),
      title: 'WhatsApp Chat with +44 7700 900123 (snap: sam_t2024)',
    };
    const meta = extractSelectors(t).selectors.filter((s) => s.source === 'metadata');
    assert.deepEqual(
      meta.map((s) => [s.kind, s.matchKey, s.raw]),
      [['whatsapp-phone', 'phone:+447700900123', '+44 7700 900123']],
      'the title "WhatsApp Chat with …" names a WhatsApp number',
    );
  });
});
