/**
 * Offline verification of a court bundle (pure: no fs, network, clock or database). The same
 * function runs in `custos bundle verify` and, bundled with a browser shim for `node:crypto`, in
 * the bundle's own `verify.html`.
 *
 * What it proves, in order (research note custody-log.md §8, "Court bundle"):
 * 1. the checkpoint is signed by the pinned key under the pinned origin (C2SP signed-note);
 * 2. the bundle's own `exported` event is in the log at that checkpoint (RFC 9162 §2.1.3.2) and
 *    its `exhibitHash` is the SHA-256 of manifest.json, so the log commits to the manifest;
 * 3. every file has the SHA-256 and size the manifest gives, and no file is missing or extra;
 * 4. every custody event of every exhibit is in the log, the events chain by `prev` from the first
 *    event ever recorded about the exhibit to this export (complete continuity), their details
 *    match the hashes in their leaves, and every hash they name is the exhibit's;
 * 5. originals, folder manifests, transcripts and renderings hash to what the events say;
 * 6. this checkpoint is consistent with earlier exported checkpoints (RFC 9162 §2.1.4.2).
 *
 * Everything in the bundle is ATTACKER CONTROLLED; only the pinned verifier key is trusted. A key
 * taken from the bundle itself proves only that the bundle is internally consistent.
 *
 * Failures are collected, not thrown: the report names every mismatch it found.
 */
import { openCheckpoint, type Checkpoint } from '../custody/checkpoint.ts';
import { decodeEventLeaf, leafHashHex, type CustodyEvent } from '../custody/event.ts';
import { sha256 } from '../custody/merkle.ts';
import { parseVerifierKey, type NoteVerifierKey } from '../custody/note.ts';
import { verifyConsistency, verifyInclusion } from '../custody/verify.ts';
import { toHex } from '../custody/bytes.ts';
import { isCustosError } from '../errors.ts';
import { parseContinuity, type ContinuityRecord } from './continuity.ts';
import {
  BUNDLE_EXPORT_REASON,
  BUNDLE_REGISTER_OBJECT,
  CHECKPOINT_PATH,
  DISPOSAL_ACTION,
  MANIFEST_PATH,
  PROOFS_PATH,
  UNLISTED_PATHS,
} from './layout.ts';
import {
  parseManifest,
  parseProofs,
  type BundleManifest,
  type BundleProofs,
  type ManifestExhibit,
} from './manifest.ts';
import { ShapeError } from './strict-json.ts';

/** The files of a bundle, however they are stored (a zip, a folder, files picked in a browser). */
export interface BundleSource {
  /** Every file path the bundle holds, `/`-separated, in storage order. */
  readonly paths: readonly string[];
  /** Problems the reader found in the container itself (unsafe or duplicate names). */
  readonly issues: readonly BundleProblem[];
  /** Whole bytes of a small file (manifest, proofs, continuity records). */
  read(path: string): Promise<Uint8Array>;
  /** SHA-256 (lowercase hex) and size in bytes of a file, streaming. */
  digest(path: string): Promise<{ readonly sha256: string; readonly size: number }>;
}

/** One code per distinct failure (STYLE.md); tests assert on these. */
export type BundleCheckCode =
  | 'BUNDLE_PATH_UNSAFE'
  | 'BUNDLE_PATH_DUPLICATE'
  | 'BUNDLE_FILE_MISSING'
  | 'BUNDLE_FILE_UNLISTED'
  | 'BUNDLE_FILE_UNREADABLE'
  | 'BUNDLE_FILE_HASH_MISMATCH'
  | 'BUNDLE_FILE_SIZE_MISMATCH'
  | 'BUNDLE_MANIFEST_MALFORMED'
  | 'BUNDLE_MANIFEST_INCONSISTENT'
  | 'BUNDLE_MANIFEST_NOT_COMMITTED'
  | 'BUNDLE_PROOFS_MALFORMED'
  | 'BUNDLE_KEY_INVALID'
  | 'BUNDLE_CHECKPOINT_INVALID'
  | 'BUNDLE_CHECKPOINT_SIZE_MISMATCH'
  | 'BUNDLE_EVENT_MALFORMED'
  | 'BUNDLE_INCLUSION_FAILED'
  | 'BUNDLE_PROOF_MISSING'
  | 'BUNDLE_PROOF_UNUSED'
  | 'BUNDLE_DETAILS_MISMATCH'
  | 'BUNDLE_CONTINUITY_MALFORMED'
  | 'BUNDLE_CONTINUITY_BROKEN'
  | 'BUNDLE_CONTINUITY_INCOMPLETE'
  | 'BUNDLE_EXHIBIT_HASH_MISMATCH'
  | 'BUNDLE_FOLDER_MANIFEST_MISMATCH'
  | 'BUNDLE_DISPOSAL_INVALID'
  | 'BUNDLE_RENDERING_MISMATCH'
  | 'BUNDLE_DERIVATION_MISMATCH'
  | 'BUNDLE_CONSISTENCY_FAILED';

