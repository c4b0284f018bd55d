/**
 * Content-addressed, write-once storage of original and derived bytes (ARCHITECTURE.md, "Storage").
 * Blobs are named by the SHA-256 of their plaintext; identical content is stored once; every
 * streamed read re-hashes the plaintext.
 *
 * At rest each blob is encrypted with its own random data key, and that key is wrapped by the key
 * of each **holder** of the blob: the case it belongs to, the report it came with while the report
 * is not in a case, or the intake holder of material handed in at the command line (see
 * docs/retention.md). Destroying a holder's key crypto-shreds what only it held; a blob shared by
 * two holders stays readable until the last holder is destroyed.
 */

/** The result of storing bytes. */
export interface StoredBlob {
  /** Lowercase hex SHA-256 of the content (FIPS 180-4). */
  readonly sha256: string;
  /** Size in bytes. */
  readonly size: number;
  /** True when identical content was already stored (nothing new was written). */
  readonly existed: boolean;
}

/** Progress callback: bytes written so far. */
export type ProgressListener = (bytesDone: number) => void;

/** The holder of material handed in outside any report or case (the command line). */
export const INTAKE_HOLDER = 'intake';

/** Random access to a blob's plaintext (zip archives read their central directory this way). */
export interface RandomAccessBlob {
  /** Plaintext size in bytes. */
  readonly size: number;
  /**
   * Reads up to `length` plaintext bytes at `position` (fewer only at the end). Encrypted blobs
   * decrypt and authenticate every segment the range touches; no whole-blob re-hash is done.
   * @throws CustosError `BLOB_CIPHER_AUTH_FAILED` (integrity) for a changed segment.
   */
  read(position: number, length: number): Promise<Uint8Array>;
  close(): Promise<void>;
}

/** What destroying a holder did. */
export interface HolderDestruction {
  /** A key file existed and was overwritten and unlinked. */
  readonly keyDestroyed: boolean;
  /** Blobs whose last live wrap was this holder's: their ciphertext and wraps were deleted. */
  readonly deleted: readonly string[];
  /** Blobs still held by another holder (their data key stays wrapped for it). */
  readonly kept: readonly string[];
}

export interface BlobStore {
  /**
   * Streams `chunks` into the store: encrypted to a temporary file while SHA-256 and size are
   * computed in the same pass, fsynced, renamed into place, made read-only. When the content is
   * already stored, only a wrap of its data key for `holder` is added.
   * @param expectedSize - when known, used only for progress reporting.
   * @param holder - who holds the material ({@link INTAKE_HOLDER} when not given).
   */
  put(
    chunks: AsyncIterable<Uint8Array>,
    options?: { onProgress?: ProgressListener; expectedSize?: number; holder?: string },
  ): Promise<StoredBlob>;
  /**
   * Streams a blob's plaintext, re-hashing as it goes; the final chunk is only released after the
   * hash and size matched, otherwise the iteration throws CustosError `BLOB_HASH_MISMATCH` /
   * `BLOB_SIZE_MISMATCH` / `BLOB_CIPHER_*` (integrity), `BLOB_MISSING` (integrity) or
   * `BLOB_KEY_MISSING` (integrity: no live holder key opens its data key).
   */
  open(sha256: string): AsyncIterable<Uint8Array>;
  /** Re-hashes a whole blob; throws as `open` does on any mismatch. */
  verify(sha256: string): Promise<{ size: number }>;
  /** True when a blob with this hash is stored (does not re-hash). */
  has(sha256: string): Promise<boolean>;
  /** Plaintext size of a stored blob. @throws CustosError `BLOB_MISSING` (integrity). */
  size(sha256: string): Promise<number>;
  /** Random access to a blob's plaintext; callers that need integrity `verify` first. */
  openRandomAccess(sha256: string): Promise<RandomAccessBlob>;
  /** Every stored blob hash, sorted (for whole-store verification). */
  list(): AsyncIterable<string>;
  /**
   * Wraps the blob's data key for `holder` too (its key is made when missing). Idempotent. A
   * blob stored before encryption (plaintext) has no keys: nothing is done.
   * @throws CustosError `BLOB_MISSING`, `BLOB_KEY_MISSING` (integrity).
   */
  hold(sha256: string, holder: string): Promise<void>;
  /** Holders whose live key wraps the blob's data key; null for a plaintext (unencrypted) blob. */
  holders(sha256: string): Promise<string[] | null>;
  /**
   * Removes `holder`'s wrap from the blob; when no live wrap remains, the ciphertext and its
   * wraps are deleted. Idempotent.
   * @returns `deleted` (it was the last holder), `kept`, or `absent` (no such blob).
   */
  release(sha256: string, holder: string): Promise<'deleted' | 'kept' | 'absent'>;
  /**
   * Crypto-shreds a holder: its key file is overwritten and unlinked first (every wrap under it
   * is then dead), then its wraps are removed from `blobs` and those left with no live holder
   * are deleted. Idempotent; safe to run again after a crash.
   */
  destroyHolder(holder: string, blobs: readonly string[]): Promise<HolderDestruction>;
  /**
   * Destroys a blob whoever holds it: a plaintext (unencrypted) file is overwritten and unlinked;
   * an encrypted one loses its wraps and ciphertext. Idempotent.
   */
  erase(sha256: string): Promise<void>;
  /** Blobs still stored as plaintext (written before encryption at rest), sorted. */
  plaintextBlobs(): AsyncIterable<string>;
  /**
   * Encrypts a plaintext blob in place for `holders` (re-hashing it on the way), then overwrites
   * and unlinks the plaintext file. @throws as `open` does when the plaintext does not re-hash.
   */
  encryptPlaintext(sha256: string, holders: readonly string[]): Promise<void>;
}
