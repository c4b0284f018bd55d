/**
 * The task gate, one test per rule: a member who meets everything passes; each test breaks one
 * fact and expects exactly the named requirement (so removing a rule fails its test). Time comes
 * from the facts (an injected clock), never the wall clock.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { MISSING_CODES, taskGate, type GateFacts, type MissingCode } from './gate.ts';
import { TASK_REQUIREMENTS } from './requirements.ts';
import { DEFAULT_PROGRAMME_SETTINGS } from './settings.ts';
import { DEFAULT_MODULES, validUntilFor } from './training.ts';
import type { Authorisation, Member, TrainingCompletion } from './types.ts';
import { welfareStatus, type ExposureView } from './welfare.ts';

const NOW = Date.UTC(2026, 2, 10, 10, 0, 0);
const at = (ms: number) => new Date(ms).toISOString();
const DAY = 86_400_000;
const MIN = 60_000;

const member: Member = {
  id: 'm1',
  ref: 'M-2026-0001',
  displayName: 'Sam Okafor',
  email: 'sam@example.com',
  phone: null,
  status: 'active',
  legalStatus: 'police-support-volunteer',
  userId: 'u1',
  pastGroupMembership: true,
  motivation: null,
  barredListCheck: { checkedAt: at(NOW - 100 * DAY), result: 'clear' },
  underInvestigationSince: null,
  appliedAt: at(NOW - 120 * DAY),
  createdAt: at(NOW - 120 * DAY),
  updatedAt: at(NOW - 120 * DAY),
};

const completions: TrainingCompletion[] = DEFAULT_MODULES.map((m, i) => ({
  id: `c${i}`,
  memberId: 'm1',
  moduleId: m.id,
  version: m.version,
  completedAt: at(NOW - 30 * DAY),
  validUntil: validUntilFor(at(NOW - 30 * DAY), m),
  signedOffBy: 'manager-1',
  recordedAt: at(NOW - 30 * DAY),
}));

const authorisation: Authorisation = {
  id: 'a1',
  ref: 'AUTH-2026-0001',
  operation: 'Operation Harbour',
  taskTypes: ['transcript-review', 'timeline-summary', 'identifier-check'],
  platforms: ['whatsapp', 'snapchat'],
  startsAt: at(NOW - 60 * DAY),
  reviewAt: at(NOW + 20 * DAY),
  expiresAt: at(NOW + 90 * DAY),
  authorisingOfficerId: 'o1',
  officerInChargeId: 'o1',
  supervisorId: 'o2',
  status: 'live',
  cancelledAt: null,
  cancelReason: null,
  createdAt: at(NOW - 60 * DAY),
  updatedAt: at(NOW - 60 * DAY),
};

const quiet = welfareStatus([], [], new Set(), NOW, DEFAULT_PROGRAMME_SETTINGS);

function facts(over: Partial<GateFacts> = {}): GateFacts {
  return {
    nowMs: NOW,
    stage: 'work',
    taskType: 'transcript-review',
    assigneeRole: 'volunteer',
    member,
    vetting: {
      memberId: 'm1',
      level: 'RV',
      grantedAt: at(NOW - 200 * DAY),
      expiresAt: at(NOW + 800 * DAY),
      recordedBy: 'manager-1',
      updatedAt: at(NOW - 200 * DAY),
    },
    completions,
    modules: DEFAULT_MODULES,
    authorisation,
    platform: 'whatsapp',
    caseId: 'case-1',
    declarations: [],
    rota: [
      {
        id: 'r1',
        officerId: 'o2',
        startsAt: at(NOW - 2 * 3600_000),
        endsAt: at(NOW + 6 * 3600_000),
        createdBy: 'manager-1',
        createdAt: at(NOW - DAY),
        cancelledAt: null,
      },
    ],
    welfare: quiet,
    ...over,
  };
}

const codes = (f: GateFacts): MissingCode[] => taskGate(f).map((m) => m.code);
const tested = new Set<MissingCode>();
/** Asserts the gate refuses with exactly `code` (and records that the rule has a test). */
function refuses(f: GateFacts, code: MissingCode, subject?: string): void {
  tested.add(code);
  const missing = taskGate(f);
  assert.deepEqual(
    missing.map((m) => m.code),
    [code],
  );
  assert.ok(missing[0]?.message, 'the requirement is named in words');
  if (subject !== undefined) assert.equal(missing[0]?.subject, subject);
}

