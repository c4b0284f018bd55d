/** The public report: receipt code stored hashed, status only by receipt, call-999 guidance, identifiers read. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS } from '../../../test/support/databases.ts';
import { openTestDesk } from '../../../test/support/desk.ts';
import { isCustosError } from '../../core/errors.ts';
import { checkReportStatus } from './check-report-status.ts';
import { receiptHash, submitReport } from './submit-report.ts';

for (const dialect of DIALECTS) {
  describe(`public intake on ${dialect}`, () => {
    test('a report gets a receipt code kept only as a hash, and its status is all the code shows', async () => {
      const desk = await openTestDesk(dialect);
      try {
        const r = await submitReport(desk, {
          childInDangerNow: 'yes',
          whatHappened: 'private details of what happened',
          platform: 'whatsapp',
          otherPersonIdentifiers: ['+44 7700 900123', 'riley.k1ck'],
          childAge: 12,
          contact: { email: 'parent@example.com' },
        });
        assert.equal(r.callNow, true);
        assert.match(r.report.ref, /^R-\d{4}-0001$/);
        assert.notEqual(r.report.receiptHash, r.receiptCode);
        assert.equal(r.report.receiptHash, receiptHash(r.receiptCode));
        const stored = await desk.uow.read.desk.reports.findById(r.report.id);
        assert.ok(
          !JSON.stringify(stored).includes(r.receiptCode.replace(/-/g, '')),
          'the code itself is not stored',
        );
        const status = await checkReportStatus(desk, r.receiptCode.toLowerCase());
        assert.deepEqual(Object.keys(status).sort(), [
          'description',
          'receivedAt',
          'status',
          'updatedAt',
        ]);
        assert.equal(status.status, 'received');
        assert.ok(!JSON.stringify(status).includes('private details'));
        await assert.rejects(checkReportStatus(desk, 'AAAA-AAAA-AAAA-AAAA'), (e) =>
          isCustosError(e, 'RECEIPT_NOT_FOUND'),
        );
        const selectors = await desk.uow.read.desk.reports.selectorsOf([r.report.id]);
        assert.deepEqual(selectors.map((s) => s.matchKey).sort(), [
          'handle:riley.k1ck',
          'phone:+447700900123',
        ]);
        const events = await desk.uow.read.custody.eventsFor(`report:${r.report.ref}`);
        assert.deepEqual(
          events.map((e) => [e.action, e.reason]),
          [['reported', 'danger-yes']],
        );
        assert.ok(!events[0]?.leaf.includes('private'), 'no content in the custody leaf');
        const second = await submitReport(desk, {
          childInDangerNow: 'no',
          whatHappened: 'x',
          platform: 'other',
          otherPersonIdentifiers: [],
        });
        assert.equal(second.callNow, false);
        assert.match(second.report.ref, /-0002$/);
      } finally {
        await desk.close();
      }
    });
  });
}
