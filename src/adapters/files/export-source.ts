/**
 * Export sources over the local file system: a single file, a folder, or a zip archive
 * (detected by its signature, PKWARE APPNOTE 6.3.10 §4.3.7/§4.3.16, never by its name).
 * Zip archives are read with yauzl, entry by entry from disk, so large archives are never loaded
 * whole into memory.
 */
import { createReadStream } from 'node:fs';
import { open, opendir, stat } from 'node:fs/promises';
import { basename, join, relative, sep } from 'node:path';
import { Readable } from 'node:stream';
import yauzl from 'yauzl';
import { CustosError, parseError } from '../../core/errors.ts';
import type { ExportSource, SourceEntry } from '../../core/transcript/types.ts';
import type { RandomAccessBlob } from '../../ports/blob-store.ts';
import type { HandedIn, HandedInFile } from '../../ports/evidence-input.ts';

const READ_CHUNK = 1 << 20;

/** Options for {@link openPathSource}. */
export interface PathSourceOptions {
  /** Display name for messages; defaults to the base name of the path. */
  readonly label?: string;
}

/**
 * Opens a file, folder or zip archive as an {@link ExportSource}.
 *
 * @param path - absolute or relative path to what the person handed in.
 * @throws CustosError `SOURCE_NOT_FOUND` (not-found) when the path does not exist;
 *   `PARSE_TRUNCATED_ARCHIVE` / `PARSE_BAD_ARCHIVE` (invalid-input) for a damaged zip.
 */
export async function openPathSource(
  path: string,
  options: PathSourceOptions = {},
): Promise<ExportSource> {
  const label = options.label ?? basename(path);
  let info;
  try {
    info = await stat(path);
  } catch (e) {
    throw new CustosError('not-found', 'SOURCE_NOT_FOUND', `${path}: no such file or folder`, {
      cause: e,
    });
  }
  if (info.isDirectory()) return folderSource(path, label);
  if (!info.isFile())
    throw new CustosError('usage', 'SOURCE_NOT_A_FILE', `${path}: not a regular file or folder`);
  if (await isZip(path, info.size)) return zipSource(path, label, info.size);
  return fileSource(path, label, info.size);
}

/** True when the file at `path` is a zip archive by its signature (APPNOTE §4.3.7, §4.3.16). */
export async function isZipFile(path: string): Promise<boolean> {
  return isZip(path, (await stat(path)).size);
}

/** True when the file starts with a zip local-file header or is an empty archive. */
async function isZip(path: string, size: number): Promise<boolean> {
  if (size < 4) return false;
  const fh = await open(path, 'r');
  try {
    const b = Buffer.alloc(4);
    await fh.read(b, 0, 4, 0);
    return (
      b[0] === 0x50 && b[1] === 0x4b && ((b[2] === 3 && b[3] === 4) || (b[2] === 5 && b[3] === 6))
    );
  } finally {
    await fh.close();
  }
}

