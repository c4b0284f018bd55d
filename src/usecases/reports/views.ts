/**
 * View builders shared by the report, case and task use cases: exhibits with their transcripts,
 * selectors (masked unless policy allows the value), deconfliction hits as pointers, transcripts
 * with the lines the assessment cites. The shapes are those of `src/contracts` (the HTTP adapter
 * validates them on the way out).
 */
import { maskInText, maskValue } from '../../core/cases/masking.ts';
import type { Case, DeconflictionHit, Report, ReportSelector } from '../../core/cases/types.ts';
import { CustosError } from '../../core/errors.ts';
import type { Exhibit } from '../../core/evidence/exhibit.ts';
import { readTranscript } from '../../core/transcript/transcript-json.ts';
import type { Band } from '../../core/triage/types.ts';
import { BANDS } from '../../core/triage/types.ts';
import type { TriageCitation, TriageResult } from '../../ports/desk-services.ts';
import type { Repositories } from '../../ports/repositories.ts';
import type { DeskContext } from '../desk-context.ts';
import { personOf } from '../desk-support.ts';
import { transcriptOf } from './stored-analyses.ts';

export interface PersonView {
  readonly id: string;
  readonly displayName: string;
}

export interface ExhibitView {
  readonly id: string;
  readonly ref: string;
  readonly kind: 'original' | 'transcript';
  readonly form: string;
  readonly sha256: string;
  readonly sizeBytes: number;
  readonly originalName: string | null;
  readonly status: string;
  readonly format: string | null;
  readonly acquiredAt: string;
  readonly transcriptId: string | null;
  readonly messageCount: number | null;
  readonly failure: { code: string; message: string } | null;
}

/** An exhibit as listed, with its latest transcript. */
export async function exhibitView(repos: Repositories, exhibit: Exhibit): Promise<ExhibitView> {
  const t = await transcriptOf(repos, exhibit);
  return {
    id: exhibit.id,
    ref: exhibit.ref,
    kind: exhibit.kind,
    form: exhibit.form,
    sha256: exhibit.sha256,
    sizeBytes: exhibit.sizeBytes,
    originalName: exhibit.originalName,
    status: exhibit.status,
    format: exhibit.format,
    acquiredAt: exhibit.acquiredAt,
    transcriptId: t?.id ?? null,
    messageCount: t?.summary?.messageCount ?? exhibit.summary?.messageCount ?? null,
    failure: exhibit.failure
      ? { code: exhibit.failure.code, message: exhibit.failure.message }
      : null,
  };
}

/** The originals handed in with a report, in upload order. */
export async function reportExhibits(repos: Repositories, reportId: string): Promise<Exhibit[]> {
  const ids = await repos.desk.reports.exhibitIds(reportId);
  const out: Exhibit[] = [];
  for (const id of ids) {
    const e = await repos.exhibits.findById(id);
    if (e) out.push(e);
  }
  return out;
}

export interface SelectorViewData {
  readonly kind: string;
  readonly value: string;
  readonly masked: boolean;
  readonly source: 'reported' | 'extracted';
  readonly exhibitRef: string | null;
  readonly messageIndex: number | null;
}

/** Selectors as a viewer sees them: values masked unless `unmasked`. */
export async function selectorViews(
  repos: Repositories,
  selectors: readonly ReportSelector[],
  unmasked: boolean,
): Promise<SelectorViewData[]> {
  const refs = new Map<string, string>();
  for (const id of new Set(
    selectors.map((s) => s.exhibitId).filter((x): x is string => x !== null),
  )) {
    const e = await repos.exhibits.findById(id);
    if (e) refs.set(id, e.ref);
  }
  return selectors.map((s) => ({
    kind: s.kind,
    value: unmasked ? s.value : maskValue(s.value),
    masked: !unmasked,
    source: s.source,
    exhibitRef: s.exhibitId ? (refs.get(s.exhibitId) ?? null) : null,
    messageIndex: s.messageIndex,
  }));
}

