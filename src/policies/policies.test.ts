/**
 * Every policy rule, one table: each (resource, action) has cases that must be allowed and cases
 * that must be refused. A rule removed from its policy makes its "allowed" cases fail; a rule
 * loosened makes its "refused" cases fail. A final test fails when an action has no case here.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isCustosError } from '../core/errors.ts';
import {
  allowedActions,
  authorize,
  can,
  capabilities,
  POLICIES,
  type Resource,
} from './authorize.ts';
import { ROLES, STAFF_ROLES, type Actor, type Role } from './roles.ts';

const ME = 'user-me';
const OTHER = 'user-other';
const as = (role: Role, userId: string | null = role === 'public' ? null : ME): Actor => ({
  role,
  userId,
});
const staff = (r: Role) => as(r);

type Case = { readonly who: Actor; readonly on: Resource };
interface RuleCases {
  readonly allow: readonly Case[];
  readonly deny: readonly Case[];
}

const openCase = { type: 'case', ownerId: ME, status: 'open' } as const;
const othersCase = { type: 'case', ownerId: OTHER, status: 'open' } as const;
const closedCase = { type: 'case', ownerId: ME, status: 'closed' } as const;
const queued = { type: 'report', status: 'in-review', caseOwnerId: null } as const;
const inMyCase = { type: 'report', status: 'in-case', caseOwnerId: ME } as const;
const inOthersCase = { type: 'report', status: 'in-case', caseOwnerId: OTHER } as const;
const closedReport = { type: 'report', status: 'closed', caseOwnerId: null } as const;
const myTask = {
  type: 'task',
  assigneeId: ME,
  caseOwnerId: OTHER,
  status: 'assigned',
  blocked: false,
  locked: false,
} as const;
const othersTask = {
  type: 'task',
  assigneeId: OTHER,
  caseOwnerId: OTHER,
  status: 'assigned',
  blocked: false,
  locked: false,
} as const;
const myBlockedTask = { ...myTask, blocked: true } as const;
const myDoneTask = { ...myTask, status: 'done' } as const;
const myCancelledTask = { ...myTask, status: 'cancelled' } as const;
/** The assignee no longer meets the task's requirements (programme gate). */
const myLockedTask = { ...myTask, locked: true } as const;
const taskOnMyCase = {
  type: 'task',
  assigneeId: OTHER,
  caseOwnerId: ME,
  status: 'in-progress',
  blocked: false,
  locked: false,
} as const;

const NON_OFFICERS: Role[] = ['public', 'volunteer', 'manager', 'auditor', 'admin'];
const everyoneBut = (allowed: Role[], on: Resource): Case[] =>
  ROLES.filter((r) => !allowed.includes(r)).map((r) => ({ who: as(r), on }));

