// Identifiers in message text: cue phrases in many wordings, links, addresses, phone numbers,
// obfuscation (look-alike letters, zero-width characters, full-width forms, leetspeak cue words),
// no false positives on ordinary chat, and spans that always slice the raw text.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { CountryCode } from 'libphonenumber-js/max';
import type { FormatId } from '../transcript/types.ts';
import { scanText } from './text.ts';
import type { Selector } from './types.ts';

const GB = 'GB' as CountryCode;

/** Scans as message 0; `region` null means no default region. */
function scan(text: string, format?: FormatId, region: CountryCode | null = GB): Selector[] {
  return scanText(text, {
    source: 'text',
    messageIndex: 0,
    ...(format ? { format } : {}),
    ...(region ? { region } : {}),
  });
}
const keys = (text: string, format?: FormatId, region?: CountryCode) =>
  scan(text, format, region ?? GB).map((s) => s.matchKey);

describe('handles named with a platform cue', () => {
  const cases: [string, string][] = [
    ['add me on snap: sam_t2024', 'snapchat:sam_t2024'],
    ['my snapchat is sam_t2024', 'snapchat:sam_t2024'],
    ['sc: sam_t2024', 'snapchat:sam_t2024'],
    ['Snap -> Sam_T2024', 'snapchat:sam_t2024'],
    ['snap me at sam_t2024 x', 'snapchat:sam_t2024'],
    ['hmu on snapchat sam_t2024', 'snapchat:sam_t2024'],
    ["my snap's sam_t2024", 'snapchat:sam_t2024'],
    ['snapchat username = sam_t2024', 'snapchat:sam_t2024'],
    ['my snap name is sam_t2024 add me', 'snapchat:sam_t2024'],
    ["i'm sam_t2024 on snap", 'snapchat:sam_t2024'],
    ['sam_t2024 is my snap', 'snapchat:sam_t2024'],
    ['add sam_t2024 on snapchat', 'snapchat:sam_t2024'],
    ['my snap is samtaylor', 'snapchat:samtaylor'],
    ['my insta is sam.example', 'instagram:sam.example'],
    ['follow me on ig @sam.example!', 'instagram:sam.example'],
    ['insta - sam.example', 'instagram:sam.example'],
    ['find me on insta, sam.example', 'instagram:sam.example'],
    ['sam.example (insta)', 'instagram:sam.example'],
    ['IG: @Sam.Example.', 'instagram:sam.example'],
    ['tg @sam_example', 'telegram:sam_example'],
    ['my tele is @sam_example', 'telegram:sam_example'],
    ['message me on telegram: Sam_Example', 'telegram:sam_example'],
    ['discord: sam_plays', 'discord:sam_plays'],
    ['add me on discord sam_plays', 'discord:sam_plays'],
    ['my discord username is sam.plays', 'discord:sam.plays'],
    ['dm me on tiktok @sam.example', 'tiktok:sam.example'],
    ['kik: sam_example22', 'kik:sam_example22'],
    ['my signal is sam.01', 'signal:sam.01'],
    ['roblox: SamBuilds_22', 'roblox:sambuilds_22'],
    ['whats your snap? mine is sam_t2024', 'snapchat:sam_t2024'],
    ['snap? mine is samtaylor', 'snapchat:samtaylor'],
    ['add me on snapchat!! sam_t2024', 'snapchat:sam_t2024'],
    ['Snapchat 👉 sam_t2024', 'snapchat:sam_t2024'],
    ['snap ➡️ samtaylor', 'snapchat:samtaylor'],
    ['sam_t2024 ← my snap', 'snapchat:sam_t2024'],
    ["sam_t2024 that's my snap", 'snapchat:sam_t2024'],
    ['snap chat: sam_t2024', 'snapchat:sam_t2024'],
    ['SnapChat ID: sam_t2024', 'snapchat:sam_t2024'],
    ['ⓢⓝⓐⓟ: sam_t2024', 'snapchat:sam_t2024'],
    ['you can find me on ig as sam.example', 'instagram:sam.example'],
    ['my insta handle is sam.example', 'instagram:sam.example'],
    ['ig ❤️ sam.example', 'instagram:sam.example'],
    ['discord tag: sam_plays', 'discord:sam_plays'],
    ['on discord im sam_plays', 'discord:sam_plays'],
  ];
  for (const [text, key] of cases) {
    test(JSON.stringify(text), () => {
      const found = scan(text);
      assert.deepEqual(
        found.map((s) => s.matchKey),
        [key],
      );
      const s = found[0];
      assert.ok(s?.span);
      assert.equal(text.slice(s.span[0], s.span[1]), s.raw);
      assert.equal(s.source, 'text');
    });
  }

  test('several handles in one message, each with its own span', () => {
    const text = 'add me: snap sam_t2024 / insta sam.example / tg @sam_example';
    const found = scan(text);
    assert.deepEqual(
      found.map((s) => [s.kind, s.value, s.raw]),
      [
        ['snapchat-username', 'sam_t2024', 'sam_t2024'],
        ['instagram-username', 'sam.example', 'sam.example'],
        ['telegram-username', 'sam_example', '@sam_example'],
      ],
    );
  });

  test('platform rules decide: too short for Telegram, invalid shapes are not usernames', () => {
    assert.deepEqual(keys('tg: sam'), [], 'Telegram usernames have at least 5 characters');
    assert.deepEqual(keys('snap: _sam'), [], 'Snapchat usernames start with a letter');
    assert.deepEqual(keys('insta: sam..example'), [], 'Instagram forbids ..');
    assert.deepEqual(keys('ig: 12345'), [], 'a number is not a username');
  });

  test('a handle with a cue is high confidence; a plain word after "my … is" is medium', () => {
    assert.equal(scan('snap: sam_t2024')[0]?.confidence, 'high');
    assert.equal(scan('my snap is samtaylor')[0]?.confidence, 'medium');
  });
});

