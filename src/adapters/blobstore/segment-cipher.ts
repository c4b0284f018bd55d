/**
 * The ciphertext format of a blob at rest: AES-256-GCM (NIST SP 800-38D) over fixed-size
 * plaintext segments, in the "STREAM" online authenticated-encryption construction (Hoang,
 * Reyhanitabar, Rogaway, Vizár, "Online Authenticated-Encryption and its Nonce-Reuse
 * Misuse-Resistance", CRYPTO 2015, §7): every segment has its own nonce made of a per-blob random
 * prefix, the segment's index and a final flag, so a segment moved to another place, a
 * reordering, or a truncation (dropping the final segment, or cutting at a segment boundary)
 * fails authentication. The header is authenticated as additional data of every segment.
 *
 * ```
 * header (20 bytes)   magic "CUSTOSE1" (8) | algorithm 1 = AES-256-GCM (1) |
 *                     log2 of the segment size (1) | reserved, zero (3) | nonce prefix (7)
 * segment i           AES-256-GCM(key, nonce_i, plaintext_i, aad = header) ciphertext || tag (16)
 * nonce_i (12 bytes)  nonce prefix (7) | i as uint32 big-endian (4) | 1 on the final segment else 0 (1)
 * ```
 *
 * Every segment but the last holds exactly `segmentSize` plaintext bytes; the last holds 0 to
 * `segmentSize` bytes (an empty blob is one empty final segment), so the plaintext size follows
 * from the file size. Each blob has its own random 256-bit data key, so nonces never repeat
 * under a key (at most 2^32 segments: 4 PiB at 1 MiB).
 */
import { createCipheriv, createDecipheriv, webcrypto } from 'node:crypto';
import { CustosError } from '../../core/errors.ts';

/** Bytes of the header. */
export const HEADER_BYTES = 20;
/** Bytes of a GCM tag. */
export const TAG_BYTES = 16;
/** Bytes of a data key (AES-256). */
export const KEY_BYTES = 32;
const NONCE_PREFIX_BYTES = 7;
const MAGIC = Buffer.from('CUSTOSE1', 'latin1');
const ALGORITHM_AES_256_GCM = 1;
/** Default segment size: 1 MiB of plaintext. */
export const DEFAULT_SEGMENT_LOG2 = 20;

/** A parsed header. */
export interface SegmentHeader {
  /** The 20 header bytes, as written (additional data of every segment). */
  readonly bytes: Buffer;
  /** Plaintext bytes per segment. */
  readonly segmentSize: number;
  readonly noncePrefix: Buffer;
}

/** Where the segments of a ciphertext file of a given size lie. */
export interface SegmentLayout {
  readonly segmentSize: number;
  /** Number of segments (at least 1). */
  readonly count: number;
  /** Plaintext size in bytes. */
  readonly plainSize: number;
}

function formatError(code: string, message: string): CustosError {
  return new CustosError('integrity', code, message);
}

/**
 * A fresh header.
 * @param noncePrefix - 7 random bytes (from the caller's random source).
 * @param segmentLog2 - log2 of the plaintext segment size (12..24).
 */
export function newHeader(
  noncePrefix: Uint8Array,
  segmentLog2 = DEFAULT_SEGMENT_LOG2,
): SegmentHeader {
  if (noncePrefix.length !== NONCE_PREFIX_BYTES)
    throw new CustosError('internal', 'BLOB_CIPHER_NONCE', 'the nonce prefix must be 7 bytes');
  const bytes = Buffer.alloc(HEADER_BYTES);
  MAGIC.copy(bytes, 0);
  bytes[8] = ALGORITHM_AES_256_GCM;
  bytes[9] = segmentLog2;
  Buffer.from(noncePrefix).copy(bytes, 13);
  return { bytes, segmentSize: 2 ** segmentLog2, noncePrefix: bytes.subarray(13, 20) };
}

/**
 * Parses a header read from a file (ATTACKER CONTROLLED bytes: a tampered header also fails
 * every segment's authentication, since it is their additional data).
 * @throws CustosError `BLOB_CIPHER_HEADER` (integrity) for a wrong magic, algorithm or size.
 */
export function parseHeader(bytes: Uint8Array): SegmentHeader {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (
    b.length < HEADER_BYTES ||
    !b.subarray(0, 8).equals(MAGIC) ||
    b[8] !== ALGORITHM_AES_256_GCM ||
    (b[9] ?? 0) < 12 ||
    (b[9] ?? 0) > 24 ||
    b[10] !== 0 ||
    b[11] !== 0 ||
    b[12] !== 0
  ) {
    throw formatError(
      'BLOB_CIPHER_HEADER',
      'the blob file does not start with a Custos AES-256-GCM segment header',
    );
  }
  const copy = Buffer.from(b.subarray(0, HEADER_BYTES));
  return { bytes: copy, segmentSize: 2 ** (copy[9] ?? 20), noncePrefix: copy.subarray(13, 20) };
}

/**
 * The segment layout of a ciphertext file of `fileSize` bytes.
 * @throws CustosError `BLOB_CIPHER_TRUNCATED` (integrity) when no whole final segment can end there.
 */
export function layoutFor(fileSize: number, segmentSize: number): SegmentLayout {
  const body = fileSize - HEADER_BYTES;
  const full = segmentSize + TAG_BYTES;
  const count = Math.max(1, Math.ceil(body / full));
  const last = body - (count - 1) * full;
  if (body < TAG_BYTES || last < TAG_BYTES) {
    throw formatError(
      'BLOB_CIPHER_TRUNCATED',
      `the blob file is ${fileSize} bytes, which cannot end with a whole encrypted segment: it was cut short`,
    );
  }
  return { segmentSize, count, plainSize: body - count * TAG_BYTES };
}