const RULES: Record<string, Record<string, RuleCases>> = {
  intake: {
    submit: {
      allow: ROLES.map((r) => ({ who: as(r), on: { type: 'intake', uploadTokenValid: false } })),
      deny: [],
    },
    checkStatus: {
      allow: [{ who: as('public'), on: { type: 'intake', uploadTokenValid: false } }],
      deny: [],
    },
    uploadEvidence: {
      allow: [{ who: as('public'), on: { type: 'intake', uploadTokenValid: true } }],
      deny: [
        { who: as('public'), on: { type: 'intake', uploadTokenValid: false } },
        { who: as('officer'), on: { type: 'intake', uploadTokenValid: false } },
      ],
    },
  },
  queue: {
    view: {
      allow: [{ who: as('officer'), on: { type: 'queue' } }],
      deny: everyoneBut(['officer'], { type: 'queue' }),
    },
  },
  report: {
    view: {
      allow: [
        { who: as('officer'), on: queued },
        { who: as('officer'), on: inMyCase },
      ],
      deny: [...everyoneBut(['officer'], queued), { who: as('officer'), on: inOthersCase }],
    },
    viewTranscript: {
      allow: [
        { who: as('officer'), on: queued },
        { who: as('officer'), on: inMyCase },
      ],
      deny: [...everyoneBut(['officer'], queued), { who: as('officer'), on: inOthersCase }],
    },
    overrideTriage: {
      allow: [
        { who: as('officer'), on: queued },
        { who: as('officer'), on: inMyCase },
      ],
      deny: [
        ...everyoneBut(['officer'], queued),
        { who: as('officer'), on: inOthersCase },
        { who: as('officer'), on: closedReport },
      ],
    },
    createCase: {
      allow: [{ who: as('officer'), on: queued }],
      deny: [
        ...everyoneBut(['officer'], queued),
        { who: as('officer'), on: inMyCase },
        { who: as('officer'), on: closedReport },
      ],
    },
    attachToCase: {
      allow: [{ who: as('officer'), on: queued }],
      deny: [
        ...everyoneBut(['officer'], queued),
        { who: as('officer'), on: inMyCase },
        { who: as('officer'), on: closedReport },
      ],
    },
    close: {
      allow: [{ who: as('officer'), on: queued }],
      deny: [
        ...everyoneBut(['officer'], queued),
        { who: as('officer'), on: inMyCase },
        { who: as('officer'), on: closedReport },
      ],
    },
    acknowledgeHit: {
      allow: [
        { who: as('officer'), on: queued },
        { who: as('officer'), on: inMyCase },
      ],
      deny: [...everyoneBut(['officer'], queued), { who: as('officer'), on: inOthersCase }],
    },
  },
  cases: {
    list: {
      allow: [{ who: as('officer'), on: { type: 'cases' } }],
      deny: everyoneBut(['officer'], { type: 'cases' }),
    },
    register: {
      allow: [{ who: as('admin'), on: { type: 'cases' } }],
      deny: everyoneBut(['admin'], { type: 'cases' }),
    },
  },
  case: Object.fromEntries(
    [
      'view',
      'justify',
      'addNote',
      'decide',
      'refer',
      'recordOutcome',
      'transfer',
      'assignTask',
      'addEvidence',
      'attachReport',
      'exportBundle',
    ].map((action) => {
      const readOnly = action === 'view' || action === 'justify' || action === 'exportBundle';
      return [
        action,
        {
          allow: [
            { who: as('officer'), on: openCase },
            ...(readOnly ? [{ who: as('officer'), on: closedCase }] : []),
          ],
          deny: [
            // Managers, auditors and admins never see case content, even as the named "owner" (R44).
            ...NON_OFFICERS.map((r) => ({ who: as(r), on: { ...openCase } })),
            { who: as('officer'), on: othersCase },
            ...(readOnly ? [] : [{ who: as('officer'), on: closedCase }]),
          ],
        },
      ];
    }),
  ),
  exhibit: {
    viewTranscript: {
      allow: [
        { who: as('officer'), on: { type: 'exhibit', caseOwnerId: ME, inQueue: false } },
        { who: as('officer'), on: { type: 'exhibit', caseOwnerId: null, inQueue: true } },
      ],
      deny: [
        ...NON_OFFICERS.map((r) => ({
          who: as(r),
          on: { type: 'exhibit' as const, caseOwnerId: ME, inQueue: false },
        })),
        { who: as('officer'), on: { type: 'exhibit', caseOwnerId: OTHER, inQueue: false } },
        { who: as('officer'), on: { type: 'exhibit', caseOwnerId: null, inQueue: false } },
      ],
    },
    downloadOriginal: {
      allow: [{ who: as('officer'), on: { type: 'exhibit', caseOwnerId: ME, inQueue: false } }],
      deny: [
        ...NON_OFFICERS.map((r) => ({
          who: as(r),
          on: { type: 'exhibit' as const, caseOwnerId: ME, inQueue: false },
        })),
        { who: as('officer'), on: { type: 'exhibit', caseOwnerId: OTHER, inQueue: false } },
        { who: as('officer'), on: { type: 'exhibit', caseOwnerId: null, inQueue: true } },
      ],
    },
  },
  tasks: {
    list: {
      allow: [
        { who: as('volunteer'), on: { type: 'tasks' } },
        { who: as('officer'), on: { type: 'tasks' } },
      ],
      deny: everyoneBut(['volunteer', 'officer'], { type: 'tasks' }),
    },
  },
  task: {
    view: {
      allow: [
        { who: as('volunteer'), on: myTask },
        { who: as('volunteer'), on: myBlockedTask },
        { who: as('volunteer'), on: myDoneTask },
        { who: as('officer'), on: taskOnMyCase },
      ],
      deny: [
        { who: as('volunteer'), on: othersTask },
        { who: as('volunteer'), on: myCancelledTask },
        { who: as('volunteer'), on: myLockedTask },
        { who: as('officer'), on: myTask },
        ...['manager', 'auditor', 'admin', 'public'].map((r) => ({
          who: as(r as Role),
          on: myTask,
        })),
      ],
    },
    viewMaterial: {
      allow: [
        { who: as('volunteer'), on: myTask },
        { who: as('officer'), on: taskOnMyCase },
        { who: as('officer'), on: { ...taskOnMyCase, locked: true } },
      ],
      deny: [
        { who: as('volunteer'), on: othersTask },
        { who: as('volunteer'), on: myBlockedTask },
        { who: as('volunteer'), on: myLockedTask },
        { who: as('volunteer'), on: myDoneTask },
        ...['manager', 'auditor', 'admin', 'public'].map((r) => ({
          who: as(r as Role),
          on: myTask,
        })),
      ],
    },
    ...Object.fromEntries(
      ['annotate', 'start', 'complete', 'recordViewTime'].map((action) => [
        action,
        {
          allow: [{ who: as('volunteer'), on: myTask }],
          deny: [
            { who: as('volunteer'), on: othersTask },
            { who: as('volunteer'), on: myBlockedTask },
            { who: as('volunteer'), on: myLockedTask },
            { who: as('volunteer'), on: myDoneTask },
            { who: as('officer'), on: taskOnMyCase },
            { who: as('manager'), on: myTask },
          ],
        },
      ]),
    ),
    endViewTime: {
      allow: [
        { who: as('volunteer'), on: myTask },
        { who: as('volunteer'), on: myDoneTask },
        { who: as('volunteer'), on: myBlockedTask },
        { who: as('volunteer'), on: myLockedTask },
      ],
      deny: [
        { who: as('volunteer'), on: othersTask },
        { who: as('officer'), on: taskOnMyCase },
        { who: as('manager'), on: myTask },
      ],
    },
    cancel: {
      allow: [{ who: as('officer'), on: taskOnMyCase }],
      deny: [
        { who: as('volunteer'), on: myTask },
        { who: as('officer'), on: othersTask },
        { who: as('officer'), on: { ...taskOnMyCase, status: 'done' } },
        { who: as('admin'), on: taskOnMyCase },
      ],
    },
    export: {
      allow: [],
      deny: ROLES.flatMap((r) => [
        { who: as(r), on: myTask },
        { who: as(r), on: taskOnMyCase },
      ]),
    },
  },
  selector: {
    viewUnmasked: {
      allow: [
        { who: as('officer'), on: { type: 'selector', caseOwnerId: null, viaTask: null } },
        { who: as('officer'), on: { type: 'selector', caseOwnerId: ME, viaTask: null } },
        {
          who: as('volunteer'),
          on: {
            type: 'selector',
            caseOwnerId: OTHER,
            viaTask: { assigneeId: ME, needsSelectors: true },
          },
        },
      ],
      deny: [
        { who: as('officer'), on: { type: 'selector', caseOwnerId: OTHER, viaTask: null } },
        {
          who: as('volunteer'),
          on: {
            type: 'selector',
            caseOwnerId: OTHER,
            viaTask: { assigneeId: ME, needsSelectors: false },
          },
        },
        {
          who: as('volunteer'),
          on: {
            type: 'selector',
            caseOwnerId: OTHER,
            viaTask: { assigneeId: OTHER, needsSelectors: true },
          },
        },
        { who: as('volunteer'), on: { type: 'selector', caseOwnerId: null, viaTask: null } },
        ...['manager', 'auditor', 'admin', 'public'].map((r) => ({
          who: as(r as Role),
          on: { type: 'selector' as const, caseOwnerId: null, viaTask: null },
        })),
      ],
    },
  },
  'access-log': Object.fromEntries(
    ['read', 'export', 'verify'].map((a) => [
      a,
      {
        allow: [{ who: as('auditor'), on: { type: 'access-log' } }],
        deny: everyoneBut(['auditor'], { type: 'access-log' }),
      },
    ]),
  ),
  'custody-log': {
    verify: {
      allow: [{ who: as('auditor'), on: { type: 'custody-log' } }],
      deny: everyoneBut(['auditor'], { type: 'custody-log' }),
    },
  },
  users: Object.fromEntries(
    ['list', 'create'].map((a) => [
      a,
      {
        allow: [{ who: as('admin'), on: { type: 'users' } }],
        deny: everyoneBut(['admin'], { type: 'users' }),
      },
    ]),
  ),
  user: {
    update: {
      allow: [{ who: as('admin'), on: { type: 'user', id: OTHER } }],
      deny: [
        { who: as('admin'), on: { type: 'user', id: ME } },
        ...everyoneBut(['admin'], { type: 'user', id: OTHER }),
      ],
    },
    reinvite: {
      allow: [{ who: as('admin'), on: { type: 'user', id: OTHER } }],
      deny: [
        { who: as('admin'), on: { type: 'user', id: ME } },
        ...everyoneBut(['admin'], { type: 'user', id: OTHER }),
      ],
    },
    revokeSessions: {
      allow: [
        { who: as('admin'), on: { type: 'user', id: OTHER } },
        ...STAFF_ROLES.map((r) => ({ who: as(r), on: { type: 'user' as const, id: ME } })),
      ],
      deny: [
        { who: as('officer'), on: { type: 'user', id: OTHER } },
        { who: as('volunteer'), on: { type: 'user', id: OTHER } },
        { who: as('public'), on: { type: 'user', id: ME } },
      ],
    },
    changePassword: {
      allow: STAFF_ROLES.map((r) => ({ who: as(r), on: { type: 'user' as const, id: ME } })),
      deny: [
        { who: as('admin'), on: { type: 'user', id: OTHER } },
        { who: as('public'), on: { type: 'user', id: ME } },
      ],
    },
    enrolTotp: {
      allow: STAFF_ROLES.map((r) => ({ who: as(r), on: { type: 'user' as const, id: ME } })),
      deny: [
        { who: as('admin'), on: { type: 'user', id: OTHER } },
        { who: as('public'), on: { type: 'user', id: ME } },
      ],
    },
  },
  settings: {
    viewQueueTargets: {
      allow: [
        { who: as('admin'), on: { type: 'settings' } },
        { who: as('officer'), on: { type: 'settings' } },
      ],
      deny: everyoneBut(['admin', 'officer'], { type: 'settings' }),
    },
    updateQueueTargets: {
      allow: [{ who: as('admin'), on: { type: 'settings' } }],
      deny: everyoneBut(['admin'], { type: 'settings' }),
    },
  },
  welfare: {
    viewExposure: {
      allow: [{ who: as('manager'), on: { type: 'welfare' } }],
      deny: everyoneBut(['manager'], { type: 'welfare' }),
    },
    viewTrends: {
      allow: [{ who: as('manager'), on: { type: 'welfare' } }],
      deny: everyoneBut(['manager'], { type: 'welfare' }),
    },
  },
  notifications: {
    list: {
      allow: STAFF_ROLES.map((r) => ({ who: as(r), on: { type: 'notifications' as const } })),
      deny: [{ who: as('public'), on: { type: 'notifications' } }],
    },
  },
  notification: {
    markRead: {
      allow: [{ who: as('volunteer'), on: { type: 'notification', userId: ME } }],
      deny: [
        { who: as('volunteer'), on: { type: 'notification', userId: OTHER } },
        { who: as('admin'), on: { type: 'notification', userId: OTHER } },
      ],
    },
  },
  staff: Object.fromEntries(
    ['listOfficers', 'listVolunteers'].map((a) => [
      a,
      {
        allow: [{ who: as('officer'), on: { type: 'staff' } }],
        deny: everyoneBut(['officer'], { type: 'staff' }),
      },
    ]),
  ),
};

