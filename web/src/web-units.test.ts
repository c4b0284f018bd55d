/**
 * Unit tests of the web app's pure parts: path matching, citation spans, the report form's
 * validation against the contract, error messages by code, formatting, the QR encoder wiring and
 * the access-log filters.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ApiError, messageFor } from './api/errors.ts';
import { apiUrl } from './api/client.ts';
import { qrPath } from './components/qr-code.tsx';
import { shownTime, splitByCitations } from './components/transcript.tsx';
import { formatBytes, formatMinutes } from './components/ui.tsx';
import { queryOf } from './pages/audit.tsx';
import { buildReport } from './pages/public-report.tsx';
import { minutesLeft } from './pages/queue.tsx';
import { matchPath } from './router.ts';

const cite = (start: number, end: number, indicator = 'SECRECY_REQUEST') => ({
  line: 3,
  indicator,
  stage: 'risk_assessment',
  span: [start, end] as [number, number],
  contribution: 1,
  speaker: 'Riley Parker',
});

describe('matchPath', () => {
  test('matches literals and captures decoded parameters', () => {
    assert.deepEqual(matchPath('/cases/:id', '/cases/abc-1'), { id: 'abc-1' });
    assert.deepEqual(matchPath('/cases/:id', '/cases/a%20b/'), { id: 'a b' });
    assert.deepEqual(matchPath('/', '/'), {});
  });
  test('refuses other lengths, other literals and bad escapes', () => {
    assert.equal(matchPath('/cases/:id', '/cases'), null);
    assert.equal(matchPath('/cases/:id', '/tasks/1'), null);
    assert.equal(matchPath('/cases/:id', '/cases/1/x'), null);
    assert.equal(matchPath('/cases/:id', '/cases/%E0%A4%A'), null);
  });
});

describe('splitByCitations', () => {
  const text = 'good, best not to mention me to them';
  test('marks the cited span and keeps the rest', () => {
    const runs = splitByCitations(text, [cite(6, 25)]);
    assert.deepEqual(
      runs.map((r) => [r.text, r.citation?.indicator ?? null]),
      [
        ['good, ', null],
        ['best not to mention', 'SECRECY_REQUEST'],
        [' me to them', null],
      ],
    );
    assert.equal(runs.map((r) => r.text).join(''), text);
  });
  test('clips overlapping spans so no text repeats, and clamps spans past the end', () => {
    const runs = splitByCitations(text, [cite(0, 10, 'A'), cite(6, 15, 'B'), cite(32, 99, 'C')]);
    assert.equal(runs.map((r) => r.text).join(''), text);
    assert.deepEqual(
      runs.filter((r) => r.citation).map((r) => [r.text, r.citation?.indicator]),
      [
        ['good, best', 'A'],
        [' not ', 'B'],
        ['them', 'C'],
      ],
    );
  });
  test('counts in UTF-16 code units (an emoji is two)', () => {
    const runs = splitByCitations('😀 secret', [cite(3, 9)]);
    assert.equal(runs[1]?.text, 'secret');
  });
  test('no citations: one plain run', () => {
    assert.deepEqual(splitByCitations('hi', []), [{ text: 'hi', citation: null }]);
  });
});

describe('buildReport', () => {
  const base = {
    danger: 'no' as const,
    whatHappened: '  An adult asked my son to keep their chats secret.  ',
    platform: 'whatsapp',
    platformOther: '',
    identifiers: ' riley.k1ck \n\n+44 7700 900123 ',
    childAge: '13',
    relation: 'parent-or-carer',
    name: '',
    email: '',
    phone: '',
  };
  test('builds a contract-valid body: trimmed, identifiers one per line, no contact', () => {
    const r = buildReport(base);
    assert.equal(r.errors, null);
    assert.deepEqual(r.body, {
      childInDangerNow: 'no',
      whatHappened: 'An adult asked my son to keep their chats secret.',
      platform: 'whatsapp',
      otherPersonIdentifiers: ['riley.k1ck', '+44 7700 900123'],
      childAge: 13,
      reporterRelation: 'parent-or-carer',
      contact: null,
    });
  });
  test('names each missing or wrong field', () => {
    const r = buildReport({
      ...base,
      danger: '',
      whatHappened: ' ',
      platform: '',
      childAge: '19',
      email: 'not-an-email',
    });
    assert.equal(r.body, null);
    assert.deepEqual(Object.keys(r.errors ?? {}).sort(), [
      'childAge',
      'danger',
      'email',
      'platform',
      'whatHappened',
    ]);
  });
  test('keeps contact details when given', () => {
    const r = buildReport({ ...base, email: 'parent@example.com' });
    assert.deepEqual(r.body?.contact, { email: 'parent@example.com' });
  });
});

describe('errors', () => {
  test('a known code gets its own message; an unknown one keeps the server message', () => {
    assert.match(messageFor('SIGN_IN_FAILED', 'x'), /username or password/);
    assert.equal(messageFor('SOMETHING_NEW', 'The server said so.'), 'The server said so.');
    const e = new ApiError(428, 'JUSTIFICATION_REQUIRED', 'conflict', 'why?');
    assert.equal(e.status, 428);
    assert.equal(e.code, 'JUSTIFICATION_REQUIRED');
  });
  test('apiUrl leaves out empty query values', () => {
    assert.equal(
      apiUrl('/access-log', { caseRef: 'AB/1', actorId: '', offset: 0, to: undefined }),
      '/api/v1/access-log?caseRef=AB%2F1&offset=0',
    );
  });
});

describe('formatting', () => {
  test('minutes, durations and bytes', () => {
    assert.equal(formatMinutes(12), '12 min');
    assert.equal(formatMinutes(65), '1 h 05 min');
    assert.equal(formatMinutes(60 * 24 * 2 + 180), '2 d 3 h');
    assert.equal(formatMinutes(-5), '−5 min');
    assert.equal(formatBytes(999), '999 bytes');
    assert.equal(formatBytes(1_234_567), '1.2 MB');
  });
  test('minutesLeft counts down to the due time', () => {
    const now = Date.UTC(2026, 0, 5, 9, 0, 0);
    assert.equal(minutesLeft('2026-01-05T10:00:00.000Z', now), 60);
    assert.equal(minutesLeft('2026-01-05T08:30:00.000Z', now), -30);
  });
});

describe('qrPath', () => {
  test('encodes an otpauth URI with the three finder patterns', () => {
    const uri =
      'otpauth://totp/Custos:officer.one?secret=JBSWY3DPEHPK3PXP&issuer=Custos&algorithm=SHA1&digits=6&period=30';
    const { path, size } = qrPath(uri);
    assert.equal((size - 17) % 4, 0, 'a QR symbol is 17 + 4·version modules wide');
    assert.ok(size >= 33, `${uri.length} bytes at level M need version 4 or more`);
    for (const [r, c] of [
      [0, 0],
      [0, size - 7],
      [size - 7, 0],
    ] as const) {
      for (let i = 0; i < 7; i++) {
        assert.ok(path.includes(`M${c + i} ${r}h1`), `finder top edge at row ${r}, col ${c + i}`);
      }
    }
  });
});

describe('access-log filters', () => {
  test('only filled filters are sent; an unknown action is dropped', () => {
    assert.deepEqual(
      queryOf({ from: '', to: '', actorId: ' u1 ', caseRef: '', action: 'consult' }),
      { actorId: 'u1', action: 'consult' },
    );
    assert.deepEqual(queryOf({ from: '', to: '', actorId: '', caseRef: 'AB/2', action: 'nope' }), {
      caseRef: 'AB/2',
    });
  });
});

describe('shownTime', () => {
  test('shows the export’s local date and minutes, seconds only when not zero', () => {
    assert.equal(shownTime('2024-02-12T16:02:00+00:00'), '2024-02-12 16:02');
    assert.equal(shownTime('2024-02-12T16:02:07.000Z'), '2024-02-12 16:02:07');
    assert.equal(shownTime('yesterday'), 'yesterday');
  });
});
