/**
 * The blob store on local disk: `<root>/sha256/ab/cd/<hash>`, write-once and read-only
 * (ARCHITECTURE.md, "Storage"). A write goes to `<root>/tmp/` while SHA-256 (FIPS 180-4) and size
 * are computed in the same pass, is fsynced, then renamed into place (atomic on POSIX file
 * systems) and the directory fsynced, so a crash leaves either the whole blob or a temp file that
 * the next start removes. Memory use is one chunk at a time, whatever the blob's size.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { chmod, mkdir, open, opendir, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { CustosError } from '../../core/errors.ts';
import type { BlobStore, ProgressListener, StoredBlob } from '../../ports/blob-store.ts';

const HEX64 = /^[0-9a-f]{64}$/;
const READ_CHUNK = 1 << 20;
/** Chunk writes allowed in flight while hashing continues (measured best of 1-8 here). */
const WRITES_IN_FLIGHT = 4;

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

/** Local-disk {@link BlobStore}. */
export class LocalBlobStore implements BlobStore {
  readonly root: string;
  readonly #tmp: string;

  /** @param root - the blobs directory, e.g. `<data>/blobs`; created when missing. */
  constructor(root: string) {
    this.root = root;
    this.#tmp = join(root, 'tmp');
  }

  /**
   * Creates the directories and removes temp files left by interrupted writes of processes that
   * no longer run (another process — the server, a CLI run — may be writing at the same time).
   */
  async init(): Promise<void> {
    await mkdir(join(this.root, 'sha256'), { recursive: true });
    await mkdir(this.#tmp, { recursive: true });
    for (const name of await readdir(this.#tmp)) {
      const pid = Number(name.split('.')[0]);
      if (!Number.isInteger(pid) || pid <= 0 || !isRunning(pid))
        await rm(join(this.#tmp, name), { force: true });
    }
  }

  pathOf(sha256: string): string {
    assertHash(sha256);
    return join(this.root, 'sha256', sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  async has(sha256: string): Promise<boolean> {
    try {
      return (await stat(this.pathOf(sha256))).isFile();
    } catch {
      return false;
    }
  }

  async put(
    chunks: AsyncIterable<Uint8Array>,
    options: { onProgress?: ProgressListener; expectedSize?: number } = {},
  ): Promise<StoredBlob> {
    const tmpPath = join(this.#tmp, `${process.pid}.${randomUUID()}.part`);
    const fh = await open(tmpPath, 'wx', 0o600);
    const hash = createHash('sha256');
    let size = 0;
    let closed = false;
    const inFlight: Promise<unknown>[] = [];
    try {
      // Hashing and writing overlap: up to WRITES_IN_FLIGHT positional writes run on the thread
      // pool while the next chunks are read and hashed on this thread.
      for await (const chunk of chunks) {
        hash.update(chunk);
        inFlight.push(fh.write(chunk, 0, chunk.length, size));
        size += chunk.length;
        if (inFlight.length >= WRITES_IN_FLIGHT) await inFlight.shift();
        options.onProgress?.(size);
      }
      await Promise.all(inFlight);
      await fh.sync();
      await fh.close();
      closed = true;
      const sha256 = hash.digest('hex');
      const finalPath = this.pathOf(sha256);
      if (await this.has(sha256)) {
        await rm(tmpPath, { force: true });
        const existing = (await stat(finalPath)).size;
        if (existing !== size) {
          throw new CustosError(
            'integrity',
            'BLOB_SIZE_MISMATCH',
            `blob ${sha256} is stored with ${existing} bytes but its content has ${size}: the stored copy has changed`,
          );
        }
        return { sha256, size, existed: true };
      }
      const dir = join(this.root, 'sha256', sha256.slice(0, 2), sha256.slice(2, 4));
      await mkdir(dir, { recursive: true });
      await chmod(tmpPath, 0o444);
      await rename(tmpPath, finalPath);
      await fsyncDir(dir);
      return { sha256, size, existed: false };
    } catch (e) {
      await Promise.allSettled(inFlight);
      if (!closed) await fh.close().catch(() => undefined);
      await rm(tmpPath, { force: true }).catch(() => undefined);
      throw e;
    }
  }

  open(sha256: string): AsyncIterable<Uint8Array> {
    const path = this.pathOf(sha256);
    return {
      [Symbol.asyncIterator]: () => verifyingReader(path, sha256),
    };
  }

  async verify(sha256: string): Promise<{ size: number }> {
    let size = 0;
    for await (const chunk of this.open(sha256)) size += chunk.length;
    return { size };
  }

  async *list(): AsyncIterable<string> {
    const base = join(this.root, 'sha256');
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
}

function isRunning(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Streams a file while hashing it. The last chunk is held back until the digest is checked, so a
 * consumer never sees the end of a blob whose bytes do not match its name.
 */
async function* verifyingReader(path: string, sha256: string): AsyncGenerator<Uint8Array> {
  const hash = createHash('sha256');
  let held: Uint8Array | undefined;
  let stream;
  try {
    await stat(path);
    stream = createReadStream(path, { highWaterMark: READ_CHUNK });
  } catch (e) {
    throw new CustosError(
      'integrity',
      'BLOB_MISSING',
      `blob ${sha256} is missing from the store (${path})`,
      { cause: e },
    );
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
