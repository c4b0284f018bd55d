import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { memorySource } from '../../memory-source.ts';
import { parseExport } from '../../registry.ts';
import { metaJsonParser } from './meta-json.ts';

const parse = (files: Record<string, string | Uint8Array>) =>
  parseExport(
    memorySource('export', files, { chunkSize: 17, kind: 'folder' }),
    { timeZone: 'Europe/London' },
    [metaJsonParser],
  );
/** Meta's mis-encoding: UTF-8 bytes written as \u00XX escapes. */
const moji = (s: string) =>
  [...new TextEncoder().encode(s)]
    .map((b) => (b < 0x80 ? String.fromCharCode(b) : `\\u00${b.toString(16).padStart(2, '0')}`))
    .join('');
const file = (messages: string[], extra = '') =>
  `{"participants":[{"name":"${moji('Zoë')}"},{"name":"Alex"}],"messages":[${messages.join(',')}],"title":"${moji('Zoë')}"${extra},"thread_path":"inbox/zoe_1"}`;
const msg = (sender: string, ms: number, content: string, more = '') =>
  `{"sender_name":"${moji(sender)}","timestamp_ms":${ms},"content":"${moji(content)}"${more}}`;

describe('Messenger / Instagram JSON', () => {
  test('threads split over message_N.json are merged, reversed, and ties keep the reverse file order', async () => {
    const t = await parse({
      'your_facebook_activity/messages/inbox/zoe_1/message_1.json': file([
        msg('Alex', 3000, 'newest'),
        msg('Zoë', 2000, 'tie-late-in-file-1'),
        msg('Alex', 2000, 'tie-early-in-file-1'),
      ]),
      'your_facebook_activity/messages/inbox/zoe_1/message_2.json': file([
        msg('Zoë', 2000, 'tie-in-file-2'),
        msg('Zoë', 1000, 'oldest 😊'),
      ]),
      'your_facebook_activity/messages/inbox/zoe_1/photos/1.jpg': new Uint8Array([0xff, 0]),
    });
    assert.equal(t.format, 'facebook-messenger-json');
    assert.deepEqual(
      t.messages.map((m) => m.text),
      ['oldest 😊', 'tie-in-file-2', 'tie-early-in-file-1', 'tie-late-in-file-1', 'newest'],
    );
    assert.deepEqual([...t.participants].sort(), ['Alex', 'Zoë']);
    assert.equal(t.title, 'Zoë');
    const note = t.notes.find((n) => n.code === 'MOJIBAKE_REPAIRED');
    assert.ok(note?.messageIndices?.includes(0));
  });

  test('unsent messages, generated notices and attachment placeholders are structured', async () => {
    const t = await parse({
      'inbox/t/message_1.json': file([
        msg('Alex', 5000, 'Alex added Sam to the group.', ',"users":[{"name":"Sam"}]'),
        msg('Zoë', 4000, 'Zoë sent an attachment.'),
        msg('Zoë', 3000, 'You unsent a message', ',"is_unsent":true'),
        `{"sender_name":"Alex","timestamp_ms":2000,"call_duration":65,"content":"Alex called you."}`,
        msg('Alex', 1000, 'Alex added that to the list'),
      ]),
    });
    assert.deepEqual(
      t.messages.map((m) => [
        m.sender,
        m.system,
        m.systemAction ?? null,
        m.actor ?? null,
        m.text,
        m.deleted ?? false,
        m.attachments.length,
      ]),
      [
        ['Alex', false, null, null, 'Alex added that to the list', false, 0],
        [null, true, 'Call', 'Alex', 'Alex called you.', false, 0],
        ['Zoë', false, null, null, '', true, 0],
        ['Zoë', false, null, null, '', false, 1],
        [null, true, 'Subscribe', 'Alex', 'Alex added Sam to the group.', false, 0],
      ],
    );
    assert.deepEqual(t.messages[3]?.attachments, [
      { fileName: null, omitted: true, kind: 'attachment' },
    ]);
  });

  test('repair is per string: correct text with characters above U+00FF is kept', async () => {
    const t = await parse({
      'inbox/t/message_1.json': `{"participants":[{"name":"A"}],"messages":[{"sender_name":"A","timestamp_ms":1,"content":"\\u201cquoted\\u201d caf\\u00e9"}],"title":"t"}`,
    });
    assert.equal(t.messages[0]?.text, '“quoted” café');
    assert.ok(!t.notes.some((n) => n.code === 'MOJIBAKE_REPAIRED'));
    assert.ok(t.notes.some((n) => n.code === 'PLATFORM_GUESSED'));
  });

  test('Instagram is recognised from content and folder names; media present in the export are found', async () => {
    const t = await parse({
      'your_instagram_activity/messages/inbox/priya_1/message_1.json': file([
        `{"sender_name":"Priya","timestamp_ms":1,"photos":[{"uri":"your_instagram_activity/messages/inbox/priya_1/photos/9.jpg","creation_timestamp":1}]}`,
      ]),
      'your_instagram_activity/messages/inbox/priya_1/photos/9.jpg': new Uint8Array([0xff, 0]),
    });
    assert.equal(t.format, 'instagram-json');
    assert.deepEqual(t.messages[0]?.attachments, [
      {
        fileName: '9.jpg',
        omitted: false,
        kind: 'photo',
        path: 'your_instagram_activity/messages/inbox/priya_1/photos/9.jpg',
        inArchive: true,
      },
    ]);
  });

  test('the encrypted-chat export (threadName, senderName, text, media) is read without repair', async () => {
    const t = await parse({
      'e2ee/chat.json':
        '{"participants":["Alex","Zoë"],"threadName":"Zoë","messages":[{"senderName":"Zoë","timestamp":2,"text":"Zoë 2","media":[{"uri":"media/a.jpg"}]},{"senderName":"Alex","timestamp":1,"text":"hi","media":[]}]}',
    });
    assert.deepEqual(
      t.messages.map((m) => [m.sender, m.text, m.attachments.length]),
      [
        ['Alex', 'hi', 0],
        ['Zoë', 'Zoë 2', 1],
      ],
    );
    assert.equal(t.title, 'Zoë');
  });
});
