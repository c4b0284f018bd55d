/**
 * Checkpoints (signed tree heads): the C2SP tlog-checkpoint body inside a C2SP signed note.
 *
 * Body: `origin LF size LF base64(root) LF [extension LF]*` where origin is the log's identity
 * (pinned by verifiers; our key name equals it), size is ASCII decimal without leading zeros,
 * root is the standard base64 of the 32-byte RFC 6962 tree head, and extension lines are
 * optional, non-empty and opaque.
 */
import { custodyError } from './errors.ts';
import { controlCharacterAt, fromBase64Strict, toBase64 } from './bytes.ts';
import { HASH_BYTES, assertCount } from './merkle.ts';
import {
  openNote,
  signNote,
  type NoteSigner,
  type NoteVerifierKey,
  type OpenedNote,
} from './note.ts';

/** A tree head as committed to in a checkpoint. */
export interface Checkpoint {
  /** Log identity, e.g. `example.org/evidence-custody/test`. */
  readonly origin: string;
  /** Number of leaves. */
  readonly size: bigint;
  /** RFC 6962 tree head of the first `size` leaves (32 bytes). */
  readonly root: Uint8Array;
  /** Optional extension lines, without their LF. */
  readonly extensions?: readonly string[];
}

/** A checkpoint from a note that verified against pinned keys and origin. */
export interface VerifiedCheckpoint {
  readonly checkpoint: Checkpoint;
  readonly note: OpenedNote;
}

/** Largest size the format allows (the Go reference parses it as uint64). */
const MAX_SIZE = 2n ** 64n - 1n;
const DECIMAL = /^(?:0|[1-9][0-9]*)$/;

/**
 * Formats a checkpoint body (C2SP tlog-checkpoint).
 * @throws CHECKPOINT_BAD_ORIGIN, CUSTODY_BAD_INTEGER, CHECKPOINT_BAD_SIZE, CHECKPOINT_BAD_ROOT,
 *   CHECKPOINT_BAD_EXTENSION.
 *
 * @example
 * formatCheckpoint({ origin: 'example.org/log', size: 8n, root }); // 'example.org/log\n8\nXcna…=\n'
 */
export function formatCheckpoint(cp: Checkpoint): string {
  checkOrigin(cp.origin);
  assertCount(cp.size, 'size');
  if (cp.size > MAX_SIZE) throw badSize(cp.size.toString());
  if (!(cp.root instanceof Uint8Array) || cp.root.length !== HASH_BYTES) {
    throw custodyError('invalid-input', 'CHECKPOINT_BAD_ROOT', 'checkpoint root must be 32 bytes');
  }
  const extensions = cp.extensions ?? [];
  extensions.forEach(checkExtension);
  return [cp.origin, cp.size.toString(), toBase64(cp.root), ...extensions]
    .map((line) => `${line}\n`)
    .join('');
}

/**
 * Parses and validates a checkpoint body (the text of a signed note). Does NOT check any
 * signature or the origin pin: use {@link openCheckpoint} for input from elsewhere.
 *
 * @param body - checkpoint text ending in LF.
 * @throws invalid-input CHECKPOINT_NO_FINAL_NEWLINE, CHECKPOINT_TOO_FEW_LINES,
 *   CHECKPOINT_BAD_ORIGIN, CHECKPOINT_BAD_SIZE, CHECKPOINT_BAD_ROOT, CHECKPOINT_BAD_EXTENSION.
 */
export function parseCheckpoint(body: string): Checkpoint {
  if (!body.endsWith('\n')) {
    throw custodyError(
      'invalid-input',
      'CHECKPOINT_NO_FINAL_NEWLINE',
      'checkpoint body must end in LF',
    );
  }
  const lines = body.slice(0, -1).split('\n');
  const [origin, sizeText, rootText, ...extensions] = lines;
  if (origin === undefined || sizeText === undefined || rootText === undefined) {
    throw custodyError(
      'invalid-input',
      'CHECKPOINT_TOO_FEW_LINES',
      `checkpoint needs origin, size and root lines, got ${lines.length} line(s)`,
    );
  }
  checkOrigin(origin);
  if (!DECIMAL.test(sizeText) || BigInt(sizeText) > MAX_SIZE) throw badSize(sizeText);
  const root = fromBase64Strict(rootText);
  if (!root || root.length !== HASH_BYTES) {
    throw custodyError(
      'invalid-input',
      'CHECKPOINT_BAD_ROOT',
      'checkpoint root (line 3) must be canonical standard base64 of 32 bytes',
    );
  }
  extensions.forEach(checkExtension);
  return extensions.length
    ? { origin, size: BigInt(sizeText), root, extensions }
    : { origin, size: BigInt(sizeText), root };
}

/**
 * Formats and signs a checkpoint: the signed note a log publishes for a tree head.
 * @throws the codes of {@link formatCheckpoint} and `signNote`.
 */
export async function signCheckpoint(
  cp: Checkpoint,
  signers: readonly NoteSigner[],
): Promise<string> {
  return signNote(formatCheckpoint(cp), signers);
}

/**
 * Opens a signed checkpoint from elsewhere: verifies the note against the pinned keys, parses
 * the body, and checks the origin against the pinned one.
 *
 * @param note - the signed note, ATTACKER CONTROLLED.
 * @param pinned - the expected origin and the trusted verifier keys.
 * @throws the codes of `openNote` and {@link parseCheckpoint}; integrity CHECKPOINT_ORIGIN_MISMATCH.
 */
export function openCheckpoint(
  note: string | Uint8Array,
  pinned: { readonly origin: string; readonly keys: readonly NoteVerifierKey[] },
): VerifiedCheckpoint {
  const opened = openNote(note, pinned.keys);
  const checkpoint = parseCheckpoint(opened.text);
  if (checkpoint.origin !== pinned.origin) {
    throw custodyError(
      'integrity',
      'CHECKPOINT_ORIGIN_MISMATCH',
      `checkpoint is for log ${JSON.stringify(checkpoint.origin)}, expected ${JSON.stringify(pinned.origin)}`,
      {
        origin: checkpoint.origin,
      },
    );
  }
  return { checkpoint, note: opened };
}

function checkOrigin(origin: string): void {
  if (!isLine(origin)) {
    throw custodyError(
      'invalid-input',
      'CHECKPOINT_BAD_ORIGIN',
      'checkpoint origin must be a non-empty line without control characters',
    );
  }
}

function checkExtension(line: string, i: number): void {
  if (!isLine(line)) {
    throw custodyError(
      'invalid-input',
      'CHECKPOINT_BAD_EXTENSION',
      `checkpoint extension line ${i + 1} must be non-empty and without control characters`,
      { extension: i + 1 },
    );
  }
}

/** A non-empty line without LF or other control characters (the signed note forbids them anyway). */
function isLine(x: string): boolean {
  return typeof x === 'string' && x !== '' && !x.includes('\n') && controlCharacterAt(x) < 0;
}

function badSize(text: string) {
  return custodyError(
    'invalid-input',
    'CHECKPOINT_BAD_SIZE',
    `checkpoint size ${JSON.stringify(text)} must be ASCII decimal without leading zeros, at most 2^64-1`,
  );
}