describe('obfuscated handles normalize to the same match key', () => {
  const variants = [
    'snap: sam_t2024',
    'snap: SAM_T2024',
    'snap: ѕаm_t2024', // Cyrillic ѕ and а
    'snap: sam\u200b_t2024', // zero-width space
    'snap: s\u200da\u200cm_t2024\u2060', // zero-width joiner, non-joiner, word joiner
    'ｓｎａｐ： ｓａｍ＿ｔ２０２４', // full-width forms
    'snap: 𝐬𝐚𝐦_t2024', // mathematical bold
    'sn4p: sam_t2024', // leetspeak cue
    's n a p: sam_t2024', // spaced-out cue
    'ѕnар: sam_t2024', // look-alike cue
    'snapchat.com/add/ѕаm_t2024',
  ];
  for (const text of variants) {
    test(JSON.stringify(text), () => {
      const found = scan(text).filter((s) => s.kind === 'snapchat-username');
      assert.deepEqual(
        found.map((s) => s.matchKey),
        ['snapchat:sam_t2024'],
      );
      const s = found[0];
      assert.ok(s?.span);
      assert.equal(text.slice(s.span[0], s.span[1]), s.raw, 'raw keeps the obfuscated form');
    });
  }

  test('flags say what normalization removed', () => {
    assert.deepEqual(scan('snap: ѕаm_t2024')[0]?.flags, ['confusables-folded']);
    assert.deepEqual(scan('snap: sam\u200b_t2024')[0]?.flags, ['invisible-removed']);
    assert.deepEqual(scan('ｓｎａｐ： ｓａｍ＿ｔ２０２４')[0]?.flags, ['compatibility-folded']);
    assert.equal(scan('snap: sam_t2024')[0]?.flags, undefined);
  });

  test('t.me/Sam_Example and @sam_example share a match key', () => {
    const link = scan('t.me/Sam_Example').find((s) => s.kind === 'telegram-username');
    const mention = scan('hey @sam_example', 'telegram-desktop-json')[0];
    assert.equal(link?.matchKey, 'telegram:sam_example');
    assert.equal(mention?.matchKey, link?.matchKey);
  });
});

