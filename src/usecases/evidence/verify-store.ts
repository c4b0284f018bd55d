/**
 * Whole-store verification (`custos verify`): re-hashes every original and derived exhibit against
 * its record (decrypting it), checks that each exhibit's custody events exist and carry its hash,
 * compares every exhibit row, and every transcript's selectors and assessments, with what their
 * signed custody events record (`verify-exhibit-records.ts`), checks that every exhibit the log
 * names is stored, that every exhibit disposed of at a retention review has a tombstone keeping
 * its hash and that no disposal is left with its keys undestroyed, and verifies the custody log
 * (every leaf, node and checkpoint). Records a `verified` custody event with the outcome, unless
 * the stored tree itself is inconsistent (events or nodes beyond the log head, events or nodes
 * missing, signed checkpoints beyond it): then nothing is appended.
 */
import { folderManifest } from '../../core/evidence/exhibit.ts';
import { isCustosError } from '../../core/errors.ts';
import { createHash } from 'node:crypto';
import type { AppContext } from '../app-context.ts';
import { recordCustodyEvent } from '../custody/record-custody-event.ts';
import { verifyCustodyLog, type VerificationProblem } from '../custody/verify-custody-log.ts';
import type { Repositories } from '../../ports/repositories.ts';
import {
  checkExhibitRecord,
  checkLoggedExhibitsExist,
  readLoggedExhibits,
} from './verify-exhibit-records.ts';

export interface StoreVerificationReport {
  readonly ok: boolean;
  readonly exhibits: number;
  readonly blobs: number;
  readonly events: number;
  readonly nodes: number;
  readonly checkpoints: number;
  /** Problems in the order found; the first names the first bad entry. */
  readonly problems: readonly VerificationProblem[];
  /**
   * Sequence number of the `verified` event recorded for this run; `null` when nothing was
   * recorded because the stored tree is inconsistent (see {@link STRUCTURAL_PROBLEMS}).
   */
  readonly verifiedEvent: number | null;
}

/**
 * Problem codes meaning the stored tree does not match its head, so appending to it would extend
 * a damaged log (or fail on a node already stored): the `verified` event is not recorded.
 */
export const STRUCTURAL_PROBLEMS: ReadonlySet<string> = new Set([
  'CUSTODY_TREE_BEYOND_HEAD',
  'CUSTODY_EVENT_MISSING',
  'CUSTODY_NODE_MISSING',
  'CHECKPOINT_BEYOND_LOG',
]);

/** The codes `checkExhibitRecord` reports. */
const RECORD_PROBLEMS: ReadonlySet<string> = new Set([
  'EXHIBIT_RECORD_MISMATCH',
  'SELECTORS_RECORD_MISMATCH',
  'SELECTORS_UNLOGGED',
  'ASSESSMENT_RECORD_MISMATCH',
  'ASSESSMENT_MISSING',
  'ASSESSMENT_UNLOGGED',
]);

/** Levels a tree of fewer than 2^53 leaves can have nodes at. */
const TREE_LEVELS = 53;

/**
 * The log's extent: no event and no tree node stored beyond what a log of `size` events (the
 * head) holds (RFC 6962 §2.1: `size` leaves give floor(size / 2^level) perfect nodes per level).
 * Events or nodes missing below the head are reported by the custody-log check.
 * @returns problems coded `CUSTODY_TREE_BEYOND_HEAD`, subject `custody log`.
 */
async function checkLogExtent(repos: Repositories, size: number): Promise<VerificationProblem[]> {
  const problems: VerificationProblem[] = [];
  const subject = 'custody log';
  const beyond = await repos.custody.eventPage(size, Number.MAX_SAFE_INTEGER);
  if (beyond.length > 0)
    problems.push({
      subject,
      code: 'CUSTODY_TREE_BEYOND_HEAD',
      message: `${subject}: the head says ${size} events but ${beyond.length} more are stored (from event ${beyond[0]?.seq}): events were removed, or the head was changed`,
    });
  let extra = 0;
  let first = '';
  for (let level = 0; level < TREE_LEVELS; level++) {
    const nodes = await repos.custody.nodeRange(
      level,
      Math.floor(size / 2 ** level),
      Number.MAX_SAFE_INTEGER,
    );
    if (nodes.size === 0) continue;
    let lowest = Number.MAX_SAFE_INTEGER;
    for (const idx of nodes.keys()) lowest = Math.min(lowest, idx);
    if (extra === 0) first = `(${level}, ${lowest})`;
    extra += nodes.size;
  }
  if (extra > 0)
    problems.push({
      subject,
      code: 'CUSTODY_TREE_BEYOND_HEAD',
      message: `${subject}: ${extra} tree node(s), the first at (level, index) ${first}, are stored beyond the ${size} events the head names: events were removed, or the head was changed`,
    });
  return problems;
}

/**
 * Verifies the whole store.
 * @param actor - pseudonymous id of who ran it.
 * @param onProgress - `(what, done, total)` for long runs.
 */