// The volunteer programme (issue 6).
Object.assign(RULES, {
  members: {
    apply: {
      allow: ROLES.map((r) => ({ who: as(r), on: { type: 'members' as const } })),
      deny: [],
    },
    ...Object.fromEntries(
      ['list', 'create'].map((a) => [
        a,
        {
          allow: [{ who: as('manager'), on: { type: 'members' } }],
          deny: everyoneBut(['manager'], { type: 'members' }),
        },
      ]),
    ),
  },
  member: {
    ...Object.fromEntries(
      ['view', 'change'].map((a) => [
        a,
        {
          allow: [{ who: as('manager'), on: { type: 'member', userId: OTHER } }],
          // Not even the member themself: their record is kept by the programme.
          deny: everyoneBut(['manager'], { type: 'member', userId: ME }),
        },
      ]),
    ),
    viewOwn: {
      allow: [{ who: as('volunteer'), on: { type: 'member', userId: ME } }],
      deny: [
        { who: as('volunteer'), on: { type: 'member', userId: OTHER } },
        { who: as('volunteer'), on: { type: 'member', userId: null } },
        ...everyoneBut(['volunteer'], { type: 'member', userId: ME }),
      ],
    },
  },
  authorisations: {
    list: {
      allow: [
        { who: as('officer'), on: { type: 'authorisations' } },
        { who: as('manager'), on: { type: 'authorisations' } },
      ],
      deny: everyoneBut(['officer', 'manager'], { type: 'authorisations' }),
    },
    create: {
      allow: [{ who: as('officer'), on: { type: 'authorisations' } }],
      deny: everyoneBut(['officer'], { type: 'authorisations' }),
    },
  },
  authorisation: Object.fromEntries(
    ['review', 'cancel'].map((a) => {
      const mine = {
        type: 'authorisation',
        authorisingOfficerId: ME,
        officerInChargeId: OTHER,
        status: 'live',
      } as const;
      return [
        a,
        {
          allow: [
            { who: as('officer'), on: mine },
            {
              who: as('officer'),
              on: { ...mine, authorisingOfficerId: OTHER, officerInChargeId: ME },
            },
          ],
          deny: [
            { who: as('officer'), on: { ...mine, authorisingOfficerId: OTHER } },
            { who: as('officer'), on: { ...mine, status: 'cancelled' } },
            ...everyoneBut(['officer'], mine),
          ],
        },
      ];
    }),
  ),
  rota: {
    view: {
      allow: [
        { who: as('officer'), on: { type: 'rota' } },
        { who: as('manager'), on: { type: 'rota' } },
      ],
      deny: everyoneBut(['officer', 'manager'], { type: 'rota' }),
    },
    manage: {
      allow: [{ who: as('manager'), on: { type: 'rota' } }],
      deny: everyoneBut(['manager'], { type: 'rota' }),
    },
  },
  programme: {
    ...Object.fromEntries(
      [
        'manageTraining',
        'updateSettings',
        'sendReminders',
        'viewMetrics',
        'exportTransparency',
      ].map((a) => [
        a,
        {
          allow: [{ who: as('manager'), on: { type: 'programme' } }],
          deny: everyoneBut(['manager'], { type: 'programme' }),
        },
      ]),
    ),
    viewSettings: {
      allow: [
        { who: as('manager'), on: { type: 'programme' } },
        { who: as('admin'), on: { type: 'programme' } },
      ],
      deny: everyoneBut(['manager', 'admin'], { type: 'programme' }),
    },
  },
  shift: {
    ...Object.fromEntries(
      ['viewOwn', 'stopNow', 'end', 'checkIn'].map((a) => [
        a,
        {
          allow: [{ who: as('volunteer'), on: { type: 'shift', userId: ME } }],
          deny: [
            { who: as('volunteer'), on: { type: 'shift', userId: OTHER } },
            ...everyoneBut(['volunteer'], { type: 'shift', userId: ME }),
          ],
        },
      ]),
    ),
    debrief: {
      allow: [{ who: as('officer'), on: { type: 'shift', userId: OTHER } }],
      deny: everyoneBut(['officer'], { type: 'shift', userId: OTHER }),
    },
  },
  debriefs: {
    list: {
      allow: [{ who: as('officer'), on: { type: 'debriefs' } }],
      deny: everyoneBut(['officer'], { type: 'debriefs' }),
    },
  },
  'retention-queue': {
    view: {
      allow: [{ who: as('officer'), on: { type: 'retention-queue' } }],
      deny: everyoneBut(['officer'], { type: 'retention-queue' }),
    },
  },
  retention: {
    view: {
      allow: [
        { who: as('officer'), on: { type: 'retention', ownerId: ME, disposed: false } },
        { who: as('officer'), on: { type: 'retention', ownerId: ME, disposed: true } },
      ],
      deny: [
        { who: as('officer'), on: { type: 'retention', ownerId: OTHER, disposed: false } },
        ...everyoneBut(['officer'], { type: 'retention', ownerId: ME, disposed: false }),
      ],
    },
    ...Object.fromEntries(
      ['retain', 'dispose'].map((a) => [
        a,
        {
          allow: [{ who: as('officer'), on: { type: 'retention', ownerId: ME, disposed: false } }],
          deny: [
            { who: as('officer'), on: { type: 'retention', ownerId: OTHER, disposed: false } },
            { who: as('officer'), on: { type: 'retention', ownerId: ME, disposed: true } },
            ...everyoneBut(['officer'], { type: 'retention', ownerId: ME, disposed: false }),
          ],
        },
      ]),
    ),
  },
} satisfies Record<string, Record<string, RuleCases>>);

