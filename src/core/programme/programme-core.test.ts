/**
 * The programme's pure rules besides the gate: member status moves and automatic suspension,
 * training validity, shifts and welfare limits, expiry reminders, settings checks and the
 * figures' helpers. Every time-based rule runs on an injected time.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { activationProblems, effectiveStatus, transitionProblems, TRANSITIONS } from './members.ts';
import { median, percentile, perWeek, publishable, weekStart } from './metrics.ts';
import { daysLeft, reminderDue } from './reminders.ts';
import { DEFAULT_PROGRAMME_SETTINGS, settingsProblems } from './settings.ts';
import {
  addMonths,
  currentCompletions,
  DEFAULT_MODULES,
  moduleState,
  validUntilFor,
} from './training.ts';
import type { Member, TrainingCompletion, VettingRecord } from './types.ts';
import { vettingAtLeast, vettingCurrent } from './vetting.ts';
import { deriveShifts, shiftSpanMs, welfareStatus, type ExposureView } from './welfare.ts';

const NOW = Date.UTC(2026, 2, 10, 10, 0, 0);
const at = (ms: number) => new Date(ms).toISOString();
const DAY = 86_400_000;
const MIN = 60_000;
const S = DEFAULT_PROGRAMME_SETTINGS;

const applicant: Member = {
  id: 'm1',
  ref: 'M-2026-0001',
  displayName: 'Sam Okafor',
  email: null,
  phone: null,
  status: 'applicant',
  legalStatus: null,
  userId: null,
  pastGroupMembership: false,
  motivation: null,
  barredListCheck: null,
  underInvestigationSince: null,
  appliedAt: at(NOW),
  createdAt: at(NOW),
  updatedAt: at(NOW),
};
const vetting: VettingRecord = {
  memberId: 'm1',
  level: 'RV',
  grantedAt: at(NOW - DAY),
  expiresAt: at(NOW + 365 * DAY),
  recordedBy: 'mgr',
  updatedAt: at(NOW),
};

describe('members: status moves and automatic suspension', () => {
  test('only the listed moves are allowed; left is final', () => {
    assert.deepEqual(transitionProblems(applicant, 'vetting', null, NOW), []);
    assert.equal(transitionProblems(applicant, 'active', vetting, NOW).length, 1);
    assert.deepEqual(TRANSITIONS.left, []);
    assert.ok(transitionProblems({ ...applicant, status: 'left' }, 'applicant', null, NOW)[0]);
  });

  test('training needs current vetting; an investigation stops the application (R9)', () => {
    const inVetting = { ...applicant, status: 'vetting' as const };
    assert.match(transitionProblems(inVetting, 'training', null, NOW)[0] ?? '', /vetting/);
    assert.deepEqual(transitionProblems(inVetting, 'training', vetting, NOW), []);
    const investigated = { ...inVetting, underInvestigationSince: at(NOW) };
    assert.match(
      transitionProblems(investigated, 'training', vetting, NOW)[0] ?? '',
      /investigation/,
    );
    assert.deepEqual(transitionProblems(investigated, 'left', vetting, NOW), [], 'may still leave');
  });

  test('activation needs an account, a legal status, current vetting and, for a PSV, a clear barred-list check (R2)', () => {
    const training = { ...applicant, status: 'training' as const };
    assert.equal(activationProblems(training, null, NOW).length, 3);
    const ready = {
      ...training,
      userId: 'u1',
      legalStatus: 'special-constable' as const,
    };
    assert.deepEqual(activationProblems(ready, vetting, NOW), []);
    const psv = { ...ready, legalStatus: 'police-support-volunteer' as const };
    assert.match(activationProblems(psv, vetting, NOW)[0] ?? '', /barred-list/);
    assert.deepEqual(
      activationProblems(
        { ...psv, barredListCheck: { checkedAt: at(NOW), result: 'clear' } },
        vetting,
        NOW,
      ),
      [],
    );
    assert.match(
      activationProblems(
        { ...psv, barredListCheck: { checkedAt: at(NOW), result: 'barred' } },
        vetting,
        NOW,
      )[0] ?? '',
      /barred/,
    );
  });

  test('an active member is suspended at vetting expiry and while under investigation', () => {
    const active = { ...applicant, status: 'active' as const };
    assert.deepEqual(effectiveStatus(active, vetting, NOW), { status: 'active', reason: null });
    assert.deepEqual(effectiveStatus(active, vetting, Date.parse(vetting.expiresAt)), {
      status: 'suspended',
      reason: 'vetting-expired',
    });
    assert.deepEqual(
      effectiveStatus(active, vetting, Date.parse(vetting.expiresAt) - 1).status,
      'active',
    );
    assert.deepEqual(
      effectiveStatus({ ...active, underInvestigationSince: at(NOW) }, vetting, NOW).reason,
      'under-investigation',
    );
  });
});

describe('vetting', () => {
  test('levels compare at or above; expiry is exclusive', () => {
    assert.ok(vettingAtLeast('MV', 'RV'));
    assert.ok(vettingAtLeast('NPPV2', 'RV'));
    assert.ok(!vettingAtLeast('NPPV1', 'RV'));
    assert.ok(!vettingAtLeast('unknown', 'NPPV1'));
    assert.ok(vettingCurrent(vetting, Date.parse(vetting.expiresAt) - 1));
    assert.ok(!vettingCurrent(vetting, Date.parse(vetting.expiresAt)));
    assert.ok(!vettingCurrent(null, NOW));
  });
});

describe('training', () => {
  test('validity adds calendar months in UTC, clamping the day', () => {
    assert.equal(addMonths('2026-01-31T10:00:00.000Z', 1), '2026-02-28T10:00:00.000Z');
    assert.equal(addMonths('2025-03-15T00:00:00.000Z', 12), '2026-03-15T00:00:00.000Z');
    assert.equal(validUntilFor('2026-01-01T00:00:00.000Z', { validityMonths: null }), null);
  });

  test('a module is current, expired or missing at a time; the latest completion counts', () => {
    const c = (id: string, completedAt: string, validUntil: string | null): TrainingCompletion => ({
      id,
      memberId: 'm1',
      moduleId: 'safeguarding',
      version: '1',
      completedAt,
      validUntil,
      signedOffBy: 'mgr',
      recordedAt: completedAt,
    });
    const old = c('a', '2024-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z');
    assert.equal(moduleState([], 'safeguarding', NOW).state, 'missing');
    assert.equal(moduleState([old], 'safeguarding', NOW).state, 'expired');
    const renewed = c('b', '2026-01-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z');
    assert.equal(moduleState([old, renewed], 'safeguarding', NOW).completion?.id, 'b');
    // Not yet completed at an earlier time.
    assert.equal(
      moduleState([renewed], 'safeguarding', Date.parse('2025-06-01T00:00:00Z')).state,
      'missing',
    );
    assert.deepEqual(
      currentCompletions([old, renewed], NOW).map((x) => x.id),
      ['b'],
    );
    assert.equal(DEFAULT_MODULES.find((m) => m.id === 'evidence-handling')?.validityMonths, 24);
  });
});

describe('welfare: shifts from measured exposure', () => {
  const v = (startMin: number, lengthMin: number): ExposureView => ({
    startedAtMs: NOW + startMin * MIN,
    endAtMs: NOW + (startMin + lengthMin) * MIN,
    durationMs: lengthMin * MIN,
  });

  test('views close together make one shift; an idle gap starts another', () => {
    const shifts = deriveShifts([v(0, 20), v(25, 20), v(100, 10)], [], NOW + 200 * MIN, S);
    assert.equal(shifts.length, 2);
    assert.equal(shifts[0]?.exposureMs, 40 * MIN);
    assert.equal(shifts[0]?.endedBy, 'idle');
    const first = shifts[0];
    assert.ok(first);
    assert.equal(shiftSpanMs(first), 45 * MIN);
    assert.equal(shifts[1]?.endedBy, 'idle', 'ended by the idle time up to now');
    const live = deriveShifts([v(0, 20)], [], NOW + 25 * MIN, S);
    assert.equal(live[0]?.endedBy, null, 'still going 5 minutes after the last view');
  });

  test('"stop now" and "end shift" end the shift at once', () => {
    const shifts = deriveShifts(
      [v(0, 10), v(12, 5)],
      [{ atMs: NOW + 11 * MIN, kind: 'stop-now' }],
      NOW + 20 * MIN,
      S,
    );
    assert.deepEqual(
      shifts.map((x) => x.endedBy),
      ['stop-now', null],
    );
    const status = welfareStatus(
      [v(0, 10)],
      [{ atMs: NOW + 11 * MIN, kind: 'end-shift' }],
      new Set(),
      NOW + 12 * MIN,
      S,
    );
    assert.equal(status.current, null);
    assert.equal(status.checkInDue?.startedAtMs, NOW, 'a check-in is due straight away');
  });

  test('the shift limit forces a break, then the shift ends and a check-in is due', () => {
    const views = [v(0, 60), v(61, 60)];
    const during = welfareStatus(views, [], new Set(), NOW + 125 * MIN, S);
    assert.equal(during.breakUntilMs, NOW + 121 * MIN + 15 * MIN);
    const after = welfareStatus(views, [], new Set(), NOW + 137 * MIN, S);
    assert.equal(after.breakUntilMs, null);
    assert.equal(after.lastEnded?.endedBy, 'limit');
    assert.equal(after.checkInDue?.startedAtMs, NOW);
    const checked = welfareStatus(views, [], new Set([NOW]), NOW + 137 * MIN, S);
    assert.equal(checked.checkInDue, null);
  });

  test('weekly exposure counts the rolling 7 days only', () => {
    const views = [v(-8 * 24 * 60, 100), v(-2 * 24 * 60, 100)];
    const s = welfareStatus(views, [], new Set(views.map((x) => x.startedAtMs)), NOW, S);
    assert.equal(s.weekExposureMs, 100 * MIN);
    assert.equal(s.weekFreeAtMs, null);
  });
});

describe('reminders', () => {
  const expires = NOW + 100 * DAY;
  test('90, 60 and 30 days before expiry, each once; a late sweep sends only the most urgent', () => {
    const t = S.vettingReminderDays;
    assert.equal(reminderDue(expires, NOW, t, new Set()), null, '100 days left: nothing yet');
    assert.equal(reminderDue(expires, expires - 90 * DAY, t, new Set()), 90);
    assert.equal(reminderDue(expires, expires - 89 * DAY, t, new Set([90])), null);
    assert.equal(reminderDue(expires, expires - 60 * DAY, t, new Set([90])), 60);
    assert.equal(
      reminderDue(expires, expires - 10 * DAY, t, new Set()),
      30,
      'late: the 30-day one',
    );
    assert.equal(
      reminderDue(expires, expires, t, new Set()),
      null,
      'expired: suspension, not a reminder',
    );
    assert.equal(daysLeft(expires, expires - 30 * DAY + 1), 30);
  });
});

describe('settings', () => {
  test('defaults are valid; nonsense is named', () => {
    assert.deepEqual(settingsProblems({ ...DEFAULT_PROGRAMME_SETTINGS }), []);
    const p = settingsProblems({
      ...DEFAULT_PROGRAMME_SETTINGS,
      shiftLimitMinutes: 500,
      weeklyLimitMinutes: 400,
      vettingReminderDays: [30, 30],
      breakMinutes: 0.5,
    });
    assert.equal(p.length, 3);
  });
});

describe('figures', () => {
  test('nearest-rank percentiles, ISO weeks and the small-number rule', () => {
    assert.equal(median([]), null);
    assert.equal(median([5, 1, 3]), 3);
    assert.equal(percentile([1, 2, 3, 4], 50), 2);
    assert.equal(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90), 9);
    assert.equal(
      weekStart(Date.UTC(2026, 2, 15, 23)),
      '2026-03-09',
      'Sunday belongs to the week of Monday 9th',
    );
    assert.deepEqual(
      perWeek(
        [{ atMs: Date.UTC(2026, 2, 10), amount: 2 }],
        Date.UTC(2026, 2, 3),
        Date.UTC(2026, 2, 17),
      ),
      [
        { week: '2026-03-02', value: 0 },
        { week: '2026-03-09', value: 2 },
        { week: '2026-03-16', value: 0 },
      ],
    );
    assert.equal(publishable(0, 3), '0');
    assert.equal(publishable(2, 3), 'fewer than 3');
    assert.equal(publishable(3, 3), '3');
  });
});
