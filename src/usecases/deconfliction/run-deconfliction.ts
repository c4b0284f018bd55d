/**
 * Deconfliction of one report (mission-anchors §6): its selectors against those of reports in
 * other cases, and — once the report is in a case — other reports' selectors against that case.
 * Each new hit is stored, marks the report (its volunteer tasks stay blocked until an officer
 * acknowledges it), appends a `deconfliction-hit` custody event, notifies both case owners in the
 * app, and is logged as a combination of personal data (DPA 2018 s62(1)). A hit is a pointer:
 * the other case's reference and owner, never its content.
 */
import { findMatches, type CompareSelectors, type Match } from '../../core/cases/deconfliction.ts';
import type { DeconflictionHit, Report, ReportSelector } from '../../core/cases/types.ts';
import { USERNAME_FAMILIES } from '../../core/selectors/types.ts';
import type { CaseSelector } from '../../ports/desk-repositories.ts';
import type { Repositories } from '../../ports/repositories.ts';
import { recordAccess } from '../access-log/record-access.ts';
import { recordCustodyEvent } from '../custody/record-custody-event.ts';
import type { DeskContext } from '../desk-context.ts';
import { nowIso } from '../desk-support.ts';

const family = (key: string): string => key.slice(0, Math.max(0, key.indexOf(':')));

/** Families worth fetching for near matches: usernames and phone numbers. */
function nearFamilies(keys: readonly string[]): string[] {
  const out = new Set<string>();
  for (const k of keys) {
    const f = family(k);
    if (USERNAME_FAMILIES.has(f)) out.add(f);
    if (f === 'phone' || f === 'phone-national') {
      out.add('phone');
      out.add('phone-national');
    }
  }
  return [...out];
}

/**
 * Runs deconfliction for `report` in the unit of work of `repos`.
 * @param actor - custody-log actor id of whoever caused the check.
 * @param allSelectors - every selector of the report, when the caller has just written all of
 *   them in this unit of work (a new report); read from the store otherwise.
 * @returns the hits newly recorded (hits found before are not repeated).
 */
