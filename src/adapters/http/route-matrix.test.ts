/**
 * The route × role matrix: every route the server registers (read from Fastify's onRoute hook) is
 * requested as each role — the public (no session), volunteer, officer, programme manager,
 * auditor and admin — and the outcome is compared with the explicit table below. "Denied" means
 * the request was stopped by authentication (401 SESSION_REQUIRED / SECOND_FACTOR_REQUIRED) or by
 * policy (403 POLICY_DENIED); anything else means it got past them (it may still fail on
 * business rules: 404, 409, 422, 428). A route missing from the table fails the test.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS } from '../../../test/support/databases.ts';
import {
  buildUser,
  Client,
  currentCode,
  multipartBody,
  openTestDesk,
  signIn,
  testServer,
  TEST_PASSWORD,
  type TestDesk,
} from '../../../test/support/desk.ts';
import type { StaffRole } from '../../policies/roles.ts';
import { DEFAULT_QUEUE_TARGETS } from '../../core/cases/queue.ts';
import { submitReport } from '../../usecases/intake/submit-report.ts';
import { addReportEvidence } from '../../usecases/intake/report-evidence.ts';
import { createCaseFromReport } from '../../usecases/reports/create-case.ts';
import { assignTask } from '../../usecases/tasks/assign-task.ts';
import { startTaskView } from '../../usecases/tasks/time-task-view.ts';
import { createUser } from '../../usecases/accounts/manage-users.ts';
import { DEFAULT_PROGRAMME_SETTINGS } from '../../core/programme/settings.ts';
import { liveAuthorisation, programmeReady } from '../../../test/support/programme.ts';

type MatrixRole = 'public' | StaffRole;
const ROLES: readonly MatrixRole[] = [
  'public',
  'volunteer',
  'officer',
  'manager',
  'auditor',
  'admin',
];
const ALL = ROLES;
const STAFF: readonly MatrixRole[] = ['volunteer', 'officer', 'manager', 'auditor', 'admin'];

/** The explicit table: route → roles that get past authentication and policy. */
const EXPECTED: Readonly<Record<string, readonly MatrixRole[]>> = {
  'GET /api/v1/session': ALL,
  'POST /api/v1/auth/login': ALL,
  'POST /api/v1/auth/totp': STAFF,
  'POST /api/v1/auth/totp/enrolment': STAFF,
  'POST /api/v1/auth/totp/enrolment/confirm': STAFF,
  'POST /api/v1/auth/logout': STAFF,
  'POST /api/v1/auth/logout-everywhere': STAFF,
  'POST /api/v1/auth/password': STAFF,
  'GET /api/v1/auth/setup': ALL,
  'POST /api/v1/auth/setup': ALL,
  'GET /api/v1/auth/invites/:token': ALL,
  'POST /api/v1/auth/invites/accept': ALL,
  'POST /api/v1/public/reports': ALL,
  'POST /api/v1/public/reports/:id/evidence': ALL,
  'POST /api/v1/public/reports/status': ALL,
  'GET /api/v1/queue': ['officer'],
  'GET /api/v1/reports/:id': ['officer'],
  'GET /api/v1/reports/:id/transcript': ['officer'],
  'POST /api/v1/reports/:id/triage-override': ['officer'],
  'POST /api/v1/reports/:id/case': ['officer'],
  'POST /api/v1/reports/:id/attach': ['officer'],
  'POST /api/v1/reports/:id/close': ['officer'],
  'POST /api/v1/reports/:id/deconfliction/:hitId/acknowledge': ['officer'],
  'GET /api/v1/exhibits/:id/transcript': ['officer'],
  'GET /api/v1/exhibits/:id/original': ['officer'],
  'GET /api/v1/cases': ['officer'],
  'GET /api/v1/cases/:id': ['officer'],
  'POST /api/v1/cases/:id/justification': ['officer'],
  'POST /api/v1/cases/:id/notes': ['officer'],
  'POST /api/v1/cases/:id/decisions': ['officer'],
  'POST /api/v1/cases/:id/referrals': ['officer'],
  'POST /api/v1/cases/:id/outcome': ['officer'],
  'POST /api/v1/cases/:id/transfer': ['officer'],
  'POST /api/v1/cases/:id/tasks': ['officer'],
  'POST /api/v1/cases/:id/evidence': ['officer'],
  'GET /api/v1/staff': ['officer'],
  'GET /api/v1/tasks': ['volunteer', 'officer'],
  'GET /api/v1/tasks/:id': ['volunteer', 'officer'],
  'POST /api/v1/tasks/:id/annotations': ['volunteer'],
  'POST /api/v1/tasks/:id/status': ['volunteer'],
  'POST /api/v1/tasks/:id/views': ['volunteer'],
  'POST /api/v1/tasks/:id/views/:viewId/heartbeat': ['volunteer'],
  'POST /api/v1/tasks/:id/views/:viewId/end': ['volunteer'],
  'GET /api/v1/notifications': STAFF,
  'POST /api/v1/notifications/:id/read': ['volunteer'],
  'GET /api/v1/access-log': ['auditor'],
  'GET /api/v1/access-log/export': ['auditor'],
  'GET /api/v1/access-log/verify': ['auditor'],
  'GET /api/v1/custody/verify': ['auditor'],
  'GET /api/v1/users': ['admin'],
  'POST /api/v1/users': ['admin'],
  'PATCH /api/v1/users/:id': ['admin'],
  'POST /api/v1/users/:id/invite': ['admin'],
  'POST /api/v1/users/:id/revoke-sessions': ['admin'],
  'GET /api/v1/settings/queue-targets': ['officer', 'admin'],
  'PUT /api/v1/settings/queue-targets': ['admin'],
  'GET /api/v1/welfare/exposure': ['manager'],
  // The volunteer programme (issue 6).
  'POST /api/v1/public/applications': ALL,
  'GET /api/v1/members': ['manager'],
  'POST /api/v1/members': ['manager'],
  'GET /api/v1/members/:id': ['manager'],
  'POST /api/v1/members/:id/status': ['manager'],
  'POST /api/v1/members/:id/legal-status': ['manager'],
  'POST /api/v1/members/:id/account': ['manager'],
  'POST /api/v1/members/:id/declarations': ['manager'],
  'POST /api/v1/members/:id/circumstances': ['manager'],
  'POST /api/v1/members/:id/investigation': ['manager'],
  'POST /api/v1/members/:id/barred-list-check': ['manager'],
  'POST /api/v1/members/:id/vetting': ['manager'],
  'POST /api/v1/members/:id/training': ['manager'],
  'GET /api/v1/training/modules': ['manager'],
  'PUT /api/v1/training/modules/:id': ['manager'],
  'GET /api/v1/authorisations': ['officer', 'manager'],
  'POST /api/v1/authorisations': ['officer'],
  'POST /api/v1/authorisations/:id/review': ['officer'],
  'POST /api/v1/authorisations/:id/cancel': ['officer'],
  'GET /api/v1/rota': ['officer', 'manager'],
  'POST /api/v1/rota': ['manager'],
  'POST /api/v1/rota/:id/cancel': ['manager'],
  'GET /api/v1/programme/me': ['volunteer'],
  'POST /api/v1/programme/me/stop-now': ['volunteer'],
  'POST /api/v1/programme/me/end-shift': ['volunteer'],
  'POST /api/v1/programme/me/check-in': ['volunteer'],
  'GET /api/v1/debriefs': ['officer'],
  'POST /api/v1/debriefs': ['officer'],
  'GET /api/v1/welfare/trends': ['manager'],
  'GET /api/v1/programme/settings': ['manager', 'admin'],
  'PUT /api/v1/programme/settings': ['manager'],
  'POST /api/v1/programme/reminders': ['manager'],
  'GET /api/v1/programme/metrics': ['manager'],
  'GET /api/v1/programme/transparency': ['manager'],
  'GET /api/v1/programme/transparency/export': ['manager'],
  'GET /api/v1/retention/reviews': ['officer'],
  'GET /api/v1/retention/classes': ['officer'],
  'GET /api/v1/cases/:id/retention': ['officer'],
  'POST /api/v1/cases/:id/retention': ['officer'],
  'GET /api/v1/openapi.json': ALL,
  'GET /*': ALL,
  'HEAD /*': ALL,
};

