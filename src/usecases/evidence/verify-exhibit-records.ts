/**
 * The database rows against what the signed custody log records of them (`custos verify`): each
 * exhibit row against its `acquired` / `derived` / `parse-failed` events, a transcript's stored
 * selectors against its `selectors-extracted` event and its assessments against their `assessed`
 * events; every exhibit the log names must have its row. Values are taken from the event leaves
 * (what a checkpoint signs) and from the off-leaf details only where those still hash to the
 * leaf's `details` digest; a leaf or details that do not verify are the custody-log check's to
 * report (`verifyCustodyLog`), and are left out here.
 *
 * Older logs record less (no acquisition time, time zone, summary, selector or assessment digest
 * in the details): what they do not record is not compared, and the acquisition time is then
 * compared with the event's time within {@link ACQUIRED_AT_TOLERANCE_MS}.
 */
import { hash } from 'node:crypto';
import { decodeEventLeafText, type CustodyEvent } from '../../core/custody/event.ts';
import type { Exhibit } from '../../core/evidence/exhibit.ts';
import { recordDigest, selectorsDigest } from '../../core/evidence/record-digest.ts';
import type { CustodyEventRecord, Repositories } from '../../ports/repositories.ts';
import type { VerificationProblem } from '../custody/verify-custody-log.ts';

/** One custody event about an exhibit, as its leaf records it. */
export interface SignedExhibitEvent {
  readonly seq: number;
  readonly event: CustodyEvent;
  /** The off-leaf details, only when kept and still hashing to the leaf's `details` digest. */
  readonly details: Readonly<Record<string, unknown>> | undefined;
}

/** What the log records about one exhibit reference. */
export interface LoggedExhibit {
  /** The first `acquired` or `derived` event on the exhibit. */
  created: SignedExhibitEvent | undefined;
  readonly parseFailed: SignedExhibitEvent[];
  /** `derived` events naming this exhibit as their source. */
  readonly derivedFrom: SignedExhibitEvent[];
  readonly selectors: SignedExhibitEvent[];
  readonly assessed: SignedExhibitEvent[];
  /** The first event naming the exhibit (for messages). */
  readonly first: SignedExhibitEvent;
}

/**
 * How far apart an exhibit's `acquired_at` and its creating event's time may be when the event
 * does not record `acquiredAt` (logs written before it did): both are read from the clock in the
 * same unit of work, a few milliseconds apart.
 */
export const ACQUIRED_AT_TOLERANCE_MS = 10 * 60 * 1000;

const TRACKED: ReadonlySet<string> = new Set([
  'acquired',
  'derived',
  'parse-failed',
  'selectors-extracted',
  'assessed',
]);
const PAGE = 4096;

function signed(e: CustodyEventRecord): SignedExhibitEvent | undefined {
  let event: CustodyEvent;
  try {
    event = decodeEventLeafText(e.leaf);
  } catch {
    return undefined; // reported by the custody-log check
  }
  let details: Record<string, unknown> | undefined;
  if (
    e.details !== null &&
    event.details !== undefined &&
    hash('sha256', e.details, 'hex') === event.details
  ) {
    try {
      const parsed: unknown = JSON.parse(e.details);
      if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed))
        details = parsed as Record<string, unknown>;
    } catch {
      // details that hash to the leaf are the JSON that was logged; nothing to compare otherwise
    }
  }
  return { seq: e.seq, event, details };
}

/**
 * Reads the custody log's events about exhibits (`acquired`, `derived`, `parse-failed`,
 * `selectors-extracted`, `assessed`), in pages, into one entry per exhibit reference.
 *
 * @param size - the number of events to read (the log head).
 * @returns exhibit reference (`AB/1`) → what the log records about it.
 */
export async function readLoggedExhibits(
  repos: Repositories,
  size: number,
): Promise<Map<string, LoggedExhibit>> {
  const logged = new Map<string, LoggedExhibit>();
  const entry = (ref: string, first: SignedExhibitEvent): LoggedExhibit => {
    let l = logged.get(ref);
    if (!l) {
      l = {
        created: undefined,
        parseFailed: [],
        derivedFrom: [],
        selectors: [],
        assessed: [],
        first,
      };
      logged.set(ref, l);
    }
    return l;
  };
  for (let from = 0; from < size; from += PAGE) {
    for (const row of await repos.custody.eventPage(from, Math.min(size, from + PAGE))) {
      if (!TRACKED.has(row.action) || !row.object.startsWith('exhibit:')) continue;
      const s = signed(row);
      if (!s || !TRACKED.has(s.event.action) || !s.event.object.startsWith('exhibit:')) continue;
      const l = entry(s.event.object.slice('exhibit:'.length), s);
      switch (s.event.action) {
        case 'acquired':
        case 'derived':
          l.created ??= s;
          if (s.event.action === 'derived' && typeof s.details?.source === 'string')
            entry(s.details.source, s).derivedFrom.push(s);
          break;
        case 'parse-failed':
          l.parseFailed.push(s);
          break;
        case 'selectors-extracted':
          l.selectors.push(s);
          break;
        default:
          l.assessed.push(s);
      }
    }
  }
  return logged;
}