describe('task gate: a member who meets every requirement', () => {
  test('passes at assignment and at work', () => {
    assert.deepEqual(codes(facts({ stage: 'assign' })), []);
    assert.deepEqual(codes(facts()), []);
    for (const taskType of Object.keys(TASK_REQUIREMENTS))
      assert.deepEqual(codes(facts({ taskType })), [], taskType);
  });
});

describe('task gate: one test per rule', () => {
  test('an undeclared task type is refused to everyone', () => {
    refuses(facts({ taskType: 'decoy-chat' }), 'task-type-undeclared', 'decoy-chat');
  });

  test('volunteers are never given covert, imagery or field tasks, whatever the data says', () => {
    for (const taxonomy of ['T5', 'T6', 'T7', 'T8']) {
      // A requirement that everything else satisfies: only the red line refuses it.
      const requirement = { ...TASK_REQUIREMENTS['transcript-review'], taxonomy };
      refuses(facts({ requirement }), 'task-type-forbidden-for-volunteers', taxonomy);
      refuses(facts({ requirement, stage: 'assign' }), 'task-type-forbidden-for-volunteers');
    }
  });

  test('an account without a member record', () => {
    const f = facts({ member: null, vetting: null, completions: [] });
    refuses(f, 'member-record-missing');
  });

  test('a member who is not active', () => {
    for (const status of ['applicant', 'vetting', 'training', 'suspended', 'left'] as const)
      refuses(facts({ member: { ...member, status } }), 'member-not-active', status);
  });

  test('a member under investigation', () => {
    refuses(
      facts({ member: { ...member, underInvestigationSince: at(NOW - DAY) } }),
      'member-under-investigation',
    );
  });

  test('no vetting recorded', () => {
    refuses(facts({ vetting: null }), 'vetting-missing');
  });

  test('vetting expired at its expiry time exactly (and not yet in force)', () => {
    const v = facts().vetting;
    assert.ok(v);
    refuses(facts({ vetting: { ...v, expiresAt: at(NOW) } }), 'vetting-expired', 'RV');
    assert.deepEqual(codes(facts({ vetting: { ...v, expiresAt: at(NOW + 1) } })), []);
    refuses(facts({ vetting: { ...v, grantedAt: at(NOW + DAY) } }), 'vetting-expired');
  });

  test('vetting below the level the task needs', () => {
    const v = facts().vetting;
    assert.ok(v);
    refuses(facts({ vetting: { ...v, level: 'NPPV1' } }), 'vetting-level-too-low', 'RV');
    assert.deepEqual(codes(facts({ vetting: { ...v, level: 'MV' } })), []);
  });

  test('a legal status the task does not allow (or none)', () => {
    const requirement = {
      ...TASK_REQUIREMENTS['transcript-review'],
      legalStatuses: ['officer' as const],
    };
    refuses(facts({ requirement }), 'legal-status-not-permitted', 'police-support-volunteer');
    refuses(facts({ member: { ...member, legalStatus: null } }), 'legal-status-not-permitted');
  });

  test('a required module never completed', () => {
    const f = facts({ completions: completions.filter((c) => c.moduleId !== 'safeguarding') });
    refuses(f, 'training-missing', 'safeguarding');
  });

  test('a required module lapsed (injected clock at its lapse time)', () => {
    const lapsing = completions.map((c) =>
      c.moduleId === 'wellbeing' ? { ...c, validUntil: at(NOW + MIN) } : c,
    );
    assert.deepEqual(codes(facts({ completions: lapsing })), [], 'current a minute before');
    refuses(facts({ completions: lapsing, nowMs: NOW + MIN }), 'training-expired', 'wellbeing');
  });

  test('no authorisation', () => {
    refuses(facts({ authorisation: null }), 'authorisation-missing');
  });

  test('a cancelled authorisation', () => {
    refuses(
      facts({
        authorisation: { ...authorisation, status: 'cancelled', cancelledAt: at(NOW - DAY) },
      }),
      'authorisation-cancelled',
      'AUTH-2026-0001',
    );
  });

  test('an authorisation that has not started', () => {
    refuses(
      facts({ authorisation: { ...authorisation, startsAt: at(NOW + 1) } }),
      'authorisation-not-started',
    );
  });

  test('an expired authorisation', () => {
    refuses(
      facts({ authorisation: { ...authorisation, expiresAt: at(NOW) } }),
      'authorisation-expired',
    );
  });

  test('an authorisation past its review date', () => {
    refuses(
      facts({ authorisation: { ...authorisation, reviewAt: at(NOW) } }),
      'authorisation-review-overdue',
    );
  });

  test('an authorisation that does not cover the task type', () => {
    refuses(
      facts({ authorisation: { ...authorisation, taskTypes: ['timeline-summary'] } }),
      'authorisation-task-type-out-of-scope',
    );
  });

  test('an authorisation that does not cover the platform (any covers all; no report, no check)', () => {
    refuses(facts({ platform: 'telegram' }), 'authorisation-platform-out-of-scope', 'telegram');
    assert.deepEqual(
      codes(
        facts({ platform: 'telegram', authorisation: { ...authorisation, platforms: ['any'] } }),
      ),
      [],
    );
    assert.deepEqual(codes(facts({ platform: null })), []);
  });

  test('an authorisation without a named officer in charge or supervisor', () => {
    refuses(
      facts({ authorisation: { ...authorisation, supervisorId: '' } }),
      'authorisation-officers-missing',
    );
    refuses(
      facts({ authorisation: { ...authorisation, officerInChargeId: '' } }),
      'authorisation-officers-missing',
    );
  });

  test('a declared connection to the case', () => {
    const connection = {
      id: 'd1',
      memberId: 'm1',
      kind: 'case-connection' as const,
      caseId: 'case-1',
      description: 'relative of the complainant',
      declaredAt: at(NOW - DAY),
      recordedBy: null,
    };
    const declarations = [connection];
    refuses(facts({ declarations }), 'conflict-of-interest');
    refuses(facts({ declarations, stage: 'assign' }), 'conflict-of-interest');
    // A connection to another case does not block this one; a past group membership does not either.
    assert.deepEqual(
      codes(
        facts({
          declarations: [
            { ...connection, caseId: 'case-2' },
            { ...connection, kind: 'past-group', caseId: null },
          ],
        }),
      ),
      [],
    );
  });

  test('no supervising officer on duty (work only; assignment may happen off duty)', () => {
    const rota = facts().rota.map((e) => ({ ...e, endsAt: at(NOW) }));
    refuses(facts({ rota }), 'supervisor-not-on-duty');
    assert.deepEqual(codes(facts({ rota, stage: 'assign' })), []);
    const cancelled = facts().rota.map((e) => ({ ...e, cancelledAt: at(NOW - DAY) }));
    refuses(facts({ rota: cancelled }), 'supervisor-not-on-duty');
  });

  test('the weekly exposure limit', () => {
    const s = DEFAULT_PROGRAMME_SETTINGS;
    // Three 2-hour shifts on three days this week: 6 h, the default weekly limit.
    const views: ExposureView[] = [1, 2, 3].map((d) => ({
      startedAtMs: NOW - d * DAY,
      endAtMs: NOW - d * DAY + 120 * MIN,
      durationMs: 120 * MIN,
    }));
    const checked = new Set(views.map((v) => v.startedAtMs));
    const welfare = welfareStatus(views, [], checked, NOW, s);
    const m = taskGate(facts({ welfare }));
    tested.add('welfare-weekly-limit');
    assert.deepEqual(
      m.map((x) => x.code),
      ['welfare-weekly-limit'],
    );
    assert.equal(
      m[0]?.until,
      at(NOW - 3 * DAY + 7 * DAY),
      'free again when the oldest shift ages out',
    );
    assert.deepEqual(codes(facts({ welfare, stage: 'assign' })), [], 'assignment is not a shift');
  });

  test('the shift limit forces a break', () => {
    const s = DEFAULT_PROGRAMME_SETTINGS;
    const views: ExposureView[] = [
      { startedAtMs: NOW - 125 * MIN, endAtMs: NOW - 2 * MIN, durationMs: 120 * MIN },
    ];
    const welfare = welfareStatus(views, [], new Set(), NOW, s);
    const m = taskGate(facts({ welfare }));
    tested.add('welfare-shift-limit');
    assert.deepEqual(
      m.map((x) => x.code),
      ['welfare-shift-limit'],
    );
    assert.equal(m[0]?.until, at(NOW - 2 * MIN + 15 * MIN));
  });

  test('a check-in is due after a shift before the next', () => {
    const s = DEFAULT_PROGRAMME_SETTINGS;
    const views: ExposureView[] = [
      { startedAtMs: NOW - 3 * 3600_000, endAtMs: NOW - 2 * 3600_000, durationMs: 50 * MIN },
    ];
    refuses(
      facts({ welfare: welfareStatus(views, [], new Set(), NOW, s) }),
      'welfare-check-in-due',
    );
    const checked = new Set([NOW - 3 * 3600_000]);
    assert.deepEqual(codes(facts({ welfare: welfareStatus(views, [], checked, NOW, s) })), []);
  });

  test('every rule of the gate has a test here', () => {
    assert.deepEqual([...tested].sort(), [...MISSING_CODES].sort());
  });
});
