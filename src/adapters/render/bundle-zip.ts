/**
 * Bundle archives on disk: writing a zip (yazl; zip64 when needed; originals stored, text
 * deflated) while hashing every file, and opening a zip (yauzl) or an unzipped folder as a
 * {@link OpenedBundle} for the verifier. The archive is written to a temporary file beside its
 * final path, flushed, and renamed into place only when complete.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { lstat, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, relative, sep } from 'node:path';
import { Readable } from 'node:stream';
import { inflateRawSync } from 'node:zlib';
import { finished } from 'node:stream/promises';
import * as yauzl from 'yauzl';
import * as yazl from 'yazl';
import { isSafeBundlePath } from '../../core/bundle/layout.ts';
import type { BundleProblem } from '../../core/bundle/verify.ts';
import { CustosError } from '../../core/errors.ts';
import type { BundleArchive, OpenedBundle } from '../../ports/bundle-io.ts';

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * Starts a zip at `outPath`.
 * @throws CustosError `BUNDLE_OUT_EXISTS` (usage) when something is already there.
 */
export async function createZipArchive(outPath: string, mtime: Date): Promise<BundleArchive> {
  if (await exists(outPath)) {
    throw new CustosError(
      'usage',
      'BUNDLE_OUT_EXISTS',
      `${outPath} already exists; choose a new file name for the bundle`,
    );
  }
  const tmp = join(dirname(outPath), `.${basename(outPath)}.${process.pid}.partial`);
  const zip = new yazl.ZipFile();
  const out = createWriteStream(tmp, { flags: 'wx' });
  let failure: Error | undefined;
  const fail = (e: unknown): void => {
    failure ??=
      e instanceof Error ? e : new Error(`writing the bundle failed: ${JSON.stringify(e)}`);
  };
  zip.outputStream.on('error', fail);
  out.on('error', fail);
  zip.outputStream.pipe(out);
  const done = finished(out);
  done.catch(fail);
  const check = (): void => {
    if (failure !== undefined) throw failure;
  };

  return {
    async add(path, content, options = {}) {
      check();
      if (!isSafeBundlePath(path))
        throw new CustosError(
          'internal',
          'BUNDLE_PATH_UNSAFE',
          `refusing to write unsafe bundle path ${JSON.stringify(path)}`,
        );
      const entry = { mtime, compress: options.compress ?? false, mode: 0o100444 };
      if (content instanceof Uint8Array) {
        zip.addBuffer(
          Buffer.from(content.buffer, content.byteOffset, content.byteLength),
          path,
          entry,
        );
        return {
          sha256: createHash('sha256').update(content).digest('hex'),
          size: content.byteLength,
        };
      }
      const hash = createHash('sha256');
      let size = 0;
      let settle: { resolve: () => void; reject: (e: unknown) => void } | undefined;
      const drained = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
      const source = content;
      async function* hashed(): AsyncGenerator<Buffer> {
        try {
          for await (const chunk of source) {
            hash.update(chunk);
            size += chunk.byteLength;
            yield Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
          }
          settle?.resolve();
        } catch (e) {
          settle?.reject(e);
          throw e;
        }
      }
      const stream = Readable.from(hashed(), { objectMode: false });
      stream.on('error', fail);
      zip.addReadStream(stream, path, entry);
      await drained;
      check();
      return { sha256: hash.digest('hex'), size };
    },
    async commit() {
      check();
      zip.end();
      await done;
      check();
      const fd = await open(tmp, 'r');
      try {
        await fd.sync();
      } finally {
        await fd.close();
      }
      if (await exists(outPath)) {
        throw new CustosError(
          'usage',
          'BUNDLE_OUT_EXISTS',
          `${outPath} appeared while the bundle was written; it was left as it is`,
        );
      }
      await rename(tmp, outPath);
      return { path: outPath, size: (await stat(outPath)).size };
    },
    async abort() {
      out.destroy();
      await rm(tmp, { force: true });
    },
  };
}

async function digestStream(
  stream: NodeJS.ReadableStream,
): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of stream) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), size };
}

function notInBundle(path: string): CustosError {
  return new CustosError('not-found', 'BUNDLE_FILE_NOT_IN_BUNDLE', `${path} is not in the bundle`);
}

/** Entries at most this large are read in one piece (text files); larger ones are streamed. */
const WHOLE_READ_MAX = 16 * 1024 * 1024;
const CHUNK = 1 << 20;

/**
 * Opens a bundle zip. yauzl reads the central directory (names checked; duplicates and unsafe
 * names become issues); entry data is then read through one file handle: stored entries (the
 * originals) in 1 MiB chunks straight into SHA-256, deflated ones (text) whole and inflated with
 * a size limit. yauzl's per-entry streams open a descriptor and read in small pieces per entry,
 * which costs more than the hashing on large bundles.
 */
