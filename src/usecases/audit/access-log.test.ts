/**
 * The access log (DPA 2018 s62; R37, R38): consultations, disclosures, changes and collections of
 * personal data are logged with who, what, when and why; the first view of a case in a session
 * needs a justification; auditors alone read, verify and export it (CSV, JSON); the hash chain
 * shows any edit.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS } from '../../../test/support/databases.ts';
import { buildUser, openTestDesk, type TestDesk } from '../../../test/support/desk.ts';
import { isCustosError } from '../../core/errors.ts';
import { submitReport } from '../intake/submit-report.ts';
import { addReportEvidence } from '../intake/report-evidence.ts';
import { createCaseFromReport } from '../reports/create-case.ts';
import { viewReport } from '../reports/view-report.ts';
import { downloadOriginal } from '../reports/view-transcript.ts';
import { justifyCaseView } from '../cases/justification.ts';
import { viewCase } from '../cases/view-case.ts';
import { addNote } from '../cases/add-note.ts';
import { csvField, exportAccessLog, listAccessLog, verifyAccessLog } from './access-log.ts';

const CHAT = readFileSync(new URL('../../../examples/whatsapp-ios-chat.txt', import.meta.url));
const once = (b: Uint8Array): AsyncIterable<Uint8Array> =>
  (async function* () {
    yield b;
  })();

async function text(chunks: AsyncIterable<string>): Promise<string> {
  let s = '';
  for await (const c of chunks) s += c;
  return s;
}

/** Runs SQL directly against the test database (to play the part of someone editing it). */
async function rawSql(desk: TestDesk, sql: string): Promise<void> {
  if (desk.env.databaseUrl) {
    const c = new pg.Client({ connectionString: desk.env.databaseUrl });
    await c.connect();
    await c.query(sql);
    await c.end();
  } else {
    const db = new SQLite(join(desk.env.dataDir, 'custos.sqlite'));
    db.exec(sql);
    db.close();
  }
}

