/**
 * Wrapped data keys: for each encrypted blob, its random data key sealed under the key of each
 * holder (AES-256-GCM, random 12-byte nonce, additional data binding the wrap to the blob's
 * SHA-256 and the holder: `custos-blob-key-wrap/v1 <sha256> <holder>`). One JSON file per blob,
 * `<keys>/wraps/ab/cd/<sha256>.json`, replaced atomically (temporary file, fsync, rename, fsync of
 * the folder). A wrap whose holder key no longer exists is dead: nothing can open it.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { CustosError } from '../../core/errors.ts';

/** Additional data of a wrap. */
export function wrapAad(sha256: string, holder: string): string {
  return `custos-blob-key-wrap/v1 ${sha256} ${holder}`;
}

interface WrapsFile {
  readonly format: 'custos-blob-key-wraps';
  readonly version: 1;
  readonly blob: string;
  /** holder → base64 of nonce || sealed key || tag. */
  readonly wraps: Record<string, string>;
}

async function fsyncDir(dir: string): Promise<void> {
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** The wraps of every blob, under one folder. */
export class KeyWraps {
  readonly dir: string;

  /** @param dir - `<data>/keys/wraps`. */
  constructor(dir: string) {
    this.dir = dir;
  }

  pathOf(sha256: string): string {
    return join(this.dir, sha256.slice(0, 2), sha256.slice(2, 4), `${sha256}.json`);
  }

  /**
   * The wraps of a blob by holder (empty when it has none).
   * @throws CustosError `BLOB_WRAPS_INVALID` (integrity) for a damaged wraps file.
   */
  async read(sha256: string): Promise<Map<string, Buffer>> {
    let text: string;
    try {
      text = await readFile(this.pathOf(sha256), 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
      throw e;
    }
    let parsed: WrapsFile;
    try {
      parsed = JSON.parse(text) as WrapsFile;
    } catch {
      parsed = { format: 'custos-blob-key-wraps', version: 1, blob: '', wraps: {} };
    }
    if (
      parsed.format !== 'custos-blob-key-wraps' ||
      parsed.blob !== sha256 ||
      typeof parsed.wraps !== 'object'
    )
      throw new CustosError(
        'integrity',
        'BLOB_WRAPS_INVALID',
        `the key wraps of blob ${sha256} are damaged (${this.pathOf(sha256)})`,
      );
    return new Map(Object.entries(parsed.wraps).map(([h, b64]) => [h, Buffer.from(b64, 'base64')]));
  }

  /** Replaces a blob's wraps; an empty map removes the file. */
  async write(sha256: string, wraps: ReadonlyMap<string, Uint8Array>): Promise<void> {
    const path = this.pathOf(sha256);
    if (wraps.size === 0) {
      try {
        await unlink(path);
        await fsyncDir(dirname(path));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      }
      return;
    }
    const body: WrapsFile = {
      format: 'custos-blob-key-wraps',
      version: 1,
      blob: sha256,
      wraps: Object.fromEntries(
        [...wraps.entries()]
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([h, w]) => [h, Buffer.from(w).toString('base64')]),
      ),
    };
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    const tmp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
    const fh = await open(tmp, 'wx', 0o600);
    try {
      await fh.writeFile(`${JSON.stringify(body)}\n`);
      await fh.sync();
    } catch (e) {
      await fh.close();
      await rm(tmp, { force: true });
      throw e;
    }
    await fh.close();
    await rename(tmp, path);
    await fsyncDir(dirname(path));
  }
}