export async function deconflictReport(
  ctx: DeskContext,
  repos: Repositories,
  report: Report,
  actor: string,
  allSelectors?: readonly ReportSelector[],
): Promise<DeconflictionHit[]> {
  // One probe per identifier: the same match key typed by the reporter and found in the evidence is one identity.
  const seenKeys = new Set<string>();
  const stored = allSelectors
    ? [...allSelectors].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    : await repos.desk.reports.selectorsOf([report.id]);
  const own = stored.filter((s) => !seenKeys.has(s.matchKey) && seenKeys.add(s.matchKey));
  if (own.length === 0) return [];
  const keys = [...new Set(own.map((s) => s.matchKey))];
  const others = (
    await repos.desk.reports.selectorsMatching(keys, nearFamilies(keys), {
      queued: report.caseId !== null,
    })
  ).filter((s) => s.reportId !== report.id);
  const now = nowIso(ctx);
  const compare: CompareSelectors = (a, b) => ctx.selectors.compare(a, b);
  const hits: DeconflictionHit[] = [];
  const toHit = (
    m: Match,
    reportId: string,
    otherCaseId: string,
    otherReportId: string,
  ): DeconflictionHit => ({
    id: ctx.ids.newId(),
    reportId,
    selectorId: m.probe.id,
    otherCaseId,
    otherReportId,
    otherSelectorId: m.candidate.id,
    matchType: m.matchType,
    similarity: m.similarity,
    explanation: m.explanation,
    createdAt: now,
    acknowledgedBy: null,
    acknowledgedAt: null,
    note: null,
  });
  // Forward: this report against other cases.
  const inCases = others.filter((s): s is CaseSelector & { caseId: string } => s.caseId !== null);
  for (const m of findMatches(own, inCases, report.caseId, compare))
    hits.push(toHit(m, report.id, m.candidate.caseId, m.candidate.reportId));
  // Reverse: once this report is in a case, reports still in the queue are checked against it, so
  // the officer triaging them sees the match. Reports already in other cases are not marked again:
  // the newer report carries the hit, and both owners are told.
  if (report.caseId !== null) {
    const mine = own.map((s) => ({ ...s, caseId: report.caseId as string }));
    const byReport = new Map<string, CaseSelector[]>();
    for (const s of others) {
      if (s.caseId !== null) continue;
      const list = byReport.get(s.reportId) ?? [];
      if (!list.some((x) => x.matchKey === s.matchKey)) list.push(s);
      byReport.set(s.reportId, list);
    }
    for (const [otherReportId, probes] of byReport) {
      for (const m of findMatches(probes, mine, null, compare))
        hits.push(toHit(m, otherReportId, report.caseId, report.id));
    }
  }
  // A hit already recorded for the same report, identity (match key) and other case is not repeated,
  // whichever of the report's selectors with that key it was found through.
  const existing = await repos.desk.deconfliction.listByReports([
    ...new Set(hits.map((h) => h.reportId)),
  ]);
  const keyOf = new Map([...own, ...others].map((s) => [s.id, s.matchKey]));
  for (const s of await repos.desk.reports.selectorsOf([
    ...new Set(existing.map((h) => h.reportId)),
  ]))
    keyOf.set(s.id, s.matchKey);
  const seen = new Set(
    existing.map(
      (h) => `${h.reportId}|${h.otherCaseId}|${keyOf.get(h.selectorId) ?? h.selectorId}`,
    ),
  );
  const fresh = hits.filter((h) => {
    const k = `${h.reportId}|${h.otherCaseId}|${keyOf.get(h.selectorId) ?? h.selectorId}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  const inserted = await repos.desk.deconfliction.insert(fresh);
  if (inserted.length === 0) return [];

  const reports = new Map(
    (
      await repos.desk.reports.findByIds([
        ...new Set(inserted.flatMap((h) => [h.reportId, h.otherReportId])),
      ])
    ).map((r) => [r.id, r]),
  );
  const cases = new Map(
    (
      await repos.desk.cases.findByIds([
        ...new Set(
          inserted
            .flatMap((h) => [h.otherCaseId, reports.get(h.reportId)?.caseId ?? null])
            .filter((x): x is string => x !== null),
        ),
      ])
    ).map((c) => [c.id, c]),
  );
  const notified = new Set<string>();
  for (const h of inserted) {
    const hitReport = reports.get(h.reportId);
    if (!hitReport) continue;
    if (hitReport.deconfliction !== 'hit') {
      await repos.desk.reports.update(hitReport.id, { deconfliction: 'hit', updatedAt: now });
      reports.set(hitReport.id, { ...hitReport, deconfliction: 'hit' });
    }
    const otherCase = cases.get(h.otherCaseId);
    const ownCase = hitReport.caseId ? cases.get(hitReport.caseId) : undefined;
    await recordCustodyEvent(repos, ctx.clock, {
      actor,
      action: 'deconfliction-hit',
      object: `report:${hitReport.ref}`,
      reason: h.matchType,
      details: { hit: h.id, otherCase: otherCase?.ref ?? h.otherCaseId, similarity: h.similarity },
    });
    await recordAccess(repos, ctx.clock, {
      actorId: null,
      actorRole: 'system',
      action: 'combine',
      objectType: 'report',
      objectId: hitReport.id,
      objectRef: hitReport.ref,
      caseId: hitReport.caseId,
      reasonCode: 'deconfliction',
      justification: `selector matched case ${otherCase?.ref ?? h.otherCaseId}`,
    });
    const notify = async (
      userId: string,
      link: { type: 'report' | 'case'; id: string },
      title: string,
    ) => {
      const key = `${userId}|${link.type}|${link.id}`;
      if (notified.has(key)) return;
      notified.add(key);
      await repos.desk.notifications.insert({
        id: ctx.ids.newId(),
        userId,
        kind: 'deconfliction-hit',
        at: now,
        title,
        link,
        readAt: null,
      });
    };
    if (otherCase)
      await notify(
        otherCase.ownerId,
        { type: 'case', id: otherCase.id },
        `Deconfliction: report ${hitReport.ref} matches an identifier in your case ${otherCase.ref}`,
      );
    if (ownCase)
      await notify(
        ownCase.ownerId,
        { type: 'case', id: ownCase.id },
        `Deconfliction: report ${hitReport.ref} in your case ${ownCase.ref} matches case ${otherCase?.ref ?? ''}`,
      );
  }
  return inserted;
}

/**
 * Tells the owner of `caseId` about unacknowledged hits already recorded on a report that has
 * just joined the case (the report had no owner when they were found).
 */
export async function notifyNewOwnerOfHits(
  ctx: DeskContext,
  repos: Repositories,
  report: Report,
  caseId: string,
): Promise<void> {
  const kase = await repos.desk.cases.findById(caseId);
  if (!kase) return;
  const pending = (await repos.desk.deconfliction.listByReports([report.id])).filter(
    (h) => h.acknowledgedAt === null,
  );
  if (pending.length === 0) return;
  await repos.desk.notifications.insert({
    id: ctx.ids.newId(),
    userId: kase.ownerId,
    kind: 'deconfliction-hit',
    at: nowIso(ctx),
    title: `Deconfliction: report ${report.ref}, now in your case ${kase.ref}, matches ${pending.length === 1 ? 'another case' : `${pending.length} identifiers in other cases`}`,
    link: { type: 'case', id: kase.id },
    readAt: null,
  });
}
