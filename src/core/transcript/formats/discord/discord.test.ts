import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isCustosError } from '../../../errors.ts';
import { memorySource } from '../../memory-source.ts';
import { parseExport } from '../../registry.ts';
import { discordCsvParser, splitAttachmentUrls } from './discord-csv.ts';
import { discordJsonParser } from './discord-json.ts';

const parse = (files: Record<string, string | Uint8Array>) =>
  parseExport(memorySource('export', files, { chunkSize: 11 }), { timeZone: 'Europe/London' }, [
    discordJsonParser,
    discordCsvParser,
  ]);
const author = (name: string, discriminator = '0000', id = '1') => ({
  id,
  name,
  discriminator,
  nickname: name.toUpperCase(),
  isBot: false,
});

describe('DiscordChatExporter JSON', () => {
  test('legacy discriminators, replies, stickers, downloaded media and an offset change at DST', async () => {
    const doc = {
      guild: { id: '7', name: 'School' },
      channel: { id: '8', type: 'GuildTextChat', name: 'quiz' },
      messages: [
        {
          id: '1',
          type: 'Default',
          timestamp: '2024-03-31T00:59:59.1234567+00:00',
          content: 'before',
          author: author('Robin', '4821', '5'),
          attachments: [
            { id: '1', url: 'quiz.json_Files/map-1A.png', fileName: 'map.png', fileSizeBytes: 10 },
          ],
          stickers: [],
        },
        {
          id: '2',
          type: 'Reply',
          timestamp: '2024-03-31T02:00:00+01:00',
          timestampEdited: '2024-03-31T02:01:00+01:00',
          content: 'after',
          author: author('sam', '0'),
          attachments: [],
          stickers: [{ id: '9', name: 'wave', sourceUrl: 'https://example.org/wave.png' }],
          reference: { messageId: '1' },
        },
        {
          id: '3',
          type: 'ChannelPinnedMessage',
          timestamp: '2024-03-31T02:02:00+01:00',
          content: 'Pinned a message.',
          author: author('sam', '0'),
          attachments: [],
          stickers: [],
        },
      ],
    };
    const t = await parse({
      'quiz.json': JSON.stringify(doc),
      'quiz.json_Files/map-1A.png': new Uint8Array([0x89, 0]),
    });
    assert.equal(t.format, 'discordchatexporter-json');
    assert.equal(t.title, 'School / quiz');
    const [a, b, c] = t.messages;
    assert.deepEqual(
      [a?.sender, a?.senderId, a?.senderDisplayName, a?.timestamp],
      ['Robin#4821', '5', 'ROBIN', '2024-03-31T00:59:59.1234567+00:00'],
    );
    assert.deepEqual(a?.attachments, [
      {
        fileName: 'map.png',
        omitted: false,
        path: 'quiz.json_Files/map-1A.png',
        inArchive: true,
        size: 10,
      },
    ]);
    assert.deepEqual(
      [b?.sender, b?.edited, b?.editedTimestamp, b?.replyToSourceId],
      ['sam', true, '2024-03-31T02:01:00+01:00', '1'],
    );
    assert.deepEqual(b?.attachments, [
      { fileName: null, omitted: false, kind: 'sticker', path: 'https://example.org/wave.png' },
    ]);
    assert.deepEqual(
      [c?.sender, c?.system, c?.actor, c?.systemAction, c?.text],
      [null, true, 'sam', 'ChannelPinnedMessage', 'Pinned a message.'],
    );
    assert.deepEqual([...t.participants].sort(), ['Robin#4821', 'sam']);
  });

  test('a timestamp without offset is a located PARSE_BAD_DATE', async () => {
    const doc = {
      guild: { id: '0' },
      channel: { id: '1' },
      messages: [
        {
          id: '1',
          type: 'Default',
          timestamp: '2024-01-01 10:00',
          content: '',
          author: author('a'),
        },
      ],
    };
    await assert.rejects(
      parse({ 'x.json': JSON.stringify(doc) }),
      (e) => isCustosError(e, 'PARSE_BAD_DATE') && e.location?.byteOffset !== undefined,
    );
  });
});

describe('DiscordChatExporter CSV', () => {
  test('older exports: ";" separators, no AuthorID, naive local dates read in the declared zone (fold flagged)', async () => {
    const t = await parse({
      'old.csv':
        'Author;Date;Content;Attachments;\n' +
        'alex#0001;10-Feb-24 03:30 PM;"hello; ""you""";;\n' +
        'sam;27-Oct-24 01:30 AM;"two\nlines";;\n' +
        'sam;27-Oct-24 01:15 AM;"fold";;\n' +
        'sam;10-Jul-2024 13:05;"summer";;\n',
    });
    assert.equal(t.format, 'discordchatexporter-csv');
    assert.deepEqual(
      t.messages.map((m) => [m.sender, m.timestamp, m.text, m.timestampAmbiguous ?? false]),
      [
        ['alex#0001', '2024-02-10T15:30:00+00:00', 'hello; "you"', false],
        ['sam', '2024-07-10T13:05:00+01:00', 'summer', false],
        ['sam', '2024-10-27T01:30:00+01:00', 'two\nlines', true],
        ['sam', '2024-10-27T01:15:00+00:00', 'fold', true],
      ],
    );
    assert.ok(t.notes.some((n) => n.code === 'NAIVE_LOCAL_TIME'));
    assert.equal(t.messages[2]?.origin?.line, 3);
  });

  test('attachment URLs are split at commas that start a new URL; names are decoded without query', () => {
    assert.deepEqual(
      splitAttachmentUrls('https://a.example/x/a%20b.png?ex=1&is=2,https://a.example/y,z.pdf'),
      ['https://a.example/x/a%20b.png?ex=1&is=2', 'https://a.example/y,z.pdf'],
    );
    assert.deepEqual(splitAttachmentUrls(''), []);
  });

  test('an unterminated quoted field runs to the end of the file and is noted', async () => {
    const t = await parse({
      'x.csv':
        'AuthorID,Author,Date,Content,Attachments,Reactions\n"1","a","2024-02-10T15:30:12+00:00","never closed\nmore',
    });
    assert.equal(t.messages[0]?.text, 'never closed\nmore');
    assert.ok(t.notes.some((n) => n.code === 'CSV_UNTERMINATED_QUOTE'));
  });

  test('a row with an unreadable date is a PARSE_BAD_DATE naming its line', async () => {
    await assert.rejects(
      parse({
        'x.csv':
          'AuthorID,Author,Date,Content,Attachments,Reactions\n"1","a","2024-02-10T15:30:12+00:00","ok","",""\n"1","a","soon","x","",""\n',
      }),
      (e) => isCustosError(e, 'PARSE_BAD_DATE') && e.location?.line === 3,
    );
  });
});
