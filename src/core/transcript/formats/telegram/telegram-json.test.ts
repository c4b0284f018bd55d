import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isCustosError } from '../../../errors.ts';
import { memorySource } from '../../memory-source.ts';
import { parseExport } from '../../registry.ts';
import { telegramJsonParser } from './telegram-json.ts';

const parse = (files: Record<string, string | Uint8Array>, timeZone = 'Europe/London') =>
  parseExport(memorySource('export', files, { chunkSize: 13 }), { timeZone }, [telegramJsonParser]);
const chat = (messages: unknown[], extra = '') =>
  `{"name":"Sam","type":"personal_chat","id":1,${extra}"messages":${JSON.stringify(messages)}}`;

describe('Telegram Desktop JSON', () => {
  test('without date_unixtime, naive dates are read in the declared zone, folds flagged (tdesktop#24054)', async () => {
    const t = await parse({
      'result.json': chat([
        {
          id: 1,
          type: 'message',
          date: '2024-10-27T00:59:00',
          from: 'A',
          from_id: 'user1',
          text: 'before',
        },
        {
          id: 2,
          type: 'message',
          date: '2024-10-27T01:30:00',
          from: 'A',
          from_id: 'user1',
          text: 'first 01:30',
        },
        {
          id: 3,
          type: 'message',
          date: '2024-10-27T01:10:00',
          from: 'B',
          from_id: 'user2',
          text: 'second hour',
        },
        {
          id: 4,
          type: 'message',
          date: '2024-11-01T12:00:00',
          edited: '2024-11-01T12:05:00',
          from: 'B',
          from_id: 2,
          text: 'winter',
        },
      ]),
    });
    assert.deepEqual(
      t.messages.map((m) => [m.sourceId, m.timestamp, m.timestampAmbiguous ?? false]),
      [
        ['1', '2024-10-27T00:59:00+01:00', false],
        ['2', '2024-10-27T01:30:00+01:00', true],
        ['3', '2024-10-27T01:10:00+00:00', true],
        ['4', '2024-11-01T12:00:00+00:00', false],
      ],
    );
    assert.equal(t.messages[3]?.editedTimestamp, '2024-11-01T12:05:00+00:00');
    assert.equal(t.messages[3]?.senderId, '2', 'numeric from_id becomes a string');
    assert.ok(t.notes.some((n) => n.code === 'TIMESTAMP_AMBIGUOUS'));
  });

  test('\\x0C escapes and unquoted 19-digit ids are repaired and noted with the message index', async () => {
    const t = await parse({
      'result.json': `{"name":"S","type":"personal_chat","id":1,"messages":[
        {"id":1,"type":"message","date_unixtime":"1718440205","from":"A","from_id":"user1","text":"ok"},
        {"id":2,"type":"message","date_unixtime":"1718440206","from":"A","from_id":"user1","text":["page\\x0Cbreak ",{"type":"custom_emoji","text":"🙂","document_id":5368324170671202286}]}]}`,
    });
    assert.equal(t.messages[1]?.text, 'page\fbreak 🙂');
    const note = t.notes.find((n) => n.code === 'INVALID_ESCAPE_REPAIRED');
    assert.deepEqual(note?.messageIndices, [1]);
    assert.ok(note?.origin?.byteOffset !== undefined);
    assert.ok(t.notes.some((n) => n.code === 'NUMBER_KEPT_AS_TEXT'));
  });

  test('a full account export merges its chats in time order and says so', async () => {
    const t = await parse({
      'DataExport/result.json': JSON.stringify({
        about: 'Telegram data export',
        personal_information: { user_id: 1 },
        contacts: { list: [] },
        chats: {
          about: '',
          list: [
            {
              name: 'Chat A',
              type: 'personal_chat',
              id: 1,
              messages: [
                {
                  id: 1,
                  type: 'message',
                  date_unixtime: '300',
                  from: 'A',
                  from_id: 'user1',
                  text: 'a-late',
                },
              ],
            },
            {
              name: 'Chat B',
              type: 'private_group',
              id: 2,
              messages: [
                {
                  id: 7,
                  type: 'message',
                  date_unixtime: '100',
                  from: 'B',
                  from_id: 'user2',
                  text: 'b-early',
                },
              ],
            },
          ],
        },
      }),
      'DataExport/photos/x.jpg': new Uint8Array([0xff, 0xd8, 0]),
    });
    assert.deepEqual(
      t.messages.map((m) => m.text),
      ['b-early', 'a-late'],
    );
    assert.ok(
      t.notes.some((n) => n.code === 'MULTIPLE_CONVERSATIONS' && n.message.includes('Chat B')),
    );
  });

  test('out-of-order messages are sorted and noted; undated records take a neighbour time', async () => {
    const t = await parse({
      'result.json': chat([
        { id: 9, type: 'unsupported' },
        { id: 2, type: 'message', date_unixtime: '200', from: 'A', from_id: 'user1', text: 'two' },
        { id: 1, type: 'message', date_unixtime: '100', from: 'A', from_id: 'user1', text: 'one' },
        { id: 3, type: 'unsupported' },
      ]),
    });
    assert.deepEqual(
      t.messages.map((m) => [m.sourceId, m.timestamp]),
      [
        ['1', '1970-01-01T00:01:40Z'],
        ['3', '1970-01-01T00:01:40Z'],
        ['9', '1970-01-01T00:03:20Z'],
        ['2', '1970-01-01T00:03:20Z'],
      ],
    );
    assert.ok(t.messages[2]?.system && t.messages[2].systemAction === 'unsupported');
    assert.deepEqual(t.notes.map((n) => n.code).sort(), ['ORDER_REPAIRED', 'TIMESTAMP_INFERRED']);
  });

  test('media: files in a folder export are found; placeholders are omitted; title is the chat name', async () => {
    const t = await parse({
      'result.json': chat([
        {
          id: 1,
          type: 'message',
          date_unixtime: '1',
          from: 'A',
          from_id: 'user1',
          photo: 'photos/p 1.jpg',
          text: '',
        },
        {
          id: 2,
          type: 'message',
          date_unixtime: '2',
          from: 'A',
          from_id: 'user1',
          file: 'files/missing.pdf',
          mime_type: 'application/pdf',
          text: '',
        },
        {
          id: 3,
          type: 'message',
          date_unixtime: '3',
          from: 'A',
          from_id: 'user1',
          file: '(File exceeds maximum size. Change data exporting settings to download.)',
          media_type: 'video_file',
          text: '',
        },
      ]),
      'photos/p 1.jpg': new Uint8Array([0xff, 0]),
    });
    assert.deepEqual(
      t.messages.map((m) => m.attachments[0]),
      [
        {
          fileName: 'p 1.jpg',
          omitted: false,
          kind: 'photo',
          path: 'photos/p 1.jpg',
          inArchive: true,
        },
        {
          fileName: 'missing.pdf',
          omitted: false,
          kind: 'file',
          path: 'files/missing.pdf',
          inArchive: false,
          contentType: 'application/pdf',
        },
        { fileName: null, omitted: true, kind: 'video_file' },
      ],
    );
    assert.equal(t.title, 'Sam');
  });

  test('a truncated file keeps the complete messages and notes where it ends', async () => {
    const full = chat([
      { id: 1, type: 'message', date_unixtime: '1', from: 'A', from_id: 'user1', text: 'kept' },
      { id: 2, type: 'message', date_unixtime: '2', from: 'A', from_id: 'user1', text: 'cut off' },
    ]);
    const t = await parse({ 'result.json': full.slice(0, full.indexOf('cut off')) });
    assert.deepEqual(
      t.messages.map((m) => m.text),
      ['kept'],
    );
    assert.ok(
      t.notes.some((n) => n.code === 'INPUT_TRUNCATED' && typeof n.origin?.byteOffset === 'number'),
    );
  });

  test('a bad date is a located PARSE_BAD_DATE; an unknown zone PARSE_BAD_TIMEZONE', async () => {
    await assert.rejects(
      parse({ 'result.json': chat([{ id: 1, type: 'message', date: 'yesterday', text: '' }]) }),
      (e) => isCustosError(e, 'PARSE_BAD_DATE') && e.location?.byteOffset !== undefined,
    );
    await assert.rejects(
      parse(
        {
          'result.json': chat([{ id: 1, type: 'message', date: '2024-01-01T00:00:00', text: '' }]),
        },
        'Mars/Olympus',
      ),
      (e) => isCustosError(e, 'PARSE_BAD_TIMEZONE'),
    );
  });

  test('detection is by content, not by name', async () => {
    const t = await parse({
      'anything.txt': chat([{ id: 1, type: 'message', date_unixtime: '1', from: 'A', text: 'x' }]),
    });
    assert.equal(t.format, 'telegram-desktop-json');
    await assert.rejects(parse({ 'result.json': '{"messages":[{"id":1,"foo":2}]}' }), (e) =>
      isCustosError(e, 'PARSE_UNKNOWN_FORMAT'),
    );
  });
});