describe('policies: every rule', () => {
  for (const [type, actions] of Object.entries(RULES)) {
    for (const [action, cases] of Object.entries(actions)) {
      test(`${type}.${action}`, () => {
        for (const c of cases.allow)
          assert.equal(
            can(c.who, action as never, c.on),
            true,
            `${c.who.role} should be allowed to ${action} ${JSON.stringify(c.on)}`,
          );
        for (const c of cases.deny)
          assert.equal(
            can(c.who, action as never, c.on),
            false,
            `${c.who.role} should be refused ${action} ${JSON.stringify(c.on)}`,
          );
      });
    }
  }

  test('every action of every policy has cases in this table (and nothing else)', () => {
    const inPolicies = Object.entries(POLICIES)
      .flatMap(([type, p]) => Object.keys(p).map((a) => `${type}.${a}`))
      .sort();
    const inTable = Object.entries(RULES)
      .flatMap(([type, a]) => Object.keys(a).map((x) => `${type}.${x}`))
      .sort();
    assert.deepEqual(inTable, inPolicies);
  });
});

describe('policies: red lines', () => {
  test('volunteers never export, download or take a copy of anything', () => {
    const v = staff('volunteer');
    assert.equal(can(v, 'export', myTask), false);
    assert.equal(
      can(v, 'downloadOriginal', { type: 'exhibit', caseOwnerId: ME, inQueue: false }),
      false,
    );
    assert.equal(can(v, 'exportBundle', { ...openCase }), false);
    assert.equal(can(v, 'export', { type: 'access-log' }), false);
  });

  test("volunteers never see other volunteers' tasks", () => {
    assert.equal(can(staff('volunteer'), 'view', othersTask), false);
    assert.equal(can(staff('volunteer'), 'viewMaterial', othersTask), false);
  });

  test('programme managers, auditors and admins never see case content', () => {
    const content: [string, Resource][] = [
      ['view', openCase],
      ['view', queued],
      ['viewTranscript', queued],
      ['viewTranscript', { type: 'exhibit', caseOwnerId: ME, inQueue: false }],
      ['downloadOriginal', { type: 'exhibit', caseOwnerId: ME, inQueue: false }],
      ['view', myTask],
      ['viewMaterial', myTask],
      [
        'viewUnmasked',
        { type: 'selector', caseOwnerId: ME, viaTask: { assigneeId: ME, needsSelectors: true } },
      ],
      ['view', { type: 'queue' }],
    ];
    for (const role of ['manager', 'auditor', 'admin'] as const)
      for (const [action, r] of content)
        assert.equal(can(as(role), action as never, r), false, `${role} ${action} ${r.type}`);
  });

  test('only officers decide: triage override, decisions, referrals, outcomes, bundle export', () => {
    const decisions: [string, Resource][] = [
      ['overrideTriage', queued],
      ['decide', openCase],
      ['refer', openCase],
      ['recordOutcome', openCase],
      ['exportBundle', openCase],
    ];
    for (const role of ROLES)
      for (const [action, r] of decisions)
        assert.equal(can(as(role), action as never, r), role === 'officer', `${role} ${action}`);
  });
});