describe('profile links', () => {
  const cases: [string, string[]][] = [
    ['t.me/Sam_Example', ['url:https://t.me/Sam_Example', 'telegram:sam_example']],
    [
      'https://telegram.me/s/sam_example',
      ['url:https://telegram.me/s/sam_example', 'telegram:sam_example'],
    ],
    [
      'tg://resolve?domain=sam_example',
      ['url:tg://resolve?domain=sam_example', 'telegram:sam_example'],
    ],
    ['wa.me/447700900123', ['url:https://wa.me/447700900123', 'phone:+447700900123']],
    [
      'https://api.whatsapp.com/send?phone=447700900456',
      ['url:https://api.whatsapp.com/send?phone=447700900456', 'phone:+447700900456'],
    ],
    [
      'instagram.com/sam.example',
      ['url:https://instagram.com/sam.example', 'instagram:sam.example'],
    ],
    [
      'https://www.instagram.com/stories/sam.example/123/',
      ['url:https://www.instagram.com/stories/sam.example/123/', 'instagram:sam.example'],
    ],
    [
      'snapchat.com/add/sam_t2024',
      ['url:https://snapchat.com/add/sam_t2024', 'snapchat:sam_t2024'],
    ],
    [
      'https://discord.com/users/555000000000000101',
      ['url:https://discord.com/users/555000000000000101', 'discord-id:555000000000000101'],
    ],
    [
      'https://www.tiktok.com/@sam.example',
      ['url:https://www.tiktok.com/@sam.example', 'tiktok:sam.example'],
    ],
    [
      'https://www.facebook.com/sam.example.77',
      ['url:https://www.facebook.com/sam.example.77', 'facebook:sam.example.77'],
    ],
    [
      'https://facebook.com/profile.php?id=100000000000001',
      ['url:https://facebook.com/profile.php?id=100000000000001', 'facebook-id:100000000000001'],
    ],
    ['m.me/sam.example.77', ['url:https://m.me/sam.example.77', 'facebook:sam.example.77']],
    ['https://x.com/sam_example', ['url:https://x.com/sam_example', 'twitter:sam_example']],
  ];
  for (const [text, expected] of cases) {
    test(text, () => assert.deepEqual(keys(text), expected));
  }

  test('posts, invites and groups name no account', () => {
    assert.deepEqual(keys('https://www.instagram.com/p/C5exampleA1/'), [
      'url:https://www.instagram.com/p/C5exampleA1/',
    ]);
    assert.deepEqual(keys('discord.gg/abc123'), ['url:https://discord.gg/abc123']);
    assert.deepEqual(keys('t.me/+AbCdEfGh'), ['url:https://t.me/+AbCdEfGh']);
    assert.deepEqual(keys('t.me/joinchat/AbCdEf'), ['url:https://t.me/joinchat/AbCdEf']);
    assert.deepEqual(keys('https://www.facebook.com/groups/12345'), [
      'url:https://www.facebook.com/groups/12345',
    ]);
  });
});

