/**
 * Content-addressed, write-once storage of original and derived bytes (ARCHITECTURE.md, "Storage").
 * Blobs are named by their SHA-256; identical content is stored once; every read re-hashes.
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

export interface BlobStore {
  /**
   * Streams `chunks` into the store: written to a temporary file while SHA-256 and size are
   * computed in the same pass, fsynced, renamed into place, made read-only.
   * @param expectedSize - when known, used only for progress reporting.
   */
  put(
    chunks: AsyncIterable<Uint8Array>,
    options?: { onProgress?: ProgressListener; expectedSize?: number },
  ): Promise<StoredBlob>;
  /**
   * Streams a blob's bytes, re-hashing as it goes; the final chunk is only released after the hash
   * and size matched, otherwise the iteration throws CustosError `BLOB_HASH_MISMATCH` /
   * `BLOB_SIZE_MISMATCH` (integrity) or `BLOB_MISSING` (integrity).
   */
  open(sha256: string): AsyncIterable<Uint8Array>;
  /** Re-hashes a whole blob; throws as `open` does on any mismatch. */
  verify(sha256: string): Promise<{ size: number }>;
  /** True when a blob with this hash is stored (does not re-hash). */
  has(sha256: string): Promise<boolean>;
  /**
   * Local file path of a blob, for readers that need random access (zip archives). Callers must
   * `verify` first; the file is read-only.
   */
  pathOf(sha256: string): string;
  /** Every stored blob hash (for whole-store verification). */
  list(): AsyncIterable<string>;
}