type Add = (p: VerificationProblem) => void;

const show = (v: unknown): string =>
  v === null || v === undefined ? 'nothing' : typeof v === 'string' ? `"${v}"` : JSON.stringify(v);

const same = (a: unknown, b: unknown): boolean =>
  a === b ||
  (typeof a === 'object' && typeof b === 'object' && recordDigest(a) === recordDigest(b));

/** A comparer for one subject: reports `field` when the stored value differs from the logged one. */
function comparer(add: Add, subject: string, code: string, what: string) {
  return (field: string, stored: unknown, logged: unknown, ev: SignedExhibitEvent): void => {
    if (logged === undefined || same(stored, logged)) return;
    add({
      subject,
      code,
      message: `${subject}: ${what}${field} is ${show(stored)} in the database but its '${ev.event.action}' custody event (event ${ev.seq}) records ${show(logged)}`,
    });
  };
}

/**
 * Compares one exhibit's row (and, for a transcript, its selectors and assessments) with what
 * the log records. An exhibit disposed of at a retention review has its name, note, summary,
 * selectors and assessments erased by design: only what survives disposal is compared.
 *
 * Problem codes: `EXHIBIT_RECORD_MISMATCH` (a field of the row differs; the message names the
 * column, the stored and the logged value), `SELECTORS_RECORD_MISMATCH`, `SELECTORS_UNLOGGED`,
 * `ASSESSMENT_RECORD_MISMATCH`, `ASSESSMENT_MISSING`, `ASSESSMENT_UNLOGGED`.
 */
export async function checkExhibitRecord(
  repos: Repositories,
  ex: Exhibit,
  logged: LoggedExhibit | undefined,
  add: Add,
): Promise<void> {
  const subject = `exhibit ${ex.ref}`;
  const created = logged?.created;
  // An exhibit without its creating event is reported as EXHIBIT_CONTINUITY_MISSING.
  if (!logged || !created) return;
  const compare = comparer(add, subject, 'EXHIBIT_RECORD_MISMATCH', '');
  const disposed = ex.status === 'disposed';
  const d = created.details ?? {};
  const ev = created.event;
  compare('kind', ex.kind, ev.action === 'acquired' ? 'original' : 'transcript', created);
  compare('acquired_by', ex.acquiredBy, ev.actor, created);
  if (d.acquiredAt !== undefined) compare('acquired_at', ex.acquiredAt, d.acquiredAt, created);
  else if (!(Math.abs(Date.parse(ex.acquiredAt) - Date.parse(ev.at)) <= ACQUIRED_AT_TOLERANCE_MS))
    add({
      subject,
      code: 'EXHIBIT_RECORD_MISMATCH',
      message: `${subject}: acquired_at is ${show(ex.acquiredAt)} in the database but its '${ev.action}' custody event (event ${created.seq}) was logged at ${show(ev.at)}`,
    });
  compare('ref', ex.ref, d.ref, created);
  compare('form', ex.form, d.form, created);
  compare('size_bytes', ex.sizeBytes, d.sizeBytes, created);
  compare('time_zone', ex.timeZone, d.timeZone, created);
  if (ex.kind === 'original') {
    if (!disposed) {
      compare('original_name', ex.originalName, d.originalName, created);
      // The note is logged only when one was given.
      if (created.details) compare('note', ex.note || null, d.note ?? null, created);
      if (ex.form === 'folder' && typeof d.files === 'number')
        compare('files', (await repos.exhibits.listFiles(ex.id)).length, d.files, created);
      checkOriginalOutcome(ex, logged, compare);
    }
    return;
  }
  const source = ex.sourceExhibitId ? await repos.exhibits.findById(ex.sourceExhibitId) : undefined;
  compare('source exhibit', source?.ref ?? null, d.source, created);
  compare('source_sha256', ex.sourceSha256, d.sourceSha256, created);
  compare('parser', ex.parser, d.parser, created);
  compare('format', ex.format, d.format, created);
  if (disposed) return;
  compare('status', ex.status, 'derived', created);
  compare('summary.messageCount', ex.summary?.messageCount ?? null, d.messages, created);
  if (d.summarySha256 !== undefined)
    compare('summary (SHA-256)', recordDigest(ex.summary), d.summarySha256, created);
  await checkSelectors(repos, ex, logged, add);
  await checkAssessments(repos, ex, logged, add);
}

/** An original's status, format, summary and failure against its `derived` / `parse-failed` events. */
function checkOriginalOutcome(
  ex: Exhibit,
  logged: LoggedExhibit,
  compare: ReturnType<typeof comparer>,
): void {
  const derived = logged.derivedFrom.at(-1);
  const failed = logged.parseFailed.at(-1);
  const created = logged.created;
  if (derived) {
    compare('status', ex.status, 'parsed', derived);
    const d = derived.details ?? {};
    compare('format', ex.format, d.format, derived);
    // Older `acquired` events do not record the time zone; the transcript's `derived` event does.
    if (created?.details?.timeZone === undefined)
      compare('time_zone', ex.timeZone, d.timeZone, derived);
    compare('summary.messageCount', ex.summary?.messageCount ?? null, d.messages, derived);
    if (d.summarySha256 !== undefined)
      compare('summary (SHA-256)', recordDigest(ex.summary), d.summarySha256, derived);
  } else if (failed) {
    compare('status', ex.status, 'parse-failed', failed);
    const d = failed.details;
    if (d) {
      compare('failure.code', ex.failure?.code ?? null, d.code, failed);
      compare('failure.message', ex.failure?.message ?? null, d.message, failed);
    } else {
      // The leaf's reason is the failure code in lower case, `_` written `-`.
      const code = ex.failure?.code.toLowerCase().replace(/_/g, '-') ?? null;
      compare('failure.code', code, failed.event.reason, failed);
    }
  } else if (created) {
    compare('status', ex.status, 'acquired', created);
  }
}