describe('links, e-mail addresses and phone numbers', () => {
  test('links: scheme and host lower-cased, default port and trailing dot removed, query kept, sentence punctuation trimmed', () => {
    assert.deepEqual(keys('see HTTPS://Example.ORG:443/Path?utm_source=chat&b=1#Frag.'), [
      'url:https://example.org/Path?utm_source=chat&b=1#Frag',
    ]);
    assert.deepEqual(keys('http://EXAMPLE.org./a'), ['url:http://example.org/a']);
    assert.deepEqual(keys('visit www.example.org:8080/x, ok?'), [
      'url:https://www.example.org:8080/x',
    ]);
    assert.deepEqual(keys('(see https://example.org/wiki/Foo_(bar))'), [
      'url:https://example.org/wiki/Foo_(bar)',
    ]);
    assert.deepEqual(keys('https://例え.example/'), ['url:https://xn--r8jz45g.example/']);
  });

  test('e-mail: domain lower-cased, local part kept, Gmail rules applied', () => {
    const found = scan(
      'mail jordan@example.com or Jordan.Smith+kids@Example.COM. or Sam.Example+x@GoogleMail.com',
    );
    assert.deepEqual(
      found.map((s) => [s.matchKey, s.raw]),
      [
        ['email:jordan@example.com', 'jordan@example.com'],
        ['email:Jordan.Smith+kids@example.com', 'Jordan.Smith+kids@Example.COM'],
        ['email:samexample@gmail.com', 'Sam.Example+x@GoogleMail.com'],
      ],
    );
  });

  test('phones in E.164 from national and international forms; the drama range is accepted and flagged', () => {
    for (const text of [
      'text me 07700 900123',
      'call +44 7700 900123',
      'ring 0044 7700 900123',
      'my number: (07700) 900123',
      '+44 (0)7700 900123',
      '07700-900-123',
      '07700900123',
    ]) {
      const found = scan(text);
      assert.deepEqual(
        found.map((s) => [s.kind, s.matchKey]),
        [['phone', 'phone:+447700900123']],
        text,
      );
      assert.deepEqual(found[0]?.flags, ['phone-not-valid'], text);
      assert.equal(found[0]?.confidence, 'medium');
      assert.equal(found[0]?.display, '+44 7700 900123');
    }
    const valid = scan('office 020 7946 0123')[0];
    assert.equal(valid?.matchKey, 'phone:+442079460123');
    assert.equal(valid?.flags, undefined);
    assert.equal(valid?.confidence, 'high');
  });

  test('a WhatsApp cue before or after a number makes it a whatsapp-phone', () => {
    for (const text of [
      'whatsapp me on 07700 900123',
      'my wa is 07700900123',
      '07700 900123 is my whatsapp',
      '07700 900123 (whatsapp)',
      'WhatsApp: +44 7700 900123',
    ]) {
      assert.deepEqual(
        scan(text).map((s) => [s.kind, s.matchKey, s.platform]),
        [['whatsapp-phone', 'phone:+447700900123', 'whatsapp']],
        text,
      );
    }
  });

  test('a WhatsApp @mention of a number is a whatsapp-phone', () => {
    assert.deepEqual(keys('thanks @447700900123', 'whatsapp-txt-android'), ['phone:+447700900123']);
  });

  test('no default region: national numbers keep their digits and no country is invented', () => {
    const found = scan('text me 07700 900123 or +44 7700 900456', undefined, null);
    assert.deepEqual(
      found.map((s) => [s.matchKey, s.flags]),
      [
        ['phone-national:07700900123', ['phone-no-country']],
        ['phone:+447700900456', ['phone-not-valid']],
      ],
    );
    assert.equal(found[0]?.confidence, 'low');
  });

  test('another default region reads national numbers in that region', () => {
    assert.deepEqual(keys('call 201-555-0123', undefined, 'US'), ['phone:+12015550123']);
  });

  test('full-width digits and no-break spaces still give the number', () => {
    assert.deepEqual(keys('call ０７７００\u00a0９００１２３'), ['phone:+447700900123']);
  });
});

describe('ordinary chat gives no selectors', () => {
  const ordinary = [
    'meet me at 5',
    'Meet at the car park at 9?',
    'it costs £12.50, or 2 for £20',
    'on 15/06/2024 at 10:30',
    '2024-06-15 09:30',
    'Practice moved to 17:30 btw',
    'we won 3-1!',
    'score was 2-0 at half time, final 3-1',
    'update to v1.2.3 first',
    'v2.0 on discord is out',
    'room 12 at 3:30',
    'Bus is running 10 min late',
    'the ratio is 16:9',
    'order 12345678901 shipped',
    'ts 1718440205',
    'call 999 in an emergency',
    'born in 2010, year 8',
    'I got 100 gram of flour',
    '100 gram: flour, 2 eggs',
    'she sent 3 snaps: funny ones',
    "what's your snap? i'm bored",
    'snap! that was close',
    'snap: 😂😂',
    'I love snap 😍 so much',
    'snap 😂 hahahaha',
    'the snap :) was funny',
    'hmu on snap im bored',
    'my snap is broken',
    'add me on snap later',
    "i'm on snap all day",
    'snap out of it',
    'I sent a snap',
    'my ig is private',
    'insta: private',
    'the disc is scratched',
    'see you on discord tonight',
    "I'm on insta, discord and snap",
    'signal is bad here',
    'tg is better',
    'is snap working?',
    'see you @ 5',
    '@ the park',
    'email me at home',
    'Are you still coming to football practice on Thursday?',
    'Yes! Mum said she can drive us\nCan you bring the spare shin pads?',
    "Hi Sam! Is the bake sale still on tomorrow? I'll bring brownies",
    'A las 12:40',
    'Denk an das Mathebuch heute',
  ];
  for (const text of ordinary) {
    test(JSON.stringify(text), () => assert.deepEqual(keys(text), []));
  }
});

