/**
 * Bundle sources for the verifier page: the files of an unzipped folder picked in the browser,
 * or a zip read directly (central directory, zip64, stored and deflated entries; APPNOTE.TXT
 * 6.3 §4.3). SHA-256 of large files is computed with WebCrypto where the browser allows it
 * (a secure context, which file:// pages are in Chromium), else incrementally in JavaScript.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { isSafeBundlePath } from '../../../core/bundle/layout.ts';
import type { BundleProblem, BundleSource } from '../../../core/bundle/verify.ts';

const hex = (b: ArrayBuffer | Uint8Array): string =>
  Array.from(b instanceof Uint8Array ? b : new Uint8Array(b), (x) =>
    x.toString(16).padStart(2, '0'),
  ).join('');

/** Whole-buffer WebCrypto digests up to this size; above it, a streaming digest in JavaScript. */
const WEBCRYPTO_MAX = 256 * 1024 * 1024;

async function digestBlob(blob: Blob): Promise<{ sha256: string; size: number }> {
  if (blob.size <= WEBCRYPTO_MAX && typeof crypto !== 'undefined' && crypto.subtle) {
    const buf = await blob.arrayBuffer();
    return { sha256: hex(await crypto.subtle.digest('SHA-256', buf)), size: buf.byteLength };
  }
  return digestStream(blob.stream());
}

async function digestStream(
  stream: ReadableStream<Uint8Array>,
): Promise<{ sha256: string; size: number }> {
  const h = sha256.create();
  let size = 0;
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    h.update(value);
    size += value.byteLength;
  }
  return { sha256: hex(h.digest()), size };
}

