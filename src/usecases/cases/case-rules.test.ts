/**
 * Case rules at the use-case level (policies are called by the use cases, not only by routes):
 * ownership, need-to-know, only officers decide, R53 before an arrest or interview referral,
 * transfer as an event, outcomes closing the case, evidence added to a case.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS } from '../../../test/support/databases.ts';
import { buildUser, openTestDesk, type TestDesk } from '../../../test/support/desk.ts';
import { isCustosError } from '../../core/errors.ts';
import type { DeskActor } from '../desk-context.ts';
import { submitReport } from '../intake/submit-report.ts';
import { createCaseFromReport, attachReportToCase, closeReport } from '../reports/create-case.ts';
import { overrideTriage } from '../reports/override-triage.ts';
import { viewReport } from '../reports/view-report.ts';
import { listQueue } from '../reports/list-queue.ts';
import { addNote } from './add-note.ts';
import { recordDecision } from './record-decision.ts';
import { referCase } from './refer-case.ts';
import { recordOutcome } from './record-outcome.ts';
import { transferCase } from './transfer-case.ts';
import { justifyCaseView } from './justification.ts';
import { listCases, viewCase } from './view-case.ts';
import { addCaseEvidence } from './add-case-evidence.ts';
import { caseRegister } from './case-register.ts';
import { LOCAL_OPERATOR } from '../desk-context.ts';

const denied = (e: unknown) => isCustosError(e, 'POLICY_DENIED');
const once = (s: string): AsyncIterable<Uint8Array> =>
  (async function* () {
    yield new TextEncoder().encode(s);
  })();

async function setup(desk: TestDesk) {
  const owner = await buildUser(desk, 'officer');
  const other = await buildUser(desk, 'officer');
  const r = await submitReport(desk, {
    childInDangerNow: 'no',
    whatHappened: 'x',
    platform: 'other',
    otherPersonIdentifiers: [],
  });
  const kase = await createCaseFromReport(desk, owner.actor, r.report.id, { title: 'The case' });
  const justify = (a: DeskActor) => justifyCaseView(desk, a, kase.id, { reasonCode: 'case-work' });
  return { owner, other, report: r.report, kase, justify };
}

for (const dialect of DIALECTS) {
  describe(`case rules on ${dialect}`, () => {
    test('only the owning officer sees and changes a case; others never see its content', async () => {
      const desk = await openTestDesk(dialect);
      try {
        const { owner, other, kase, justify, report } = await setup(desk);
        await justify(owner.actor);
        assert.equal((await viewCase(desk, owner.actor, kase.id)).owner.id, owner.id);
        await assert.rejects(justify(other.actor), denied);
        await assert.rejects(viewCase(desk, other.actor, kase.id), denied);
        await assert.rejects(viewReport(desk, other.actor, report.id), denied);
        for (const role of ['manager', 'auditor', 'admin', 'volunteer'] as const) {
          const u = await buildUser(desk, role);
          await assert.rejects(viewCase(desk, u.actor, kase.id), denied, role);
          await assert.rejects(viewReport(desk, u.actor, report.id), denied, role);
          await assert.rejects(listQueue(desk, u.actor), denied, role);
          await assert.rejects(addNote(desk, u.actor, kase.id, { text: 'x' }), denied, role);
        }
        await assert.rejects(addNote(desk, other.actor, kase.id, { text: 'x' }), denied);
        assert.equal((await addNote(desk, owner.actor, kase.id, { text: 'fine' })).kind, 'note');
        assert.deepEqual(
          (await listCases(desk, other.actor)).items,
          [],
          'an officer lists only their own cases',
        );
        assert.equal((await listCases(desk, owner.actor)).items.length, 1);
      } finally {
        await desk.close();
      }
    });

    test('a referral for arrest or interview needs a subject-welfare decision first (R53)', async () => {
      const desk = await openTestDesk(dialect);
      try {
        const { owner, other, kase } = await setup(desk);
        const referral = {
          recipientType: 'force' as const,
          recipientName: 'Example Constabulary',
          purpose: 'arrest' as const,
        };
        await assert.rejects(referCase(desk, owner.actor, kase.id, referral), (e) =>
          isCustosError(e, 'WELFARE_DECISION_REQUIRED'),
        );
        await assert.rejects(
          referCase(desk, owner.actor, kase.id, { ...referral, welfareDecisionId: 'made-up' }),
          (e) => isCustosError(e, 'WELFARE_DECISION_NOT_FOUND'),
        );
        await assert.rejects(
          recordDecision(desk, other.actor, kase.id, {
            kind: 'general',
            summary: 'x',
            rationale: 'y',
          }),
          denied,
        );
        const welfare = await recordDecision(desk, owner.actor, kase.id, {
          kind: 'subject-welfare',
          vulnerability: 'no known learning disability; lives alone',
          suicideRisk: 'unknown',
          safeguardingOthers: 'no children in the household known',
          steps:
            'Stop It Now! signposting and a family information pack at arrest; mental-health referral if needed',
          rationale: 'NPCC suicide-prevention guidance',
        });
        const ok = await referCase(desk, owner.actor, kase.id, {
          ...referral,
          welfareDecisionId: welfare.id,
        });
        assert.equal(ok.kind, 'referral');
        assert.equal(ok.body.welfareDecisionId, welfare.id);
        assert.equal(
          (
            await referCase(desk, owner.actor, kase.id, {
              recipientType: 'ceop',
              recipientName: 'CEOP',
              purpose: 'safeguarding',
            })
          ).kind,
          'referral',
        );
        const events = await desk.uow.read.custody.eventsFor(`case:${kase.ref}`);
        assert.deepEqual(
          events.map((e) => e.action),
          ['case-opened', 'decided', 'referred', 'referred'],
        );
      } finally {
        await desk.close();
      }
    });

    test('transfer moves ownership as an event; the outcome closes the case', async () => {
      const desk = await openTestDesk(dialect);
      try {
        const { owner, other, kase } = await setup(desk);
        const volunteer = await buildUser(desk, 'volunteer');
        await assert.rejects(
          transferCase(desk, owner.actor, kase.id, {
            toUserId: volunteer.id,
            reason: 'wrong person',
          }),
          (e) => isCustosError(e, 'TRANSFER_TARGET_INVALID'),
        );
        const t = await transferCase(desk, owner.actor, kase.id, {
          toUserId: other.id,
          reason: 'shift change',
        });
        assert.equal(t.kind, 'transfer');
        assert.deepEqual([t.body.fromUserId, t.body.toUserId], [owner.id, other.id]);
        await assert.rejects(
          addNote(desk, owner.actor, kase.id, { text: 'x' }),
          denied,
          'the former owner has no access',
        );
        assert.ok(
          (await desk.uow.read.desk.notifications.listForUser(other.id, 5)).some(
            (n) => n.kind === 'case-transferred',
          ),
        );
        await recordOutcome(desk, other.actor, kase.id, { outcome: 'safeguarding-only' });
        const closed = await desk.uow.read.desk.cases.findById(kase.id);
        assert.deepEqual([closed?.status, closed?.outcome], ['closed', 'safeguarding-only']);
        await assert.rejects(
          addNote(desk, other.actor, kase.id, { text: 'x' }),
          denied,
          'a closed case takes no more notes',
        );
        await assert.rejects(recordOutcome(desk, other.actor, kase.id, { outcome: 'nfa' }), denied);
        assert.deepEqual(
          (await caseRegister(desk, LOCAL_OPERATOR)).map((c) => [c.ref, c.status, c.ownerId]),
          [[kase.ref, 'closed', other.id]],
        );
        await assert.rejects(caseRegister(desk, other.actor), denied);
      } finally {
        await desk.close();
      }
    });

    test('triage overrides sit beside the assessment; only officers decide on reports', async () => {
      const desk = await openTestDesk(dialect);
      try {
        const officer = await buildUser(desk, 'officer');
        const volunteer = await buildUser(desk, 'volunteer');
        const r = await submitReport(desk, {
          childInDangerNow: 'no',
          whatHappened: 'x',
          platform: 'other',
          otherPersonIdentifiers: [],
        });
        await assert.rejects(
          overrideTriage(desk, volunteer.actor, r.report.id, {
            band: 'HIGH',
            reason: 'looks serious',
          }),
          denied,
        );
        await overrideTriage(desk, officer.actor, r.report.id, {
          band: 'HIGH',
          reason: 'meeting arranged',
        });
        await overrideTriage(desk, officer.actor, r.report.id, {
          band: 'MEDIUM',
          reason: 'child safe, meeting cancelled',
        });
        const page = await viewReport(desk, officer.actor, r.report.id);
        assert.deepEqual(
          page.overrides.map((o) => o.band),
          ['MEDIUM', 'HIGH'],
          'newest first; none is replaced',
        );
        const q = await listQueue(desk, officer.actor);
        assert.equal(q.items[0]?.band, 'MEDIUM');
        assert.equal(q.items[0]?.overrideBand, 'MEDIUM');
        // Closing and attaching.
        const r2 = await submitReport(desk, {
          childInDangerNow: 'no',
          whatHappened: 'y',
          platform: 'other',
          otherPersonIdentifiers: [],
        });
        await closeReport(desk, officer.actor, r2.report.id, { reason: 'no offence disclosed' });
        await assert.rejects(
          createCaseFromReport(desk, officer.actor, r2.report.id, { title: 'too late' }),
          denied,
        );
        const kase = await createCaseFromReport(desk, officer.actor, r.report.id, {
          title: 'Case',
        });
        const r3 = await submitReport(desk, {
          childInDangerNow: 'no',
          whatHappened: 'z',
          platform: 'other',
          otherPersonIdentifiers: [],
        });
        const other = await buildUser(desk, 'officer');
        await assert.rejects(
          attachReportToCase(desk, other.actor, r3.report.id, kase.id),
          denied,
          'only to a case you own',
        );
        assert.equal(
          (await attachReportToCase(desk, officer.actor, r3.report.id, kase.id)).reportCount,
          2,
        );
      } finally {
        await desk.close();
      }
    });

    test('an officer adds evidence to their case under their own initials', async () => {
      const desk = await openTestDesk(dialect);
      try {
        const { owner, other, kase } = await setup(desk);
        await assert.rejects(
          addCaseEvidence(desk, other.actor, kase.id, { name: 'x.txt', stream: once('x') }),
          denied,
        );
        const added = await addCaseEvidence(desk, owner.actor, kase.id, {
          name: 'notes.txt',
          stream: once('handed in at the station'),
        });
        assert.equal(added.ref, `${owner.initials}/1`);
        assert.ok((await desk.uow.read.desk.cases.exhibitIdsOf(kase.id)).includes(added.id));
      } finally {
        await desk.close();
      }
    });
  });
}
