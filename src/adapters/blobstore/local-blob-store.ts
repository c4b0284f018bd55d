/**
 * The blob store on local disk, encrypted at rest (ARCHITECTURE.md, "Storage"; docs/retention.md).
 *
 * - `<root>/aes-256-gcm/ab/cd/<sha256>`: a blob encrypted with its own random data key in
 *   AES-256-GCM segments (`segment-cipher.ts`), named by the SHA-256 of its PLAINTEXT, write-once
 *   and read-only. Its data key is wrapped by each holder's key (`key-wraps.ts`,
 *   `<keys>/wraps/…`); holder keys are key files (`holder-keys.ts`, `<keys>/holders/…`).
 * - `<root>/sha256/ab/cd/<sha256>`: a plaintext blob written before encryption at rest. Still read
 *   (and re-hashed); `custos blobs encrypt` moves such blobs to the encrypted form.
 *
 * A write goes to `<root>/tmp/` while the plaintext's SHA-256 (FIPS 180-4) and size are computed
 * in the same pass and each full segment is encrypted on the thread pool (WebCrypto jobs), so
 * hashing and encryption use both cores; the file is fsynced, the data key's wrap is written, then
 * the file is renamed into place (atomic on POSIX file systems) and the folder fsynced. A crash
 * leaves either the whole blob or a temp file that the next start removes. Memory use is a few
 * segments, whatever the blob's size. Every streamed read decrypts, authenticates and re-hashes.
 * Changes to one blob's wraps or file are serialised across processes by a lock file per blob.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { chmod, mkdir, open, opendir, readdir, rename, rm, stat, unlink } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { CustosError } from '../../core/errors.ts';
import {
  INTAKE_HOLDER,
  type BlobStore,
  type HolderDestruction,
  type ProgressListener,
  type RandomAccessBlob,
  type StoredBlob,
} from '../../ports/blob-store.ts';
import { BlobLocks, isRunning } from './blob-lock.ts';
import { HolderKeys, assertHolder } from './holder-keys.ts';
import { KeyWraps, wrapAad } from './key-wraps.ts';
import {
  HEADER_BYTES,
  decryptSegment,
  decryptSegmentSync,
  encryptSegment,
  layoutFor,
  newHeader,
  openSmall,
  parseHeader,
  sealSmall,
  segmentCipherBytes,
  segmentKey,
  segmentOffset,
  type SegmentHeader,
  type SegmentKey,
  type SegmentLayout,
} from './segment-cipher.ts';

const HEX64 = /^[0-9a-f]{64}$/;
const READ_CHUNK = 1 << 20;
/** Segments being encrypted and written, or read and decrypted, while the next is hashed. */
const SEGMENTS_IN_FLIGHT = 4;
/** Folder of encrypted blobs under the root. */
const ENCRYPTED_DIR = 'aes-256-gcm';
/** Folder of plaintext blobs written before encryption at rest. */
const PLAINTEXT_DIR = 'sha256';

function assertHash(sha256: string): void {
  if (!HEX64.test(sha256))
    throw new CustosError(
      'usage',
      'BLOB_BAD_HASH',
      `${JSON.stringify(sha256)} is not a lowercase hex SHA-256`,
    );
}

