import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isCustosError } from '../../../errors.ts';
import { memorySource } from '../../memory-source.ts';
import { detectExport, parseExport, probeExport } from '../../registry.ts';
import type { ExportSource, Transcript } from '../../types.ts';
import { senderFromLabel } from './message-builder.ts';
import { REORDER_WINDOW, whatsappParser } from './whatsapp-parser.ts';

const P = [whatsappParser];
const LRM = '\u200e';
const NNBSP = '\u202f';

async function parse(
  text: string | Uint8Array,
  timeZone = 'Europe/London',
  name = 'WhatsApp Chat with Sam.txt',
  chunkSize?: number,
): Promise<Transcript> {
  const src = memorySource(name, { [name]: text }, chunkSize === undefined ? {} : { chunkSize });
  return parseExport(src, { timeZone }, P);
}

async function parseSource(src: ExportSource, timeZone = 'Europe/London'): Promise<Transcript> {
  return parseExport(src, { timeZone }, P);
}

/** Asserts that `p` rejects with a CustosError of `code` whose location names file, line and byte. */
async function rejectsWith(
  p: Promise<unknown>,
  code: string,
  where: { line?: number; byteOffset?: number; entry?: string } = {},
): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(isCustosError(e), String(e));
    assert.equal(e.code, code, e.message);
    assert.ok(e.location?.file, 'location names the file');
    for (const [k, v] of Object.entries(where))
      assert.equal((e.location as Record<string, unknown>)[k], v, `${k} in ${e.message}`);
    return true;
  });
}

const brief = (t: Transcript) => t.messages.map((m) => [m.sender, m.timestamp, m.text, m.system]);

describe('WhatsApp detection', () => {
  test('claims Android and iOS text exports and names the format', async () => {
    const android = await detectExport(
      memorySource('a.txt', { 'a.txt': '05/03/2024, 14:22 - Alex: hi\n' }),
      P,
    );
    assert.equal(android.detection.format, 'whatsapp-txt-android');
    const ios = await detectExport(
      memorySource('_chat.txt', { '_chat.txt': '[15/06/2024, 10:00:00] Sam: hi\r\n' }),
      P,
    );
    assert.equal(ios.detection.format, 'whatsapp-txt-ios');
  });

  test('finds the chat in a zip by content, whatever it is called', async () => {
    const src = memorySource(
      'export.zip',
      {
        'notes.txt': 'shopping list\n',
        'Chat.txt': '[2/7/2024, 16:18:44] Robin: hi\r\n',
        'IMG.jpg': new Uint8Array([0xff, 0xd8, 0, 1]),
      },
      { kind: 'zip' },
    );
    const { detection } = await detectExport(src, P);
    assert.deepEqual([detection.format, detection.entries], ['whatsapp-zip-ios', ['Chat.txt']]);
  });

  test('does not claim other text', async () => {
    const others: Record<string, string> = {
      'prose.txt': 'Dear diary,\nToday 05/03/2024, 14:22 we went out.\n',
      'result.json': '{"name": "Sam", "messages": [{"id": 1, "date": "2024-03-05T14:22:00"}]}',
      'sms.xml': '<?xml version="1.0"?><smses count="1"></smses>',
      'dce.csv':
        'AuthorID,Author,Date,Content,Attachments,Reactions\n"1","sam","2024-02-10T15:30:12.531+00:00","hi","",""\n',
      'imessage.txt': 'Mar 05, 2024  4:05:41 PM\nMe\nYes!\n\n',
      'viewer.txt': '01.04.2015 - 16:00:27; Alex: hello\n01.04.2015 - 16:01:00; Sam: hi\n',
      'app.log': '2024-01-09 10:00:00 - INFO - started\n2024-01-09 10:00:01 - INFO - ready\n',
      'dates.txt': '31/02/2024, 25:99 - A: b\n',
    };
    for (const [name, text] of Object.entries(others)) {
      const probe = await probeExport(memorySource(name, { [name]: text }));
      assert.equal(whatsappParser.detect(probe), null, name);
    }
  });
});

