/**
 * The programme's repositories on every dialect: the migration's seeded catalogue is the core's
 * minimum set; members, declarations, vetting, completions, authorisations with task links and
 * counts, rota overlap queries, welfare records, events and reminders round-trip.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS, withDatabase } from '../../../test/support/databases.ts';
import { DEFAULT_MODULES } from '../../core/programme/training.ts';
import type { Member } from '../../core/programme/types.ts';
import { unitOfWork } from './repositories.ts';

const T = '2026-03-01T10:00:00.000Z';

for (const dialect of DIALECTS) {
  describe(`programme repositories on ${dialect}`, () => {
    test('the migration seeds the R10 minimum catalogue', async () => {
      await withDatabase(dialect, async ({ db }) => {
        const modules = await unitOfWork(db).read.programme.training.modules();
        const byId = (xs: readonly { id: string }[]) =>
          [...xs].sort((a, b) => (a.id < b.id ? -1 : 1));
        assert.deepEqual(byId(modules), byId(DEFAULT_MODULES));
      });
    });

    test('records round-trip', async () => {
      await withDatabase(dialect, async ({ db }) => {
        const uow = unitOfWork(db);
        const m: Member = {
          id: 'm1',
          ref: 'M-2026-0001',
          displayName: 'Sam Okafor',
          email: 'sam@example.com',
          phone: '+44 7700 900123',
          status: 'applicant',
          legalStatus: null,
          userId: null,
          pastGroupMembership: true,
          motivation: 'to help',
          barredListCheck: null,
          underInvestigationSince: null,
          appliedAt: T,
          createdAt: T,
          updatedAt: T,
        };
        await uow.run(async (r) => {
          await r.accounts.users.insert({
            id: 'o1',
            username: 'officer1',
            displayName: 'Officer One',
            initials: 'OO',
            role: 'officer',
            status: 'active',
            passwordHash: null,
            totpSecret: null,
            totpPendingSecret: null,
            createdAt: T,
            updatedAt: T,
            lastSignInAt: null,
          });
          await r.programme.members.insert(m);
          await r.programme.members.update('m1', {
            status: 'vetting',
            legalStatus: 'special-constable',
            barredListCheck: { checkedAt: T, result: 'clear' },
            updatedAt: T,
          });
          await r.programme.members.insertDeclaration({
            id: 'd1',
            memberId: 'm1',
            kind: 'case-connection',
            caseId: 'case-x',
            description: 'neighbour',
            declaredAt: T,
            recordedBy: null,
          });
          await r.programme.vetting.put({
            memberId: 'm1',
            level: 'NPPV2',
            grantedAt: T,
            expiresAt: '2029-03-01T10:00:00.000Z',
            recordedBy: 'mgr',
            updatedAt: T,
          });
          await r.programme.vetting.put({
            memberId: 'm1',
            level: 'RV',
            grantedAt: T,
            expiresAt: '2030-03-01T10:00:00.000Z',
            recordedBy: 'mgr',
            updatedAt: T,
          });
          await r.programme.training.insertCompletion({
            id: 'c1',
            memberId: 'm1',
            moduleId: 'safeguarding',
            version: '2026.1',
            completedAt: T,
            validUntil: '2027-03-01T10:00:00.000Z',
            signedOffBy: 'mgr',
            recordedAt: T,
          });
          await r.programme.rota.insert({
            id: 'r1',
            officerId: 'o1',
            startsAt: '2026-03-01T08:00:00.000Z',
            endsAt: '2026-03-01T16:00:00.000Z',
            createdBy: 'mgr',
            createdAt: T,
            cancelledAt: null,
          });
          await r.programme.welfare.insertShiftEnd({
            id: 's1',
            userId: 'u1',
            kind: 'stop-now',
            at: T,
          });
          await r.programme.welfare.insertCheckIn({
            id: 'k1',
            userId: 'u1',
            shiftStartedAt: T,
            at: T,
            wellbeing: 2,
            wantsContact: true,
            note: null,
          });
          await r.programme.events.insert({
            id: 'e1',
            at: T,
            actor: 'user:mgr',
            subject: 'member:m1',
            kind: 'status-changed',
            details: { from: 'applicant', to: 'vetting' },
          });
          await r.programme.reminders.markSent('vetting:m1:x:90', T);
          await r.programme.reminders.markSent('vetting:m1:x:90', T);
        });
        const r = uow.read.programme;
        const got = await r.members.findById('m1');
        assert.deepEqual(
          [got?.status, got?.legalStatus, got?.barredListCheck?.result, got?.pastGroupMembership],
          ['vetting', 'special-constable', 'clear', true],
        );
        assert.equal((await r.members.declarationsOf(['m1']))[0]?.caseId, 'case-x');
        assert.equal((await r.vetting.findByMember('m1'))?.level, 'RV', 'one clearance per member');
        assert.equal((await r.training.completionsOf(['m1'])).length, 1);
        assert.equal(
          (await r.rota.overlapping('2026-03-01T15:59:00.000Z', '2026-03-01T17:00:00.000Z')).length,
          1,
        );
        assert.equal(
          (await r.rota.overlapping('2026-03-01T16:00:00.000Z', '2026-03-01T17:00:00.000Z')).length,
          0,
          'end is exclusive',
        );
        assert.equal((await r.welfare.checkInsSince('u1', T))[0]?.wantsContact, true);
        assert.equal((await r.welfare.shiftEndsSince(null, T)).length, 1);
        assert.deepEqual((await r.events.listFor('member:m1'))[0]?.details, {
          from: 'applicant',
          to: 'vetting',
        });
        assert.equal(
          (await r.events.listKinds(['status-changed'], T, '2026-03-02T00:00:00.000Z')).length,
          1,
        );
        assert.equal(await r.reminders.wasSent('vetting:m1:x:90'), true);
        assert.equal(await r.reminders.wasSent('vetting:m1:x:60'), false);
      });
    });
  });
}