async function fsyncDir(dir: string): Promise<void> {
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

function missing(sha256: string, cause?: unknown): CustosError {
  return new CustosError('integrity', 'BLOB_MISSING', `blob ${sha256} is missing from the store`, {
    ...(cause !== undefined ? { cause } : {}),
  });
}

/** Takes exactly `n` bytes from the front of `parts` (which it consumes). */
function take(parts: Uint8Array[], n: number): Uint8Array {
  const first = parts[0];
  if (first && first.length === n) {
    parts.shift();
    return first;
  }
  const out = new Uint8Array(n);
  let at = 0;
  while (at < n) {
    const p = parts[0] as Uint8Array;
    const k = Math.min(p.length, n - at);
    out.set(p.subarray(0, k), at);
    at += k;
    if (k === p.length) parts.shift();
    else parts[0] = p.subarray(k);
  }
  return out;
}

/** Overwrites a file in place with random bytes, fsyncs, then unlinks it and fsyncs its folder. */
async function overwriteAndUnlink(path: string): Promise<void> {
  await chmod(path, 0o600).catch(() => undefined);
  const fh = await open(path, 'r+');
  try {
    const { size } = await fh.stat();
    const block = randomBytes(Math.min(READ_CHUNK, Math.max(size, 1)));
    for (let at = 0; at < size; at += block.length)
      await fh.write(block, 0, Math.min(block.length, size - at), at);
    await fh.sync();
  } finally {
    await fh.close();
  }
  await unlink(path);
  await fsyncDir(dirname(path));
}

/** Local-disk {@link BlobStore}, encrypted at rest. */
export class LocalBlobStore implements BlobStore {
  readonly root: string;
  readonly keysDir: string;
  readonly #tmp: string;
  readonly #holders: HolderKeys;
  readonly #wraps: KeyWraps;
  readonly #locks: BlobLocks;

  /**
   * @param root - the blobs directory, e.g. `<data>/blobs`; created when missing.
   * @param keysDir - the key folder, `<data>/keys` (default: `keys` beside `root`).
   */
  constructor(root: string, keysDir = join(dirname(root), 'keys')) {
    this.root = root;
    this.keysDir = keysDir;
    this.#tmp = join(root, 'tmp');
    this.#holders = new HolderKeys(join(keysDir, 'holders'));
    this.#wraps = new KeyWraps(join(keysDir, 'wraps'));
    this.#locks = new BlobLocks(join(root, 'locks'));
  }

  /**
   * Creates the directories and removes temp files and locks left by processes that no longer
   * run (another process — the server, a CLI run — may be writing at the same time).
   */
  async init(): Promise<void> {
    await mkdir(join(this.root, ENCRYPTED_DIR), { recursive: true });
    await mkdir(this.#tmp, { recursive: true });
    await mkdir(this.#locks.dir, { recursive: true });
    for (const name of await readdir(this.#tmp)) {
      const pid = Number(name.split('.')[0]);
      if (!Number.isInteger(pid) || pid <= 0 || !isRunning(pid))
        await rm(join(this.#tmp, name), { force: true });
    }
  }

  /** Path of a blob's ciphertext file (whether or not it exists). Tests and tools only. */
  cipherPathOf(sha256: string): string {
    assertHash(sha256);
    return join(this.root, ENCRYPTED_DIR, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  /** Path of a plaintext blob written before encryption at rest. Tests and tools only. */
  plainPathOf(sha256: string): string {
    assertHash(sha256);
    return join(this.root, PLAINTEXT_DIR, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  /** The holder-key files (for retention tests and tools). */
  get holderKeys(): HolderKeys {
    return this.#holders;
  }

  /** Path of a blob's wraps file. Tests and tools only. */
  wrapsPathOf(sha256: string): string {
    assertHash(sha256);
    return this.#wraps.pathOf(sha256);
  }

  async has(sha256: string): Promise<boolean> {
    return (await isFile(this.cipherPathOf(sha256))) || (await isFile(this.plainPathOf(sha256)));
  }

  async size(sha256: string): Promise<number> {
    const cipher = this.cipherPathOf(sha256);
    if (await isFile(cipher)) {
      const fh = await open(cipher, 'r');
      try {
        const header = await readHeader(fh);
        return layoutFor((await fh.stat()).size, header.segmentSize).plainSize;
      } finally {
        await fh.close();
      }
    }
    try {
      return (await stat(this.plainPathOf(sha256))).size;
    } catch (e) {
      throw missing(sha256, e);
    }
  }

  async put(
    chunks: AsyncIterable<Uint8Array>,
    options: { onProgress?: ProgressListener; expectedSize?: number; holder?: string } = {},
  ): Promise<StoredBlob> {
    const holder = options.holder ?? INTAKE_HOLDER;
    assertHolder(holder);
    return await this.#store(chunks, [holder], options.onProgress, false);
  }

  /** Encrypts `chunks` to a temp file, then stores it for `holders` under the blob's lock. */
  async #store(
    chunks: AsyncIterable<Uint8Array>,
    holders: readonly string[],
    onProgress: ProgressListener | undefined,
    replacingPlaintext: boolean,
  ): Promise<StoredBlob> {
    const tmpPath = join(this.#tmp, `${process.pid}.${randomUUID()}.part`);
    const dataKey = randomBytes(32);
    const key = await segmentKey(dataKey);
    const header = newHeader(randomBytes(7));
    const S = header.segmentSize;
    const fh = await open(tmpPath, 'wx', 0o600);
    const hash = createHash('sha256');
    let size = 0;
    let index = 0;
    let closed = false;
    const inFlight: Promise<unknown>[] = [];
    const parts: Uint8Array[] = [];
    let buffered = 0;
    // Encryption (thread pool) and the positional write of segment i overlap the hashing of the
    // plaintext of segment i+1 on this thread.
    const emit = async (plain: Uint8Array, final: boolean): Promise<void> => {
      const i = index++;
      const offset = segmentOffset(i, S);
      inFlight.push(
        encryptSegment(key, header, i, final, plain).then((sealed) =>
          fh.write(sealed, 0, sealed.length, offset),
        ),
      );
      if (inFlight.length >= SEGMENTS_IN_FLIGHT) await inFlight.shift();
    };
    try {
      await fh.write(header.bytes, 0, HEADER_BYTES, 0);
      for await (const chunk of chunks) {
        hash.update(chunk);
        size += chunk.length;
        parts.push(chunk);
        buffered += chunk.length;
        // A segment is written only once a byte beyond it has arrived, so the last one is final.
        while (buffered > S) {
          await emit(take(parts, S), false);
          buffered -= S;
        }
        onProgress?.(size);
      }
      await emit(take(parts, buffered), true);
      await Promise.all(inFlight.splice(0));
      await fh.sync();
      await fh.close();
      closed = true;
      const sha256 = hash.digest('hex');
      return await this.#locks.with(sha256, async () => {
        const finalPath = this.cipherPathOf(sha256);
        if (await isFile(finalPath)) {
          const existing = await this.#openDataKey(sha256);
          if (existing) {
            await rm(tmpPath, { force: true });
            const stored = await this.size(sha256);
            if (stored !== size)
              throw new CustosError(
                'integrity',
                'BLOB_SIZE_MISMATCH',
                `blob ${sha256} is stored with ${stored} bytes but its content has ${size}: the stored copy has changed`,
              );
            for (const h of holders) await this.#addWrap(sha256, existing, h);
            return { sha256, size, existed: true };
          }
          // Stored, but no live holder key opens it any more (crypto-shredded): replace it.
        } else if (!replacingPlaintext && (await isFile(this.plainPathOf(sha256)))) {
          await rm(tmpPath, { force: true });
          const existing = (await stat(this.plainPathOf(sha256))).size;
          if (existing !== size)
            throw new CustosError(
              'integrity',
              'BLOB_SIZE_MISMATCH',
              `blob ${sha256} is stored with ${existing} bytes but its content has ${size}: the stored copy has changed`,
            );
          return { sha256, size, existed: true };
        }
        const wraps = new Map<string, Uint8Array>();
        for (const h of holders) wraps.set(h, await this.#seal(sha256, dataKey, h));
        await this.#wraps.write(sha256, wraps);
        await mkdir(dirname(finalPath), { recursive: true });
        await chmod(tmpPath, 0o444);
        await rename(tmpPath, finalPath);
        await fsyncDir(dirname(finalPath));
        return { sha256, size, existed: false };
      });
    } catch (e) {
      await Promise.allSettled(inFlight);
      if (!closed) await fh.close().catch(() => undefined);
      await rm(tmpPath, { force: true }).catch(() => undefined);
      throw e;
    }
  }

  async #seal(sha256: string, dataKey: Uint8Array, holder: string): Promise<Buffer> {
    const holderKey = await this.#holders.getOrCreate(holder);
    return sealSmall(holderKey, randomBytes(12), dataKey, wrapAad(sha256, holder));
  }

  /** Adds `holder`'s wrap of a data key (caller holds the blob's lock). */
  async #addWrap(sha256: string, dataKey: Uint8Array, holder: string): Promise<void> {
    const wraps = await this.#wraps.read(sha256);
    const own = wraps.get(holder);
    const holderKey = await this.#holders.get(holder);
    if (own && holderKey && openSmall(holderKey, own, wrapAad(sha256, holder))) return;
    wraps.set(holder, await this.#seal(sha256, dataKey, holder));
    await this.#wraps.write(sha256, wraps);
  }

  /** The blob's data key from the first wrap a live holder key opens; undefined when none does. */
  async #openDataKey(sha256: string): Promise<Buffer | undefined> {
    for (const [holder, sealed] of await this.#wraps.read(sha256)) {
      const holderKey = await this.#holders.get(holder).catch(() => undefined);
      if (!holderKey) continue;
      const key = openSmall(holderKey, sealed, wrapAad(sha256, holder));
      if (key) return key;
    }
    return undefined;
  }

  async #dataKey(sha256: string): Promise<SegmentKey> {
    const raw = await this.#openDataKey(sha256);
    if (!raw)
      throw new CustosError(
        'integrity',
        'BLOB_KEY_MISSING',
        `no live holder key opens the data key of blob ${sha256}: its keys were destroyed (crypto-shredded) or are missing`,
      );
    return segmentKey(raw);
  }

  open(sha256: string): AsyncIterable<Uint8Array> {
    assertHash(sha256);
    return {
      [Symbol.asyncIterator]: () => this.#reader(sha256),
    };
  }

  async *#reader(sha256: string): AsyncGenerator<Uint8Array> {
    const cipherPath = this.cipherPathOf(sha256);
    if (await isFile(cipherPath)) yield* this.#decryptingReader(cipherPath, sha256);
    else yield* verifyingReader(this.plainPathOf(sha256), sha256);
  }

  /** Streams the plaintext of an encrypted blob, re-hashing it; the last chunk is held back. */
  async *#decryptingReader(path: string, sha256: string): AsyncGenerator<Uint8Array> {
    let fh: FileHandle;
    try {
      fh = await open(path, 'r');
    } catch (e) {
      throw missing(sha256, e);
    }
    const inFlight: Promise<Uint8Array>[] = [];
    try {
      const header = await readHeader(fh);
      const layout = layoutFor((await fh.stat()).size, header.segmentSize);
      const key = await this.#dataKey(sha256);
      const hash = createHash('sha256');
      let held: Uint8Array | undefined;
      let next = 0;
      let size = 0;
      const schedule = () => {
        while (next < layout.count && inFlight.length < SEGMENTS_IN_FLIGHT) {
          const p = readAndDecrypt(fh, key, header, layout, next++);
          p.catch(() => undefined); // awaited in order below; never left unhandled
          inFlight.push(p);
        }
      };
      schedule();
      while (inFlight.length > 0) {
        const plain = await (inFlight.shift() as Promise<Uint8Array>);
        schedule();
        hash.update(plain);
        size += plain.length;
        if (held && held.length > 0) yield held;
        held = plain;
      }
      const actual = hash.digest('hex');
      if (actual !== sha256 || size !== layout.plainSize) {
        throw new CustosError(
          'integrity',
          'BLOB_HASH_MISMATCH',
          `blob ${sha256} decrypts to content that re-hashes to ${actual}: the stored blob was replaced`,
          { details: { expected: sha256, actual, path } },
        );
      }
      if (held && held.length > 0) yield held;
    } finally {
      await Promise.allSettled(inFlight);
      await fh.close();
    }
  }

  async verify(sha256: string): Promise<{ size: number }> {
    let size = 0;
    for await (const chunk of this.open(sha256)) size += chunk.length;
    return { size };
  }

  async openRandomAccess(sha256: string): Promise<RandomAccessBlob> {
    const cipherPath = this.cipherPathOf(sha256);
    if (await isFile(cipherPath)) {
      const fh = await open(cipherPath, 'r');
      try {
        const header = await readHeader(fh);
        const layout = layoutFor((await fh.stat()).size, header.segmentSize);
        const key = await this.#dataKey(sha256);
        return new EncryptedRandomAccess(fh, key, header, layout);
      } catch (e) {
        await fh.close();
        throw e;
      }
    }
    let fh: FileHandle;
    try {
      fh = await open(this.plainPathOf(sha256), 'r');
    } catch (e) {
      throw missing(sha256, e);
    }
    const size = (await fh.stat()).size;
    return {
      size,
      async read(position, length) {
        const n = Math.max(0, Math.min(length, size - position));
        const b = Buffer.alloc(n);
        if (n > 0) await fh.read(b, 0, n, position);
        return b;
      },
      close: () => fh.close(),
    };
  }

  async *list(): AsyncIterable<string> {
    const a = await collect(this.#listUnder(ENCRYPTED_DIR));
    const b = await collect(this.#listUnder(PLAINTEXT_DIR));
    yield* [...new Set([...a, ...b])].sort();
  }

  plaintextBlobs(): AsyncIterable<string> {
    return this.#listUnder(PLAINTEXT_DIR);
  }

  async *#listUnder(sub: string): AsyncIterable<string> {
    const base = join(this.root, sub);
    let level1: string[];
    try {
      level1 = (await readdir(base)).sort();
    } catch {
      return;
    }
    for (const a of level1) {
      for (const b of (await readdir(join(base, a))).sort()) {
        const names: string[] = [];
        for await (const d of await opendir(join(base, a, b)))
          if (d.isFile() && HEX64.test(d.name)) names.push(d.name);
        yield* names.sort();
      }
    }
  }

  async hold(sha256: string, holder: string): Promise<void> {
    assertHash(sha256);
    assertHolder(holder);
    await this.#locks.with(sha256, async () => {
      if (!(await isFile(this.cipherPathOf(sha256)))) {
        if (await isFile(this.plainPathOf(sha256))) return; // plaintext: no keys to wrap
        throw missing(sha256);
      }
      const key = await this.#openDataKey(sha256);
      if (!key)
        throw new CustosError(
          'integrity',
          'BLOB_KEY_MISSING',
          `blob ${sha256} cannot be held by ${holder}: no live holder key opens its data key`,
        );
      await this.#addWrap(sha256, key, holder);
    });
  }

  async holders(sha256: string): Promise<string[] | null> {
    assertHash(sha256);
    if (!(await isFile(this.cipherPathOf(sha256))))
      return (await isFile(this.plainPathOf(sha256))) ? null : [];
    const out: string[] = [];
    for (const [holder, sealed] of await this.#wraps.read(sha256)) {
      const key = await this.#holders.get(holder).catch(() => undefined);
      if (key && openSmall(key, sealed, wrapAad(sha256, holder))) out.push(holder);
    }
    return out.sort();
  }

  async release(sha256: string, holder: string): Promise<'deleted' | 'kept' | 'absent'> {
    assertHash(sha256);
    assertHolder(holder);
    return this.#locks.with(sha256, async () => {
      const cipherPath = this.cipherPathOf(sha256);
      const present = await isFile(cipherPath);
      const wraps = await this.#wraps.read(sha256);
      wraps.delete(holder);
      for (const [h, sealed] of [...wraps]) {
        const key = await this.#holders.get(h).catch(() => undefined);
        if (!key || !openSmall(key, sealed, wrapAad(sha256, h))) wraps.delete(h); // dead wrap
      }
      if (!present) {
        await this.#wraps.write(sha256, wraps.size > 0 ? wraps : new Map());
        return (await isFile(this.plainPathOf(sha256))) ? 'kept' : 'absent';
      }
      if (wraps.size > 0) {
        await this.#wraps.write(sha256, wraps);
        return 'kept';
      }
      await unlink(cipherPath);
      await fsyncDir(dirname(cipherPath));
      await this.#wraps.write(sha256, new Map());
      return 'deleted';
    });
  }

  async destroyHolder(holder: string, blobs: readonly string[]): Promise<HolderDestruction> {
    assertHolder(holder);
    const keyDestroyed = await this.#holders.destroy(holder);
    const deleted: string[] = [];
    const kept: string[] = [];
    for (const sha256 of [...new Set(blobs)].sort()) {
      const r = await this.release(sha256, holder);
      if (r === 'deleted') deleted.push(sha256);
      else if (r === 'kept') kept.push(sha256);
    }
    return { keyDestroyed, deleted, kept };
  }

  async erase(sha256: string): Promise<void> {
    assertHash(sha256);
    await this.#locks.with(sha256, async () => {
      const plain = this.plainPathOf(sha256);
      if (await isFile(plain)) await overwriteAndUnlink(plain);
      const cipher = this.cipherPathOf(sha256);
      if (await isFile(cipher)) {
        await unlink(cipher);
        await fsyncDir(dirname(cipher));
      }
      await this.#wraps.write(sha256, new Map());
    });
  }

  async encryptPlaintext(sha256: string, holders: readonly string[]): Promise<void> {
    assertHash(sha256);
    if (holders.length === 0)
      throw new CustosError('usage', 'BLOB_NO_HOLDER', `blob ${sha256} needs at least one holder`);
    for (const h of holders) assertHolder(h);
    const plain = this.plainPathOf(sha256);
    if (!(await isFile(plain))) {
      if (await isFile(this.cipherPathOf(sha256))) {
        for (const h of holders) await this.hold(sha256, h);
        return;
      }
      throw missing(sha256);
    }
    const stored = await this.#store(verifyingReader(plain, sha256), holders, undefined, true);
    if (stored.sha256 !== sha256)
      throw new CustosError(
        'integrity',
        'BLOB_HASH_MISMATCH',
        `blob ${sha256} re-hashed to ${stored.sha256} while being encrypted`,
      );
    await this.verify(sha256);
    await this.#locks.with(sha256, async () => {
      if (await isFile(plain)) await overwriteAndUnlink(plain);
    });
  }
}