/** Things a reader should know that are not integrity failures. */
export type BundleWarningCode =
  | 'BUNDLE_FILE_IGNORED'
  | 'BUNDLE_KEY_FROM_BUNDLE'
  | 'BUNDLE_KEY_DIFFERS'
  | 'BUNDLE_DETAILS_NOT_HELD'
  | 'BUNDLE_NO_EARLIER_EXPORT';

export interface BundleProblem {
  readonly code: BundleCheckCode;
  /** What it concerns: a path, `exhibit AB/1`, `event 12`, `checkpoint`. */
  readonly subject: string;
  readonly message: string;
}

export interface BundleWarning {
  readonly code: BundleWarningCode;
  readonly subject: string;
  readonly message: string;
}

/** A retention tombstone found in an exhibit's continuity. */
export interface DisposalReport {
  readonly seq: number;
  readonly at: string;
  readonly actor: string;
  readonly reason: string | null;
  /** The SHA-256 the tombstone keeps. */
  readonly sha256: string | null;
}

export interface ExhibitReport {
  readonly ref: string;
  readonly kind: string;
  readonly holding: 'held' | 'disposed';
  readonly sha256: string;
  /** Custody events in its continuity record. */
  readonly events: number;
  readonly disposal: DisposalReport | null;
  /** No problem names this exhibit. */
  readonly ok: boolean;
}

export interface BundleReport {
  /** No problem was found (warnings allowed). */
  readonly ok: boolean;
  readonly bundle: string | null;
  readonly case: { readonly ref: string; readonly title: string } | null;
  readonly createdAt: string | null;
  readonly createdBy: string | null;
  /** Where the trusted key came from; `bundle` proves only internal consistency. */
  readonly key: { readonly source: 'pinned' | 'bundle'; readonly verifierKey: string | null };
  readonly checkpoint: {
    readonly origin: string;
    readonly size: number;
    readonly root: string;
  } | null;
  readonly files: { readonly listed: number; readonly checked: number; readonly bytes: number };
  /** Custody events whose inclusion proof verified. */
  readonly eventsVerified: number;
  readonly exhibits: readonly ExhibitReport[];
  readonly consistency: readonly {
    readonly basis: string;
    readonly fromSize: number;
    readonly ok: boolean;
  }[];
  readonly problems: readonly BundleProblem[];
  readonly warnings: readonly BundleWarning[];
}

export interface VerifyBundleOptions {
  /** The verifier key the recipient pins (`name+keyid+base64`); else the bundle's own, with a warning. */
  readonly verifierKey?: string;
  /** Called as files are hashed: bytes done, bytes listed. */
  readonly onProgress?: (done: number, total: number) => void;
}

