import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  classifyBody,
  dateInFileName,
  isWhatsAppMediaName,
  referencedFileName,
} from './placeholders.ts';
import {
  DELETED_LENGTHS,
  DELETED_NOTICES,
  DELETED_SPELLINGS,
  LANGUAGES,
  normalizeNotice,
} from './locale-tables.ts';

const LRM = '\u200e';
const said = (first: string, rest: readonly string[] = [], inArchive?: (n: string) => boolean) =>
  classifyBody(first, rest, inArchive ? { authored: true, inArchive } : { authored: true });

describe('classifying WhatsApp bodies', () => {
  test('plain text is kept verbatim, lines joined with \\n', () => {
    assert.deepEqual(said('Yes! Mum said', ['Can you bring  the pads?', '']), {
      text: 'Yes! Mum said\nCan you bring  the pads?\n',
      attachments: [],
      deleted: false,
      edited: false,
      event: false,
    });
  });

  test('deleted notices in every tabled language, with or without a full stop or U+200E', () => {
    for (const [lang, t] of Object.entries(LANGUAGES)) {
      for (const notice of t.deleted) {
        for (const form of [
          notice,
          `${notice}.`,
          notice.charAt(0).toUpperCase() + notice.slice(1),
          `${LRM}${notice}.`,
        ]) {
          const r = said(form);
          assert.equal(r.deleted, true, `${lang}: ${form}`);
          assert.equal(r.text, '');
          assert.equal(r.event, false);
        }
      }
    }
    assert.equal(said('THIS MESSAGE WAS DELETED').deleted, true);
    assert.equal(said('This message was deleted, I think').deleted, false);
  });

  test('a body is a deleted notice exactly when the notice table says so, whatever its case and spaces (property)', () => {
    const notice = fc.constantFrom(...DELETED_NOTICES);
    const caseChanged = fc
      .tuple(notice, fc.array(fc.boolean(), { maxLength: 40 }))
      .map(([n, up]) => [...n].map((c, i) => (up[i] === true ? c.toUpperCase() : c)).join(''));
    const space = fc.constantFrom('', ' ', '  ', '\t', '\u00a0', '\u202f', '\u3000', '\ufeff');
    const body = fc.oneof(
      fc
        .tuple(space, caseChanged, fc.constantFrom('', '.', ' .', '..'), space)
        .map((p) => p.join('')),
      fc.tuple(caseChanged, fc.nat(), fc.string({ maxLength: 2 })).map(([n, at, x]) => {
        const k = at % (n.length + 1);
        return n.slice(0, k) + x + n.slice(k + x.length);
      }),
      fc.string({ maxLength: 40 }).filter((t) => !t.endsWith('>')),
    );
    fc.assert(
      fc.property(body, (b) => {
        const head = b.replace(/^[\u200e\u200f]+/, '');
        const expected =
          head.length >= DELETED_LENGTHS.min &&
          head.length <= DELETED_LENGTHS.max + 2 &&
          (DELETED_SPELLINGS.has(head) || DELETED_NOTICES.has(normalizeNotice(head)));
        assert.equal(said(b).deleted, expected, JSON.stringify(b));
      }),
      { numRuns: 3000 },
    );
  });

  test('edited markers in every tabled language are removed from the last line', () => {
    for (const [lang, t] of Object.entries(LANGUAGES)) {
      for (const marker of t.edited) {
        const r = said('first line', [
          `Sure, see you <${marker.charAt(0).toUpperCase()}${marker.slice(1)}>`,
        ]);
        assert.equal(r.edited, true, lang);
        assert.equal(r.text, 'first line\nSure, see you');
      }
    }
    const ios = said(`Running late ${LRM}<This message was edited>`);
    assert.deepEqual([ios.text, ios.edited], ['Running late', true]);
    assert.equal(said('I typed <b>bold</b>').edited, false);
  });

  test('Android attachments: localised "(file attached)", WhatsApp media names, archive entries; caption on the next lines', () => {
    const de = said('IMG-20240305-WA0003.jpg (Datei angehängt)', ['Schöne Grüße aus Hamburg!']);
    assert.deepEqual(de.attachments, [{ fileName: 'IMG-20240305-WA0003.jpg', omitted: false }]);
    assert.equal(de.text, 'Schöne Grüße aus Hamburg!');
    for (const phrase of [
      'file attached',
      'archivo adjunto',
      'fichier joint',
      'file allegato',
      'arquivo anexado',
      'bestand bijgevoegd',
    ]) {
      assert.equal(
        said(`Report final.pdf (${phrase})`).attachments[0]?.fileName,
        'Report final.pdf',
        phrase,
      );
    }
    // An unknown phrase still counts for WhatsApp's own media names and for files in the archive.
    assert.equal(said('PTT-20240305-WA0001.opus (plik załączony)').attachments.length, 1);
    assert.equal(
      said(
        '4f2680f1db95a8454775cc2eefc95bfc.jpg (Anexo)',
        [],
        (n) => n === '4f2680f1db95a8454775cc2eefc95bfc.jpg',
      ).attachments.length,
      1,
    );
    // A person writing about a file is not an attachment.
    assert.deepEqual(said('see report.pdf (attached yesterday)').attachments, []);
    assert.deepEqual(said('I love you (really)').attachments, []);
  });

  test('iOS attachments: <attached: …> after U+200E or with a tabled label; document descriptions dropped', () => {
    const r = said(`${LRM}<attached: 00000003-PHOTO-2024-07-02-16-20-05.jpg>`);
    assert.deepEqual(
      [r.text, r.attachments, r.event],
      ['', [{ fileName: '00000003-PHOTO-2024-07-02-16-20-05.jpg', omitted: false }], false],
    );
    assert.equal(
      said(`${LRM}<Anhang: 00000004-PHOTO-2024-06-15-10-04-12.jpg>`).attachments.length,
      1,
    );
    assert.equal(said('<adjunto: 00000004-AUDIO-2024-06-15-10-04-12.opus>').attachments.length, 1);
    const doc = said(`Maths homework • 3 pages ${LRM}<attached: 00000009-Maths homework.pdf>`);
    assert.deepEqual([doc.text, doc.attachments[0]?.fileName], ['', '00000009-Maths homework.pdf']);
    assert.equal(
      said('2015-08-04-PHOTO-00004762.jpg <attached>').attachments[0]?.fileName,
      '2015-08-04-PHOTO-00004762.jpg',
    );
    assert.deepEqual(
      said('<note: remember.txt>').attachments,
      [],
      'no mark and an unknown label: text',
    );
  });

  test('omitted media: Android <kind omitted>, iOS U+200E kind omitted, kind kept lower-cased', () => {
    const cases: [string, string][] = [
      ['<Media omitted>', 'media'],
      ['<Medien ausgeschlossen>', 'medien'],
      ['<Multimedia omitido>', 'multimedia'],
      ['<Médias omis>', 'médias'],
      ['<Media omessi>', 'media'],
      ['<Mídia oculta>', 'mídia'],
      ['<Media weggelaten>', 'media'],
      [`${LRM}image omitted`, 'image'],
      [`${LRM}GIF omitted`, 'gif'],
      [`${LRM}Contact card omitted`, 'contact card'],
      [`${LRM}Bild weggelassen`, 'bild'],
      [`${LRM}imagen omitida`, 'imagen'],
      [`${LRM}immagine omessa`, 'immagine'],
      [`${LRM}imagem ocultada`, 'imagem'],
      [`${LRM}afbeelding weggelaten`, 'afbeelding'],
      [`Report • 3 pages ${LRM}document omitted`, 'document'],
      ['sticker omitted', 'sticker'],
    ];
    for (const [body, kind] of cases) {
      const r = said(body);
      assert.deepEqual(r.attachments, [{ fileName: null, omitted: true, kind }], body);
      assert.equal(r.text, '');
      assert.equal(r.event, false);
    }
    assert.deepEqual(
      said('the photo was omitted').attachments,
      [],
      'no cue and no tabled kind: text',
    );
    for (const body of [
      '<Без медиафайлов>',
      '<Medya dahil edilmedi>',
      '<Media tidak disertakan>',
    ]) {
      assert.deepEqual(said(body).attachments, [{ fileName: null, omitted: true }], body);
    }
    assert.deepEqual(said('<3 you>').attachments, [], 'angle brackets alone are no placeholder');
    // Without a cue: every tabled kind with every tabled phrase, as written; other words are text.
    for (const [lang, t] of Object.entries(LANGUAGES)) {
      for (const kind of t.omittedKinds) {
        for (const word of t.omitted) {
          const body = `${kind} ${word}`;
          const expected = body.length <= 40 ? [{ fileName: null, omitted: true, kind }] : [];
          assert.deepEqual(said(body).attachments, expected, `${lang}: ${body}`);
          assert.deepEqual(
            said(`${kind} ${word.toUpperCase()}`).attachments,
            [],
            `${lang}: ${body}`,
          );
          assert.deepEqual(said(`${kind} ${word}s and more`).attachments, [], `${lang}: ${body}`);
        }
      }
    }
  });

  test('iOS events: U+200E body that is no placeholder; polls and shared locations are messages', () => {
    const e = said(`${LRM}Messages and calls are end-to-end encrypted.`);
    assert.deepEqual([e.event, e.text], [true, 'Messages and calls are end-to-end encrypted.']);
    assert.equal(said(`${LRM}POLL:`, [`${LRM}OPTION: Friday (2 votes)`]).event, false);
    assert.equal(said(`${LRM}Location: https://maps.google.com/?q=51.5,-0.12`).event, false);
    assert.equal(classifyBody('Alex added Sam', [], { authored: false }).event, true);
  });

  test('attachment names and their dates for the date-order decision', () => {
    assert.equal(
      referencedFileName(`${LRM}<attached: 00000003-PHOTO-2024-07-02-16-20-05.jpg>`),
      '00000003-PHOTO-2024-07-02-16-20-05.jpg',
    );
    assert.equal(
      referencedFileName('IMG-20240702-WA0001.jpg (file attached)'),
      'IMG-20240702-WA0001.jpg',
    );
    assert.equal(referencedFileName('hello'), null);
    assert.deepEqual(dateInFileName('IMG-20240702-WA0001.jpg'), [2024, 7, 2]);
    assert.deepEqual(dateInFileName('00000003-PHOTO-2024-07-02-16-20-05.jpg'), [2024, 7, 2]);
    assert.deepEqual(dateInFileName('2015-08-04-PHOTO-00004762.jpg'), [2015, 8, 4]);
    assert.equal(dateInFileName('4f2680f1db95a8454775cc2eefc95bfc.jpg'), null);
    assert.equal(dateInFileName('IMG-20241302-WA0001.jpg'), null);
    assert.equal(isWhatsAppMediaName('VID-20240305-WA0012.mp4'), true);
    assert.equal(isWhatsAppMediaName('holiday.mp4'), false);
  });

  test('never throws and keeps every character of text without placeholders (property)', () => {
    const line = fc.string({
      unit: fc.constantFrom(
        'a',
        ' ',
        '<',
        '>',
        '(',
        ')',
        ':',
        '.',
        LRM,
        '•',
        'é',
        '\u202f',
        'o',
        'mitted',
        'jpg',
      ),
      maxLength: 60,
    });
    fc.assert(
      fc.property(line, fc.array(line, { maxLength: 3 }), fc.boolean(), (first, rest, authored) => {
        const r = classifyBody(first, rest, { authored });
        if (r.attachments.length === 0 && !r.deleted && !r.edited) {
          const expectFirst = first.replace(/^[\u200e\u200f]+/, '');
          assert.equal(r.text, [expectFirst, ...rest].join('\n'));
        }
      }),
      { numRuns: 2000 },
    );
  });

  test('1 MB pathological bodies are classified (each check is anchored and linear)', () => {
    const mb = 1 << 20;
    for (const body of [
      '<'.repeat(mb),
      `${'('.repeat(mb)})`,
      ` (${'x'.repeat(mb)})`,
      `${LRM}<a:${'b'.repeat(mb)}.jpg>`,
      `${LRM}${'https://'.repeat(mb / 8)}`,
      `${'a '.repeat(mb / 2)}omitted`,
      `x <${'a'.repeat(mb)}>`,
    ]) {
      const r = said(body, [body]);
      assert.equal(typeof r.text, 'string');
    }
  });
});
