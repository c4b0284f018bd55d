import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  canonicalTimeZone,
  formatUtc,
  formatWithOffset,
  isValidLocalDate,
  isValidTimeZone,
  LocalTimeResolver,
} from './local-time.ts';

const at = (y: number, mo: number, d: number, h: number, mi: number, s = 0) => ({
  year: y,
  month: mo,
  day: d,
  hour: h,
  minute: mi,
  second: s,
});
const show = (r: { epochMs: number; offsetMinutes: number }) =>
  formatWithOffset(r.epochMs, r.offsetMinutes);

describe('LocalTimeResolver', () => {
  const london = new LocalTimeResolver('Europe/London');

  test('uses the offset in force at that instant, winter and summer', () => {
    assert.equal(show(london.resolve(at(2024, 1, 15, 9, 0))), '2024-01-15T09:00:00+00:00');
    assert.equal(show(london.resolve(at(2024, 7, 15, 9, 0))), '2024-07-15T09:00:00+01:00');
  });

  test('around the spring change every real local time resolves without flags', () => {
    const before = london.resolve(at(2024, 3, 31, 0, 59));
    const after = london.resolve(at(2024, 3, 31, 2, 0));
    assert.equal(show(before), '2024-03-31T00:59:00+00:00');
    assert.equal(show(after), '2024-03-31T02:00:00+01:00');
    assert.equal(after.epochMs - before.epochMs, 60_000);
    assert.equal(after.ambiguous || after.inGap || before.ambiguous, false);
  });

  test('a local time in the spring gap moves forward and is flagged', () => {
    const r = london.resolve(at(2024, 3, 31, 1, 30));
    assert.equal(r.inGap, true);
    assert.equal(show(r), '2024-03-31T02:30:00+01:00');
    const ny = new LocalTimeResolver('America/New_York').resolve(at(2024, 3, 10, 2, 30));
    assert.equal(show(ny), '2024-03-10T03:30:00-04:00');
  });

  test('a local time in the autumn fold picks by message order and is flagged', () => {
    const first = london.resolve(at(2024, 10, 27, 1, 30));
    assert.equal(first.ambiguous, true);
    assert.equal(show(first), '2024-10-27T01:30:00+01:00');
    // previous message already at 01:40 BST (00:40Z): 01:30 must be the second 01:30 (GMT)
    const second = london.resolve(at(2024, 10, 27, 1, 30), Date.UTC(2024, 9, 27, 0, 40));
    assert.equal(show(second), '2024-10-27T01:30:00+00:00');
    // previous message later than both candidates: the earliest candidate
    const late = london.resolve(at(2024, 10, 27, 1, 30), Date.UTC(2024, 9, 27, 5, 0));
    assert.equal(show(late), '2024-10-27T01:30:00+01:00');
  });

  test('half-hour transitions (Lord Howe) are handled', () => {
    const lh = new LocalTimeResolver('Australia/Lord_Howe');
    const r = lh.resolve(at(2024, 4, 7, 1, 45)); // clocks go back 02:00 → 01:30
    assert.equal(r.ambiguous, true);
    assert.equal(lh.resolve(at(2024, 4, 7, 1, 15)).ambiguous, false);
  });

  test('zones without daylight saving never flag', () => {
    const bogota = new LocalTimeResolver('America/Bogota');
    assert.equal(show(bogota.resolve(at(2024, 3, 10, 2, 30))), '2024-03-10T02:30:00-05:00');
  });

  test('rejects unknown zones', () => {
    assert.equal(isValidTimeZone('Mars/Olympus'), false);
    assert.throws(() => new LocalTimeResolver('Mars/Olympus'), RangeError);
  });
});

describe('canonicalTimeZone', () => {
  test('fixes the letter case of a zone name, and leaves a link name as given', () => {
    assert.equal(canonicalTimeZone('utc'), 'UTC');
    assert.equal(canonicalTimeZone('europe/london'), 'Europe/London');
    assert.equal(canonicalTimeZone('Europe/London'), 'Europe/London');
    assert.equal(canonicalTimeZone('Asia/Kolkata'), 'Asia/Kolkata');
  });
});

describe('formatting and validation', () => {
  test('formats offsets and milliseconds', () => {
    assert.equal(
      formatWithOffset(Date.UTC(2024, 0, 1, 12, 0, 0, 5), -300),
      '2024-01-01T07:00:00.005-05:00',
    );
    assert.equal(formatWithOffset(Date.UTC(2024, 0, 1), 330), '2024-01-01T05:30:00+05:30');
    assert.equal(formatUtc(Date.UTC(2024, 0, 1, 8, 15)), '2024-01-01T08:15:00Z');
  });
  test('checks calendar dates', () => {
    assert.equal(isValidLocalDate(at(2024, 2, 29, 0, 0)), true);
    assert.equal(isValidLocalDate(at(2023, 2, 29, 0, 0)), false);
    assert.equal(isValidLocalDate(at(2024, 4, 31, 0, 0)), false);
    assert.equal(isValidLocalDate(at(2024, 13, 1, 0, 0)), false);
    assert.equal(isValidLocalDate(at(2024, 1, 1, 24, 0)), false);
  });
});
