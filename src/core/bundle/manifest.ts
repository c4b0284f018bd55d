/**
 * `manifest.json` and `custody/proofs.json`: the two machine-readable documents that tie every
 * file of a bundle to the signed custody log. Both are written with {@link prettyJson} and read
 * back strictly ({@link parseManifest}, {@link parseProofs}): unknown keys, missing keys and any
 * layout other than the canonical one are refused.
 */
import {
  BUNDLE_FORMAT,
  BUNDLE_VERSION,
  FILE_ROLES,
  PROOFS_FORMAT,
  isSafeBundlePath,
  type FileRole,
} from './layout.ts';
import {
  SHA256_HEX,
  ShapeError,
  arr,
  count,
  obj,
  oneOf,
  parseCanonical,
  prettyJson,
  str,
  strOrNull,
} from './strict-json.ts';

/** One file of the bundle. */
export interface ManifestFile {
  /** Relative, `/`-separated path inside the bundle. */
  readonly path: string;
  /** Lowercase hex SHA-256 of the file's bytes. */
  readonly sha256: string;
  /** Size in bytes. */
  readonly size: number;
  readonly role: FileRole;
  /** Exhibit reference the file belongs to, or null for bundle-wide files. */
  readonly exhibit: string | null;
}

/** `held`: the bytes are in the bundle; `disposed`: a retention tombstone stands for them. */
export type ExhibitHolding = 'held' | 'disposed';

/** One exhibit in the bundle. */
export interface ManifestExhibit {
  /** `AB/1`. */
  readonly ref: string;
  /** Custody-log object, `exhibit:AB/1`. */
  readonly object: string;
  readonly kind: 'original' | 'transcript';
  /** `file`, `folder`, `zip` or a media type for derived exhibits. */
  readonly form: string;
  /** SHA-256 of the exhibit: of its bytes, or of its folder manifest for a folder. */
  readonly sha256: string;
  /** Bytes (a folder: the sum of its files). */
  readonly size: number;
  readonly holding: ExhibitHolding;
  /** The exhibit this one was derived from (a transcript's original), else null. */
  readonly derivedFrom: string | null;
  /** The name as handed in, if any. */
  readonly name: string | null;
  /** Paths of the exhibit's bytes: one file, or a folder's files. Empty when disposed. */
  readonly files: readonly string[];
  /** Folder exhibits: path of the canonical folder manifest whose SHA-256 is `sha256`. */
  readonly folderManifest: string | null;
  /** Renderings made for the bundle (the PDF of a transcript). */
  readonly renderings: readonly string[];
  /** Path of the exhibit's continuity record. */
  readonly continuity: string;
}

export interface BundleManifest {
  readonly format: typeof BUNDLE_FORMAT;
  readonly version: typeof BUNDLE_VERSION;
  /** Opaque id of this export, named in its custody events. */
  readonly bundle: string;
  /** ISO-8601 UTC time of the export. */
  readonly createdAt: string;
  /** Pseudonymous custody-log actor who exported it. */
  readonly createdBy: string;
  readonly case: { readonly ref: string; readonly title: string } | null;
  /** The custody log: checkpoint origin and its verifier key (`name+keyid+base64`). */
  readonly log: { readonly origin: string; readonly verifierKey: string };
  readonly exhibits: readonly ManifestExhibit[];
  /** Every file except manifest.json and custody/*, sorted by path. */
  readonly files: readonly ManifestFile[];
}

/** One event's inclusion proof at the checkpoint's size. */
export interface EventProof {
  readonly seq: number;
  /** Hex hashes, leaf to root (RFC 6962 §2.1.1 PATH). */
  readonly proof: readonly string[];
}

/** A consistency proof from an earlier exported checkpoint to this bundle's. */
export interface ConsistencyEntry {
  /** Why this earlier checkpoint: the last export of the log, or of the same case. */
  readonly basis: 'previous-export' | 'previous-export-of-case';
  /** The earlier signed checkpoint note, as exported then. */
  readonly note: string;
  /** Hex hashes (RFC 6962 §2.1.2 PROOF). */
  readonly proof: readonly string[];
}

