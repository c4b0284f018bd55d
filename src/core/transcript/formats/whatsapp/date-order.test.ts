import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  addChronology,
  addClockEvidence,
  addEvidence,
  dateKeyIn,
  decideClock,
  decideOrder,
  emptyChronology,
  emptyClockEvidence,
  emptyEvidence,
  readDate,
  readHour,
  type AttachmentDates,
  type DateNumbers,
} from './date-order.ts';

const nums = (n1: number, n2: number, n3: number): DateNumbers => ({
  n1,
  n2,
  n3,
  n1Digits: String(n1).length,
  n3Digits: String(n3).length,
});

function evidence(dates: readonly DateNumbers[], attachment?: (d: DateNumbers) => AttachmentDates) {
  const e = emptyEvidence();
  dates.forEach((d, i) => addEvidence(e, d, i + 1, attachment?.(d)));
  return e;
}

const noAttachment: AttachmentDates = { fileNameDate: () => null, entryDate: () => null };

describe('reading dates', () => {
  test('day-first, month-first and year-first readings; two-digit years are 20xx', () => {
    assert.deepEqual(readDate(nums(5, 3, 2024), 'DMY'), { year: 2024, month: 3, day: 5 });
    assert.deepEqual(readDate(nums(5, 3, 2024), 'MDY'), { year: 2024, month: 5, day: 3 });
    assert.deepEqual(readDate(nums(3, 8, 24), 'MDY'), { year: 2024, month: 3, day: 8 });
    assert.deepEqual(readDate(nums(2023, 12, 20), 'YMD'), { year: 2023, month: 12, day: 20 });
  });

  test('impossible dates read as null: month 13, 30 February, 29 February outside leap years, a year where a day is', () => {
    assert.equal(readDate(nums(13, 13, 2024), 'DMY'), null);
    assert.equal(readDate(nums(30, 2, 2024), 'DMY'), null);
    assert.equal(readDate(nums(29, 2, 2023), 'DMY'), null);
    assert.deepEqual(readDate(nums(29, 2, 2024), 'DMY'), { year: 2024, month: 2, day: 29 });
    assert.equal(readDate(nums(2024, 3, 5), 'DMY'), null);
    assert.equal(readDate(nums(5, 3, 2024), 'YMD'), null);
    assert.equal(readDate({ n1: 5, n2: 3, n3: 24, n1Digits: 1, n3Digits: 3 }, 'DMY'), null);
    assert.equal(
      readDate(nums(1, 1, 1969), 'DMY'),
      null,
      'before 1970 is typed text, not a WhatsApp date',
    );
    assert.equal(dateKeyIn(nums(31, 4, 2024), 'DMY'), -1);
  });
});

describe('deciding the day/month order over the whole file', () => {
  test('a day above 12 anywhere decides, even after many ambiguous dates', () => {
    const dates = [nums(1, 2, 2024), nums(2, 2, 2024), nums(3, 2, 2024), nums(2, 14, 2024)];
    assert.deepEqual(decideOrder(evidence(dates), false), {
      order: 'MDY',
      basis: 'components',
      conflict: false,
    });
    assert.deepEqual(decideOrder(evidence([nums(1, 2, 24), nums(25, 2, 24)]), false), {
      order: 'DMY',
      basis: 'components',
      conflict: false,
    });
  });

  test('a date impossible in both readings (30/02, 04/31) is no evidence for either', () => {
    const e = evidence([nums(30, 2, 2024), nums(4, 31, 2024)]);
    assert.equal(e.neither, 2);
    assert.equal(decideOrder(e, false).basis, 'irrelevant');
  });

  test('a 4-digit first number is year-first whatever else the file holds', () => {
    assert.deepEqual(decideOrder(evidence([]), true), {
      order: 'YMD',
      basis: 'year-first',
      conflict: false,
    });
  });

  test('conflicting evidence: the majority wins and the conflict is reported', () => {
    const d = decideOrder(
      evidence([nums(13, 1, 2024), nums(1, 13, 2024), nums(1, 14, 2024)]),
      false,
    );
    assert.deepEqual(d, { order: 'MDY', basis: 'components', conflict: true });
  });

  test('all ambiguous: attachment names decide, then archive dates, then the export date, else day-first guessed', () => {
    const dates = [nums(3, 4, 2024), nums(5, 4, 2024)];
    const named = (y: number, m: number, d: number): AttachmentDates => ({
      fileNameDate: () => [y, m, d],
      entryDate: () => null,
    });
    // IMG-20240304-WA0001.jpg: 4 March 2024 → 3/4 is month-first.
    assert.deepEqual(
      decideOrder(
        evidence(dates, (d) => (d.n1 === 3 ? named(2024, 3, 4) : noAttachment)),
        false,
      ),
      { order: 'MDY', basis: 'attachment-names', conflict: false },
    );
    const entry = (y: number, m: number, d: number): AttachmentDates => ({
      fileNameDate: () => null,
      entryDate: () => [y, m, d],
    });
    assert.deepEqual(
      decideOrder(
        evidence(dates, (d) => (d.n1 === 5 ? entry(2024, 4, 5) : noAttachment)),
        false,
      ),
      { order: 'DMY', basis: 'archive-dates', conflict: false },
    );
    // Exported on 10 April 2024: 5/4 cannot be 4 May, so it is 5 April... both readings fit → the bound decides only when one reading is in the future.
    assert.deepEqual(
      decideOrder(evidence([nums(3, 4, 2024), nums(9, 4, 2024)]), false, [2024, 4, 10]),
      { order: 'DMY', basis: 'archive-dates', conflict: false },
    );
    assert.deepEqual(
      decideOrder(evidence([nums(3, 4, 2024), nums(4, 9, 2024)]), false, [2024, 4, 10]),
      { order: 'MDY', basis: 'archive-dates', conflict: false },
    );
    assert.deepEqual(decideOrder(evidence(dates), false), {
      order: 'DMY',
      basis: 'guessed',
      conflict: false,
    });
  });

  test('when day and month are always equal the order does not matter and nothing is guessed', () => {
    assert.equal(
      decideOrder(evidence([nums(5, 5, 2024), nums(6, 6, 2024)]), false).basis,
      'irrelevant',
    );
  });

  test('attachment evidence is not consulted once a component decides', () => {
    let asked = 0;
    const counting: AttachmentDates = {
      fileNameDate: () => {
        asked++;
        return null;
      },
      entryDate: () => null,
    };
    evidence([nums(13, 1, 2024), nums(3, 4, 2024), nums(5, 6, 2024)], () => counting);
    assert.equal(asked, 0);
  });
});

