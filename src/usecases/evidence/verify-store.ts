/**
 * Whole-store verification (`custos verify`): re-hashes every original and derived exhibit against
 * its record (decrypting it), checks that each exhibit's custody events exist and carry its hash,
 * that every exhibit disposed of at a retention review has a tombstone keeping its hash and that
 * no disposal is left with its keys undestroyed, and verifies the custody log (every leaf, node
 * and checkpoint). Records a `verified` custody event with the outcome.
 */
import { folderManifest } from '../../core/evidence/exhibit.ts';
import { isCustosError } from '../../core/errors.ts';
import { createHash } from 'node:crypto';
import type { AppContext } from '../app-context.ts';
import { recordCustodyEvent } from '../custody/record-custody-event.ts';
import { verifyCustodyLog, type VerificationProblem } from '../custody/verify-custody-log.ts';

export interface StoreVerificationReport {
  readonly ok: boolean;
  readonly exhibits: number;
  readonly blobs: number;
  readonly events: number;
  readonly nodes: number;
  readonly checkpoints: number;
  /** Problems in the order found; the first names the first bad entry. */
  readonly problems: readonly VerificationProblem[];
  /** Sequence number of the `verified` event recorded for this run. */
  readonly verifiedEvent: number;
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
  const add = (p: VerificationProblem) => {
    if (problems.length < 200) problems.push(p);
  };
  const repos = app.uow.read;
  const total = await repos.exhibits.count();
  let exhibits = 0;
  let blobs = 0;
  const checkBlob = async (subject: string, sha256: string, size: number) => {
    blobs++;
    try {
      const got = await app.blobs.verify(sha256);
      if (got.size !== size)
        add({
          subject,
          code: 'EXHIBIT_SIZE_MISMATCH',
          message: `${subject}: stored bytes are ${got.size} long but the exhibit records ${size}`,
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
      exhibits++;
      onProgress?.('exhibits', exhibits, total);
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
  return {
    ok,
    exhibits,
    blobs,
    events: log.events,
    nodes: log.nodes,
    checkpoints: log.checkpoints,
    problems,
    verifiedEvent: event.seq,
  };
}