const GROOMING = readFileSync(
  new URL('../../../examples/whatsapp-android-chat.txt', import.meta.url),
);

/** A world where every route has something to act on. */
async function world(desk: TestDesk) {
  const users = {
    officer: await buildUser(desk, 'officer'),
    officer2: await buildUser(desk, 'officer'),
    volunteer: await buildUser(desk, 'volunteer'),
    volunteer3: await buildUser(desk, 'volunteer'),
    manager: await buildUser(desk, 'manager'),
    auditor: await buildUser(desk, 'auditor'),
    admin: await buildUser(desk, 'admin'),
  };
  const programme = await programmeReady(desk, users.officer.id, [users.volunteer.id]);
  // One to cancel (it covers no task of this world), and a duty period to cancel.
  const spareAuthorisation = await liveAuthorisation(desk, users.officer.id, {
    taskTypes: ['identifier-check'],
  });
  const spareRota = desk.ids.newId();
  await desk.uow.run((r) =>
    r.programme.rota.insert({
      id: spareRota,
      officerId: users.officer2.id,
      startsAt: '2026-01-07T08:00:00.000Z',
      endsAt: '2026-01-07T16:00:00.000Z',
      createdBy: users.manager.id,
      createdAt: '2026-01-05T08:00:00.000Z',
      cancelledAt: null,
    }),
  );
  const report = (ids: string[] = [], platform = 'snapchat') =>
    submitReport(desk, {
      childInDangerNow: 'no',
      whatHappened: 'messages to a child',
      platform,
      otherPersonIdentifiers: ids,
    });
  const r1 = await report(['riley.k1ck']);
  await addReportEvidence(desk, r1.report, {
    name: 'chat.txt',
    stream: [GROOMING] as unknown as AsyncIterable<Uint8Array>,
  });
  const exhibitId = (await desk.uow.read.desk.reports.exhibitIds(r1.report.id))[0] ?? '';
  const c1 = await createCaseFromReport(desk, users.officer.actor, r1.report.id, {
    title: 'Main case',
  });
  const c2 = await createCaseFromReport(desk, users.officer.actor, (await report()).report.id, {
    title: 'Case for the outcome',
  });
  const c3 = await createCaseFromReport(desk, users.officer.actor, (await report()).report.id, {
    title: 'Case for the transfer',
  });
  const r2 = await report(['riley.k1ck']);
  await addReportEvidence(desk, r2.report, {
    name: 'chat2.txt',
    stream: [GROOMING] as unknown as AsyncIterable<Uint8Array>,
  });
  const hit = (await desk.uow.read.desk.deconfliction.listByReports([r2.report.id]))[0];
  assert.ok(hit, 'the second report matches the first case');
  const task = await assignTask(desk, users.officer.actor, c1.id, {
    type: 'transcript-review',
    assigneeId: users.volunteer.id,
    exhibitId,
    instructions: 'Mark lines.',
  });
  const view = await startTaskView(desk, users.volunteer.actor, task.id);
  const notification = (
    await desk.uow.read.desk.notifications.listForUser(users.volunteer.id, 10)
  )[0];
  assert.ok(notification);
  const invited = await createUser(desk, users.admin.actor, {
    username: 'invitee',
    displayName: 'Invited Person',
    initials: 'INP',
    role: 'volunteer',
  });
  const forInvite = await createUser(desk, users.admin.actor, {
    username: 'invitee2',
    displayName: 'Second Invitee',
    initials: 'INQ',
    role: 'volunteer',
  });
  return {
    users,
    r1,
    r2,
    forCase: (await report()).report.id,
    forAttach: (await report()).report.id,
    forClose: (await report()).report.id,
    upload: await report(),
    exhibitId,
    c1: c1.id,
    c2: c2.id,
    c3: c3.id,
    hitId: hit.id,
    taskId: task.id,
    viewId: view.id,
    notificationId: notification.id,
    invited,
    forInvite,
    programme,
    spareAuthorisation,
    spareRota,
  };
}

