import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { memorySource } from '../../memory-source.ts';
import { parseExport } from '../../registry.ts';
import { epochMicrosByMagnitude, snapchatJsonParser, unescapeHtml } from './snapchat-json.ts';

const parse = (files: Record<string, string | Uint8Array>) =>
  parseExport(memorySource('export', files, { chunkSize: 9 }), { timeZone: 'Europe/London' }, [
    snapchatJsonParser,
  ]);

describe('Snapchat chat_history.json', () => {
  test('the unit of Created(microseconds) is judged by magnitude (Snapchat_Memories_Downloader_GUI#60)', () => {
    assert.equal(epochMicrosByMagnitude(1714839631), 1714839631_000_000);
    assert.equal(epochMicrosByMagnitude(1714839631123), 1714839631123_000);
    assert.equal(epochMicrosByMagnitude(1714839631123456), 1714839631123456);
    assert.equal(epochMicrosByMagnitude(1714839631123456000), 1714839631123456);
  });

  test('current layout: newest first reversed, media ids matched to chat_media, status events, microseconds kept', async () => {
    const entries = [
      {
        From: 'sam',
        'Media Type': 'STATUSERASEDMESSAGE',
        Created: '2024-05-04 16:26:00 UTC',
        Content: '',
        IsSender: false,
        'Created(microseconds)': 1714839960000000,
        'Media IDs': '',
      },
      {
        From: 'alex',
        'Media Type': 'MEDIA',
        Created: '2024-05-04 16:23:40 UTC',
        Content: '',
        IsSender: true,
        'Created(microseconds)': 1714839820002123,
        'Media IDs': 'b~AAA | b~BBB',
      },
      {
        From: 'sam',
        'Media Type': 'NOTE',
        Created: '2024-05-04 16:20:31 UTC',
        Content: 'voice',
        IsSender: false,
        'Media IDs': '',
      },
    ];
    const t = await parse({
      'json/chat_history.json': JSON.stringify({ sam: entries }),
      'chat_media/2024-05-04_AAA.jpg': new Uint8Array([0xff, 0]),
    });
    assert.deepEqual(
      t.messages.map((m) => [m.sender, m.timestamp, m.system]),
      [
        ['sam', '2024-05-04T16:20:31.000Z', false],
        ['alex', '2024-05-04T16:23:40.002123Z', false],
        [null, '2024-05-04T16:26:00.000Z', true],
      ],
    );
    assert.deepEqual(t.messages[0]?.attachments, [
      { fileName: null, omitted: false, kind: 'note' },
    ]);
    assert.deepEqual(t.messages[1]?.attachments, [
      {
        fileName: null,
        omitted: false,
        kind: 'media',
        mediaId: 'b~AAA',
        inArchive: true,
        path: 'chat_media/2024-05-04_AAA.jpg',
      },
      { fileName: null, omitted: false, kind: 'media', mediaId: 'b~BBB', inArchive: false },
    ]);
    assert.deepEqual(
      [t.messages[2]?.actor, t.messages[2]?.systemAction],
      ['sam', 'STATUSERASEDMESSAGE'],
    );
    assert.equal(t.title, 'sam');
    assert.ok(t.notes.some((n) => n.code === 'PARTIAL_EXPORT'));
  });

  test('older layout: received and sent lists merged, owner as <owner>, HTML entities decoded, ties reversed', async () => {
    const t = await parse({
      'chat_history.json': JSON.stringify({
        'Received Saved Chat History': [
          {
            From: 'sam',
            'Media Type': 'TEXT',
            Created: '2021-05-04 16:20:31 UTC',
            Text: 'it&#39;s &amp; &lt;ok&gt;',
          },
        ],
        'Sent Saved Chat History': [
          {
            To: 'sam',
            'Media Type': 'TEXT',
            Created: '2021-05-04 16:21:00 UTC',
            Text: 'later in file',
          },
          {
            To: 'sam',
            'Media Type': 'TEXT',
            Created: '2021-05-04 16:21:00 UTC',
            Text: 'last in file',
          },
        ],
      }),
    });
    assert.deepEqual(
      t.messages.map((m) => [m.sender, m.text]),
      [
        ['sam', "it's & <ok>"],
        ['<owner>', 'last in file'],
        ['<owner>', 'later in file'],
      ],
    );
    assert.deepEqual(t.notes.find((n) => n.code === 'HTML_ENTITIES_DECODED')?.messageIndices, [0]);
  });

  test('HTML unescaping keeps unknown or invalid references', () => {
    assert.equal(unescapeHtml('&#128512; &#xD800; &bogus; &amp;amp;'), '😀 &#xD800; &bogus; &amp;');
  });
});

test('a zip of the whole "My Data" download is read the same way (chat_history found by content)', async () => {
  const source = memorySource(
    'mydata.zip',
    {
      'index.html': '<html></html>',
      'json/account.json': '{"Basic Information":{"Username":"alex"}}',
      'json/chat_history.json': JSON.stringify({
        sam: [
          {
            From: 'sam',
            'Media Type': 'MEDIA',
            Created: '2024-05-04 16:20:31 UTC',
            Content: '',
            IsSender: false,
            'Media IDs': 'b~Q1',
          },
        ],
      }),
      'chat_media/2024-05-04_b~Q1.mp4': new Uint8Array([0, 0, 0, 0x18]),
    },
    { kind: 'zip' },
  );
  const t = await parseExport(source, { timeZone: 'Europe/London' }, [snapchatJsonParser]);
  assert.deepEqual(t.messages[0]?.attachments, [
    {
      fileName: null,
      omitted: false,
      kind: 'media',
      mediaId: 'b~Q1',
      inArchive: true,
      path: 'chat_media/2024-05-04_b~Q1.mp4',
    },
  ]);
});