describe('spans', () => {
  test('property: every span lies in the text, on code-point boundaries, and slices the raw text', () => {
    const pieces = fc.constantFrom(
      'snap: ',
      'my insta is ',
      'tg @',
      ' on snap',
      'sam_t2024',
      'ѕаm',
      '\u200b',
      '\u200e',
      'ｓａｍ',
      '😊',
      '👍🏽',
      '07700 900123',
      '+44 7700 900456',
      'jordan@example.com',
      't.me/Sam_Example',
      'https://example.org/a?b=1',
      ' ',
      '\n',
      '.',
      ',',
      ':',
      '@',
      '(',
      ')',
      'x',
      '9',
      'é',
    );
    const text = fc.oneof(
      fc.array(pieces, { maxLength: 24 }).map((a) => a.join('')),
      fc.string({ maxLength: 80 }),
      fc.string({ unit: 'grapheme', maxLength: 40 }),
    );
    fc.assert(
      fc.property(
        text,
        fc.constantFrom<FormatId | undefined>(
          undefined,
          'telegram-desktop-json',
          'whatsapp-txt-android',
        ),
        (t, format) => {
          for (const s of scan(t, format)) {
            assert.ok(s.span, 'text selectors have spans');
            const [a, b] = s.span;
            assert.ok(a >= 0 && a < b && b <= t.length, `span ${a}-${b} in a text of ${t.length}`);
            assert.equal(t.slice(a, b), s.raw);
            const cu = (i: number) => t.charCodeAt(i);
            assert.ok(
              !(
                cu(a) >= 0xdc00 &&
                cu(a) <= 0xdfff &&
                a > 0 &&
                cu(a - 1) >= 0xd800 &&
                cu(a - 1) <= 0xdbff
              ),
              'start not inside a surrogate pair',
            );
            assert.ok(
              !(
                b < t.length &&
                cu(b) >= 0xdc00 &&
                cu(b) <= 0xdfff &&
                cu(b - 1) >= 0xd800 &&
                cu(b - 1) <= 0xdbff
              ),
              'end not inside a surrogate pair',
            );
            assert.equal(s.matchKey.endsWith(`:${s.value}`), true);
          }
        },
      ),
      { numRuns: 1500 },
    );
  });

  test('property: a handle keeps its match key whatever invisible characters are inserted into it', () => {
    const invisible = fc.constantFrom(
      '\u200b',
      '\u200c',
      '\u200d',
      '\u2060',
      '\ufeff',
      '\u00ad',
      '\u200e',
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(8), invisible), { maxLength: 4 }), (inserts) => {
        const chars = [...'sam_t2024'];
        for (const [at, ch] of inserts) chars.splice(Math.min(at, chars.length - 1) + 1, 0, ch);
        const text = `snap: ${chars.join('')}`;
        const found = scan(text);
        assert.deepEqual(
          found.map((s) => s.matchKey),
          ['snapchat:sam_t2024'],
          JSON.stringify(text),
        );
        assert.ok(found[0]?.raw.startsWith('s'));
      }),
      { numRuns: 300 },
    );
  });

  test('pathological long lines finish (linear-time expressions)', () => {
    const long = [
      'a.'.repeat(100_000),
      '@'.repeat(200_000),
      'snap '.repeat(40_000),
      `https://example.org/${'('.repeat(50_000)}`,
      `${'x'.repeat(60)}@`.repeat(3000),
      '0 7'.repeat(60_000),
      'sam_t2024 on '.repeat(15_000),
    ];
    for (const text of long) assert.ok(Array.isArray(scan(text)));
  });
});
