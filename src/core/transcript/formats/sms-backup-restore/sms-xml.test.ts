import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isCustosError } from '../../../errors.ts';
import { memorySource } from '../../memory-source.ts';
import { parseExport } from '../../registry.ts';
import { smsBackupRestoreParser } from './sms-xml.ts';
import { PartDataStripper } from './strip-part-data.ts';

const parse = (xml: string | Uint8Array, chunkSize = 7) =>
  parseExport(
    memorySource('sms.xml', { 'sms.xml': xml }, { chunkSize }),
    { timeZone: 'Europe/London' },
    [smsBackupRestoreParser],
  );
const doc = (rows: string) =>
  `<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n<!-- SMS Backup & Restore -->\n<smses count="1">\n${rows}\n</smses>\n`;

describe('SMS Backup & Restore XML', () => {
  test('surrogate pairs written as two references and control references are read, with a note (Signal-Android#7155)', async () => {
    const t = await parse(
      doc(
        '<sms address="+447700900123" date="1719842400123" type="1" body="hi &#55357;&#56832; &#x1;&#12;x" contact_name="Sam" />',
      ),
    );
    assert.equal(t.messages[0]?.text, 'hi 😀 \u0001\u000cx');
    assert.equal(t.messages[0]?.senderDisplayName, 'Sam');
    assert.ok(
      t.notes.some((n) => n.code === 'XML_CHARACTER_REFERENCE_REPAIRED' && n.origin?.line === 4),
    );
  });

  test('an unpaired surrogate becomes U+FFFD; a bare & stays text; both noted', async () => {
    const t = await parse(
      doc('<sms address="1" date="1" type="2" body="a &#56832; Tom & Jerry" />'),
    );
    assert.equal(t.messages[0]?.text, 'a \uFFFD Tom & Jerry');
    assert.equal(t.messages[0]?.sender, '<owner>');
    const codes = t.notes.map((n) => n.code);
    assert.ok(codes.includes('LONE_SURROGATE_REPLACED') && codes.includes('XML_ENTITY_KEPT'));
  });

  test('rows are sorted by date; MMS media are attachments with their size; drafts are noted', async () => {
    const data = 'A'.repeat(40_000);
    const t = await parse(
      doc(`<sms address="+447700900456" date="1719907200000" type="3" body="draft" />
<mms date="1719925200" msg_box="1" address="+447700900123" contact_name="Sam"><parts>
<part seq="-1" ct="application/smil" text="&lt;smil/&gt;" /><part ct="image/png" name="null" cl="a.png" data="${data}" /><part ct="video/mp4" name="v.mp4" />
<part ct="text/plain" text="look" /></parts><addrs><addr address="+447700900123" type="137" /><addr address="+447700900999" type="151" /></addrs></mms>`),
      1000,
    );
    assert.deepEqual(
      t.messages.map((m) => [m.sender, m.text, m.timestamp]),
      [
        ['<owner>', 'draft', '2024-07-02T08:00:00Z'],
        ['+447700900123', 'look', '2024-07-02T13:00:00Z'],
      ],
    );
    assert.deepEqual(t.messages[1]?.attachments, [
      { fileName: 'a.png', omitted: false, contentType: 'image/png', size: 30_000 },
      { fileName: 'v.mp4', omitted: true, contentType: 'video/mp4' },
    ]);
    assert.deepEqual([...t.participants].sort(), [
      '+447700900123',
      '+447700900456',
      '+447700900999',
      '<owner>',
    ]);
    assert.ok(t.notes.some((n) => n.code === 'DRAFTS_INCLUDED'));
  });

  test('a truncated backup keeps its complete rows and notes the cut; broken XML is located', async () => {
    const full = doc(
      '<sms address="1" date="1" type="1" body="one" />\n<sms address="1" date="2" type="1" body="two" />',
    );
    const t = await parse(full.slice(0, full.indexOf('body="two"')));
    assert.deepEqual(
      t.messages.map((m) => m.text),
      ['one'],
    );
    assert.ok(t.notes.some((n) => n.code === 'INPUT_TRUNCATED'));
    await assert.rejects(
      parse(doc('<sms address="1" date="1" type="1" body="x" / junk="">')),
      (e) => isCustosError(e, 'PARSE_BAD_XML') && e.location?.line === 4,
    );
    await assert.rejects(
      parse(doc('<sms address="1" date="soon" type="1" body="x" />')),
      (e) => isCustosError(e, 'PARSE_BAD_DATE') && e.location?.line === 4,
    );
  });

  test('invalid UTF-8 is read as Windows-1252 and noted', async () => {
    const bytes = new TextEncoder().encode(
      doc('<sms address="1" date="1" type="1" body="caf_" />'),
    );
    bytes[bytes.indexOf(0x5f)] = 0xe9;
    const t = await parse(bytes);
    assert.equal(t.messages[0]?.text, 'café');
    assert.ok(t.notes.some((n) => n.code === 'INVALID_UTF8_REPAIRED'));
  });

  test('the media stripper only touches part data and keeps line numbers', () => {
    const s = new PartDataStripper();
    const input = '<!-- <part data="keep"> --><part ct="x" data="AB\nCD"/><sms data="keep"/>';
    let out = '';
    for (const ch of input) out += s.push(ch);
    assert.equal(
      out,
      '<!-- <part data="keep"> --><part ct="x" data="\n" custos-data-length="5"/><sms data="keep"/>',
    );
  });

  test('the media stripper gives the same text however its input is cut', () => {
    const piece = fc.constantFrom(
      '<',
      '>',
      '/',
      '!--',
      '-->',
      '<![CDATA[',
      ']]>',
      '<?x?>',
      'part',
      'data',
      '=',
      '"',
      "'",
      ' ',
      '\n',
      'QUJD',
      '<part data="',
      '" ',
      'text="y"',
      '<mms>',
    );
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 40 }),
        fc.array(fc.nat(), { maxLength: 6 }),
        (parts, cuts) => {
          const text = parts.join('');
          const whole = new PartDataStripper().push(text);
          const at = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
          const s = new PartDataStripper();
          let out = '';
          let last = 0;
          for (const p of [...at, text.length]) {
            out += s.push(text.slice(last, p));
            last = p;
          }
          assert.equal(out, whole);
        },
      ),
      { numRuns: 5_000 },
    );
  });

  test('a calls backup or any other XML is not claimed', async () => {
    await assert.rejects(parse('<?xml version="1.0"?><calls count="0"></calls>'), (e) =>
      isCustosError(e, 'PARSE_UNKNOWN_FORMAT'),
    );
  });
});