async function readStream(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** A picked folder: `files` with `webkitRelativePath` `<folder>/<path>`. */
export function folderSource(files: readonly File[]): BundleSource {
  const map = new Map<string, File>();
  const issues: BundleProblem[] = [];
  for (const f of files) {
    const rel = (f.webkitRelativePath || f.name)
      .split('/')
      .slice(f.webkitRelativePath ? 1 : 0)
      .join('/');
    if (!isSafeBundlePath(rel)) {
      issues.push({
        code: 'BUNDLE_PATH_UNSAFE',
        subject: rel,
        message: `the folder holds a file with the unsafe name ${JSON.stringify(rel)}`,
      });
    } else map.set(rel, f);
  }
  const get = (p: string): File => {
    const f = map.get(p);
    if (!f) throw new Error(`${p} is not in the bundle`);
    return f;
  };
  return {
    paths: [...map.keys()],
    issues,
    read: async (p) => new Uint8Array(await get(p).arrayBuffer()),
    digest: (p) => digestBlob(get(p)),
  };
}

interface ZipEntry {
  readonly name: string;
  readonly method: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly localOffset: number;
}

class ZipFormatError extends Error {}

const u16 = (v: DataView, o: number): number => v.getUint16(o, true);
const u32 = (v: DataView, o: number): number => v.getUint32(o, true);
const u64 = (v: DataView, o: number): number => {
  const n = v.getBigUint64(o, true);
  if (n > BigInt(Number.MAX_SAFE_INTEGER)) throw new ZipFormatError('zip64 value too large');
  return Number(n);
};

async function view(blob: Blob, start: number, end: number): Promise<DataView> {
  return new DataView(await blob.slice(start, end).arrayBuffer());
}

/** Reads the central directory of a zip. */
async function readDirectory(file: Blob): Promise<ZipEntry[]> {
  const tailStart = Math.max(0, file.size - (0xffff + 22));
  const tail = await view(file, tailStart, file.size);
  let eocd = -1;
  for (let i = tail.byteLength - 22; i >= 0; i--) {
    if (u32(tail, i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new ZipFormatError('no end of central directory record: not a zip file');
  let count = u16(tail, eocd + 10);
  let cdSize = u32(tail, eocd + 12);
  let cdOffset = u32(tail, eocd + 16);
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    const locAt = tailStart + eocd - 20;
    const loc = await view(file, locAt, locAt + 20);
    if (u32(loc, 0) !== 0x07064b50) throw new ZipFormatError('zip64 locator missing');
    const recAt = u64(loc, 8);
    const rec = await view(file, recAt, recAt + 56);
    if (u32(rec, 0) !== 0x06064b50)
      throw new ZipFormatError('zip64 end of central directory record missing');
    count = u64(rec, 32);
    cdSize = u64(rec, 40);
    cdOffset = u64(rec, 48);
  }
  const cd = await view(file, cdOffset, cdOffset + cdSize);
  const entries: ZipEntry[] = [];
  let p = 0;
  const decoder = new TextDecoder('utf-8');
  for (let n = 0; n < count; n++) {
    if (u32(cd, p) !== 0x02014b50)
      throw new ZipFormatError(`central directory entry ${n + 1} is damaged`);
    const flags = u16(cd, p + 8);
    const method = u16(cd, p + 10);
    let compressedSize = u32(cd, p + 20);
    let size = u32(cd, p + 24);
    const nameLen = u16(cd, p + 28);
    const extraLen = u16(cd, p + 30);
    const commentLen = u16(cd, p + 32);
    let localOffset = u32(cd, p + 42);
    const name = decoder.decode(new Uint8Array(cd.buffer, cd.byteOffset + p + 46, nameLen));
    // Zip64 extended information (header 0x0001): the 0xFFFFFFFF fields, in order.
    let x = p + 46 + nameLen;
    const xEnd = x + extraLen;
    while (x + 4 <= xEnd) {
      const id = u16(cd, x);
      const len = u16(cd, x + 2);
      if (id === 0x0001) {
        let q = x + 4;
        if (size === 0xffffffff) {
          size = u64(cd, q);
          q += 8;
        }
        if (compressedSize === 0xffffffff) {
          compressedSize = u64(cd, q);
          q += 8;
        }
        if (localOffset === 0xffffffff) localOffset = u64(cd, q);
      }
      x += 4 + len;
    }
    if (flags & 1) throw new ZipFormatError(`${name} is encrypted`);
    entries.push({ name, method, compressedSize, size, localOffset });
    p = xEnd + commentLen;
  }
  return entries;
}

/** A bundle zip chosen in the browser. */
export async function zipSource(file: Blob): Promise<BundleSource> {
  const entries = await readDirectory(file);
  const map = new Map<string, ZipEntry>();
  const issues: BundleProblem[] = [];
  for (const e of entries) {
    if (e.name.endsWith('/')) continue;
    if (!isSafeBundlePath(e.name)) {
      issues.push({
        code: 'BUNDLE_PATH_UNSAFE',
        subject: e.name,
        message: `the zip holds an entry with the unsafe name ${JSON.stringify(e.name)}`,
      });
    } else if (map.has(e.name)) {
      issues.push({
        code: 'BUNDLE_PATH_DUPLICATE',
        subject: e.name,
        message: `the zip holds ${e.name} twice; only one copy can be the one that was exported`,
      });
    } else map.set(e.name, e);
  }
  const data = async (p: string): Promise<{ blob: Blob; entry: ZipEntry }> => {
    const e = map.get(p);
    if (!e) throw new Error(`${p} is not in the bundle`);
    const local = await view(file, e.localOffset, e.localOffset + 30);
    if (u32(local, 0) !== 0x04034b50)
      throw new ZipFormatError(`the local header of ${p} is damaged`);
    const start = e.localOffset + 30 + u16(local, 26) + u16(local, 28);
    return { blob: file.slice(start, start + e.compressedSize), entry: e };
  };
  const inflate = (blob: Blob): ReadableStream<Uint8Array> =>
    blob.stream().pipeThrough(new DecompressionStream('deflate-raw'));
  return {
    paths: [...map.keys()],
    issues,
    async read(p) {
      const { blob, entry } = await data(p);
      if (entry.method === 0) return new Uint8Array(await blob.arrayBuffer());
      if (entry.method === 8) return readStream(inflate(blob));
      throw new ZipFormatError(`${p} uses compression method ${entry.method}`);
    },
    async digest(p) {
      const { blob, entry } = await data(p);
      if (entry.method === 0) return digestBlob(blob);
      if (entry.method === 8) {
        const bytes = await readStream(inflate(blob));
        return digestBlob(new Blob([bytes.slice().buffer]));
      }
      throw new ZipFormatError(`${p} uses compression method ${entry.method}`);
    },
  };
}