type World = Awaited<ReturnType<typeof world>>;

interface Call {
  readonly url: string;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
  /** A multipart body (built per request). */
  readonly multipart?: boolean;
  /** Use a fresh client (and account) of the role: routes that set, end or change sessions. */
  readonly throwaway?: boolean;
}

/** How to call each route in this world. */
function callFor(route: string, w: World): Call {
  const [, path] = route.split(' ') as [string, string];
  const sub = (p: string, params: Record<string, string>) =>
    p.replace(/:(\w+)/g, (_, k: string) => params[k] ?? `:${k}`);
  switch (route) {
    case 'POST /api/v1/auth/login':
      return {
        url: path,
        body: { username: w.users.volunteer3.username, password: TEST_PASSWORD },
        throwaway: true,
      };
    case 'POST /api/v1/auth/totp':
    case 'POST /api/v1/auth/totp/enrolment/confirm':
      return { url: path, body: { code: '000000' }, throwaway: true };
    case 'POST /api/v1/auth/logout':
    case 'POST /api/v1/auth/logout-everywhere':
      return { url: path, throwaway: true };
    case 'POST /api/v1/auth/password':
      return {
        url: path,
        body: { currentPassword: TEST_PASSWORD, newPassword: 'a brand new long password' },
        throwaway: true,
      };
    case 'POST /api/v1/auth/setup':
      return {
        url: path,
        body: {
          token: 'x'.repeat(43),
          username: 'second-admin',
          displayName: 'Second',
          initials: 'SEC',
          password: 'a long enough password',
        },
        throwaway: true,
      };
    case 'GET /api/v1/auth/invites/:token':
      return { url: sub(path, { token: w.invited.invite.token }) };
    case 'POST /api/v1/auth/invites/accept':
      return {
        url: path,
        body: { token: w.invited.invite.token, password: 'a long enough password' },
        throwaway: true,
      };
    case 'POST /api/v1/public/reports':
      return {
        url: path,
        body: {
          childInDangerNow: 'no',
          whatHappened: 'x',
          platform: 'other',
          otherPersonIdentifiers: [],
        },
      };
    case 'POST /api/v1/public/reports/:id/evidence':
      return {
        url: sub(path, { id: w.upload.report.id }),
        multipart: true,
        headers: { 'x-upload-token': w.upload.uploadToken },
      };
    case 'POST /api/v1/public/reports/status':
      return { url: path, body: { receiptCode: w.r1.receiptCode } };
    case 'GET /api/v1/reports/:id':
    case 'GET /api/v1/reports/:id/transcript':
      return { url: sub(path, { id: w.r2.report.id }) };
    case 'POST /api/v1/reports/:id/triage-override':
      return {
        url: sub(path, { id: w.r2.report.id }),
        body: { band: 'HIGH', reason: 'meeting arranged in the chat' },
      };
    case 'POST /api/v1/reports/:id/case':
      return { url: sub(path, { id: w.forCase }), body: { title: 'A new case' } };
    case 'POST /api/v1/reports/:id/attach':
      return { url: sub(path, { id: w.forAttach }), body: { caseId: w.c1 } };
    case 'POST /api/v1/reports/:id/close':
      return {
        url: sub(path, { id: w.forClose }),
        body: { reason: 'no offence disclosed in the report' },
      };
    case 'POST /api/v1/reports/:id/deconfliction/:hitId/acknowledge':
      return { url: sub(path, { id: w.r2.report.id, hitId: w.hitId }), body: {} };
    case 'GET /api/v1/exhibits/:id/transcript':
    case 'GET /api/v1/exhibits/:id/original':
      return { url: sub(path, { id: w.exhibitId }) };
    case 'GET /api/v1/cases/:id':
      return { url: sub(path, { id: w.c1 }) };
    case 'POST /api/v1/cases/:id/justification':
      return { url: sub(path, { id: w.c1 }), body: { reasonCode: 'case-work' } };
    case 'POST /api/v1/cases/:id/notes':
      return { url: sub(path, { id: w.c1 }), body: { text: 'a note' } };
    case 'POST /api/v1/cases/:id/decisions':
      return {
        url: sub(path, { id: w.c1 }),
        body: {
          kind: 'general',
          summary: 'seek platform data',
          rationale: 'to attribute the account',
        },
      };
    case 'POST /api/v1/cases/:id/referrals':
      return {
        url: sub(path, { id: w.c1 }),
        body: { recipientType: 'ceop', recipientName: 'CEOP', purpose: 'safeguarding' },
      };
    case 'POST /api/v1/cases/:id/outcome':
      return { url: sub(path, { id: w.c2 }), body: { outcome: 'safeguarding-only' } };
    case 'POST /api/v1/cases/:id/transfer':
      return {
        url: sub(path, { id: w.c3 }),
        body: { toUserId: w.users.officer2.id, reason: 'shift change' },
      };
    case 'POST /api/v1/cases/:id/tasks':
      return {
        url: sub(path, { id: w.c1 }),
        body: {
          type: 'timeline-summary',
          assigneeId: w.users.volunteer.id,
          exhibitId: w.exhibitId,
          instructions: 'Summarise.',
        },
      };
    case 'POST /api/v1/cases/:id/evidence':
      return { url: sub(path, { id: w.c1 }), multipart: true };
    case 'GET /api/v1/staff':
      return { url: `${path}?role=volunteer` };
    case 'GET /api/v1/tasks/:id':
    case 'POST /api/v1/tasks/:id/views':
      return { url: sub(path, { id: w.taskId }) };
    case 'POST /api/v1/tasks/:id/annotations':
      return {
        url: sub(path, { id: w.taskId }),
        body: { messageIndex: 1, label: 'relevant', note: '' },
      };
    case 'POST /api/v1/tasks/:id/status':
      return { url: sub(path, { id: w.taskId }), body: { status: 'in-progress' } };
    case 'POST /api/v1/tasks/:id/views/:viewId/heartbeat':
    case 'POST /api/v1/tasks/:id/views/:viewId/end':
      return { url: sub(path, { id: w.taskId, viewId: w.viewId }) };
    case 'POST /api/v1/notifications/:id/read':
      return { url: sub(path, { id: w.notificationId }) };
    case 'GET /api/v1/access-log/export':
      return { url: `${path}?format=csv` };
    case 'POST /api/v1/users':
      return {
        url: path,
        body: {
          username: 'new-person',
          displayName: 'New Person',
          initials: 'NEP',
          role: 'volunteer',
        },
      };
    case 'PATCH /api/v1/users/:id':
      return {
        url: sub(path, { id: w.users.volunteer3.id }),
        body: { displayName: 'Volunteer Three' },
      };
    case 'POST /api/v1/users/:id/invite':
      return { url: sub(path, { id: w.forInvite.user.id }) };
    case 'POST /api/v1/users/:id/revoke-sessions':
      return { url: sub(path, { id: w.users.volunteer3.id }) };
    case 'PUT /api/v1/settings/queue-targets':
      return { url: path, body: { targets: DEFAULT_QUEUE_TARGETS } };
    case 'POST /api/v1/public/applications':
      return {
        url: path,
        body: {
          name: 'Jo Applicant',
          email: 'jo.applicant@example.com',
          over18: true,
          pastGroupMembership: true,
          pastGroups: 'An online group that confronted people, 2019-2021',
          motivation: 'I want to help within the law.',
          consent: true,
        },
      };
    case 'GET /api/v1/members/:id':
      return { url: sub(path, { id: w.programme.members[0]?.id ?? '' }) };
    case 'POST /api/v1/members':
      return { url: path, body: { displayName: 'Paper Applicant' } };
    case 'POST /api/v1/members/:id/status':
      return {
        url: sub(path, { id: w.programme.members[0]?.id ?? '' }),
        body: { status: 'active' },
      };
    case 'POST /api/v1/members/:id/legal-status':
      return {
        url: sub(path, { id: w.programme.members[0]?.id ?? '' }),
        body: { legalStatus: 'police-support-volunteer' },
      };
    case 'POST /api/v1/members/:id/account':
      return {
        url: sub(path, { id: w.programme.members[0]?.id ?? '' }),
        body: { userId: w.users.volunteer.id },
      };
    case 'POST /api/v1/members/:id/declarations':
      return {
        url: sub(path, { id: w.programme.members[0]?.id ?? '' }),
        body: { kind: 'social-channel', description: 'A channel about online safety' },
      };
    case 'POST /api/v1/members/:id/circumstances':
      return {
        url: sub(path, { id: w.programme.members[0]?.id ?? '' }),
        body: { kind: 'relationship', note: 'New partner declared' },
      };
    case 'POST /api/v1/members/:id/investigation':
      return {
        url: sub(path, { id: w.programme.members[0]?.id ?? '' }),
        body: { underInvestigation: false },
      };
    case 'POST /api/v1/members/:id/barred-list-check':
      return {
        url: sub(path, { id: w.programme.members[0]?.id ?? '' }),
        body: { checkedAt: '2025-12-01T00:00:00.000Z', result: 'clear' },
      };
    case 'POST /api/v1/members/:id/vetting':
      return {
        url: sub(path, { id: w.programme.members[0]?.id ?? '' }),
        body: {
          level: 'RV',
          grantedAt: '2025-12-01T00:00:00.000Z',
          expiresAt: '2028-12-01T00:00:00.000Z',
        },
      };
    case 'POST /api/v1/members/:id/training':
      return {
        url: sub(path, { id: w.programme.members[0]?.id ?? '' }),
        body: { moduleId: 'safeguarding', completedAt: '2025-12-01T00:00:00.000Z' },
      };
    case 'PUT /api/v1/training/modules/:id':
      return {
        url: sub(path, { id: 'online-safety-basics' }),
        body: { title: 'Online safety basics', version: '1', validityMonths: 12 },
      };
    case 'POST /api/v1/authorisations':
      return {
        url: path,
        body: {
          operation: 'Operation Matrix',
          taskTypes: ['transcript-review'],
          platforms: ['whatsapp'],
          startsAt: '2026-01-01T00:00:00.000Z',
          reviewAt: '2026-03-01T00:00:00.000Z',
          expiresAt: '2026-06-01T00:00:00.000Z',
          officerInChargeId: w.users.officer.id,
          supervisorId: w.users.officer2.id,
        },
      };
    case 'POST /api/v1/authorisations/:id/review':
      return {
        url: sub(path, { id: w.programme.authorisation.id }),
        body: { nextReviewAt: '2026-02-20T00:00:00.000Z', note: 'reviewed: still needed' },
      };
    case 'POST /api/v1/authorisations/:id/cancel':
      return {
        url: sub(path, { id: w.spareAuthorisation.id }),
        body: { reason: 'operation closed' },
      };
    case 'POST /api/v1/rota':
      return {
        url: path,
        body: {
          officerId: w.users.officer2.id,
          startsAt: '2026-01-06T08:00:00.000Z',
          endsAt: '2026-01-06T16:00:00.000Z',
        },
      };
    case 'POST /api/v1/rota/:id/cancel':
      return { url: sub(path, { id: w.spareRota }) };
    case 'POST /api/v1/programme/me/stop-now':
    case 'POST /api/v1/programme/me/end-shift':
      // A fresh volunteer: ending the main volunteer's shift would lock the task routes after it.
      return { url: path, throwaway: true };
    case 'POST /api/v1/programme/me/check-in':
      return { url: path, body: { wellbeing: 4, wantsContact: false } };
    case 'POST /api/v1/debriefs':
      return {
        url: path,
        body: {
          userId: w.users.volunteer.id,
          shiftStartedAt: '2026-01-05T09:00:00.000Z',
          notes: 'Talked it through.',
        },
      };
    case 'PUT /api/v1/programme/settings':
      return { url: path, body: { ...DEFAULT_PROGRAMME_SETTINGS } };
    case 'GET /api/v1/programme/transparency/export':
      return { url: `${path}?format=csv` };
    case 'GET /api/v1/cases/:id/retention':
      return { url: sub(path, { id: w.c1 }) };
    case 'POST /api/v1/cases/:id/retention':
      // Retain (disposal would destroy the case other routes use; it is tested in the e2e spec).
      return {
        url: sub(path, { id: w.c1 }),
        body: {
          decision: 'retain',
          reasonCode: 'investigation-ongoing',
          rationale: 'the investigation continues',
          nextReview: '2027-06-01',
        },
      };
    case 'GET /*':
    case 'HEAD /*':
      return { url: '/some/page' };
    default:
      return { url: path, ...(route.startsWith('POST') ? { body: {} } : {}) };
  }
}

