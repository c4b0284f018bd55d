/**
 * Shared by the retention use cases: the class settings, a case's retention (stored, or the
 * default for cases that opened before retention existed), the blobs of an exhibit and who holds
 * them (docs/retention.md, "Holders").
 */
import {
  addMonths,
  defaultClassFor,
  isRetentionClass,
  parseRetentionSettings,
  type RetentionClassId,
  type RetentionSettings,
} from '../../core/retention/classes.ts';
import { caseHolder, reportHolder } from '../../core/retention/erasure.ts';
import type { ReviewState } from '../../core/retention/review.ts';
import type { Case } from '../../core/cases/types.ts';
import type { Exhibit } from '../../core/evidence/exhibit.ts';
import { INTAKE_HOLDER, type BlobStore } from '../../ports/blob-store.ts';
import type { Repositories } from '../../ports/repositories.ts';
import type { CaseRetention } from '../../ports/retention-repository.ts';

/** Settings key of the class review periods. */
export const RETENTION_SETTINGS_KEY = 'retention-classes';

/** The class settings in force (stored over the defaults). */
export async function retentionSettings(repos: Repositories): Promise<RetentionSettings> {
  return parseRetentionSettings(await repos.desk.settings.get(RETENTION_SETTINGS_KEY));
}

/** `YYYY-MM-DD` of a UTC time in ms. */
export function dateOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/**
 * A case's retention: the stored row, or, for a case opened before retention existed, the
 * default class of its outcome with a review counted from when the case last changed.
 */
export function effectiveRetention(
  kase: Case,
  stored: CaseRetention | undefined,
  settings: RetentionSettings,
): CaseRetention {
  if (stored) return stored;
  const cls = defaultClassFor(kase.outcome);
  return {
    caseId: kase.id,
    retentionClass: cls,
    reviewDue: addMonths(kase.updatedAt.slice(0, 10), settings[cls].reviewMonths),
    setAt: kase.updatedAt,
    setBy: 'system',
    disposedAt: null,
    disposalId: null,
  };
}

/** The class id of a retention row (an unknown stored class reads as its outcome's default). */
export function classOf(kase: Case, r: CaseRetention): RetentionClassId {
  return isRetentionClass(r.retentionClass) ? r.retentionClass : defaultClassFor(kase.outcome);
}

/** What the review rules see. */
export function reviewState(kase: Case, r: CaseRetention, today: string): ReviewState {
  return {
    caseRef: kase.ref,
    caseStatus: kase.status,
    outcome: kase.outcome,
    retentionClass: classOf(kase, r),
    reviewDue: r.reviewDue,
    disposed: r.disposedAt !== null,
    today,
  };
}

/**
 * Sets a case's class and counts its next review from `at` (when a case opens, and when its
 * outcome is recorded). A disposed case keeps its record.
 */
export async function assignRetentionClass(
  repos: Repositories,
  kase: Pick<Case, 'id'>,
  cls: RetentionClassId,
  at: string,
  by: string,
): Promise<CaseRetention> {
  const current = await repos.retention.get(kase.id);
  if (current?.disposedAt) return current;
  const settings = await retentionSettings(repos);
  const r: CaseRetention = {
    caseId: kase.id,
    retentionClass: cls,
    reviewDue: addMonths(at.slice(0, 10), settings[cls].reviewMonths),
    setAt: at,
    setBy: by,
    disposedAt: null,
    disposalId: null,
  };
  await repos.retention.put(r);
  return r;
}

/** The blobs an exhibit's bytes are in: its own, or a folder's files and its manifest. */
export async function blobsOfExhibit(repos: Repositories, ex: Exhibit): Promise<string[]> {
  if (ex.form !== 'folder') return [ex.sha256];
  const files = await repos.exhibits.listFiles(ex.id);
  return [...new Set([ex.sha256, ...files.map((f) => f.sha256)])];
}

/**
 * Who holds an exhibit's bytes now: its case; else the report it (or its source) came with;
 * else the intake holder (material handed in at the command line).
 */
export async function holderOfExhibit(repos: Repositories, ex: Exhibit): Promise<string> {
  if (ex.caseId) return caseHolder(ex.caseId);
  const report =
    (await repos.desk.reports.reportOfExhibit(ex.id)) ??
    (ex.sourceExhibitId ? await repos.desk.reports.reportOfExhibit(ex.sourceExhibitId) : undefined);
  if (!report) return INTAKE_HOLDER;
  const r = await repos.desk.reports.findById(report);
  return r?.caseId ? caseHolder(r.caseId) : reportHolder(report);
}

/**
 * Holders of a blob by the records: the holder of every exhibit whose bytes include it and that
 * is not disposed of, leaving out the exhibits of `exceptCaseId`.
 */
export async function liveHoldersOf(
  repos: Repositories,
  sha256: string,
  exceptCaseId: string | null,
): Promise<string[]> {
  const ids = new Set([
    ...(await repos.exhibits.findBySha256(sha256)).map((e) => e.id),
    ...(await repos.retention.exhibitIdsWithFile(sha256)),
  ]);
  const out = new Set<string>();
  for (const id of ids) {
    const ex = await repos.exhibits.findById(id);
    if (!ex || ex.status === 'disposed' || (exceptCaseId && ex.caseId === exceptCaseId)) continue;
    out.add(await holderOfExhibit(repos, ex));
  }
  return [...out].sort();
}

/**
 * Moves a report's material to the case it joined: every blob of its exhibits gets a wrap for
 * the case, then the report's holder key is destroyed. Runs after the joining unit of work;
 * idempotent, and disposal destroys the report's holder too, so a crash between them loses
 * nothing and keeps nothing for longer.
 */
export async function moveReportMaterialToCase(
  repos: Repositories,
  blobs: BlobStore,
  reportId: string,
  caseId: string,
): Promise<void> {
  const shas = new Set<string>();
  for (const id of await repos.desk.reports.exhibitIds(reportId)) {
    const ex = await repos.exhibits.findById(id);
    if (!ex) continue;
    for (const d of [ex, ...(await repos.exhibits.findDerived(ex.id))])
      for (const s of await blobsOfExhibit(repos, d)) shas.add(s);
  }
  const list = [...shas].sort();
  for (const s of list) if (await blobs.has(s)) await blobs.hold(s, caseHolder(caseId));
  await blobs.destroyHolder(reportHolder(reportId), list);
}
