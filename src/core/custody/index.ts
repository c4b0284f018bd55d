/**
 * Custody log core (pure): RFC 6962 Merkle tree over custody event leaves, inclusion and
 * consistency proofs (RFC 9162 §2.1), and Ed25519 signed checkpoints (C2SP signed-note +
 * tlog-checkpoint). See ../shared/research/custody-log.md and test/fixtures/merkle/README.md.
 */
export type {
  CheckpointErrorCode,
  CustodyError,
  CustodyErrorCode,
  EventErrorCode,
  MerkleErrorCode,
  NoteErrorCode,
} from './errors.ts';
export { isCustodyError } from './errors.ts';
export type { MerkleNodeReader, NodeRef, StoredNode } from './merkle.ts';
export {
  HASH_BYTES,
  MemoryNodeStore,
  consistencyProof,
  inclusionProof,
  leafHash,
  nodeHash,
  nodesCompletedByAppend,
  rootAt,
  rootFromLeafHashes,
  sha256,
} from './merkle.ts';
export {
  isValidConsistency,
  isValidInclusion,
  verifyConsistency,
  verifyInclusion,
  verifyInclusionOfLeafHash,
  verifyTreeHead,
} from './verify.ts';
export type { NoteSignature, NoteSigner, NoteVerifierKey, OpenedNote } from './note.ts';
export {
  ED25519_KEY_TYPE,
  MAX_NOTE_SIGNATURES,
  ed25519NoteSigner,
  ed25519PublicKey,
  formatSignerKey,
  formatVerifierKey,
  noteKeyId,
  openNote,
  parseSignerKey,
  parseVerifierKey,
  signNote,
} from './note.ts';
export type { Checkpoint, VerifiedCheckpoint } from './checkpoint.ts';
export { formatCheckpoint, openCheckpoint, parseCheckpoint, signCheckpoint } from './checkpoint.ts';
export type { CustodyAction, CustodyEvent } from './event.ts';
export {
  CUSTODY_ACTIONS,
  CUSTODY_EVENT_VERSION,
  MAX_EVENT_LEAF_BYTES,
  decodeEventLeaf,
  encodeEventLeaf,
  leafHashHex,
} from './event.ts';
