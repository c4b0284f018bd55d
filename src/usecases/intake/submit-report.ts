/**
 * A report from the public (no account): what happened, the platform, the other person's
 * identifiers, the child's age if known, optional contact details, and the first question — is
 * a child in danger right now? (R50: the answer "yes" or "unsure" brings the call-999 guidance
 * back, and lifts the report to the top of the queue). The reporter gets a receipt code (stored
 * only as its SHA-256) for checking the status later, and an upload token for evidence files.
 */
import { readReportedIdentifier } from '../../core/cases/identifiers.ts';
import {
  formatReceiptCode,
  formatReportRef,
  normalizeReceiptCode,
  RECEIPT_BYTES,
} from '../../core/cases/refs.ts';
import type {
  ContactDetails,
  DangerAnswer,
  Report,
  ReportSelector,
} from '../../core/cases/types.ts';
import { authorize } from '../../policies/authorize.ts';
import { PUBLIC_ACTOR } from '../../policies/roles.ts';
import { recordAccess } from '../access-log/record-access.ts';
import { recordCustodyEvent } from '../custody/record-custody-event.ts';
import { deconflictReport } from '../deconfliction/run-deconfliction.ts';
import type { DeskContext } from '../desk-context.ts';
import { newToken, nowIso, plusMinutes, sha256Hex } from '../desk-support.ts';
import { groupCommitFor } from '../group-commit.ts';

export interface SubmitReportInput {
  readonly childInDangerNow: DangerAnswer;
  readonly whatHappened: string;
  readonly platform: string;
  readonly platformOther?: string | undefined;
  readonly otherPersonIdentifiers: readonly string[];
  readonly childAge?: number | null | undefined;
  readonly reporterRelation?: string | undefined;
  readonly contact?: ContactDetails | null | undefined;
}

export interface SubmittedReport {
  readonly report: Report;
  /** Shown to the reporter once; only its hash is kept. */
  readonly receiptCode: string;
  /** For `POST /public/reports/:id/evidence`; only its hash is kept. */
  readonly uploadToken: string;
  /** True when the reporter said a child is, or may be, in danger now: show the 999 guidance. */
  readonly callNow: boolean;
}

/** The receipt code's stored form: SHA-256 of its canonical spelling. */
export function receiptHash(code: string): string | null {
  const canonical = normalizeReceiptCode(code);
  return canonical === null ? null : sha256Hex(`receipt:${canonical}`);
}

function cleanContact(c: ContactDetails | null | undefined): ContactDetails | null {
  if (!c) return null;
  const out: { name?: string; email?: string; phone?: string } = {};
  if (c.name) out.name = c.name;
  if (c.email) out.email = c.email;
  if (c.phone) out.phone = c.phone;
  return Object.keys(out).length ? out : null;
}

/**
 * Records a public report in one unit of work: the report, its typed identifiers as selectors,
 * a `reported` custody event, the access-log `collect` entry, and deconfliction against cases.
 */
export async function submitReport(
  ctx: DeskContext,
  input: SubmitReportInput,
): Promise<SubmittedReport> {
  authorize(PUBLIC_ACTOR, 'submit', { type: 'intake', uploadTokenValid: false });
  const receiptCode = formatReceiptCode(ctx.ids.randomBytes(RECEIPT_BYTES));
  const uploadToken = newToken(ctx);
  const hash = receiptHash(receiptCode) as string;
  // Public reports arrive in bursts; they share commits (see group-commit.ts) but each reporter
  // gets the receipt only once their report is durable.
  const report = await groupCommitFor(ctx.uow).run(async (repos) => {
    const now = nowIso(ctx);
    const year = Number(now.slice(0, 4));
    const ref = formatReportRef(year, await repos.desk.counters.next(`report-${year}`));
    const report: Report = {
      id: ctx.ids.newId(),
      ref,
      receiptHash: hash,
      status: 'new',
      source: 'public',
      receivedAt: now,
      updatedAt: now,
      dangerNow: input.childInDangerNow,
      whatHappened: input.whatHappened,
      platform: input.platform,
      platformOther: input.platform === 'other' ? (input.platformOther ?? null) : null,
      identifiers: [...input.otherPersonIdentifiers],
      childAge: input.childAge ?? null,
      reporterRelation: input.reporterRelation ?? null,
      contact: cleanContact(input.contact),
      caseId: null,
      closedReason: null,
      uploadTokenHash: sha256Hex(`upload:${uploadToken}`),
      uploadExpiresAt: plusMinutes(now, ctx.config.uploadMinutes),
      uploadFiles: 0,
      uploadBytes: 0,
      deconfliction: 'none',
    };
    await repos.desk.reports.insert(report);
    const seen = new Set<string>();
    const selectors: ReportSelector[] = [];
    for (const raw of input.otherPersonIdentifiers) {
      for (const s of readReportedIdentifier(raw, input.platform, ctx.config.defaultRegion)) {
        if (seen.has(s.matchKey)) continue;
        seen.add(s.matchKey);
        selectors.push({
          id: ctx.ids.newId(),
          reportId: report.id,
          kind: s.kind,
          matchKey: s.matchKey,
          value: s.value,
          source: 'reported',
          exhibitId: null,
          messageIndex: null,
        });
      }
    }
    await repos.desk.reports.insertSelectors(selectors, null);
    const actor = `public:${ref}`;
    await recordCustodyEvent(repos, ctx.clock, {
      actor,
      action: 'reported',
      object: `report:${ref}`,
      reason: `danger-${input.childInDangerNow}`,
      details: { report: report.id, identifiers: selectors.length },
    });
    await recordAccess(repos, ctx.clock, {
      actorId: null,
      actorRole: 'public',
      action: 'collect',
      objectType: 'report',
      objectId: report.id,
      objectRef: ref,
      reasonCode: 'public-report',
    });
    // The report is new: the selectors just written are all it has.
    if (selectors.length > 0) await deconflictReport(ctx, repos, report, actor, selectors);
    return report;
  });
  return { report, receiptCode, uploadToken, callNow: input.childInDangerNow !== 'no' };
}