describe('WhatsApp parsing', () => {
  test('multi-line messages whose continuation lines start with a date or a time', async () => {
    const t = await parse(
      [
        '06/01/2024, 09:58 - Sam: Reminder:',
        '06/01/2024, 10:00 is the exam',
        '12:30 lunch after',
        '2024-01-06, 10:00 - typed in another layout',
        '31/02/2024, 10:00 - Sam: not a real date',
        '06/01/2024, 10:05 - Alex: ok',
        '',
      ].join('\n'),
    );
    assert.deepEqual(brief(t), [
      [
        'Sam',
        '2024-01-06T09:58:00+00:00',
        'Reminder:\n06/01/2024, 10:00 is the exam\n12:30 lunch after\n2024-01-06, 10:00 - typed in another layout\n31/02/2024, 10:00 - Sam: not a real date',
        false,
      ],
      ['Alex', '2024-01-06T10:05:00+00:00', 'ok', false],
    ]);
    const codes = t.notes.map((n) => n.code);
    assert.ok(codes.includes('HEADER_DATE_IMPOSSIBLE'), codes.join());
    assert.ok(codes.includes('HEADER_OTHER_SHAPE'), codes.join());
    const impossible = t.notes.find((n) => n.code === 'HEADER_DATE_IMPOSSIBLE');
    assert.deepEqual(impossible?.origin, { line: 5, byteOffset: 127 });
  });

  test('system events: Android author-less lines, iOS events attributed to a person or group', async () => {
    const android = await parse(
      '05/03/2024, 14:20 - Alex added Sam\n05/03/2024, 14:21 - Alex changed the subject to "Study: maths"\n05/03/2024, 14:22 - Sam: hi\n',
    );
    assert.deepEqual(
      android.messages.map((m) => [m.sender, m.system, m.senderRaw, m.text]),
      [
        [null, true, undefined, 'Alex added Sam'],
        [null, true, undefined, 'Alex changed the subject to "Study: maths"'],
        ['Sam', false, undefined, 'hi'],
      ],
    );
    assert.deepEqual(android.participants, ['Sam']);
    assert.ok(
      android.notes.some(
        (n) => n.code === 'AUTHOR_LABEL_REJECTED' && n.message.endsWith('lines 2'),
      ),
    );
    const ios = await parse(
      `[15/06/2024, 10:00:00] Maths group: ${LRM}Alex added Sam\r\n[15/06/2024, 10:01:00] Sam: hi\r\n`,
    );
    assert.deepEqual(
      ios.messages.map((m) => [m.sender, m.system, m.senderRaw, m.text]),
      [
        [null, true, 'Maths group', 'Alex added Sam'],
        ['Sam', false, undefined, 'hi'],
      ],
    );
    assert.deepEqual(ios.participants, ['Sam']);
  });

  test('senders: ~ names, direction-mark-wrapped phone numbers, trailing spaces', async () => {
    const t = await parse(
      `05/03/2024, 14:22 - ~${NNBSP}Riley: hi\n05/03/2024, 14:23 - \u202a+44 7700 900123\u202c: hello\n`,
    );
    assert.deepEqual(
      t.messages.map((m) => [m.sender, m.senderRaw]),
      [
        ['Riley', `~${NNBSP}Riley`],
        ['+44 7700 900123', '\u202a+44 7700 900123\u202c'],
      ],
    );
    assert.equal(senderFromLabel('Alex '), 'Alex');
    assert.equal(senderFromLabel('~ '), '~');
  });

  test('attachments in a zip are checked against its entries, with size and path', async () => {
    const chat = [
      `[02/07/2024, 16:20:05] Alex: ${LRM}<attached: 00000003-PHOTO-2024-07-02-16-20-05.jpg>`,
      `[02/07/2024, 16:22:00] Robin: ${LRM}<attached: 00000005-AUDIO-2024-07-02-16-22-00.opus>`,
      '',
    ].join('\r\n');
    const src = memorySource(
      'chat.zip',
      { '_chat.txt': chat, '00000003-PHOTO-2024-07-02-16-20-05.jpg': new Uint8Array(134) },
      { kind: 'zip' },
    );
    const t = await parseSource(src);
    assert.equal(t.format, 'whatsapp-zip-ios');
    assert.deepEqual(
      t.messages.map((m) => m.attachments),
      [
        [
          {
            fileName: '00000003-PHOTO-2024-07-02-16-20-05.jpg',
            omitted: false,
            inArchive: true,
            path: '00000003-PHOTO-2024-07-02-16-20-05.jpg',
            size: 134,
          },
        ],
        [{ fileName: '00000005-AUDIO-2024-07-02-16-22-00.opus', omitted: false, inArchive: false }],
      ],
    );
    assert.deepEqual(
      t.notes.find((n) => n.code === 'ATTACHMENT_NOT_IN_ARCHIVE')?.messageIndices,
      [1],
    );
    assert.deepEqual(t.messages[0]?.origin, {
      entry: '_chat.txt',
      line: 1,
      byteOffset: 0,
      byteLength: 82,
    });
  });

  test('an Android zip: the chat file and media found in a folder inside the archive', async () => {
    const chat =
      '05/03/2024, 18:45 - Alex: IMG-20240305-WA0003.jpg (file attached)\nfrom the harbour\n';
    const src = memorySource(
      'WhatsApp Chat with Jonas.zip',
      {
        'WhatsApp Chat with Jonas/WhatsApp Chat with Jonas.txt': chat,
        'WhatsApp Chat with Jonas/IMG-20240305-WA0003.jpg': new Uint8Array(10),
      },
      { kind: 'zip' },
    );
    const t = await parseSource(src, 'Europe/Berlin');
    assert.equal(t.format, 'whatsapp-zip-android');
    assert.deepEqual(t.messages[0]?.attachments, [
      {
        fileName: 'IMG-20240305-WA0003.jpg',
        omitted: false,
        inArchive: true,
        path: 'WhatsApp Chat with Jonas/IMG-20240305-WA0003.jpg',
        size: 10,
      },
    ]);
    assert.equal(t.messages[0]?.text, 'from the harbour');
  });

  test('clock changes: offsets per instant, the fold flagged and ordered, the gap moved forward and noted', async () => {
    const t = await parse(
      [
        '30/03/2024, 23:59 - Sam: winter',
        '31/03/2024, 01:30 - Sam: in the gap',
        '31/03/2024, 02:30 - Sam: summer',
        '27/10/2024, 01:10 - Sam: first 01:10',
        '27/10/2024, 01:50 - Sam: first 01:50',
        '27/10/2024, 01:05 - Sam: second 01:05',
        '27/10/2024, 02:00 - Sam: winter again',
        '',
      ].join('\n'),
    );
    assert.deepEqual(
      t.messages.map((m) => [m.timestamp, m.timestampAmbiguous ?? false]),
      [
        ['2024-03-30T23:59:00+00:00', false],
        ['2024-03-31T02:30:00+01:00', false],
        ['2024-03-31T02:30:00+01:00', false],
        ['2024-10-27T01:10:00+01:00', true],
        ['2024-10-27T01:50:00+01:00', true],
        ['2024-10-27T01:05:00+00:00', true],
        ['2024-10-27T02:00:00+00:00', false],
      ],
    );
    assert.deepEqual(t.notes.find((n) => n.code === 'TIME_IN_DST_GAP')?.messageIndices, [1]);
    assert.deepEqual(t.notes.find((n) => n.code === 'TIME_IN_DST_FOLD')?.messageIndices, [3, 4, 5]);
  });

  test('day/month order: decided by one date anywhere in the file, else guessed day-first with a note', async () => {
    const lines = Array.from(
      { length: 50 },
      (_, i) => `3/${1 + Math.floor(i / 5)}/24, 10:${String(i).padStart(2, '0')} - A: m${i}`,
    );
    const us = await parse(
      [...lines, '3/14/24, 11:00 - A: pi day', ''].join('\n'),
      'America/New_York',
    );
    assert.equal(us.messages[0]?.timestamp, '2024-03-01T10:00:00-05:00');
    assert.equal(us.notes.length, 0);
    const guessed = await parse([...lines, ''].join('\n'), 'America/New_York');
    assert.equal(guessed.messages[0]?.timestamp, '2024-01-03T10:00:00-05:00');
    assert.deepEqual(
      guessed.notes.map((n) => n.code),
      ['DATE_ORDER_GUESSED'],
    );
  });

  test('day/month order from attachment names, then from the zip entry dates', async () => {
    // IMG-20240304: 4 March, so 4/3 is day-first.
    const named = await parse(
      '4/3/24, 10:00 - A: IMG-20240304-WA0001.jpg (file attached)\n5/3/24, 10:00 - A: hi\n',
    );
    assert.equal(named.messages[0]?.timestamp, '2024-03-04T10:00:00+00:00');
    assert.deepEqual(
      named.notes.map((n) => n.code),
      ['DATE_ORDER_FROM_ATTACHMENT_NAMES'],
    );
    const src = memorySource(
      'chat.zip',
      {
        'chat.txt': '4/3/24, 10:00 - A: photo.jpg (file attached)\n5/3/24, 10:00 - A: hi\n',
        'photo.jpg': new Uint8Array(3),
      },
      {
        kind: 'zip',
        modified: { 'photo.jpg': '2024-04-03T10:00:02', 'chat.txt': '2024-06-01T12:00:00' },
      },
    );
    const zipped = await parseSource(src);
    assert.equal(
      zipped.messages[0]?.timestamp,
      '2024-04-03T10:00:00+01:00',
      'photo.jpg is dated 3 April, so 4/3 is month-first',
    );
    assert.deepEqual(
      zipped.notes.map((n) => n.code),
      ['DATE_ORDER_FROM_ARCHIVE_DATES'],
    );
  });

  test('edited and deleted, in English and German', async () => {
    const t = await parse(
      '05.03.24, 18:40 - Jonas: Du hast diese Nachricht gelöscht\n05.03.24, 18:41 - Jonas: bis morgen <Diese Nachricht wurde bearbeitet>\n',
      'Europe/Berlin',
    );
    assert.deepEqual(
      t.messages.map((m) => [m.text, m.deleted ?? false, m.edited ?? false]),
      [
        ['', true, false],
        ['bis morgen', false, true],
      ],
    );
  });

  test('a message dated before the one above it is moved into chronological order, stably', async () => {
    const t = await parse(
      '05/03/2024, 14:00 - A: one\n05/03/2024, 14:10 - A: two\n05/03/2024, 14:05 - A: late\n05/03/2024, 14:10 - A: three\n',
    );
    assert.deepEqual(
      t.messages.map((m) => [m.index, m.text]),
      [
        [0, 'one'],
        [1, 'late'],
        [2, 'two'],
        [3, 'three'],
      ],
    );
    assert.deepEqual(t.notes.find((n) => n.code === 'MESSAGES_REORDERED')?.messageIndices, [1]);
    assert.ok(REORDER_WINDOW >= 1000);
  });

  test('the same transcript whatever the chunk boundaries (CRLF records, multi-byte characters)', async () => {
    const text = `${LRM}[3/14/24, 7:02:15${NNBSP}PM] Jamie: ${LRM}Messages are encrypted.\r\n[3/14/24, 7:02:40${NNBSP}PM] Chris: Hey 👍🏽\nsecond line\r\n${LRM}[3/15/24, 8:10:00${NNBSP}AM] Chris: ${LRM}audio omitted\r\n`;
    const whole = await parse(text, 'America/Los_Angeles');
    for (const size of [1, 2, 3, 5, 7, 64])
      assert.deepEqual(
        await parse(text, 'America/Los_Angeles', 'c.txt', size),
        { ...whole },
        `chunk ${size}`,
      );
    assert.deepEqual(brief(whole), [
      [null, '2024-03-14T19:02:15-07:00', 'Messages are encrypted.', true],
      ['Chris', '2024-03-14T19:02:40-07:00', 'Hey 👍🏽\nsecond line', false],
      ['Chris', '2024-03-15T08:10:00-07:00', '', false],
    ]);
  });

  test('unknown AM/PM words are an error naming the line; a word beside a 24-hour time is ignored', async () => {
    await rejectsWith(
      parse('13/3/24, 7:02 asubuhi - A: x\n13/3/24, 8:02 jioni - A: y\n'),
      'PARSE_BAD_HEADER',
      { line: 1, byteOffset: 0 },
    );
    const t = await parse('13/3/24, 7:02 Uhr - A: x\n13/3/24, 18:02 Uhr - A: y\n', 'Europe/Berlin');
    assert.deepEqual(
      t.messages.map((m) => m.timestamp),
      ['2024-03-13T07:02:00+01:00', '2024-03-13T18:02:00+01:00'],
    );
    assert.deepEqual(
      t.notes.map((n) => n.code),
      ['CLOCK_WORD_IGNORED'],
    );
  });
});

