import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isCustosError } from '../errors.ts';
import { findMatches, compareWithSelectorRules } from './deconfliction.ts';
import { readReportedIdentifier } from './identifiers.ts';
import { maskContactLikes, maskInText, maskValue } from './masking.ts';
import {
  DEFAULT_QUEUE_TARGETS,
  effectiveBand,
  orderQueue,
  targetFor,
  targetProblems,
  type QueueEntry,
} from './queue.ts';
import { checkReferral, needsWelfareDecision } from './referral.ts';
import { formatCaseRef, formatReceiptCode, formatReportRef, normalizeReceiptCode } from './refs.ts';

describe('references and receipt codes', () => {
  test('report and case references run per year', () => {
    assert.equal(formatReportRef(2026, 7), 'R-2026-0007');
    assert.equal(formatCaseRef(2026, 12345), 'C-2026-12345');
  });
  test('a receipt code is 16 Crockford characters in groups and reads back whatever the spelling', () => {
    const code = formatReceiptCode(new Uint8Array([0, 1, 2, 3, 4, 5, 6, 7, 8, 255]));
    assert.match(code, /^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
    assert.equal(
      normalizeReceiptCode(code.toLowerCase().replace(/-/g, ' ')),
      code.replace(/-/g, ''),
    );
    assert.equal(normalizeReceiptCode('0000-0000-0000-000O'), '0000000000000000');
    assert.equal(normalizeReceiptCode('too short'), null);
    assert.throws(
      () => formatReceiptCode(new Uint8Array(4)),
      (e) => isCustosError(e, 'RECEIPT_BAD_ENTROPY'),
    );
  });
});

describe('masking', () => {
  test('keeps first and last character', () => {
    assert.equal(maskValue('riley.k1ck'), 'r••••••••k');
    assert.equal(maskValue('ab'), '••');
  });
  test('masks values in text whatever their case, longest first', () => {
    assert.equal(
      maskInText('add Riley.K1CK or riley.k1ck2', ['riley.k1ck', 'riley.k1ck2']),
      'add R••••••••K or r•••••••••2',
    );
  });
  test('masks anything that looks like a phone number, e-mail address or link', () => {
    const out = maskContactLikes(
      'call +44 7700 900123 or mail sam@example.com, see https://t.me/sam at 16:00 on 15/02',
    );
    assert.ok(!out.includes('7700 900123'));
    assert.ok(!out.includes('sam@example.com'));
    assert.ok(!out.includes('t.me/sam'));
    assert.ok(out.includes('16:00 on 15/02'));
  });
});

describe('queue ordering and targets', () => {
  const entry = (o: Partial<QueueEntry>): QueueEntry => ({
    id: o.id ?? 'x',
    receivedAtMs: 0,
    assessedBand: null,
    score: null,
    overrideBand: null,
    dangerNow: false,
    ...o,
  });
  test('band first (override wins), then score, then waiting time', () => {
    const q = orderQueue([
      entry({ id: 'low-old', assessedBand: 'LOW', score: 10, receivedAtMs: 0 }),
      entry({ id: 'high-9', assessedBand: 'HIGH', score: 9, receivedAtMs: 5 }),
      entry({ id: 'high-30', assessedBand: 'HIGH', score: 30, receivedAtMs: 9 }),
      entry({
        id: 'overridden',
        assessedBand: 'LOW',
        score: 5,
        overrideBand: 'IMMINENT',
        receivedAtMs: 9,
      }),
      entry({ id: 'high-30-older', assessedBand: 'HIGH', score: 30, receivedAtMs: 1 }),
    ]);
    assert.deepEqual(
      q.map((e) => e.id),
      ['overridden', 'high-30-older', 'high-30', 'high-9', 'low-old'],
    );
  });
  test('an unassessed report where a child is in danger now goes first; other unassessed ones just under HIGH', () => {
    const q = orderQueue([
      entry({ id: 'medium', assessedBand: 'MEDIUM' }),
      entry({ id: 'unassessed' }),
      entry({ id: 'high', assessedBand: 'HIGH' }),
      entry({ id: 'danger', dangerNow: true }),
    ]);
    assert.deepEqual(
      q.map((e) => e.id),
      ['danger', 'high', 'unassessed', 'medium'],
    );
  });
  test('timers use the band in force', () => {
    const t = targetFor(
      entry({ assessedBand: 'HIGH', receivedAtMs: 0 }),
      DEFAULT_QUEUE_TARGETS,
      241 * 60_000,
    );
    assert.deepEqual(t, { key: 'HIGH', minutes: 240, dueAtMs: 240 * 60_000, overdue: true });
    assert.equal(targetFor(entry({ dangerNow: true }), DEFAULT_QUEUE_TARGETS, 0).key, 'IMMINENT');
    assert.equal(targetFor(entry({}), DEFAULT_QUEUE_TARGETS, 0).key, 'UNASSESSED');
    assert.equal(effectiveBand({ assessedBand: 'HIGH', overrideBand: 'LOW' }), 'LOW');
    assert.deepEqual(targetProblems({ ...DEFAULT_QUEUE_TARGETS, LOW: 0 }), [
      'LOW must be whole minutes from 1 to 86400',
    ]);
  });
});

describe('referrals (R53)', () => {
  test('arrest and interview referrals need a subject-welfare decision; others do not', () => {
    assert.equal(needsWelfareDecision('arrest'), true);
    assert.equal(needsWelfareDecision('safeguarding'), false);
    assert.throws(
      () => checkReferral('arrest', undefined, []),
      (e) => isCustosError(e, 'WELFARE_DECISION_REQUIRED') && e.category === 'conflict',
    );
    assert.throws(
      () => checkReferral('interview', 'd1', ['d2']),
      (e) => isCustosError(e, 'WELFARE_DECISION_NOT_FOUND'),
    );
    assert.doesNotThrow(() => checkReferral('arrest', 'd1', ['d1']));
    assert.doesNotThrow(() => checkReferral('safeguarding', undefined, []));
  });
});

describe('reported identifiers', () => {
  test('read as the selectors component would', () => {
    assert.deepEqual(
      readReportedIdentifier('Riley.K1ck', 'snapchat').map((s) => s.matchKey),
      ['snapchat:riley.k1ck'],
    );
    assert.deepEqual(
      readReportedIdentifier('@riley_k1ck', 'telegram').map((s) => s.matchKey),
      ['telegram:riley_k1ck'],
    );
    assert.deepEqual(
      readReportedIdentifier('07700 900123', 'whatsapp').map((s) => [s.kind, s.matchKey]),
      [['whatsapp-phone', 'phone:+447700900123']],
    );
    assert.deepEqual(
      readReportedIdentifier('Sam.Example@Example.com', 'other').map((s) => s.kind),
      ['email'],
    );
    assert.deepEqual(
      readReportedIdentifier('https://www.instagram.com/sam.example/', 'other').map(
        (s) => s.matchKey,
      ),
      ['instagram:sam.example'],
    );
    assert.deepEqual(
      readReportedIdentifier('riley.k1ck', 'other').map((s) => s.matchKey),
      ['handle:riley.k1ck'],
    );
    assert.deepEqual(readReportedIdentifier('   ', 'other'), []);
  });
});

describe('deconfliction matching', () => {
  const probe = (matchKey: string, id = 'p') => ({
    id,
    matchKey,
    kind: matchKey.startsWith('snapchat') ? 'snapchat-username' : 'handle',
    value: matchKey.split(':')[1] ?? '',
  });
  const cand = (matchKey: string, caseId: string, id = `c-${caseId}`) => ({
    ...probe(matchKey, id),
    caseId,
    reportId: `r-${caseId}`,
  });
  test('exact match on the normalized key, one hit per other case, never against the own case', () => {
    const m = findMatches(
      [probe('snapchat:riley.k1ck')],
      [
        cand('snapchat:riley.k1ck', 'A'),
        cand('snapchat:riley.k1ck', 'A', 'c2'),
        cand('snapchat:riley.k1ck', 'OWN'),
      ],
      'OWN',
    );
    assert.equal(m.length, 1);
    assert.equal(m[0]?.candidate.caseId, 'A');
    assert.equal(m[0]?.matchType, 'exact');
    assert.equal(m[0]?.similarity, 100);
  });
  test('near match with an explained similarity from the selectors rules', () => {
    const m = findMatches(
      [probe('snapchat:riley.kick')],
      [cand('snapchat:riley.k1ck', 'A')],
      null,
      compareWithSelectorRules,
    );
    assert.equal(m[0]?.matchType, 'near');
    assert.ok((m[0]?.similarity ?? 0) > 0 && (m[0]?.similarity ?? 100) < 100);
    assert.ok((m[0]?.explanation ?? '').length > 10);
  });
  test('unrelated identifiers give nothing', () => {
    assert.deepEqual(
      findMatches([probe('snapchat:someone')], [cand('snapchat:riley.k1ck', 'A')], null),
      [],
    );
  });
});