export interface HitViewData {
  readonly id: string;
  readonly matchType: 'exact' | 'near';
  readonly similarity: number;
  readonly explanation: string;
  readonly direction: 'outgoing' | 'incoming';
  readonly selector: { kind: string; value: string; masked: boolean };
  readonly report: { id: string; ref: string };
  readonly counterpart:
    { kind: 'case'; ref: string; owner: PersonView } | { kind: 'queued-report'; ref: string };
  readonly acknowledged: { by: PersonView; at: string; note: string | null } | null;
  readonly canAcknowledge: boolean;
  readonly createdAt: string;
}

/**
 * Hits as pointers for a viewer whose side is `mine` (report ids on the viewer's side).
 * @param canAcknowledge - whether the viewer may acknowledge a hit recorded on this report.
 */
export async function hitViews(
  repos: Repositories,
  hits: readonly DeconflictionHit[],
  mine: ReadonlySet<string>,
  options: { unmasked: boolean; canAcknowledge: (reportId: string) => boolean },
): Promise<HitViewData[]> {
  if (hits.length === 0) return [];
  const reports = new Map(
    (await repos.desk.reports.findByIds(hits.flatMap((h) => [h.reportId, h.otherReportId]))).map(
      (r) => [r.id, r],
    ),
  );
  const caseIds = new Set<string>();
  for (const h of hits) {
    caseIds.add(h.otherCaseId);
    const c = reports.get(h.reportId)?.caseId;
    if (c) caseIds.add(c);
  }
  const cases = new Map((await repos.desk.cases.findByIds([...caseIds])).map((c) => [c.id, c]));
  const selectors = new Map(
    (
      await repos.desk.reports.selectorsOf([
        ...new Set(hits.flatMap((h) => [h.reportId, h.otherReportId])),
      ])
    ).map((s) => [s.id, s]),
  );
  const userIds = [
    ...[...cases.values()].map((c) => c.ownerId),
    ...hits.map((h) => h.acknowledgedBy).filter((x): x is string => x !== null),
  ];
  const names = new Map(
    (await repos.accounts.users.findByIds(userIds)).map((u) => [
      u.id,
      { id: u.id, displayName: u.displayName },
    ]),
  );
  const out: HitViewData[] = [];
  for (const h of hits) {
    const report = reports.get(h.reportId);
    if (!report) continue;
    const outgoing = mine.has(h.reportId);
    const sel = selectors.get(outgoing ? h.selectorId : h.otherSelectorId);
    let counterpart: HitViewData['counterpart'];
    if (outgoing) {
      const c = cases.get(h.otherCaseId);
      counterpart = {
        kind: 'case',
        ref: c?.ref ?? 'unknown case',
        owner: c ? personOf(names, c.ownerId) : { id: 'unknown', displayName: 'unknown' },
      };
    } else {
      const c = report.caseId ? cases.get(report.caseId) : undefined;
      counterpart = c
        ? { kind: 'case', ref: c.ref, owner: personOf(names, c.ownerId) }
        : { kind: 'queued-report', ref: report.ref };
    }
    out.push({
      id: h.id,
      matchType: h.matchType,
      similarity: h.similarity,
      explanation: h.explanation,
      direction: outgoing ? 'outgoing' : 'incoming',
      selector: {
        kind: sel?.kind ?? 'unknown',
        value: sel ? (options.unmasked ? sel.value : maskValue(sel.value)) : '',
        masked: !options.unmasked,
      },
      report: { id: report.id, ref: report.ref },
      counterpart,
      acknowledged:
        h.acknowledgedAt && h.acknowledgedBy
          ? { by: personOf(names, h.acknowledgedBy), at: h.acknowledgedAt, note: h.note }
          : null,
      canAcknowledge: h.acknowledgedAt === null && options.canAcknowledge(h.reportId),
      createdAt: h.createdAt,
    });
  }
  return out;
}

/** The assessment a report is queued by: the highest band among its exhibits, then the highest score. */
export function bestAssessment(results: Iterable<TriageResult>): TriageResult | null {
  let best: TriageResult | null = null;
  for (const r of results) {
    if (
      !best ||
      BANDS.indexOf(r.band) > BANDS.indexOf(best.band) ||
      (r.band === best.band && r.score > best.score)
    )
      best = r;
  }
  return best;
}

export interface AssessmentViewData {
  readonly band: Band;
  readonly score: number;
  readonly rulesetVersion: string;
  readonly assessedAt: string | null;
  readonly exhibitRef: string | null;
  readonly imminent: boolean;
  readonly citations: readonly TriageCitation[];
}

