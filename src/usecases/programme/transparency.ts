/**
 * The counts-only public transparency summary (issue 6 §8; R63): what the programme did in a
 * period, as counts and hours, with no personal data and no case content. Counts below the
 * configured minimum are published as "fewer than N" so nobody can be singled out. Programme
 * managers export it as CSV or PDF to publish.
 */
import { CustosError } from '../../core/errors.ts';
import { publishable } from '../../core/programme/metrics.ts';
import { authorize } from '../../policies/authorize.ts';
import type { SummaryRow } from '../../ports/summary-document.ts';
import { csvField } from '../audit/access-log.ts';
import type { DeskActor, DeskContext } from '../desk-context.ts';
import { nowIso } from '../desk-support.ts';
import { collectMetrics, defaultPeriod } from './metrics.ts';
import { loadProgrammeSettings } from './support.ts';

const hours = (ms: number): string => String(Math.round(ms / 360_000) / 10);
const words = (code: string): string => code.replace(/[-_]/g, ' ');

/** The summary's rows for `[from, to)`. */
async function summary(ctx: DeskContext, from: string, to: string) {
  const m = await collectMetrics(ctx, from, to);
  const min = (await loadProgrammeSettings(ctx.uow.read)).transparencyMinimumCount;
  const n = (count: number) => publishable(count, min);
  const rows: SummaryRow[] = [
    { section: 'Reports', label: 'Reports received', value: n(m.reportsIn.total) },
    {
      section: 'Reports',
      label: 'Reports saying a child was in danger at the time',
      value: n(m.reportsIn.dangerNow),
    },
    { section: 'Cases', label: 'Cases opened by officers', value: n(m.casesOpened) },
    {
      section: 'Cases',
      label: 'Reports matching another case (deconfliction)',
      value: n(m.deconfliction.hits),
    },
    ...m.referrals.map((r) => ({
      section: 'Referrals',
      label: `Referrals to ${r.recipientType === 'ceop' ? 'CEOP' : 'a police force'} for ${words(r.purpose)}`,
      value: n(r.count),
    })),
    ...m.outcomes.map((o) => ({
      section: 'Outcomes',
      label: `Cases closed: ${words(o.outcome)}`,
      value: n(o.count),
    })),
    {
      section: 'Volunteers',
      label: 'Active volunteers at the end of the period',
      value: n(m.volunteers.active),
    },
    {
      section: 'Volunteers',
      label: 'Volunteer hours on tasks',
      value: hours(m.volunteers.hoursMs),
    },
    {
      section: 'Volunteers',
      label: 'Hours with case material on screen (measured)',
      value: hours(m.volunteers.exposureMs),
    },
    {
      section: 'Volunteers',
      label: 'Active volunteers with all required training current',
      value: n(m.training.fullyCurrent),
    },
    { section: 'Welfare', label: '“Stop now” used by volunteers', value: n(m.welfare.stops) },
    {
      section: 'Welfare',
      label: 'Check-ins asking for welfare support',
      value: n(m.welfare.wantsContact),
    },
    {
      section: 'Oversight',
      label: 'Officer authorisations in force',
      value: n(m.authorisations.live),
    },
  ];
  return {
    from,
    to,
    generatedAt: nowIso(ctx),
    minimumCount: min,
    rows,
  };
}

/** The summary for a period (default: the last 12 weeks). @throws `POLICY_DENIED`. */
export async function transparencySummary(
  ctx: DeskContext,
  actor: DeskActor,
  range: { from?: string | undefined; to?: string | undefined },
) {
  authorize(actor, 'exportTransparency', { type: 'programme' });
  const { from, to } = defaultPeriod(ctx, range);
  return summary(ctx, from, to);
}

/** Notes printed with the summary. */
function notes(min: number): string[] {
  return [
    `Counts from 1 to ${min - 1} are shown as “fewer than ${min}” so that no person can be identified.`,
    'No personal data and no case content: counts and hours only.',
    'Hours are measured by the application from volunteers’ task work, not self-reported.',
  ];
}

/**
 * The summary as a file: CSV (`section,label,value`, RFC 4180) or PDF (through the context's
 * document renderer).
 * @throws CustosError `POLICY_DENIED`, `PDF_NOT_AVAILABLE` (internal) when no renderer is wired.
 */
export async function exportTransparency(
  ctx: DeskContext,
  actor: DeskActor,
  q: { format: 'csv' | 'pdf'; from?: string | undefined; to?: string | undefined },
): Promise<{ fileName: string; contentType: string; body: Uint8Array }> {
  const s = await transparencySummary(ctx, actor, q);
  const stamp = `${s.from.slice(0, 10)}-to-${s.to.slice(0, 10)}`;
  if (q.format === 'csv') {
    const lines = [
      ['section', 'label', 'value'],
      ...s.rows.map((r) => [r.section, r.label, r.value]),
    ].map((cells) => `${cells.map(csvField).join(',')}\r\n`);
    return {
      fileName: `custos-transparency-${stamp}.csv`,
      contentType: 'text/csv; charset=utf-8',
      body: new TextEncoder().encode(lines.join('')),
    };
  }
  if (!ctx.documents)
    throw new CustosError('internal', 'PDF_NOT_AVAILABLE', 'no PDF renderer is configured');
  const body = await ctx.documents.renderPdf({
    title: 'Volunteer programme: transparency summary',
    subtitle: `${s.from.slice(0, 10)} to ${s.to.slice(0, 10)}`,
    rows: s.rows,
    notes: notes(s.minimumCount),
    generatedAt: s.generatedAt,
  });
  return { fileName: `custos-transparency-${stamp}.pdf`, contentType: 'application/pdf', body };
}