describe('WhatsApp connective words', () => {
  test('Finnish "klo" before a 24-hour time with a dot separator', async () => {
    const t = await parse(
      '5.3.2024 klo 9.02 - Aino: Hei\n13.3.2024 klo 11.30 - Eero: Moi\n',
      'Europe/Helsinki',
    );
    assert.deepEqual(
      t.messages.map((m) => [m.sender, m.timestamp]),
      [
        ['Aino', '2024-03-05T09:02:00+02:00'],
        ['Eero', '2024-03-13T11:30:00+02:00'],
      ],
    );
    assert.deepEqual(t.notes, []);
  });
});

describe('WhatsApp pathological input', () => {
  test('1 MB lines built to trip backtracking parse, linearly, into the text they are', async () => {
    const mb = 1 << 20;
    for (const line of [
      '1/1/1, 1:11 '.repeat(mb / 12),
      `${LRM}[`.repeat(mb / 2),
      `${'<'.repeat(mb)}>`,
      ` (${'a.jpg ('.repeat(mb / 7)})`,
      `${LRM}${'https://maps'.repeat(mb / 12)}`,
    ]) {
      const t = await parse(`05/03/2024, 14:22 - A: ${line}\n${line}\n05/03/2024, 14:23 - B: ok\n`);
      assert.equal(t.messages.length, 2);
      assert.equal(t.messages[1]?.text, 'ok');
      assert.ok((t.messages[0]?.text.length ?? 0) >= line.length);
    }
  });
});