async function readHead(path: string, maxBytes: number): Promise<Uint8Array> {
  const fh = await open(path, 'r');
  try {
    const b = Buffer.alloc(maxBytes);
    const { bytesRead } = await fh.read(b, 0, maxBytes, 0);
    return b.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

function fileSource(path: string, label: string, size: number): ExportSource {
  const entry = basename(path);
  const check = (p: string) => {
    if (p !== entry)
      throw new CustosError(
        'not-found',
        'SOURCE_ENTRY_NOT_FOUND',
        `${label} has no entry ${JSON.stringify(p)}`,
      );
  };
  return {
    label,
    kind: 'file',
    entries: [{ path: entry, size }],
    open(p) {
      check(p);
      return createReadStream(path, { highWaterMark: READ_CHUNK }) as AsyncIterable<Uint8Array>;
    },
    head(p, maxBytes) {
      check(p);
      return readHead(path, maxBytes);
    },
  };
}

async function folderSource(root: string, label: string): Promise<ExportSource> {
  const entries: SourceEntry[] = [];
  async function walk(dir: string): Promise<void> {
    for await (const d of await opendir(dir)) {
      const full = join(dir, d.name);
      if (d.isDirectory()) await walk(full);
      else if (d.isFile())
        entries.push({
          path: relative(root, full).split(sep).join('/'),
          size: (await stat(full)).size,
        });
      // symbolic links and devices are not followed: an export is the folder's own files
    }
  }
  await walk(root);
  entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const known = new Set(entries.map((e) => e.path));
  const resolve = (p: string) => {
    if (!known.has(p))
      throw new CustosError(
        'not-found',
        'SOURCE_ENTRY_NOT_FOUND',
        `${label} has no entry ${JSON.stringify(p)}`,
      );
    return join(root, ...p.split('/'));
  };
  return {
    label,
    kind: 'folder',
    entries,
    open: (p) =>
      createReadStream(resolve(p), { highWaterMark: READ_CHUNK }) as AsyncIterable<Uint8Array>,
    head: (p, maxBytes) => readHead(resolve(p), maxBytes),
  };
}

/** Decodes an MS-DOS date/time pair (APPNOTE §4.4.6) into a naive `YYYY-MM-DDTHH:mm:ss`. */
function dosDateTime(date: number, time: number): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${1980 + (date >> 9)}-${p((date >> 5) & 15)}-${p(date & 31)}T${p(time >> 11)}:${p((time >> 5) & 63)}:${p((time & 31) * 2)}`;
}

function archiveError(path: string, label: string, size: number, e: unknown): CustosError {
  const msg = e instanceof Error ? e.message : String(e);
  if (
    /end of central directory|unexpected EOF|truncated|invalid comment length|offset/i.test(msg)
  ) {
    return parseError(
      'PARSE_TRUNCATED_ARCHIVE',
      `zip archive is truncated or damaged (${msg}); expected a complete .zip`,
      { file: label, byteOffset: size },
    );
  }
  return parseError(
    'PARSE_BAD_ARCHIVE',
    `zip archive cannot be read (${msg}); expected a valid .zip`,
    { file: label },
  );
}

const ZIP_OPTIONS = {
  lazyEntries: true,
  autoClose: false,
  strictFileNames: false,
  validateEntrySizes: true,
} as const;

function openZip(path: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(path, ZIP_OPTIONS, (err, zf) => {
      if (err || !zf) reject(err ?? new Error('no zip file'));
      else resolve(zf);
    });
  });
}

/** Bytes per read when streaming a range of a random-access blob. */
const RANGE_CHUNK = 1 << 20;

/**
 * A yauzl random-access reader over a stored blob: each range is read through the blob store,
 * which decrypts and authenticates only the segments the range touches (APPNOTE §4.3.6: the
 * central directory at the end is read first, then each entry's local header and data).
 */
class BlobRangeReader extends yauzl.RandomAccessReader {
  readonly #blob: RandomAccessBlob;

  constructor(blob: RandomAccessBlob) {
    super();
    this.#blob = blob;
  }

  override _readStreamForRange(start: number, end: number): Readable {
    const blob = this.#blob;
    return Readable.from(
      (async function* () {
        for (let at = start; at < end;) {
          const b = await blob.read(at, Math.min(RANGE_CHUNK, end - at));
          if (b.length === 0) throw new Error(`unexpected EOF at byte ${at} of ${blob.size}`);
          at += b.length;
          yield Buffer.from(b.buffer, b.byteOffset, b.byteLength);
        }
      })(),
      { objectMode: false },
    );
  }

  override close(callback: (err: Error | null) => void): void {
    this.#blob.close().then(
      () => callback(null),
      (e: unknown) => callback(e instanceof Error ? e : new Error(String(e))),
    );
  }
}

function openZipBlob(blob: RandomAccessBlob): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.fromRandomAccessReader(new BlobRangeReader(blob), blob.size, ZIP_OPTIONS, (err, zf) => {
      if (err || !zf) reject(err ?? new Error('no zip file'));
      else resolve(zf);
    });
  });
}

async function zipSource(
  path: string,
  label: string,
  size: number,
  blob?: RandomAccessBlob,
): Promise<ExportSource> {
  let zip: yauzl.ZipFile;
  try {
    zip = blob ? await openZipBlob(blob) : await openZip(path);
  } catch (e) {
    await blob?.close().catch(() => undefined);
    throw archiveError(path, label, size, e);
  }
  const byPath = new Map<string, yauzl.Entry>();
  try {
    await new Promise<void>((resolve, reject) => {
      zip.on('entry', (entry: yauzl.Entry) => {
        if (!entry.fileName.endsWith('/')) byPath.set(entry.fileName.replace(/\\/g, '/'), entry);
        zip.readEntry();
      });
      zip.on('end', () => resolve());
      zip.on('error', reject);
      zip.readEntry();
    });
  } catch (e) {
    zip.close();
    throw archiveError(path, label, size, e);
  }
  const entries: SourceEntry[] = [...byPath.entries()]
    .map(([p, e]) => ({
      path: p,
      size: e.uncompressedSize,
      modified: dosDateTime(e.lastModFileDate, e.lastModFileTime),
    }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));

  const stream = (p: string): Promise<NodeJS.ReadableStream> => {
    const entry = byPath.get(p);
    if (!entry)
      return Promise.reject(
        new CustosError(
          'not-found',
          'SOURCE_ENTRY_NOT_FOUND',
          `${label} has no entry ${JSON.stringify(p)}`,
        ),
      );
    return new Promise((resolve, reject) => {
      zip.openReadStream(entry, (err, rs) =>
        err || !rs ? reject(archiveError(path, label, size, err)) : resolve(rs),
      );
    });
  };

  return {
    label,
    kind: 'zip',
    entries,
    async *open(p) {
      const rs = await stream(p);
      try {
        for await (const chunk of rs as AsyncIterable<Uint8Array>) yield chunk;
      } catch (e) {
        if (e instanceof CustosError) throw e;
        throw parseError(
          'PARSE_BAD_ARCHIVE',
          `entry cannot be decompressed (${e instanceof Error ? e.message : String(e)}); expected a valid .zip`,
          { file: label, entry: p },
        );
      }
    },
    async head(p, maxBytes) {
      const rs = await stream(p);
      const parts: Uint8Array[] = [];
      let n = 0;
      try {
        for await (const chunk of rs as AsyncIterable<Uint8Array>) {
          parts.push(chunk);
          n += chunk.length;
          if (n >= maxBytes) break;
        }
      } catch (e) {
        throw parseError(
          'PARSE_BAD_ARCHIVE',
          `entry cannot be decompressed (${e instanceof Error ? e.message : String(e)}); expected a valid .zip`,
          { file: label, entry: p },
        );
      }
      return Buffer.concat(parts).subarray(0, maxBytes);
    },
    close() {
      zip.close();
      return Promise.resolve();
    },
  };
}

/** How to read one stored blob (supplied by the composition root from the blob store). */
export interface StoredBlobAccess {
  /** Plaintext size in bytes. */
  readonly size: number;
  /** Streams the blob, re-hashing; throws on a mismatch before the last chunk. */
  read(): AsyncIterable<Uint8Array>;
  /** Re-hashes the whole blob; throws on a mismatch. */
  verify(): Promise<unknown>;
  /** Random access to the plaintext (zip archives), through decryption. */
  openRandomAccess(): Promise<RandomAccessBlob>;
}

/** The first `maxBytes` bytes of a stored blob, through its random-access reader. */
export async function storedHead(blob: StoredBlobAccess, maxBytes: number): Promise<Uint8Array> {
  const r = await blob.openRandomAccess();
  try {
    return await r.read(0, maxBytes);
  } finally {
    await r.close();
  }
}

/** True when a stored blob starts with a zip signature (APPNOTE §4.3.7, §4.3.16). */
export async function isStoredZip(blob: StoredBlobAccess): Promise<boolean> {
  if (blob.size < 4) return false;
  const b = await storedHead(blob, 4);
  return (
    b[0] === 0x50 && b[1] === 0x4b && ((b[2] === 3 && b[3] === 4) || (b[2] === 5 && b[3] === 6))
  );
}

/**
 * An export source over a stored single-file original. A zip archive (by signature) is verified
 * whole first and then read entry by entry through a random-access reader that decrypts only the
 * segments each read needs; a plain file is streamed through the verifying reader.
 * @param entryName - the single entry's path (default: the label).
 */
export async function openStoredFile(
  label: string,
  blob: StoredBlobAccess,
  entryName = label,
): Promise<ExportSource> {
  if (await isStoredZip(blob)) {
    await blob.verify();
    return zipSource(label, label, blob.size, await blob.openRandomAccess());
  }
  const check = (p: string) => {
    if (p !== entryName)
      throw new CustosError(
        'not-found',
        'SOURCE_ENTRY_NOT_FOUND',
        `${label} has no entry ${JSON.stringify(p)}`,
      );
  };
  return {
    label,
    kind: 'file',
    entries: [{ path: entryName, size: blob.size }],
    open(p) {
      check(p);
      return blob.read();
    },
    head(p, maxBytes) {
      check(p);
      return storedHead(blob, maxBytes);
    },
  };
}

/** An export source over a stored folder: each entry streamed through the verifying reader. */
export function openStoredFolder(
  label: string,
  files: ReadonlyMap<string, StoredBlobAccess>,
): ExportSource {
  const entries = [...files.entries()]
    .map(([path, b]) => ({ path, size: b.size }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const get = (p: string) => {
    const b = files.get(p);
    if (!b)
      throw new CustosError(
        'not-found',
        'SOURCE_ENTRY_NOT_FOUND',
        `${label} has no entry ${JSON.stringify(p)}`,
      );
    return b;
  };
  return {
    label,
    kind: 'folder',
    entries,
    open: (p) => get(p).read(),
    head: (p, maxBytes) => storedHead(get(p), maxBytes),
  };
}

/**
 * What a person handed in, from a local path: a single file (zip or not) or a folder, whose
 * files are read in sorted order. Symbolic links inside a folder are not followed.
 *
 * @throws CustosError `SOURCE_NOT_FOUND` (not-found), `SOURCE_NOT_A_FILE` (usage).
 */
export async function handedInFromPath(path: string): Promise<HandedIn> {
  let info;
  try {
    info = await stat(path);
  } catch (e) {
    throw new CustosError('not-found', 'SOURCE_NOT_FOUND', `${path}: no such file or folder`, {
      cause: e,
    });
  }
  const label = basename(path);
  const fileOf = (full: string, rel: string, size: number): HandedInFile => ({
    path: rel,
    size,
    open: () => createReadStream(full, { highWaterMark: READ_CHUNK }) as AsyncIterable<Uint8Array>,
  });
  if (info.isFile()) return { kind: 'file', label, file: fileOf(path, label, info.size) };
  if (!info.isDirectory())
    throw new CustosError('usage', 'SOURCE_NOT_A_FILE', `${path}: not a regular file or folder`);
  const folder = await folderSource(path, label);
  return {
    kind: 'folder',
    label,
    files: folder.entries.map((e) => fileOf(join(path, ...e.path.split('/')), e.path, e.size)),
  };
}