export interface BundleProofs {
  readonly format: typeof PROOFS_FORMAT;
  readonly version: typeof BUNDLE_VERSION;
  /** Tree size of `custody/checkpoint.txt`. */
  readonly treeSize: number;
  /** The bundle's own `exported` event: its leaf commits to the manifest's SHA-256. */
  readonly bundleEvent: {
    readonly seq: number;
    /** The exact leaf (RFC 8785 JSON). */
    readonly leaf: string;
    /** The off-leaf details JSON whose SHA-256 the leaf holds. */
    readonly details: string;
    readonly proof: readonly string[];
  };
  /** One entry per event in the continuity records, by seq. */
  readonly events: readonly EventProof[];
  readonly consistency: readonly ConsistencyEntry[];
}

/** The bytes of manifest.json. */
export function encodeManifest(m: BundleManifest): Uint8Array {
  return new TextEncoder().encode(prettyJson(m));
}

/** The bytes of custody/proofs.json. */
export function encodeProofs(p: BundleProofs): Uint8Array {
  return new TextEncoder().encode(prettyJson(p));
}

const REF = /^[A-Z]{2,4}\/[1-9][0-9]{0,8}$/;
const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const NONEMPTY = /^.+$/s;

function bundlePath(v: unknown, path: string): string {
  const s = str(v, path);
  if (!isSafeBundlePath(s)) throw new ShapeError(path, 'a safe relative path');
  return s;
}

function hexList(v: unknown, path: string): string[] {
  return arr(v, path).map((h, i) => str(h, `${path}[${i}]`, SHA256_HEX));
}

/**
 * Reads manifest.json strictly.
 * @param text - the file's text, ATTACKER CONTROLLED.
 * @throws ShapeError naming the first bad key.
 */
export function parseManifest(text: string): BundleManifest {
  const m = obj(parseCanonical(text, 'manifest'), 'manifest', [
    'format',
    'version',
    'bundle',
    'createdAt',
    'createdBy',
    'case',
    'log',
    'exhibits',
    'files',
  ]);
  if (m.format !== BUNDLE_FORMAT)
    throw new ShapeError('manifest.format', JSON.stringify(BUNDLE_FORMAT));
  if (m.version !== BUNDLE_VERSION)
    throw new ShapeError('manifest.version', String(BUNDLE_VERSION));
  const kase =
    m.case === null
      ? null
      : (() => {
          const c = obj(m.case, 'manifest.case', ['ref', 'title']);
          return {
            ref: str(c.ref, 'manifest.case.ref', NONEMPTY),
            title: str(c.title, 'manifest.case.title'),
          };
        })();
  const log = obj(m.log, 'manifest.log', ['origin', 'verifierKey']);
  const exhibits = arr(m.exhibits, 'manifest.exhibits').map((x, i): ManifestExhibit => {
    const p = `manifest.exhibits[${i}]`;
    const e = obj(x, p, [
      'ref',
      'object',
      'kind',
      'form',
      'sha256',
      'size',
      'holding',
      'derivedFrom',
      'name',
      'files',
      'folderManifest',
      'renderings',
      'continuity',
    ]);
    const ref = str(e.ref, `${p}.ref`, REF);
    return {
      ref,
      object: str(e.object, `${p}.object`),
      kind: oneOf(e.kind, `${p}.kind`, ['original', 'transcript'] as const),
      form: str(e.form, `${p}.form`, NONEMPTY),
      sha256: str(e.sha256, `${p}.sha256`, SHA256_HEX),
      size: count(e.size, `${p}.size`),
      holding: oneOf(e.holding, `${p}.holding`, ['held', 'disposed'] as const),
      derivedFrom: strOrNull(e.derivedFrom, `${p}.derivedFrom`, REF),
      name: strOrNull(e.name, `${p}.name`),
      files: arr(e.files, `${p}.files`).map((f, j) => bundlePath(f, `${p}.files[${j}]`)),
      folderManifest:
        e.folderManifest === null ? null : bundlePath(e.folderManifest, `${p}.folderManifest`),
      renderings: arr(e.renderings, `${p}.renderings`).map((f, j) =>
        bundlePath(f, `${p}.renderings[${j}]`),
      ),
      continuity: bundlePath(e.continuity, `${p}.continuity`),
    };
  });
  const files = arr(m.files, 'manifest.files').map((x, i): ManifestFile => {
    const p = `manifest.files[${i}]`;
    const f = obj(x, p, ['path', 'sha256', 'size', 'role', 'exhibit']);
    return {
      path: bundlePath(f.path, `${p}.path`),
      sha256: str(f.sha256, `${p}.sha256`, SHA256_HEX),
      size: count(f.size, `${p}.size`),
      role: oneOf(f.role, `${p}.role`, FILE_ROLES),
      exhibit: strOrNull(f.exhibit, `${p}.exhibit`, REF),
    };
  });
  return {
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    bundle: str(m.bundle, 'manifest.bundle', /^[A-Za-z0-9._-]{1,64}$/),
    createdAt: str(m.createdAt, 'manifest.createdAt', TIME),
    createdBy: str(m.createdBy, 'manifest.createdBy', NONEMPTY),
    case: kase,
    log: {
      origin: str(log.origin, 'manifest.log.origin', NONEMPTY),
      verifierKey: str(log.verifierKey, 'manifest.log.verifierKey', NONEMPTY),
    },
    exhibits,
    files,
  };
}