async function collect(it: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const x of it) out.push(x);
  return out;
}

async function readHeader(fh: FileHandle): Promise<SegmentHeader> {
  const b = Buffer.alloc(HEADER_BYTES);
  const { bytesRead } = await fh.read(b, 0, HEADER_BYTES, 0);
  return parseHeader(b.subarray(0, bytesRead));
}

async function readAndDecrypt(
  fh: FileHandle,
  key: SegmentKey,
  header: SegmentHeader,
  layout: SegmentLayout,
  index: number,
): Promise<Uint8Array> {
  const n = segmentCipherBytes(index, layout);
  const sealed = Buffer.alloc(n);
  const { bytesRead } = await fh.read(sealed, 0, n, segmentOffset(index, layout.segmentSize));
  return decryptSegment(
    key,
    header,
    index,
    index === layout.count - 1,
    sealed.subarray(0, bytesRead),
  );
}

/** Random access over an encrypted blob; keeps the last decrypted segment. */
class EncryptedRandomAccess implements RandomAccessBlob {
  readonly size: number;
  #cached: { index: number; plain: Buffer } | undefined;

  constructor(
    private readonly fh: FileHandle,
    private readonly key: SegmentKey,
    private readonly header: SegmentHeader,
    private readonly layout: SegmentLayout,
  ) {
    this.size = layout.plainSize;
  }