function countBy(items: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of items) out[k] = (out[k] ?? 0) + 1;
  return out;
}

/** A transcript's stored selectors against its (latest) `selectors-extracted` event. */
async function checkSelectors(
  repos: Repositories,
  ex: Exhibit,
  logged: LoggedExhibit,
  add: Add,
): Promise<void> {
  const subject = `exhibit ${ex.ref}`;
  const ev = logged.selectors.at(-1);
  if (!ev) {
    const n = await repos.selectors.countByExhibit(ex.id);
    if (n > 0)
      add({
        subject,
        code: 'SELECTORS_UNLOGGED',
        message: `${subject}: ${n} selectors are stored but no 'selectors-extracted' custody event records them`,
      });
    return;
  }
  const d = ev.details;
  if (!d) return;
  const stored = await repos.selectors.listByExhibit(ex.id);
  const compare = comparer(add, subject, 'SELECTORS_RECORD_MISMATCH', "its selectors' ");
  compare('occurrences', stored.length, d.occurrences, ev);
  const byKind: Record<string, Set<string>> = {};
  for (const s of stored) (byKind[s.kind] ??= new Set()).add(s.matchKey);
  compare('identifiers', new Set(stored.map((s) => s.matchKey)).size, d.identifiers, ev);
  compare(
    'identifiersByKind',
    Object.fromEntries(Object.entries(byKind).map(([k, v]) => [k, v.size])),
    d.identifiersByKind,
    ev,
  );
  compare('occurrencesBySource', countBy(stored.map((s) => s.source)), d.occurrencesBySource, ev);
  if (d.selectorsSha256 !== undefined)
    compare('SHA-256', selectorsDigest(stored), d.selectorsSha256, ev);
}

/** A transcript's assessments against their `assessed` events, and its latest one against the log. */
async function checkAssessments(
  repos: Repositories,
  ex: Exhibit,
  logged: LoggedExhibit,
  add: Add,
): Promise<void> {
  const subject = `exhibit ${ex.ref}`;
  const ids = new Set<string>();
  for (const ev of logged.assessed) {
    const d = ev.details;
    if (!d || typeof d.assessment !== 'string') continue;
    ids.add(d.assessment);
    const record = await repos.assessments.findById(d.assessment);
    if (!record) {
      add({
        subject,
        code: 'ASSESSMENT_MISSING',
        message: `${subject}: the assessment its 'assessed' custody event (event ${ev.seq}) records (${d.assessment}) is not in the database`,
      });
      continue;
    }
    const compare = comparer(add, subject, 'ASSESSMENT_RECORD_MISMATCH', 'its assessment ');
    compare('exhibit_id', record.exhibitId, ex.id, ev);
    if (d.band !== undefined) compare('band', record.band, d.band, ev);
    else compare('band', `band-${record.band.toLowerCase()}`, ev.event.reason, ev);
    compare('score', record.score, d.score, ev);
    compare('imminent', record.imminent, d.imminent, ev);
    compare('ruleset_version', record.rulesetVersion, d.rulesetVersion, ev);
    compare('input_hash', record.inputHash, d.inputHash, ev);
    if (d.assessmentSha256 !== undefined)
      compare('(SHA-256)', recordDigest(record.assessment), d.assessmentSha256, ev);
  }
  const latest = await repos.assessments.latestForExhibit(ex.id);
  if (latest && !ids.has(latest.id))
    add({
      subject,
      code: 'ASSESSMENT_UNLOGGED',
      message: `${subject}: its assessment ${latest.id} (band ${latest.band}) is stored but no 'assessed' custody event records it`,
    });
}

/**
 * Every exhibit the log names must have its row: reports `EXHIBIT_NOT_IN_DATABASE` for each
 * reference in `logged` not in `refs` (the references of the stored exhibits).
 */
export function checkLoggedExhibitsExist(
  logged: ReadonlyMap<string, LoggedExhibit>,
  refs: ReadonlySet<string>,
  add: Add,
): void {
  for (const [ref, l] of logged) {
    if (refs.has(ref)) continue;
    const ev = l.created ?? l.first;
    add({
      subject: `exhibit ${ref}`,
      code: 'EXHIBIT_NOT_IN_DATABASE',
      message: `exhibit ${ref}: the custody log records its '${ev.event.action}' event (event ${ev.seq}) but the database holds no exhibit with that reference`,
    });
  }
}