async function openZip(path: string): Promise<OpenedBundle> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.openPromise(path, {
      lazyEntries: true,
      autoClose: false,
      strictFileNames: false,
      validateEntrySizes: true,
    });
  } catch (e) {
    throw new CustosError(
      'invalid-input',
      'BUNDLE_NOT_A_ZIP',
      `${path} is not a readable zip archive: ${e instanceof Error ? e.message : String(e)}; expected a bundle made by custos bundle export`,
    );
  }
  const entries = new Map<string, yauzl.Entry>();
  const issues: BundleProblem[] = [];
  const paths: string[] = [];
  try {
    for await (const entry of zip.eachEntry()) {
      const name = entry.fileName;
      if (name.endsWith('/')) continue;
      if (!isSafeBundlePath(name)) {
        issues.push({
          code: 'BUNDLE_PATH_UNSAFE',
          subject: name,
          message: `the zip holds an entry with the unsafe name ${JSON.stringify(name)}`,
        });
        continue;
      }
      if (entries.has(name)) {
        issues.push({
          code: 'BUNDLE_PATH_DUPLICATE',
          subject: name,
          message: `the zip holds ${name} twice; only one copy can be the one that was exported`,
        });
        continue;
      }
      entries.set(name, entry);
      paths.push(name);
    }
  } catch (e) {
    issues.push({
      code: 'BUNDLE_PATH_UNSAFE',
      subject: path,
      message: `the zip's directory could not be read to the end: ${e instanceof Error ? e.message : String(e)}`,
    });
  } finally {
    zip.close();
  }
  const fh = await open(path, 'r');
  const size = (await fh.stat()).size;
  const damaged = (p: string, why: string): CustosError =>
    new CustosError(
      'integrity',
      'BUNDLE_ZIP_ENTRY_DAMAGED',
      `the zip entry ${p} is damaged: ${why}`,
    );

  /** Where an entry's data starts, from its local header (APPNOTE.TXT 4.3.7). */
  const dataStart = async (p: string, e: yauzl.Entry): Promise<number> => {
    if (e.isEncrypted()) throw damaged(p, 'it is encrypted');
    if (e.compressionMethod !== 0 && e.compressionMethod !== 8)
      throw damaged(p, `compression method ${e.compressionMethod}`);
    const head = Buffer.alloc(30);
    await fh.read(head, 0, 30, e.relativeOffsetOfLocalHeader);
    if (head.readUInt32LE(0) !== 0x04034b50) throw damaged(p, 'no local file header');
    const start =
      e.relativeOffsetOfLocalHeader + 30 + head.readUInt16LE(26) + head.readUInt16LE(28);
    if (start + e.compressedSize > size) throw damaged(p, 'its data runs past the end of the file');
    return start;
  };
  const readAt = async (start: number, length: number): Promise<Buffer> => {
    const buf = Buffer.alloc(length);
    let done = 0;
    while (done < length) {
      const { bytesRead } = await fh.read(buf, done, length - done, start + done);
      if (bytesRead === 0) break;
      done += bytesRead;
    }
    return buf.subarray(0, done);
  };
  const whole = async (p: string): Promise<Uint8Array> => {
    const e = entries.get(p);
    if (!e) throw notInBundle(p);
    const raw = await readAt(await dataStart(p, e), e.compressedSize);
    if (e.compressionMethod === 0) return new Uint8Array(raw);
    try {
      return new Uint8Array(
        inflateRawSync(raw, { maxOutputLength: Math.max(1, e.uncompressedSize) }),
      );
    } catch (err) {
      throw damaged(p, err instanceof Error ? err.message : String(err));
    }
  };
  return {
    paths,
    issues,
    read: whole,
    async digest(p) {
      const e = entries.get(p);
      if (!e) throw notInBundle(p);
      if (e.compressionMethod !== 0 || e.compressedSize <= WHOLE_READ_MAX) {
        const bytes = await whole(p);
        return { sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length };
      }
      const start = await dataStart(p, e);
      const hash = createHash('sha256');
      const buf = Buffer.alloc(CHUNK);
      let done = 0;
      while (done < e.compressedSize) {
        const { bytesRead } = await fh.read(
          buf,
          0,
          Math.min(CHUNK, e.compressedSize - done),
          start + done,
        );
        if (bytesRead === 0) throw damaged(p, 'the file ends early');
        hash.update(buf.subarray(0, bytesRead));
        done += bytesRead;
      }
      return { sha256: hash.digest('hex'), size: done };
    },
    close: () => fh.close(),
  };
}

/** Opens an unzipped bundle folder. Symbolic links are issues, never followed. */
async function openFolder(root: string): Promise<OpenedBundle> {
  const paths: string[] = [];
  const issues: BundleProblem[] = [];
  async function walk(dir: string): Promise<void> {
    const names = (await readdir(dir, { withFileTypes: true })).sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
    );
    for (const d of names) {
      const full = join(dir, d.name);
      const rel = relative(root, full).split(sep).join('/');
      if (d.isSymbolicLink()) {
        issues.push({
          code: 'BUNDLE_PATH_UNSAFE',
          subject: rel,
          message: `${rel} is a symbolic link; a bundle holds only regular files`,
        });
      } else if (d.isDirectory()) {
        await walk(full);
      } else if (d.isFile()) {
        if (isSafeBundlePath(rel)) paths.push(rel);
        else
          issues.push({
            code: 'BUNDLE_PATH_UNSAFE',
            subject: rel,
            message: `the folder holds a file with the unsafe name ${JSON.stringify(rel)}`,
          });
      }
    }
  }
  await walk(root);
  const known = new Set(paths);
  const full = (p: string): string => {
    if (!known.has(p)) throw notInBundle(p);
    return join(root, ...p.split('/'));
  };
  return {
    paths,
    issues,
    async read(p) {
      return new Uint8Array(await readFile(full(p)));
    },
    async digest(p) {
      return digestStream(createReadStream(full(p), { highWaterMark: 1 << 20 }));
    },
    close: () => Promise.resolve(),
  };
}

/**
 * Opens a bundle: a zip file, or the folder it was unzipped to.
 * @throws CustosError `BUNDLE_NOT_FOUND` (not-found), `BUNDLE_NOT_A_ZIP` (invalid-input).
 */
export async function openBundlePath(path: string): Promise<OpenedBundle> {
  let s;
  try {
    s = await stat(path);
  } catch {
    throw new CustosError(
      'not-found',
      'BUNDLE_NOT_FOUND',
      `${path} does not exist; expected a bundle zip or its unzipped folder`,
    );
  }
  return s.isDirectory() ? openFolder(path) : openZip(path);
}
