/**
 * What disposal erases and what it keeps (docs/retention.md, "Personal data"; DPA 2018 s39
 * storage limitation, s62 logging of erasure; custody-log.md §8: "Retention deletion removes the
 * bytes but logs the deletion; the leaf and the hash stay").
 */

/**
 * Custody events whose off-leaf details can hold names or free text (file names, notes, error
 * messages quoting the input, free-text reasons): their details are erased when the case is
 * disposed of. The leaf (who, when, what, reason code, hash) stays, and still commits to the
 * erased details by their SHA-256. The details of every other event hold only ids, codes, counts,
 * versions and hashes, and are kept.
 */
export const ERASED_DETAIL_ACTIONS: ReadonlySet<string> = new Set([
  'acquired',
  'parse-failed',
  'decided',
  'triage-overridden',
  'deconfliction-acknowledged',
]);

/** The key holder of a case's material (`case-<id>`). */
export function caseHolder(caseId: string): string {
  return `case-${caseId}`;
}

/** The key holder of a report's material while the report is not in a case (`report-<id>`). */
export function reportHolder(reportId: string): string {
  return `report-${reportId}`;
}

/** Text put in place of erased free text. */
export const ERASED_TEXT = '[erased at disposal]';