  async #segment(index: number): Promise<Buffer> {
    if (this.#cached?.index === index) return this.#cached.plain;
    const n = segmentCipherBytes(index, this.layout);
    const sealed = Buffer.alloc(n);
    const { bytesRead } = await this.fh.read(
      sealed,
      0,
      n,
      segmentOffset(index, this.layout.segmentSize),
    );
    const plain = decryptSegmentSync(
      this.key,
      this.header,
      index,
      index === this.layout.count - 1,
      sealed.subarray(0, bytesRead),
    );
    this.#cached = { index, plain };
    return plain;
  }

  async read(position: number, length: number): Promise<Uint8Array> {
    const end = Math.min(this.size, position + Math.max(0, length));
    if (position >= end) return new Uint8Array(0);
    const S = this.layout.segmentSize;
    const out = Buffer.alloc(end - position);
    for (let at = position; at < end;) {
      const index = Math.floor(at / S);
      const seg = await this.#segment(index);
      const from = at - index * S;
      const k = Math.min(seg.length - from, end - at);
      seg.copy(out, at - position, from, from + k);
      at += k;
    }
    return out;
  }

  close(): Promise<void> {
    this.#cached = undefined;
    return this.fh.close();
  }
}

/**
 * Streams a plaintext file while hashing it. The last chunk is held back until the digest is
 * checked, so a consumer never sees the end of a blob whose bytes do not match its name.
 */
async function* verifyingReader(path: string, sha256: string): AsyncGenerator<Uint8Array> {
  const hash = createHash('sha256');
  let held: Uint8Array | undefined;
  let stream;
  try {
    await stat(path);
    stream = createReadStream(path, { highWaterMark: READ_CHUNK });
  } catch (e) {
    throw missing(sha256, e);
  }
  for await (const chunk of stream as AsyncIterable<Uint8Array>) {
    hash.update(chunk);
    if (held) yield held;
    held = chunk;
  }
  const actual = hash.digest('hex');
  if (actual !== sha256) {
    throw new CustosError(
      'integrity',
      'BLOB_HASH_MISMATCH',
      `blob ${sha256} re-hashes to ${actual}: the stored bytes have changed`,
      {
        details: { expected: sha256, actual, path },
      },
    );
  }
  if (held) yield held;
}