function denied(status: number, body: unknown): boolean {
  const code = (body as { error?: { code?: string } } | undefined)?.error?.code;
  return (
    (status === 401 && (code === 'SESSION_REQUIRED' || code === 'SECOND_FACTOR_REQUIRED')) ||
    (status === 403 && code === 'POLICY_DENIED')
  );
}

for (const dialect of DIALECTS) {
  describe(`route × role matrix on ${dialect}`, () => {
    test('every registered route allows exactly the roles in the table', async () => {
      const desk = await openTestDesk(dialect);
      const webRoot = await mkdtemp(join(tmpdir(), 'custos-web-'));
      await writeFile(join(webRoot, 'index.html'), '<!doctype html><title>Custos</title>');
      const { app, routes } = await testServer(desk, { webRoot });
      try {
        const w = await world(desk);
        const clients: Record<MatrixRole, Client> = {
          public: new Client(app),
          volunteer: await signIn(desk, app, w.users.volunteer),
          officer: await signIn(desk, app, w.users.officer),
          manager: await signIn(desk, app, w.users.manager),
          auditor: await signIn(desk, app, w.users.auditor),
          admin: await signIn(desk, app, w.users.admin),
        };
        const registered = [...new Set(routes.map((r) => `${r.method} ${r.url}`))].sort();
        assert.deepEqual(
          registered.filter((r) => !(r in EXPECTED)),
          [],
          'routes missing from the table',
        );
        assert.deepEqual(
          Object.keys(EXPECTED)
            .filter((r) => !registered.includes(r))
            .sort(),
          [],
          'table rows for routes that do not exist',
        );

        const problems: string[] = [];
        for (const route of registered) {
          const method = route.split(' ')[0] as 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH';
          const expected = EXPECTED[route] ?? [];
          for (const role of ROLES) {
            const call = callFor(route, w);
            let client = clients[role];
            if (call.throwaway)
              client =
                role === 'public'
                  ? new Client(app)
                  : await signIn(desk, app, await buildUser(desk, role));
            let res;
            if (call.multipart) {
              const mp = multipartBody([{ name: 'note.txt', content: 'a small file' }]);
              const headers: Record<string, string> = {
                'content-type': mp.contentType,
                ...(call.headers ?? {}),
              };
              if (client.cookie) headers.cookie = `custos_session=${client.cookie}`;
              if (client.csrf) headers['x-csrf-token'] = client.csrf;
              const r = await app.inject({ method, url: call.url, payload: mp.body, headers });
              res = {
                status: r.statusCode,
                body: r.body ? (JSON.parse(r.body) as unknown) : undefined,
              };
            } else {
              res = await client.request(method, call.url, call.body, call.headers ?? {});
            }
            const allowed = !denied(res.status, res.body);
            if (res.status >= 500)
              problems.push(`${route} as ${role}: server error ${JSON.stringify(res.body)}`);
            if (allowed !== expected.includes(role))
              problems.push(
                `${route} as ${role}: ${allowed ? 'allowed' : 'denied'} (${res.status} ${JSON.stringify(res.body).slice(0, 160)}), expected ${expected.includes(role) ? 'allowed' : 'denied'}`,
              );
          }
        }
        assert.deepEqual(problems, []);
        // The officer's TOTP was needed: a password alone does not open the desk.
        const half = new Client(app);
        await half.post('/api/v1/auth/login', {
          username: w.users.officer.username,
          password: TEST_PASSWORD,
        });
        assert.equal((await half.get('/api/v1/queue')).status, 401);
        assert.ok(await currentCode(desk));
      } finally {
        await app.close();
        await desk.close();
        await rm(webRoot, { recursive: true, force: true });
      }
    });
  });
}