/**
 * Reads custody/proofs.json strictly.
 * @param text - ATTACKER CONTROLLED.
 * @throws ShapeError naming the first bad key.
 */
export function parseProofs(text: string): BundleProofs {
  const p = obj(parseCanonical(text, 'proofs'), 'proofs', [
    'format',
    'version',
    'treeSize',
    'bundleEvent',
    'events',
    'consistency',
  ]);
  if (p.format !== PROOFS_FORMAT)
    throw new ShapeError('proofs.format', JSON.stringify(PROOFS_FORMAT));
  if (p.version !== BUNDLE_VERSION) throw new ShapeError('proofs.version', String(BUNDLE_VERSION));
  const be = obj(p.bundleEvent, 'proofs.bundleEvent', ['seq', 'leaf', 'details', 'proof']);
  return {
    format: PROOFS_FORMAT,
    version: BUNDLE_VERSION,
    treeSize: count(p.treeSize, 'proofs.treeSize'),
    bundleEvent: {
      seq: count(be.seq, 'proofs.bundleEvent.seq'),
      leaf: str(be.leaf, 'proofs.bundleEvent.leaf'),
      details: str(be.details, 'proofs.bundleEvent.details'),
      proof: hexList(be.proof, 'proofs.bundleEvent.proof'),
    },
    events: arr(p.events, 'proofs.events').map((x, i) => {
      const e = obj(x, `proofs.events[${i}]`, ['seq', 'proof']);
      return {
        seq: count(e.seq, `proofs.events[${i}].seq`),
        proof: hexList(e.proof, `proofs.events[${i}].proof`),
      };
    }),
    consistency: arr(p.consistency, 'proofs.consistency').map((x, i) => {
      const c = obj(x, `proofs.consistency[${i}]`, ['basis', 'note', 'proof']);
      return {
        basis: oneOf(c.basis, `proofs.consistency[${i}].basis`, [
          'previous-export',
          'previous-export-of-case',
        ] as const),
        note: str(c.note, `proofs.consistency[${i}].note`),
        proof: hexList(c.proof, `proofs.consistency[${i}].proof`),
      };
    }),
  };
}