/** File offset of segment `index`. */
export function segmentOffset(index: number, segmentSize: number): number {
  return HEADER_BYTES + index * (segmentSize + TAG_BYTES);
}

/** Ciphertext bytes (with tag) of segment `index` in `layout`. */
export function segmentCipherBytes(index: number, layout: SegmentLayout): number {
  const plain =
    index < layout.count - 1
      ? layout.segmentSize
      : layout.plainSize - (layout.count - 1) * layout.segmentSize;
  return plain + TAG_BYTES;
}

/** The 12-byte GCM nonce of a segment (prefix, big-endian index, final flag). */
export function segmentNonce(header: SegmentHeader, index: number, final: boolean): Buffer {
  if (!Number.isInteger(index) || index < 0 || index > 0xffffffff)
    throw new CustosError(
      'internal',
      'BLOB_CIPHER_INDEX',
      `segment index ${index} is out of range`,
    );
  const n = Buffer.alloc(12);
  header.noncePrefix.copy(n, 0);
  n.writeUInt32BE(index, 7);
  n[11] = final ? 1 : 0;
  return n;
}

/** A data key imported for WebCrypto, whose AES-GCM jobs run on the libuv thread pool. */
export interface SegmentKey {
  readonly raw: Buffer;
  readonly crypto: webcrypto.CryptoKey;
}

/** Imports a 32-byte data key. */
export async function segmentKey(raw: Uint8Array): Promise<SegmentKey> {
  if (raw.length !== KEY_BYTES)
    throw new CustosError('internal', 'BLOB_CIPHER_KEY', 'a data key must be 32 bytes');
  const buf = Buffer.from(raw);
  const crypto = await webcrypto.subtle.importKey('raw', buf, 'AES-GCM', false, [
    'encrypt',
    'decrypt',
  ]);
  return { raw: buf, crypto };
}

/**
 * Encrypts one segment off the main thread (WebCrypto jobs run on the thread pool), so a writer
 * can hash the next plaintext while this one is encrypted.
 * @returns ciphertext followed by the 16-byte tag.
 */
export async function encryptSegment(
  key: SegmentKey,
  header: SegmentHeader,
  index: number,
  final: boolean,
  plain: Uint8Array,
): Promise<Uint8Array> {
  const out = await webcrypto.subtle.encrypt(
    {
      name: 'AES-GCM',
      iv: segmentNonce(header, index, final),
      additionalData: header.bytes,
      tagLength: 128,
    },
    key.crypto,
    plain,
  );
  return new Uint8Array(out);
}

function authFailure(index: number): CustosError {
  return formatError(
    'BLOB_CIPHER_AUTH_FAILED',
    `segment ${index} of the blob does not authenticate under its key: the ciphertext was changed, moved, reordered or cut short, or the key is wrong`,
  );
}

/**
 * Decrypts and authenticates one segment on the thread pool.
 * @param sealed - ciphertext followed by its tag (ATTACKER CONTROLLED).
 * @throws CustosError `BLOB_CIPHER_AUTH_FAILED` (integrity).
 */
export async function decryptSegment(
  key: SegmentKey,
  header: SegmentHeader,
  index: number,
  final: boolean,
  sealed: Uint8Array,
): Promise<Uint8Array> {
  try {
    const out = await webcrypto.subtle.decrypt(
      {
        name: 'AES-GCM',
        iv: segmentNonce(header, index, final),
        additionalData: header.bytes,
        tagLength: 128,
      },
      key.crypto,
      sealed,
    );
    return new Uint8Array(out);
  } catch {
    throw authFailure(index);
  }
}

/** The same as {@link decryptSegment}, on the calling thread (small random-access reads). */
export function decryptSegmentSync(
  key: SegmentKey,
  header: SegmentHeader,
  index: number,
  final: boolean,
  sealed: Uint8Array,
): Buffer {
  if (sealed.length < TAG_BYTES) throw authFailure(index);
  const d = createDecipheriv('aes-256-gcm', key.raw, segmentNonce(header, index, final));
  d.setAAD(header.bytes);
  d.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
  try {
    return Buffer.concat([d.update(sealed.subarray(0, sealed.length - TAG_BYTES)), d.final()]);
  } catch {
    throw authFailure(index);
  }
}

/** Encrypts a whole small buffer with a key (`AES-256-GCM`, random 12-byte nonce): nonce || ct || tag. */
export function sealSmall(
  key: Uint8Array,
  nonce: Uint8Array,
  plain: Uint8Array,
  aad: string,
): Buffer {
  const c = createCipheriv('aes-256-gcm', key, nonce);
  c.setAAD(Buffer.from(aad, 'utf8'));
  return Buffer.concat([Buffer.from(nonce), c.update(plain), c.final(), c.getAuthTag()]);
}

/**
 * Opens what {@link sealSmall} sealed.
 * @returns the plaintext, or undefined when it does not authenticate under `key` and `aad`.
 */
export function openSmall(key: Uint8Array, sealed: Uint8Array, aad: string): Buffer | undefined {
  if (sealed.length < 12 + TAG_BYTES) return undefined;
  const d = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
  d.setAAD(Buffer.from(aad, 'utf8'));
  d.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
  try {
    return Buffer.concat([d.update(sealed.subarray(12, sealed.length - TAG_BYTES)), d.final()]);
  } catch {
    return undefined;
  }
}
