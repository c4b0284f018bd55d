/**
 * The layout of a court bundle: fixed paths, the custody-log object that registers exports, and
 * how exhibit references and handed-in names become safe paths inside the bundle.
 *
 * A bundle is a zip (or the folder it unzips to) with:
 * - `manifest.json`: every other file with its SHA-256 and size, except the three files below;
 *   its own SHA-256 is the `exhibitHash` of the bundle's `exported` custody event, so the signed
 *   checkpoint commits to the manifest and through it to every file;
 * - `custody/checkpoint.txt`: the signed checkpoint (C2SP signed note) the proofs are for;
 * - `custody/proofs.json`: the bundle event, an inclusion proof for every custody event in the
 *   bundle, and consistency proofs from earlier exported checkpoints.
 */

/** `format` of `manifest.json`. */
export const BUNDLE_FORMAT = 'custos-court-bundle';
/** `format` of `custody/proofs.json`. */
export const PROOFS_FORMAT = 'custos-bundle-proofs';
/** Layout version of both. */
export const BUNDLE_VERSION = 1;

export const MANIFEST_PATH = 'manifest.json';
export const CHECKPOINT_PATH = 'custody/checkpoint.txt';
export const PROOFS_PATH = 'custody/proofs.json';
export const VERIFY_PAGE_PATH = 'verify.html';
export const README_PATH = 'README.txt';
export const CHECKSUMS_PATH = 'SHA256SUMS';
export const EXHIBIT_INDEX_PATH = 'exhibit-index.txt';
export const JSONLD_PATH = 'case.jsonld';
export const METHOD_STATEMENT_PATH = 'method-statement.txt';
export const COMPETENCE_PATH = 'competence.json';
export const UNUSED_SCHEDULE_PATH = 'mg6c-unused-material-draft.csv';

/** Files a bundle has that the manifest cannot list (they are made after it, or are it). */
export const UNLISTED_PATHS: readonly string[] = [MANIFEST_PATH, CHECKPOINT_PATH, PROOFS_PATH];

/**
 * Custody-log object of the export register: every bundle export appends one `exported` event
 * about it, so the events about this object, chained by `prev`, are the record of exported
 * checkpoints (each bundle's checkpoint has size `seq + 1` of its event).
 */
export const BUNDLE_REGISTER_OBJECT = 'bundle-register:exports';
/** `reason` of the per-exhibit and per-bundle `exported` events. */
export const BUNDLE_EXPORT_REASON = 'court-bundle';
/** Custody action of a retention tombstone: the bytes are gone, the hashes stay. */
export const DISPOSAL_ACTION = 'disposed';

/** What a listed file is, for people and for the verifier's cross-checks. */
export const FILE_ROLES = [
  'original',
  'folder-manifest',
  'transcript-json',
  'transcript-pdf',
  'continuity',
  'continuity-text',
  'exhibit-index',
  'case-jsonld',
  'method-statement',
  'competence',
  'unused-schedule',
  'readme',
  'checksums',
  'verifier-page',
] as const;
export type FileRole = (typeof FILE_ROLES)[number];

/** `AB/1` → `AB-1`: an exhibit's folder name in the bundle. */
export function exhibitSlug(ref: string): string {
  return ref.replace(/[^A-Za-z0-9-]/g, '-');
}

/** Folder of an exhibit's files in the bundle: `exhibits/AB-1`. */
export function exhibitDir(ref: string): string {
  return `exhibits/${exhibitSlug(ref)}`;
}

/** True for C0 controls and DEL. */
const isControl = (ch: string): boolean => {
  const c = ch.charCodeAt(0);
  return c < 0x20 || c === 0x7f;
};
const RESERVED = /[\\:*?"<>|]/;

/**
 * Makes one path segment from a handed-in name: no separators, control or Windows-reserved
 * characters, no `.`/`..`, at most 120 UTF-16 code units (the extension kept). Never empty.
 */
export function safeSegment(name: string): string {
  let s = [...name]
    .map((ch) => (ch === '/' || isControl(ch) || RESERVED.test(ch) ? '_' : ch))
    .join('')
    .trim();
  if (s === '' || s === '.' || s === '..') s = '_';
  if (s.length > 120) {
    const dot = s.lastIndexOf('.');
    const ext = dot > 0 && s.length - dot <= 16 ? s.slice(dot) : '';
    s = s.slice(0, 120 - ext.length) + ext;
  }
  return s;
}

/** A handed-in relative path (`/`-separated) made safe segment by segment. */
export function safeRelativePath(path: string): string {
  return path
    .split('/')
    .filter((p) => p !== '')
    .map(safeSegment)
    .join('/');
}

/**
 * True for a path a bundle may hold: relative, `/`-separated, no empty, `.` or `..` segment,
 * no backslash or control character. Checked on every name read from an archive (attacker
 * controlled: a zip can name `../../etc/passwd`).
 */
export function isSafeBundlePath(path: string): boolean {
  if (path === '' || path.length > 1024 || path.startsWith('/')) return false;
  if (path.includes('\\') || [...path].some(isControl)) return false;
  return path.split('/').every((seg) => seg !== '' && seg !== '.' && seg !== '..');
}