describe('clock', () => {
  test('known markers make a 12-hour clock; none a 24-hour one', () => {
    const c = emptyClockEvidence();
    addClockEvidence(c, 'a.\u00a0m.', 7, 1);
    addClockEvidence(c, 'PM', 11, 2);
    assert.deepEqual(decideClock(c, true), { kind: '12h' });
    assert.deepEqual(decideClock(emptyClockEvidence(), false), { kind: '24h' });
  });

  test('an unknown word with hours past 12 is ignored; with hours up to 12 it is unreadable', () => {
    const c = emptyClockEvidence();
    addClockEvidence(c, 'Uhr', 18, 3);
    assert.deepEqual(decideClock(c, true), { kind: '24h-word' });
    const d = emptyClockEvidence();
    addClockEvidence(d, 'asubuhi', 7, 4);
    addClockEvidence(d, 'jioni', 5, 9);
    assert.deepEqual(decideClock(d, true), {
      kind: 'unknown-markers',
      markers: ['asubuhi', 'jioni'],
      line: 4,
    });
  });

  test('a tabled connective beside the time (klo, à) is a 24-hour clock, even in the morning', () => {
    const c = emptyClockEvidence();
    addClockEvidence(c, 'klo', 9, 1);
    addClockEvidence(c, 'klo', 11, 2);
    assert.deepEqual(decideClock(c, true), { kind: '24h-connective' });
  });

  test('12 AM is midnight, 12 PM noon; impossible times are null', () => {
    const h12 = { kind: '12h' } as const;
    assert.equal(readHour(12, 5, 0, 'AM', h12), 0);
    assert.equal(readHour(12, 30, 0, 'p. m.', h12), 12);
    assert.equal(readHour(7, 2, 0, '\u202fpm', h12), 19);
    assert.equal(readHour(8, 0, 0, '午前', h12), 8);
    assert.equal(readHour(7, 0, 0, '오후', h12), 19);
    assert.equal(readHour(13, 0, 0, 'PM', h12), null);
    assert.equal(readHour(7, 0, 0, null, h12), null);
    assert.equal(readHour(7, 0, 0, 'xx', h12), null);
    assert.equal(readHour(23, 59, 59, null, { kind: '24h' }), 23);
    assert.equal(readHour(24, 0, 0, null, { kind: '24h' }), null);
    assert.equal(readHour(10, 60, 0, null, { kind: '24h' }), null);
    assert.equal(readHour(10, 0, 60, null, { kind: '24h' }), null);
  });
});

describe('chronology', () => {
  test('counts headers dated before the one above them, under each reading', () => {
    const c = emptyChronology();
    addChronology(c, nums(3, 4, 2024), 9, 0, 0, null); // 3 Apr / 4 Mar
    addChronology(c, nums(5, 4, 2024), 9, 0, 0, null); // 5 Apr / 4 May
    addChronology(c, nums(4, 5, 2024), 9, 0, 0, null); // 4 May / 5 Apr ← backwards month-first
    assert.deepEqual(c.backwards, [0, 1, 0]);
    const t = emptyChronology();
    addChronology(t, nums(3, 4, 2024), 11, 0, 0, 'PM');
    addChronology(t, nums(3, 4, 2024), 12, 30, 0, 'AM'); // 00:30 the same day: backwards
    assert.deepEqual(t.backwards, [1, 1, 0]);
  });
});
