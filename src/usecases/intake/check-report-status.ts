/** The reporter checks a report's status with the receipt code: status only, never content. */
import { CustosError } from '../../core/errors.ts';
import type { ReportStatus } from '../../core/cases/types.ts';
import { authorize } from '../../policies/authorize.ts';
import { PUBLIC_ACTOR } from '../../policies/roles.ts';
import type { DeskContext } from '../desk-context.ts';
import { receiptHash } from './submit-report.ts';

export type PublicStatus = 'received' | 'being-reviewed' | 'with-an-officer' | 'closed';

const PUBLIC: Readonly<Record<ReportStatus, { status: PublicStatus; description: string }>> = {
  new: {
    status: 'received',
    description: 'Your report has been received and is waiting for an officer.',
  },
  'in-review': { status: 'being-reviewed', description: 'An officer is reviewing your report.' },
  'in-case': {
    status: 'with-an-officer',
    description:
      'An officer is dealing with your report. They will contact you if they need to and you gave contact details.',
  },
  closed: { status: 'closed', description: 'An officer has finished with your report.' },
};

/**
 * The public status of the report with this receipt code.
 * @throws CustosError `RECEIPT_NOT_FOUND` (not-found) for a code that matches no report.
 */
export async function checkReportStatus(
  ctx: DeskContext,
  receiptCode: string,
): Promise<{ status: PublicStatus; description: string; receivedAt: string; updatedAt: string }> {
  authorize(PUBLIC_ACTOR, 'checkStatus', { type: 'intake', uploadTokenValid: false });
  const hash = receiptHash(receiptCode);
  const report = hash ? await ctx.uow.read.desk.reports.findByReceiptHash(hash) : undefined;
  if (!report)
    throw new CustosError(
      'not-found',
      'RECEIPT_NOT_FOUND',
      'no report has this receipt code; check it and try again (letters and digits, in four groups)',
    );
  return { ...PUBLIC[report.status], receivedAt: report.receivedAt, updatedAt: report.updatedAt };
}