export async function assessmentView(
  repos: Repositories,
  a: TriageResult | null,
): Promise<AssessmentViewData | null> {
  if (!a) return null;
  const ex = await repos.exhibits.findById(a.exhibitId);
  return {
    band: a.band,
    score: a.score,
    rulesetVersion: a.rulesetVersion,
    assessedAt: a.assessedAt,
    exhibitRef: ex?.ref ?? null,
    imminent: a.imminent,
    citations: a.citations,
  };
}

export interface TranscriptViewData {
  readonly exhibit: ExhibitView;
  readonly sourceRef: string | null;
  readonly format: string;
  readonly assumedTimezone: string | null;
  readonly participants: string[];
  readonly messages: {
    index: number;
    sender: string | null;
    timestamp: string;
    text: string;
    system: boolean;
    deleted: boolean;
    edited: boolean;
    attachments: { fileName: string | null; omitted: boolean }[];
  }[];
  readonly notes: { code: string; message: string }[];
  readonly citations: readonly TriageCitation[];
  readonly masked: boolean;
}

/**
 * Reads an exhibit's transcript (re-hashed on read) for display.
 * @param mask - identifier values to mask in senders, participants and text; null shows them.
 * @throws CustosError `TRANSCRIPT_NOT_AVAILABLE` (not-found) when the exhibit has no transcript.
 */
export async function transcriptView(
  ctx: DeskContext,
  repos: Repositories,
  exhibit: Exhibit,
  mask: readonly string[] | null,
  citations: readonly TriageCitation[],
): Promise<{ view: TranscriptViewData; transcriptExhibit: Exhibit }> {
  const t = await transcriptOf(repos, exhibit);
  if (!t)
    throw new CustosError(
      'not-found',
      'TRANSCRIPT_NOT_AVAILABLE',
      `exhibit ${exhibit.ref} has no transcript${exhibit.failure ? ` (it could not be read: ${exhibit.failure.message})` : ''}; the original is kept as handed in`,
    );
  if (t.status === 'disposed' || exhibit.status === 'disposed')
    throw new CustosError(
      'conflict',
      'EXHIBIT_DISPOSED',
      `exhibit ${exhibit.ref} was disposed of at a retention review; its hash is kept in the custody log`,
    );
  const source = t.sourceExhibitId ? await repos.exhibits.findById(t.sourceExhibitId) : undefined;
  const transcript = await readTranscript(ctx.blobs.open(t.sha256), t.ref);
  const m = (s: string): string => (mask ? maskInText(s, mask) : s);
  const view: TranscriptViewData = {
    exhibit: await exhibitView(repos, source ?? t),
    sourceRef: source?.ref ?? null,
    format: transcript.format,
    assumedTimezone: transcript.assumedTimezone,
    participants: transcript.participants.map(m),
    messages: transcript.messages.map((msg) => ({
      index: msg.index,
      sender: msg.sender === null ? null : m(msg.sender),
      timestamp: msg.timestamp,
      text: m(msg.text),
      system: msg.system,
      deleted: msg.deleted ?? false,
      edited: msg.edited ?? false,
      attachments: msg.attachments.map((a) => ({
        fileName: a.fileName === null ? null : m(a.fileName),
        omitted: a.omitted,
      })),
    })),
    notes: transcript.notes.map((n) => ({ code: n.code, message: n.message })),
    citations: mask ? [] : citations,
    masked: mask !== null,
  };
  return { view, transcriptExhibit: t };
}

/** Display names for owners of cases. */
export async function ownerOf(repos: Repositories, kase: Case): Promise<PersonView> {
  const u = await repos.accounts.users.findById(kase.ownerId);
  return { id: kase.ownerId, displayName: u?.displayName ?? 'unknown user' };
}

/** The report's case, if any, with its owner. */
export async function caseRefOf(
  repos: Repositories,
  report: Report,
): Promise<{ id: string; ref: string; owner: PersonView } | null> {
  if (!report.caseId) return null;
  const c = await repos.desk.cases.findById(report.caseId);
  return c ? { id: c.id, ref: c.ref, owner: await ownerOf(repos, c) } : null;
}
