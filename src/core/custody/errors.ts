/**
 * Error codes of the custody log core: one code per distinct failure, so that callers and
 * tests can tell a truncated proof from a forged one without reading messages.
 *
 * Categories follow `src/core/errors.ts`: a malformed input is `invalid-input` (CLI exit 1);
 * a proof, root or signature that does not match is `integrity` (CLI exit 3).
 */
import { CustosError, type ErrorCategory } from '../errors.ts';

/** Merkle tree, proof generation and proof verification (RFC 6962 §2.1, RFC 9162 §2.1). */
export type MerkleErrorCode =
  /** An index or size is not a non-negative `bigint`. */
  | 'CUSTODY_BAD_INTEGER'
  /** A leaf hash is not exactly 32 bytes. */
  | 'CUSTODY_LEAF_HASH_LENGTH'
  /** A tree node child given in hex is not 64 hex digits (32 bytes). */
  | 'CUSTODY_NODE_HASH_LENGTH'
  /** A tree head (root) is not exactly 32 bytes. */
  | 'CUSTODY_ROOT_LENGTH'
  /** A proof element is not exactly 32 bytes. */
  | 'CUSTODY_PROOF_NODE_LENGTH'
  /** `leaf_index >= tree_size` (RFC 9162 §2.1.3.2 step 1; includes `tree_size = 0`). */
  | 'CUSTODY_INDEX_OUT_OF_RANGE'
  /** Consistency between sizes with `size1 > size2`. */
  | 'CUSTODY_SIZE_ORDER'
  /** Consistency from the empty tree, which proves nothing (vectors README, profile rule 3). */
  | 'CUSTODY_SIZE1_ZERO'
  /** Equal sizes but a non-empty consistency proof. */
  | 'CUSTODY_SAME_SIZE_PROOF_NOT_EMPTY'
  /** Equal sizes but different roots: two tree heads of one size disagree (a fork). */
  | 'CUSTODY_SAME_SIZE_ROOTS_DIFFER'
  /** `size1 < size2` but the consistency proof is empty (RFC 9162 §2.1.4.2 step 1). */
  | 'CUSTODY_PROOF_EMPTY'
  /** The proof has more elements than the tree has levels (`sn` reached 0 with elements left). */
  | 'CUSTODY_PROOF_TOO_LONG'
  /** The proof ran out before `sn` reached 0 (the final `sn == 0` test). */
  | 'CUSTODY_PROOF_TOO_SHORT'
  /** The inclusion proof leads to a different root. */
  | 'CUSTODY_ROOT_MISMATCH'
  /** The consistency proof does not rebuild the old root. */
  | 'CUSTODY_ROOT1_MISMATCH'
  /** The consistency proof does not rebuild the new root. */
  | 'CUSTODY_ROOT2_MISMATCH'
  /** A full recomputation found a different number of leaves than the tree head claims. */
  | 'CUSTODY_LEAF_COUNT_MISMATCH'
  /** The node store has no node for a reference (the size asked for is beyond the log). */
  | 'CUSTODY_NODE_MISSING'
  /** The node store returned a node that is not 32 bytes (corrupted storage). */
  | 'CUSTODY_STORED_NODE_INVALID'
  /** The node store answered with a different number of nodes than asked for (a bug). */
  | 'CUSTODY_READER_COUNT';