export async function verifyStore(
  app: AppContext,
  actor: string,
  onProgress?: (what: string, done: number, total: number) => void,
): Promise<StoreVerificationReport> {
  const problems: VerificationProblem[] = [];
  let structural = false;
  const add = (p: VerificationProblem) => {
    if (STRUCTURAL_PROBLEMS.has(p.code)) structural = true;
    if (problems.length < 200) problems.push(p);
  };
  const repos = app.uow.read;
  const size = await repos.custody.size();
  for (const p of await checkLogExtent(repos, size)) add(p);
  const logged = await readLoggedExhibits(repos, size);
  const refs = new Set<string>();
  // Exhibits whose rows disagree with the log read above: checked again at the end against the
  // log as it is then, in case an ingest running meanwhile logged their next step.
  const recordProblemsOf = new Set<string>();
  const total = await repos.exhibits.count();
  let exhibits = 0;
  let blobs = 0;
  const checkBlob = async (subject: string, sha256: string, sizeBytes: number) => {
    blobs++;
    try {
      const got = await app.blobs.verify(sha256);
      if (got.size !== sizeBytes)
        add({
          subject,
          code: 'EXHIBIT_SIZE_MISMATCH',
          message: `${subject}: stored bytes are ${got.size} long but the exhibit records ${sizeBytes}`,
        });
    } catch (e) {
      add({
        subject,
        code: isCustosError(e) ? e.code : 'BLOB_UNREADABLE',
        message: `${subject}: ${e instanceof Error ? e.message : String(e)}`,
      });
    }
  };
  for (let offset = 0; offset < total; offset += 500) {
    for (const ex of await repos.exhibits.list({ limit: 500, offset })) {
      const subject = `exhibit ${ex.ref}`;
      refs.add(ex.ref);
      const events = await repos.custody.eventsFor(`exhibit:${ex.ref}`);
      const tombstone = events.find((e) => e.action === 'disposed');
      if (ex.status === 'disposed') {
        // Disposed of at a retention review: the bytes are gone by design; the tombstone must
        // keep the exhibit's hash (docs/retention.md).
        if (!tombstone)
          add({
            subject,
            code: 'EXHIBIT_TOMBSTONE_MISSING',
            message: `${subject} is marked disposed of, but no 'disposed' custody event records it`,
          });
        else if (tombstone.exhibitSha256 !== ex.sha256)
          add({
            subject,
            code: 'EXHIBIT_TOMBSTONE_MISMATCH',
            message: `${subject}: its tombstone (event ${tombstone.seq}) names SHA-256 ${String(tombstone.exhibitSha256)}, the exhibit is ${ex.sha256}`,
          });
      } else if (tombstone) {
        add({
          subject,
          code: 'EXHIBIT_DISPOSAL_INCOMPLETE',
          message: `${subject} has a tombstone (event ${tombstone.seq}) but is not marked disposed of`,
        });
      } else if (ex.form === 'folder') {
        const files = await repos.exhibits.listFiles(ex.id);
        const manifestHash = createHash('sha256')
          .update(folderManifest(files), 'utf8')
          .digest('hex');
        if (manifestHash !== ex.sha256)
          add({
            subject,
            code: 'EXHIBIT_MANIFEST_MISMATCH',
            message: `${subject}: the list of its files no longer hashes to the exhibit's SHA-256`,
          });
        for (const f of files) await checkBlob(`${subject} file ${f.path}`, f.sha256, f.sizeBytes);
      } else {
        await checkBlob(subject, ex.sha256, ex.sizeBytes);
      }
      const first = events[0];
      const expectedAction = ex.kind === 'original' ? 'acquired' : 'derived';
      if (!first || first.action !== expectedAction || first.exhibitSha256 !== ex.sha256) {
        add({
          subject,
          code: 'EXHIBIT_CONTINUITY_MISSING',
          message: `${subject}: its first custody event is not '${expectedAction}' with the exhibit's hash`,
        });
      }
      if (ex.sourceExhibitId) {
        const src = await repos.exhibits.findById(ex.sourceExhibitId);
        if (!src || src.sha256 !== ex.sourceSha256)
          add({
            subject,
            code: 'EXHIBIT_SOURCE_MISMATCH',
            message: `${subject}: its source exhibit is missing or no longer has the recorded hash`,
          });
      }
      const before = problems.length;
      await checkExhibitRecord(repos, ex, logged.get(ex.ref), add);
      if (problems.length > before) recordProblemsOf.add(ex.ref);
      exhibits++;
      onProgress?.('exhibits', exhibits, total);
    }
  }
  checkLoggedExhibitsExist(logged, refs, add);
  const grown = await repos.custody.size();
  if (recordProblemsOf.size > 0 && grown > size) {
    const fresh = await readLoggedExhibits(repos, grown);
    for (const ref of recordProblemsOf) {
      const ex = await repos.exhibits.findByRef(ref);
      const again: VerificationProblem[] = [];
      if (ex) await checkExhibitRecord(repos, ex, fresh.get(ref), (p) => again.push(p));
      if (again.length > 0) continue;
      const subject = `exhibit ${ref}`;
      for (let i = problems.length - 1; i >= 0; i--)
        if (problems[i]?.subject === subject && RECORD_PROBLEMS.has(problems[i]?.code ?? ''))
          problems.splice(i, 1);
    }
  }
  for (const d of await repos.retention.pendingDisposals()) {
    const kase = await repos.desk.cases.findById(d.caseId);
    add({
      subject: `case ${kase?.ref ?? d.caseId}`,
      code: 'RETENTION_SHRED_PENDING',
      message: `the disposal decided at ${d.decidedAt} has not destroyed its keys yet: run custos retention resume`,
    });
  }
  const log = await verifyCustodyLog(repos, app.key, (done, n) =>
    onProgress?.('custody events', done, n),
  );
  for (const p of log.problems) add(p);
  const ok = problems.length === 0;
  const report = {
    ok,
    exhibits,
    blobs,
    events: log.events,
    nodes: log.nodes,
    checkpoints: log.checkpoints,
    problems,
  };
  if (structural) return { ...report, verifiedEvent: null };
  const event = await app.uow.run((r) =>
    recordCustodyEvent(r, app.clock, {
      actor,
      action: 'verified',
      object: 'store:custos',
      reason: ok ? 'intact' : 'mismatch',
      details: {
        exhibits,
        blobs,
        events: log.events,
        checkpoints: log.checkpoints,
        problems: problems.slice(0, 20),
      },
    }),
  );
  return { ...report, verifiedEvent: event.seq };
}