describe('authorize and allowed actions', () => {
  test('authorize throws POLICY_DENIED (forbidden) naming role, action and resource', () => {
    assert.throws(
      () => authorize(as('volunteer'), 'view', othersTask),
      (e) =>
        isCustosError(e, 'POLICY_DENIED') &&
        e.category === 'forbidden' &&
        e.details?.action === 'view' &&
        e.details.resource === 'task' &&
        e.details.role === 'volunteer',
    );
    assert.doesNotThrow(() => authorize(as('volunteer'), 'view', myTask));
  });

  test('the refusal reads as plain words, not as code', () => {
    assert.throws(
      () => authorize(as('volunteer'), 'viewMaterial', othersTask),
      (e) => e instanceof Error && e.message === 'a volunteer may not view material on this task',
    );
    assert.throws(
      () => authorize(as('auditor'), 'view', othersTask),
      (e) => e instanceof Error && e.message === 'an auditor may not view this task',
    );
  });

  test('an unknown action is refused', () => {
    assert.equal(can(as('officer'), 'delete' as never, openCase), false);
  });

  test('allowed actions list exactly the permitted ones', () => {
    assert.deepEqual(allowedActions(as('volunteer'), myTask), [
      'view',
      'viewMaterial',
      'annotate',
      'start',
      'complete',
      'recordViewTime',
      'endViewTime',
    ]);
    assert.deepEqual(allowedActions(as('volunteer'), myBlockedTask), ['view', 'endViewTime']);
    assert.deepEqual(allowedActions(as('volunteer'), myLockedTask), ['endViewTime']);
    assert.deepEqual(allowedActions(as('officer'), closedCase), [
      'view',
      'justify',
      'exportBundle',
    ]);
  });

  test('capabilities per role', () => {
    assert.deepEqual(capabilities(as('public')), []);
    assert.deepEqual(capabilities(as('volunteer')), [
      'tasks:list',
      'notifications:list',
      'shift:own',
    ]);
    assert.deepEqual(capabilities(as('officer')), [
      'queue:view',
      'cases:list',
      'tasks:list',
      'notifications:list',
      'staff:list',
      'settings:view',
      'authorisations:view',
      'authorisations:create',
      'rota:view',
      'debriefs:list',
      'retention:review',
    ]);
    assert.deepEqual(capabilities(as('manager')), [
      'notifications:list',
      'welfare:view',
      'members:manage',
      'authorisations:view',
      'rota:view',
      'rota:manage',
      'training:manage',
      'programme:metrics',
      'programme:settings',
    ]);
    assert.deepEqual(capabilities(as('auditor')), [
      'notifications:list',
      'access-log:read',
      'access-log:export',
      'custody:verify',
    ]);
    assert.deepEqual(capabilities(as('admin')), [
      'notifications:list',
      'users:manage',
      'settings:view',
      'settings:manage',
      'programme:settings',
    ]);
  });

  test('a staff role without a user id is refused like the public', () => {
    assert.equal(can({ role: 'officer', userId: null }, 'view', { type: 'queue' }), false);
  });
});