const unhex = (s: string): Uint8Array => {
  const out = new Uint8Array(s.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(s.slice(2 * i, 2 * i + 2), 16);
  return out;
};
const utf8 = (b: Uint8Array): string => new TextDecoder('utf-8', { fatal: false }).decode(b);
const hexSha = (b: Uint8Array | string): string =>
  toHex(sha256(typeof b === 'string' ? new TextEncoder().encode(b) : b));
const why = (e: unknown): string =>
  isCustosError(e) ? `${e.code}: ${e.message}` : e instanceof Error ? e.message : String(e);

/** A decoded continuity event with what the checks need. */
interface Link {
  readonly event: CustodyEvent;
  /** The exact leaf text. */
  readonly leaf: string;
  readonly leafHash: string;
  readonly details: Record<string, unknown> | null;
  readonly detailsText: string | null;
}

/**
 * Verifies a bundle. Never throws for a bad bundle: every failure is a problem in the report.
 *
 * @param source - the bundle's files (ATTACKER CONTROLLED).
 * @param options - the pinned verifier key, progress.
 * @returns the report; `ok` is false when any problem was found.
 */
export async function verifyBundle(
  source: BundleSource,
  options: VerifyBundleOptions = {},
): Promise<BundleReport> {
  const problems: BundleProblem[] = [...source.issues];
  const warnings: BundleWarning[] = [];
  const problem = (code: BundleCheckCode, subject: string, message: string): void => {
    problems.push({ code, subject, message });
  };
  const warn = (code: BundleWarningCode, subject: string, message: string): void => {
    warnings.push({ code, subject, message });
  };
  const present = new Set(source.paths);
  let keySource: 'pinned' | 'bundle' = options.verifierKey === undefined ? 'bundle' : 'pinned';
  let verifierKey: string | null = options.verifierKey ?? null;

  const readText = async (
    path: string,
  ): Promise<{ bytes: Uint8Array; text: string } | undefined> => {
    if (!present.has(path)) {
      problem('BUNDLE_FILE_MISSING', path, `${path} is missing from the bundle`);
      return undefined;
    }
    try {
      const bytes = await source.read(path);
      return { bytes, text: utf8(bytes) };
    } catch (e) {
      problem('BUNDLE_FILE_UNREADABLE', path, `${path} could not be read: ${why(e)}`);
      return undefined;
    }
  };

  const report = (
    manifest: BundleManifest | null,
    checkpoint: Checkpoint | null,
    files: BundleReport['files'],
    eventsVerified: number,
    exhibits: readonly ExhibitReport[],
    consistency: BundleReport['consistency'],
  ): BundleReport => ({
    ok: problems.length === 0,
    bundle: manifest?.bundle ?? null,
    case: manifest?.case ?? null,
    createdAt: manifest?.createdAt ?? null,
    createdBy: manifest?.createdBy ?? null,
    key: { source: keySource, verifierKey },
    checkpoint: checkpoint
      ? { origin: checkpoint.origin, size: Number(checkpoint.size), root: toHex(checkpoint.root) }
      : null,
    files,
    eventsVerified,
    exhibits,
    consistency,
    problems,
    warnings,
  });

  // 1. The manifest (authenticated in step 4 through the bundle event).
  const manifestFile = await readText(MANIFEST_PATH);
  let manifest: BundleManifest | null = null;
  if (manifestFile) {
    try {
      manifest = parseManifest(manifestFile.text);
    } catch (e) {
      problem(
        'BUNDLE_MANIFEST_MALFORMED',
        MANIFEST_PATH,
        `manifest.json is not a Custos bundle manifest: ${why(e)}`,
      );
    }
  }
  const noFiles = { listed: 0, checked: 0, bytes: 0 };
  if (!manifest || !manifestFile) return report(null, null, noFiles, 0, [], []);
  const manifestSha = hexSha(manifestFile.bytes);

  // 2. The trusted key.
  if (verifierKey === null) {
    verifierKey = manifest.log.verifierKey;
    keySource = 'bundle';
    warn(
      'BUNDLE_KEY_FROM_BUNDLE',
      'verifier key',
      'no key was pinned: the key was taken from the bundle itself, which proves only that the bundle is internally consistent, not that it comes from the custody log you trust; pin the key published by the force',
    );
  } else if (verifierKey !== manifest.log.verifierKey) {
    warn(
      'BUNDLE_KEY_DIFFERS',
      'verifier key',
      `the bundle names the key ${manifest.log.verifierKey}; checking against the pinned key ${verifierKey}`,
    );
  }
  let key: NoteVerifierKey | null = null;
  try {
    key = parseVerifierKey(verifierKey);
  } catch (e) {
    problem('BUNDLE_KEY_INVALID', 'verifier key', `the verifier key is malformed: ${why(e)}`);
  }

  // 3. Every file against the manifest.
  const digests = new Map<string, { sha256: string; size: number }>();
  const listed = new Set<string>();
  const total = manifest.files.reduce((n, f) => n + f.size, 0);
  let done = 0;
  let checked = 0;
  for (const f of manifest.files) {
    if (listed.has(f.path) || UNLISTED_PATHS.includes(f.path)) {
      problem(
        'BUNDLE_MANIFEST_INCONSISTENT',
        f.path,
        `manifest.json lists ${f.path} more than once or lists a file it cannot hold`,
      );
      continue;
    }
    listed.add(f.path);
    if (!present.has(f.path)) {
      problem(
        'BUNDLE_FILE_MISSING',
        f.path,
        `${f.path} is listed in manifest.json but missing from the bundle`,
      );
      continue;
    }
    try {
      const d = await source.digest(f.path);
      digests.set(f.path, d);
      checked++;
      if (d.size !== f.size) {
        problem(
          'BUNDLE_FILE_SIZE_MISMATCH',
          f.path,
          `${f.path} is ${d.size} bytes, manifest.json says ${f.size}`,
        );
      } else if (d.sha256 !== f.sha256) {
        problem(
          'BUNDLE_FILE_HASH_MISMATCH',
          f.path,
          `${f.path} has SHA-256 ${d.sha256}, manifest.json says ${f.sha256}`,
        );
      }
    } catch (e) {
      problem('BUNDLE_FILE_UNREADABLE', f.path, `${f.path} could not be read: ${why(e)}`);
    }
    done += f.size;
    options.onProgress?.(done, total);
  }
  for (const p of source.paths) {
    if (listed.has(p) || UNLISTED_PATHS.includes(p)) continue;
    if (OS_LITTER.test(p)) {
      warn(
        'BUNDLE_FILE_IGNORED',
        p,
        `${p} is not part of the bundle (a file desktop systems add when a folder is opened); ignored`,
      );
    } else {
      problem('BUNDLE_FILE_UNLISTED', p, `${p} is in the bundle but not listed in manifest.json`);
    }
  }
  const files = { listed: manifest.files.length, checked, bytes: done };
  /** True when `path` is listed and hashed to what the manifest says. */
  const goodDigest = (path: string): { sha256: string; size: number } | undefined => {
    const f = manifest.files.find((x) => x.path === path);
    const d = digests.get(path);
    return f && d && d.sha256 === f.sha256 && d.size === f.size ? d : undefined;
  };

  // 4. The signed checkpoint, the proofs and the bundle's own event.
  const noteFile = await readText(CHECKPOINT_PATH);
  let checkpoint: Checkpoint | null = null;
  if (noteFile && key) {
    try {
      checkpoint = openCheckpoint(noteFile.bytes, { origin: key.name, keys: [key] }).checkpoint;
    } catch (e) {
      problem(
        'BUNDLE_CHECKPOINT_INVALID',
        CHECKPOINT_PATH,
        `the checkpoint does not verify against the ${keySource} key: ${why(e)}`,
      );
    }
  }
  if (checkpoint && checkpoint.origin !== manifest.log.origin) {
    problem(
      'BUNDLE_MANIFEST_INCONSISTENT',
      MANIFEST_PATH,
      `manifest.json names the log ${manifest.log.origin}, the checkpoint is for ${checkpoint.origin}`,
    );
  }
  const proofsFile = await readText(PROOFS_PATH);
  let proofs: BundleProofs | null = null;
  if (proofsFile) {
    try {
      proofs = parseProofs(proofsFile.text);
    } catch (e) {
      problem(
        'BUNDLE_PROOFS_MALFORMED',
        PROOFS_PATH,
        `custody/proofs.json is malformed: ${why(e)}`,
      );
    }
  }
  if (checkpoint && proofs && BigInt(proofs.treeSize) !== checkpoint.size) {
    problem(
      'BUNDLE_CHECKPOINT_SIZE_MISMATCH',
      PROOFS_PATH,
      `the proofs are for tree size ${proofs.treeSize}, the checkpoint has size ${checkpoint.size}`,
    );
  }
  const trusted =
    checkpoint && proofs && BigInt(proofs.treeSize) === checkpoint.size ? checkpoint : null;
  let eventsVerified = 0;
  const include = (
    seq: number,
    leaf: string,
    proof: readonly string[],
    subject: string,
  ): boolean => {
    if (!trusted) return false;
    try {
      verifyInclusion(
        new TextEncoder().encode(leaf),
        BigInt(seq),
        trusted.size,
        proof.map(unhex),
        trusted.root,
      );
      eventsVerified++;
      return true;
    } catch (e) {
      problem(
        'BUNDLE_INCLUSION_FAILED',
        subject,
        `${subject} is not in the signed log at size ${trusted.size}: ${why(e)}`,
      );
      return false;
    }
  };
  if (proofs) {
    const be = proofs.bundleEvent;
    const subject = `bundle event ${be.seq}`;
    try {
      const event = decodeEventLeaf(new TextEncoder().encode(be.leaf));
      include(be.seq, be.leaf, be.proof, subject);
      if (event.seq !== be.seq)
        problem(
          'BUNDLE_EVENT_MALFORMED',
          subject,
          `the leaf says seq ${event.seq}, the proof is for ${be.seq}`,
        );
      if (
        event.action !== 'exported' ||
        event.object !== BUNDLE_REGISTER_OBJECT ||
        event.reason !== BUNDLE_EXPORT_REASON
      ) {
        problem(
          'BUNDLE_MANIFEST_NOT_COMMITTED',
          subject,
          `the bundle event must be an exported event about ${BUNDLE_REGISTER_OBJECT}, it is ${event.action} about ${event.object}`,
        );
      } else if (event.exhibitHash !== manifestSha) {
        problem(
          'BUNDLE_MANIFEST_NOT_COMMITTED',
          MANIFEST_PATH,
          `manifest.json has SHA-256 ${manifestSha}, the signed bundle event commits to ${event.exhibitHash ?? 'nothing'}`,
        );
      }
      if (event.details === undefined || hexSha(be.details) !== event.details) {
        problem(
          'BUNDLE_DETAILS_MISMATCH',
          subject,
          'the bundle event details do not match the hash in its leaf',
        );
      } else {
        const d = parseDetails(be.details);
        if (d?.bundle !== manifest.bundle) {
          problem(
            'BUNDLE_MANIFEST_NOT_COMMITTED',
            subject,
            `the bundle event is for bundle ${String(d?.bundle)}, manifest.json is ${manifest.bundle}`,
          );
        }
      }
    } catch (e) {
      problem('BUNDLE_EVENT_MALFORMED', subject, `the bundle event leaf is malformed: ${why(e)}`);
    }
  }

  // 5. Exhibits: continuity, inclusion, hashes, files.
  const proofBySeq = new Map<number, readonly string[]>();
  for (const p of proofs?.events ?? []) {
    if (proofBySeq.has(p.seq))
      problem('BUNDLE_PROOFS_MALFORMED', PROOFS_PATH, `two proofs for event ${p.seq}`);
    proofBySeq.set(p.seq, p.proof);
  }
  const usedProofs = new Set<number>();
  const byRef = new Map(manifest.exhibits.map((e) => [e.ref, e]));
  if (byRef.size !== manifest.exhibits.length) {
    problem(
      'BUNDLE_MANIFEST_INCONSISTENT',
      MANIFEST_PATH,
      'manifest.json lists an exhibit more than once',
    );
  }
  const exhibitReports: ExhibitReport[] = [];
  for (const ex of manifest.exhibits) {
    const before = problems.length;
    const subject = `exhibit ${ex.ref}`;
    let links: Link[] = [];
    let disposal: DisposalReport | null = null;
    const listedWithRole = (path: string): boolean => {
      const f = manifest.files.find((x) => x.path === path);
      if (!f || f.exhibit !== ex.ref) {
        problem(
          'BUNDLE_MANIFEST_INCONSISTENT',
          path,
          `${subject} names ${path}, which manifest.json does not list for it`,
        );
        return false;
      }
      return true;
    };
    if (ex.object !== `exhibit:${ex.ref}`) {
      problem(
        'BUNDLE_MANIFEST_INCONSISTENT',
        subject,
        `${subject} has the log object ${ex.object}, expected exhibit:${ex.ref}`,
      );
    }
    const record = await readContinuity(ex, listedWithRole);
    if (record) {
      links = checkChain(ex, record);
      for (const { event, leaf } of links) {
        const proof = proofBySeq.get(event.seq);
        const linkSubject = `event ${event.seq} (${ex.ref} ${event.action})`;
        if (!proof) {
          problem(
            'BUNDLE_PROOF_MISSING',
            linkSubject,
            `${linkSubject} has no inclusion proof in custody/proofs.json`,
          );
          continue;
        }
        usedProofs.add(event.seq);
        include(event.seq, leaf, proof, linkSubject);
      }
      disposal = await checkExhibit(ex, links);
    }
    exhibitReports.push({
      ref: ex.ref,
      kind: ex.kind,
      holding: ex.holding,
      sha256: ex.sha256,
      events: links.length,
      disposal,
      ok:
        problems.slice(before).length === 0 &&
        !problems.some((p) =>
          [...ex.files, ...ex.renderings, ex.continuity, ex.folderManifest].includes(p.subject),
        ),
    });
  }
  for (const seq of proofBySeq.keys()) {
    if (!usedProofs.has(seq))
      problem(
        'BUNDLE_PROOF_UNUSED',
        `event ${seq}`,
        `custody/proofs.json proves event ${seq}, which no continuity record holds`,
      );
  }

  // 6. Consistency with earlier exported checkpoints.
  const consistency: { basis: string; fromSize: number; ok: boolean }[] = [];
  if (proofs && proofs.consistency.length === 0) {
    warn(
      'BUNDLE_NO_EARLIER_EXPORT',
      'consistency',
      'no earlier exported checkpoint: this is the first export from this log, so there is nothing to prove consistency with',
    );
  }
  for (const c of proofs?.consistency ?? []) {
    let fromSize = 0;
    let ok = false;
    try {
      if (!key || !trusted) throw new Error('the bundle checkpoint did not verify');
      const old = openCheckpoint(c.note, { origin: key.name, keys: [key] }).checkpoint;
      fromSize = Number(old.size);
      verifyConsistency(old.size, trusted.size, old.root, trusted.root, c.proof.map(unhex));
      ok = true;
    } catch (e) {
      problem(
        'BUNDLE_CONSISTENCY_FAILED',
        `consistency from size ${fromSize}`,
        `the checkpoint is not shown consistent with the earlier exported checkpoint (${c.basis}): ${why(e)}`,
      );
    }
    consistency.push({ basis: c.basis, fromSize, ok });
  }

  return report(manifest, checkpoint, files, eventsVerified, exhibitReports, consistency);

  // --- helpers over the state above ---

  async function readContinuity(
    ex: ManifestExhibit,
    listedWithRole: (p: string) => boolean,
  ): Promise<ContinuityRecord | undefined> {
    if (!listedWithRole(ex.continuity) || !goodDigest(ex.continuity)) return undefined;
    const file = await readText(ex.continuity);
    if (!file) return undefined;
    try {
      const r = parseContinuity(file.text, ex.continuity);
      if (r.exhibit !== ex.ref || r.object !== ex.object) {
        problem(
          'BUNDLE_CONTINUITY_MALFORMED',
          ex.continuity,
          `${ex.continuity} is the record of ${r.exhibit}, not ${ex.ref}`,
        );
        return undefined;
      }
      return r;
    } catch (e) {
      problem(
        'BUNDLE_CONTINUITY_MALFORMED',
        ex.continuity,
        `${ex.continuity} is malformed: ${e instanceof ShapeError ? e.message : why(e)}`,
      );
      return undefined;
    }
  }

  /** Decodes the events and checks they form one complete chain about the exhibit. */
  function checkChain(ex: ManifestExhibit, record: ContinuityRecord): Link[] {
    const subject = `exhibit ${ex.ref}`;
    const links: Link[] = [];
    let prevHash: string | null = null;
    let prevSeq = -1;
    for (const [i, e] of record.events.entries()) {
      let event: CustodyEvent;
      try {
        event = decodeEventLeaf(new TextEncoder().encode(e.leaf));
      } catch (err) {
        problem(
          'BUNDLE_EVENT_MALFORMED',
          `event ${e.seq} (${ex.ref})`,
          `continuity event ${i + 1} of ${ex.ref} is not a valid custody event leaf: ${why(err)}`,
        );
        return links;
      }
      const leafHash = leafHashHex(new TextEncoder().encode(e.leaf));
      if (event.seq !== e.seq || event.object !== ex.object || event.seq <= prevSeq) {
        problem(
          'BUNDLE_CONTINUITY_BROKEN',
          subject,
          `continuity event ${i + 1} of ${ex.ref} (seq ${event.seq}, ${event.object}) is out of place`,
        );
      }
      if ((event.prev ?? null) !== prevHash) {
        problem(
          i === 0 ? 'BUNDLE_CONTINUITY_INCOMPLETE' : 'BUNDLE_CONTINUITY_BROKEN',
          subject,
          i === 0
            ? `the first event in the continuity of ${ex.ref} (seq ${event.seq}) follows an earlier event that is missing`
            : `event ${event.seq} of ${ex.ref} does not follow event ${prevSeq}: an event is missing or out of order`,
        );
      }
      let details: Record<string, unknown> | null = null;
      if (event.details !== undefined) {
        if (e.details === null) {
          warn(
            'BUNDLE_DETAILS_NOT_HELD',
            `event ${event.seq} (${ex.ref})`,
            `the details of event ${event.seq} are no longer held (erased at retention); the leaf keeps their hash`,
          );
        } else if (hexSha(e.details) !== event.details) {
          problem(
            'BUNDLE_DETAILS_MISMATCH',
            `event ${event.seq} (${ex.ref})`,
            `the details of event ${event.seq} do not match the hash in its leaf`,
          );
        } else {
          details = parseDetails(e.details);
        }
      } else if (e.details !== null) {
        problem(
          'BUNDLE_DETAILS_MISMATCH',
          `event ${event.seq} (${ex.ref})`,
          `event ${event.seq} has details but its leaf commits to none`,
        );
      }
      links.push({ event, leaf: e.leaf, leafHash, details, detailsText: e.details });
      prevHash = leafHash;
      prevSeq = event.seq;
    }
    const last = links.at(-1);
    if (
      !last ||
      last.event.action !== 'exported' ||
      last.event.reason !== BUNDLE_EXPORT_REASON ||
      last.details?.bundle !== manifest?.bundle
    ) {
      problem(
        'BUNDLE_CONTINUITY_INCOMPLETE',
        subject,
        `the continuity of ${ex.ref} does not end with this bundle's export event`,
      );
    }
    return links;
  }

  /** Hashes named by the events against the exhibit, its files and renderings; the disposal. */
  async function checkExhibit(
    ex: ManifestExhibit,
    links: readonly Link[],
  ): Promise<DisposalReport | null> {
    const subject = `exhibit ${ex.ref}`;
    for (const { event } of links) {
      if (event.exhibitHash !== undefined && event.exhibitHash !== ex.sha256) {
        problem(
          'BUNDLE_EXHIBIT_HASH_MISMATCH',
          subject,
          `event ${event.seq} (${event.action}) names SHA-256 ${event.exhibitHash}, the exhibit is ${ex.sha256}`,
        );
      }
    }
    const tomb = links.find((l) => l.event.action === DISPOSAL_ACTION);
    let disposal: DisposalReport | null = null;
    if (tomb) {
      disposal = {
        seq: tomb.event.seq,
        at: tomb.event.at,
        actor: tomb.event.actor,
        reason: tomb.event.reason ?? null,
        sha256: tomb.event.exhibitHash ?? null,
      };
      if (
        ex.holding !== 'disposed' ||
        ex.files.length > 0 ||
        ex.folderManifest !== null ||
        tomb.event.exhibitHash === undefined
      ) {
        problem(
          'BUNDLE_DISPOSAL_INVALID',
          subject,
          `${ex.ref} was disposed of (event ${tomb.event.seq}) but the manifest does not record it as disposed with no files`,
        );
      }
      return disposal;
    }
    if (ex.holding === 'disposed') {
      problem(
        'BUNDLE_DISPOSAL_INVALID',
        subject,
        `manifest.json says ${ex.ref} was disposed of, but its continuity has no disposal event`,
      );
      return null;
    }
    // Held: the bytes must be here and hash to the exhibit.
    for (const p of ex.files)
      if (!manifest?.files.some((f) => f.path === p && f.exhibit === ex.ref)) {
        problem(
          'BUNDLE_MANIFEST_INCONSISTENT',
          p,
          `${subject} names ${p}, which manifest.json does not list for it`,
        );
      }
    if (ex.folderManifest === null) {
      const only = ex.files.length === 1 ? ex.files[0] : undefined;
      const d = only === undefined ? undefined : goodDigest(only);
      if (only === undefined) {
        problem(
          'BUNDLE_MANIFEST_INCONSISTENT',
          subject,
          `${ex.ref} is held but manifest.json lists ${ex.files.length} files for it, expected 1`,
        );
      } else if (d && (d.sha256 !== ex.sha256 || d.size !== ex.size)) {
        problem(
          'BUNDLE_EXHIBIT_HASH_MISMATCH',
          only,
          `${only} has SHA-256 ${d.sha256}, exhibit ${ex.ref} is ${ex.sha256}`,
        );
      }
    } else {
      await checkFolder(ex);
    }
    checkRenderings(ex, links);
    checkDerivation(ex, links);
    return null;
  }

  async function checkFolder(ex: ManifestExhibit): Promise<void> {
    const path = ex.folderManifest as string;
    const d = goodDigest(path);
    if (!d) return;
    if (d.sha256 !== ex.sha256) {
      problem(
        'BUNDLE_EXHIBIT_HASH_MISMATCH',
        path,
        `${path} has SHA-256 ${d.sha256}, exhibit ${ex.ref} is ${ex.sha256}`,
      );
      return;
    }
    // Its bytes are exactly what the log committed to: the per-file lines can be trusted.
    const file = await readText(path);
    if (!file) return;
    const lines = file.text === '' ? [] : file.text.slice(0, -1).split('\n');
    if (lines.length !== ex.files.length) {
      problem(
        'BUNDLE_FOLDER_MANIFEST_MISMATCH',
        path,
        `${path} lists ${lines.length} files, the bundle holds ${ex.files.length} for ${ex.ref}`,
      );
      return;
    }
    let sum = 0;
    lines.forEach((line, i) => {
      const m = /^([0-9a-f]{64}) (0|[1-9][0-9]*) (.+)$/.exec(line);
      const member = ex.files[i] as string;
      const fd = goodDigest(member);
      if (!m) {
        problem(
          'BUNDLE_FOLDER_MANIFEST_MISMATCH',
          path,
          `line ${i + 1} of ${path} is not "<sha256> <size> <path>"`,
        );
        return;
      }
      sum += Number(m[2]);
      if (fd && (fd.sha256 !== m[1] || fd.size !== Number(m[2]))) {
        problem(
          'BUNDLE_FOLDER_MANIFEST_MISMATCH',
          member,
          `${member} has SHA-256 ${fd.sha256}, line ${i + 1} of the folder manifest says ${m[1]}`,
        );
      }
    });
    if (sum !== ex.size) {
      problem(
        'BUNDLE_FOLDER_MANIFEST_MISMATCH',
        path,
        `the files of ${ex.ref} add up to ${sum} bytes, the exhibit is ${ex.size}`,
      );
    }
  }

  function checkRenderings(ex: ManifestExhibit, links: readonly Link[]): void {
    const exported = links.at(-1);
    const declared = exported?.details?.renderings;
    const list = Array.isArray(declared) ? (declared as unknown[]) : [];
    const named = new Map<string, unknown>();
    for (const r of list) {
      if (typeof r === 'object' && r !== null) {
        const rec = r as Record<string, unknown>;
        if (typeof rec.path === 'string') named.set(rec.path, rec.sha256);
      }
    }
    if (named.size !== ex.renderings.length) {
      problem(
        'BUNDLE_RENDERING_MISMATCH',
        `exhibit ${ex.ref}`,
        `the export event of ${ex.ref} names ${named.size} renderings, manifest.json lists ${ex.renderings.length}`,
      );
    }
    for (const p of ex.renderings) {
      const f = manifest?.files.find((x) => x.path === p && x.exhibit === ex.ref);
      if (!f) {
        problem(
          'BUNDLE_MANIFEST_INCONSISTENT',
          p,
          `exhibit ${ex.ref} names ${p}, which manifest.json does not list for it`,
        );
      } else if (named.get(p) !== f.sha256) {
        problem(
          'BUNDLE_RENDERING_MISMATCH',
          p,
          `${p} has SHA-256 ${f.sha256}, the export event of ${ex.ref} records ${String(named.get(p))}`,
        );
      }
    }
  }

  function checkDerivation(ex: ManifestExhibit, links: readonly Link[]): void {
    if (ex.derivedFrom === null) return;
    const src = byRef.get(ex.derivedFrom);
    if (!src) {
      problem(
        'BUNDLE_DERIVATION_MISMATCH',
        `exhibit ${ex.ref}`,
        `${ex.ref} is derived from ${ex.derivedFrom}, which is not in the bundle`,
      );
      return;
    }
    const derived = links.find((l) => l.event.action === 'derived');
    if (!derived) {
      problem(
        'BUNDLE_DERIVATION_MISMATCH',
        `exhibit ${ex.ref}`,
        `${ex.ref} is said to be derived from ${ex.derivedFrom} but its continuity has no derived event`,
      );
      return;
    }
    if (derived.details === null) return; // erased details: warned above
    if (derived.details.sourceSha256 !== src.sha256 || derived.details.source !== src.ref) {
      problem(
        'BUNDLE_DERIVATION_MISMATCH',
        `exhibit ${ex.ref}`,
        `the derived event of ${ex.ref} names source ${String(derived.details.source)} (${String(derived.details.sourceSha256)}), the bundle has ${src.ref} (${src.sha256})`,
      );
    }
  }
}

/** Files that desktop systems drop into folders they show (Finder, Explorer), never evidence. */
const OS_LITTER = /(^|\/)(\.DS_Store|Thumbs\.db|desktop\.ini|\._[^/]*)$|^__MACOSX\//;

function parseDetails(text: string): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === 'object' && v !== null && !Array.isArray(v)
      ? (v as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}