describe('WhatsApp bad input', () => {
  test('text before the first header, an impossible first date, invalid UTF-8, an unknown zone', async () => {
    const forced = (text: string | Uint8Array, tz = 'Europe/London') => {
      const src = memorySource('c.txt', { 'c.txt': text });
      return (async () => {
        const out = [];
        for await (const part of whatsappParser.parse(
          src,
          { format: 'whatsapp-txt-android', confidence: 1, entries: ['c.txt'] },
          { timeZone: tz },
        ))
          out.push(part);
        return out;
      })();
    };
    await rejectsWith(forced('hello\n05/03/2024, 14:22 - A: b\n'), 'PARSE_BAD_HEADER', {
      line: 1,
      byteOffset: 0,
    });
    await rejectsWith(
      forced('\n\n30/02/2024, 14:22 - A: b\n05/03/2024, 14:22 - A: b\n05/13/2024, 14:22 - A: b\n'),
      'PARSE_BAD_DATE',
      { line: 3, byteOffset: 2 },
    );
    await rejectsWith(
      forced(
        new Uint8Array([
          ...new TextEncoder().encode('05/03/2024, 14:22 - A: b\n05/03/2024, 14:23 - A: '),
          0xc3,
          0x28,
          0x0a,
        ]),
      ),
      'PARSE_INVALID_UTF8',
      { line: 2, byteOffset: 48 },
    );
    await rejectsWith(forced('no headers at all\n'), 'PARSE_NO_MESSAGES', {
      line: 1,
      byteOffset: 0,
    });
    await rejectsWith(forced('05/03/2024, 14:22 - A: b\n', 'Mars/Olympus'), 'PARSE_BAD_TIMEZONE');
  });

  test('messages read before a failure come out before the error; stopping early closes the chat file', async () => {
    const text = [
      '13/3/24, 7:02 AM - A: one',
      '13/3/24, 7:03 AM - A: two',
      '13/3/24, 7:04 AM - A: three',
      '13/3/24, 8:02 xx - A: four', // the first of more unknown AM/PM words than known ones
      '13/3/24, 8:03 xx - A: five',
      '13/3/24, 8:04 xx - A: six',
      '13/3/24, 8:05 xx - A: seven',
      '',
    ].join('\n');
    const detection = {
      format: 'whatsapp-txt-android' as const,
      confidence: 1,
      entries: ['c.txt'],
    };
    for (const chunkSize of [1, 7, 1 << 16]) {
      const seen: string[] = [];
      const src = memorySource('c.txt', { 'c.txt': text }, { chunkSize });
      await rejectsWith(
        (async () => {
          for await (const part of whatsappParser.parse(src, detection, { timeZone: 'UTC' }))
            if (part.type === 'message') seen.push(part.message.text);
        })(),
        'PARSE_BAD_HEADER',
        { line: 4, byteOffset: 80 },
      );
      assert.deepEqual(seen, ['one', 'two'], `chunk ${chunkSize}`);
    }
    // A consumer that stops after the first message ends the read of the chat file.
    const inner = memorySource('c.txt', { 'c.txt': text.replaceAll('xx', 'AM') }, { chunkSize: 8 });
    const opened = { reads: 0, closed: 0 };
    const tracked: ExportSource = {
      ...inner,
      open: (path) =>
        (async function* () {
          opened.reads++;
          try {
            yield* inner.open(path);
          } finally {
            opened.closed++;
          }
        })(),
    };
    for await (const part of whatsappParser.parse(tracked, detection, { timeZone: 'UTC' }))
      if (part.type === 'message') break;
    assert.deepEqual(opened, { reads: 2, closed: 2 });
  });

  test('errors inside a zip name the entry', async () => {
    const src = memorySource(
      'x.zip',
      {
        '_chat.txt': '[1/2/2024, 10:00:00] A: b\r\njunk\r\n[1/2/2024, 10:00:00] A: c\r\n',
        'a.jpg': new Uint8Array([0, 0]),
      },
      { kind: 'zip' },
    );
    const t = await parseSource(src);
    assert.equal(t.messages[0]?.origin?.entry, '_chat.txt');
    const bad = memorySource(
      'y.zip',
      {
        '_chat.txt': new Uint8Array([
          ...new TextEncoder().encode('[1/2/2024, 10:00:00] A: b\r\n'),
          0xff,
          0x0a,
        ]),
        'a.jpg': new Uint8Array([0]),
      },
      { kind: 'zip' },
    );
    await rejectsWith(parseSource(bad), 'PARSE_INVALID_UTF8', {
      entry: '_chat.txt',
      line: 2,
      byteOffset: 27,
    });
  });
});