/** C2SP signed-note parsing, signing and verification. */
export type NoteErrorCode =
  /** The note bytes are not valid UTF-8 (or the string holds a lone surrogate). */
  | 'NOTE_INVALID_UTF8'
  /** The note holds a control character other than LF (e.g. CR from CRLF line ends). */
  | 'NOTE_CONTROL_CHARACTER'
  /** No blank line separates the text from the signatures. */
  | 'NOTE_NO_BLANK_LINE'
  /** Nothing, or no final LF, after the blank line. */
  | 'NOTE_NO_SIGNATURES'
  /** A signature line is not `U+2014 SP name SP base64(keyID || sig)`. */
  | 'NOTE_BAD_SIGNATURE_LINE'
  /** More signature lines than this verifier is willing to process. */
  | 'NOTE_TOO_MANY_SIGNATURES'
  /** A signature from a key the verifier knows does not verify: the whole note is rejected. */
  | 'NOTE_SIGNATURE_INVALID'
  /** No signature from a known key: the note is not trusted. */
  | 'NOTE_NO_VERIFIED_SIGNATURE'
  /** The text to sign is empty, lacks a final LF, or holds control characters. */
  | 'NOTE_BAD_TEXT'
  /** A key name is empty, or contains white space or `+`. */
  | 'NOTE_BAD_KEY_NAME'
  /** A verifier key string is malformed. */
  | 'NOTE_BAD_VERIFIER_KEY'
  /** A signer key string is malformed. */
  | 'NOTE_BAD_SIGNER_KEY'
  /** A key string's key ID does not match its name and key. */
  | 'NOTE_KEY_ID_MISMATCH'
  /** A key of a signature type other than Ed25519 (0x01). */
  | 'NOTE_UNSUPPORTED_KEY_TYPE'
  /** An Ed25519 seed or public key is not 32 bytes. */
  | 'NOTE_BAD_KEY_LENGTH'
  /** A signer returned something other than a 64-byte Ed25519 signature. */
  | 'NOTE_SIGNER_FAILED';

/** C2SP tlog-checkpoint body. */
export type CheckpointErrorCode =
  /** The body does not end in LF. */
  | 'CHECKPOINT_NO_FINAL_NEWLINE'
  /** Fewer than the three lines origin, size, root. */
  | 'CHECKPOINT_TOO_FEW_LINES'
  /** The origin line is empty or holds a line break. */
  | 'CHECKPOINT_BAD_ORIGIN'
  /** The size is not ASCII decimal without leading zeros, or exceeds 2^64 - 1. */
  | 'CHECKPOINT_BAD_SIZE'
  /** The root is not the canonical standard base64 of 32 bytes. */
  | 'CHECKPOINT_BAD_ROOT'
  /** An extension line is empty or holds a line break. */
  | 'CHECKPOINT_BAD_EXTENSION'
  /** A validly signed checkpoint of another log (origin not the pinned one). */
  | 'CHECKPOINT_ORIGIN_MISMATCH';

/** The custody event leaf (RFC 8785 canonical JSON). */
export type EventErrorCode =
  | 'CUSTODY_EVENT_TOO_LARGE'
  | 'CUSTODY_EVENT_INVALID_UTF8'
  | 'CUSTODY_EVENT_NOT_JSON'
  | 'CUSTODY_EVENT_NOT_OBJECT'
  | 'CUSTODY_EVENT_UNKNOWN_KEY'
  | 'CUSTODY_EVENT_MISSING_KEY'
  | 'CUSTODY_EVENT_BAD_VERSION'
  | 'CUSTODY_EVENT_BAD_SEQ'
  | 'CUSTODY_EVENT_BAD_TIME'
  | 'CUSTODY_EVENT_BAD_ACTOR'
  | 'CUSTODY_EVENT_BAD_ACTION'
  | 'CUSTODY_EVENT_BAD_OBJECT'
  | 'CUSTODY_EVENT_BAD_EXHIBIT_HASH'
  | 'CUSTODY_EVENT_BAD_REASON'
  | 'CUSTODY_EVENT_BAD_DETAILS'
  | 'CUSTODY_EVENT_BAD_PREV'
  /** The bytes parse, but are not exactly the RFC 8785 encoding of what they hold. */
  | 'CUSTODY_EVENT_NOT_CANONICAL';

/** Every code the custody core raises. */
export type CustodyErrorCode =
  MerkleErrorCode | NoteErrorCode | CheckpointErrorCode | EventErrorCode;

/** A custody-core failure. Narrow with `isCustosError(e, 'CUSTODY_ROOT_MISMATCH')`. */
export type CustodyError = CustosError<CustodyErrorCode>;

/** Builds a {@link CustodyError}; `details` should name the field or position involved. */
export function custodyError(
  category: ErrorCategory,
  code: CustodyErrorCode,
  message: string,
  details?: Record<string, unknown>,
): CustodyError {
  return new CustosError(category, code, message, details ? { details } : {});
}

/** True for a CustosError whose code is one of the custody core's codes. */
export function isCustodyError(e: unknown): e is CustodyError {
  return e instanceof CustosError && CODE_PREFIX.test((e as CustosError).code);
}

const CODE_PREFIX = /^(CUSTODY_|NOTE_|CHECKPOINT_)/;