for (const dialect of DIALECTS) {
  describe(`access log on ${dialect}`, () => {
    test('who, what, when and why for collection, consultation, change and disclosure', async () => {
      const desk = await openTestDesk(dialect);
      try {
        const officer = await buildUser(desk, 'officer');
        const auditor = await buildUser(desk, 'auditor');
        const r = await submitReport(desk, {
          childInDangerNow: 'no',
          whatHappened: 'x',
          platform: 'whatsapp',
          otherPersonIdentifiers: [],
        });
        await addReportEvidence(desk, r.report, { name: 'chat.txt', stream: once(CHAT) });
        await viewReport(desk, officer.actor, r.report.id);
        const kase = await createCaseFromReport(desk, officer.actor, r.report.id, {
          title: 'A case',
        });

        await assert.rejects(
          viewCase(desk, officer.actor, kase.id),
          (e) => isCustosError(e, 'JUSTIFICATION_REQUIRED') && e.details?.caseId === kase.id,
        );
        await assert.rejects(
          justifyCaseView(desk, officer.actor, kase.id, { reasonCode: 'other' }),
          (e) => isCustosError(e, 'JUSTIFICATION_TEXT_REQUIRED'),
        );
        await justifyCaseView(desk, officer.actor, kase.id, {
          reasonCode: 'case-work',
          text: 'owner reviewing evidence',
        });
        await viewCase(desk, officer.actor, kase.id);
        await viewCase(desk, officer.actor, kase.id);
        // A new session asks again.
        await assert.rejects(
          viewCase(desk, { ...officer.actor, sessionId: 'another-session' }, kase.id),
          (e) => isCustosError(e, 'JUSTIFICATION_REQUIRED'),
        );
        await addNote(desk, officer.actor, kase.id, { text: 'note' });
        const exhibitId = (await desk.uow.read.desk.reports.exhibitIds(r.report.id))[0] ?? '';
        await downloadOriginal(desk, officer.actor, exhibitId);

        const { items } = await listAccessLog(desk, auditor.actor, { limit: 1000, offset: 0 });
        const by = (action: string, type: string) =>
          items.filter((e) => e.action === action && e.object.type === type);
        assert.ok(
          by('collect', 'report').length === 1 &&
            by('collect', 'report')[0]?.actor.role === 'public',
        );
        assert.equal(by('collect', 'exhibit').length, 1);
        const reportViews = by('consult', 'report');
        assert.equal(reportViews[0]?.actor.id, officer.id);
        assert.equal(reportViews[0]?.justification?.reasonCode, 'triage');
        const caseViews = by('consult', 'case');
        assert.equal(caseViews.length, 3, 'the justification itself and two views');
        assert.ok(
          caseViews.every(
            (e) => e.justification?.reasonCode === 'case-work' && e.caseRef === kase.ref,
          ),
        );
        assert.equal(caseViews[0]?.justification?.text, 'owner reviewing evidence');
        assert.ok(by('change', 'case').length >= 1);
        const disclosed = by('disclose', 'exhibit');
        assert.equal(disclosed.length, 1);
        assert.equal(disclosed[0]?.recipient, `user:${officer.id}`);
        assert.ok(items.every((e) => /^\d{4}-\d{2}-\d{2}T/.test(e.at)));
        // Filters.
        const mine = await listAccessLog(desk, auditor.actor, {
          actorId: officer.id,
          caseRef: kase.ref,
          limit: 1000,
          offset: 0,
        });
        assert.ok(
          mine.items.length > 0 &&
            mine.items.every((e) => e.actor.id === officer.id && e.caseRef === kase.ref),
        );
        // Only auditors.
        await assert.rejects(listAccessLog(desk, officer.actor, { limit: 10, offset: 0 }), (e) =>
          isCustosError(e, 'POLICY_DENIED'),
        );
      } finally {
        await desk.close();
      }
    });

    test('exports as CSV and JSON; the export is itself logged as a disclosure', async () => {
      const desk = await openTestDesk(dialect);
      try {
        const auditor = await buildUser(desk, 'auditor');
        const admin = await buildUser(desk, 'admin');
        await submitReport(desk, {
          childInDangerNow: 'no',
          whatHappened: 'x',
          platform: 'other',
          otherPersonIdentifiers: [],
        });
        await assert.rejects(exportAccessLog(desk, admin.actor, { format: 'csv' }), (e) =>
          isCustosError(e, 'POLICY_DENIED'),
        );
        const csv = await exportAccessLog(desk, auditor.actor, { format: 'csv' });
        assert.match(csv.contentType, /^text\/csv/);
        const lines = (await text(csv.chunks)).trim().split('\r\n');
        assert.equal(
          lines[0],
          'seq,at,actor_id,actor_name,actor_role,action,object_type,object_id,object_ref,case_ref,reason_code,justification,recipient,prev_hash,hash',
        );
        assert.ok(lines.length >= 3, 'the report collection and the export disclosure');
        const json = await exportAccessLog(desk, auditor.actor, { format: 'json' });
        const entries = JSON.parse(await text(json.chunks)) as {
          action: string;
          object: { type: string };
        }[];
        assert.ok(entries.some((e) => e.action === 'disclose' && e.object.type === 'access-log'));
        assert.equal(csvField('=HYPERLINK("x")'), '"\'=HYPERLINK(""x"")"');
        assert.equal(csvField('plain'), 'plain');
        assert.equal(csvField('a,b'), '"a,b"');
      } finally {
        await desk.close();
      }
    });

    test('the hash chain shows an edited entry', async () => {
      const desk = await openTestDesk(dialect);
      try {
        const auditor = await buildUser(desk, 'auditor');
        for (let i = 0; i < 3; i++)
          await submitReport(desk, {
            childInDangerNow: 'no',
            whatHappened: `r${i}`,
            platform: 'other',
            otherPersonIdentifiers: [],
          });
        const ok = await verifyAccessLog(desk, auditor.actor);
        assert.deepEqual(ok, { entries: 3, intact: true, firstBadSeq: null });
        await rawSql(desk, "update access_log set actor_role = 'officer' where seq = 1");
        const bad = await verifyAccessLog(desk, auditor.actor);
        assert.equal(bad.intact, false);
        assert.equal(bad.firstBadSeq, 1);
      } finally {
        await desk.close();
      }
    });
  });
}
