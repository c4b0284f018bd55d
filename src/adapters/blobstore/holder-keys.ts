/**
 * Holder keys: one random AES-256 key per holder of stored material (a case, a report not yet in
 * a case, or the intake holder of material handed in at the command line), kept in a key file
 * `<keys>/holders/<holder>.key` (magic `CUSTHK01` then the 32 key bytes, mode 0600). A blob's
 * data key is wrapped by the key of each holder (see `key-wraps.ts`); destroying a holder's key
 * file makes every wrap under it useless, which is how disposal crypto-shreds a case.
 *
 * Destruction overwrites the file in place with random bytes, fsyncs, overwrites with zeros,
 * fsyncs, unlinks it and fsyncs the folder. On journalling or copy-on-write file systems, SSDs
 * (wear levelling) and in backups or snapshots, older copies of the 40 bytes may survive: see
 * docs/retention.md and the operator guide.
 */
import { randomBytes } from 'node:crypto';
import { link, mkdir, open, readFile, readdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { CustosError } from '../../core/errors.ts';
import { KEY_BYTES } from './segment-cipher.ts';

const MAGIC = Buffer.from('CUSTHK01', 'latin1');
/** `intake`, or `<kind>-<id>` (`case-…`, `report-…`): safe as a file name. */
const HOLDER = /^[a-z][a-z0-9]{0,15}(?:-[A-Za-z0-9][A-Za-z0-9._-]{0,99})?$/;

/**
 * Checks a holder id.
 * @throws CustosError `BLOB_BAD_HOLDER` (usage).
 */
export function assertHolder(holder: string): void {
  if (!HOLDER.test(holder) || holder.includes('..'))
    throw new CustosError(
      'usage',
      'BLOB_BAD_HOLDER',
      `${JSON.stringify(holder)} is not a holder id (intake, case-<id>, report-<id>)`,
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

/** The key files of holders, under one folder. */
export class HolderKeys {
  readonly dir: string;

  /** @param dir - `<data>/keys/holders`; created on first write. */
  constructor(dir: string) {
    this.dir = dir;
  }

  /** Path of a holder's key file. */
  pathOf(holder: string): string {
    assertHolder(holder);
    return join(this.dir, `${holder}.key`);
  }

  /**
   * The holder's key, or undefined when it has none (never had, or destroyed).
   * @throws CustosError `BLOB_HOLDER_KEY_INVALID` (integrity) for a damaged key file.
   */
  async get(holder: string): Promise<Buffer | undefined> {
    let bytes: Buffer;
    try {
      bytes = await readFile(this.pathOf(holder));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
    if (bytes.length !== MAGIC.length + KEY_BYTES || !bytes.subarray(0, 8).equals(MAGIC))
      throw new CustosError(
        'integrity',
        'BLOB_HOLDER_KEY_INVALID',
        `the key file of holder ${holder} is damaged (${bytes.length} bytes)`,
      );
    return Buffer.from(bytes.subarray(8));
  }

  /**
   * The holder's key, made when missing. A new key is written to a temporary file, fsynced and
   * hard-linked into place, so two processes making the same holder's key agree on one.
   */
  async getOrCreate(holder: string): Promise<Buffer> {
    const existing = await this.get(holder);
    if (existing) return existing;
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const key = randomBytes(KEY_BYTES);
    const tmp = join(this.dir, `.${holder}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
    const fh = await open(tmp, 'wx', 0o600);
    try {
      await fh.writeFile(Buffer.concat([MAGIC, key]));
      await fh.sync();
    } finally {
      await fh.close();
    }
    try {
      await link(tmp, this.pathOf(holder));
      await fsyncDir(this.dir);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    } finally {
      await unlink(tmp).catch(() => undefined);
    }
    const stored = await this.get(holder);
    if (!stored)
      throw new CustosError('internal', 'BLOB_HOLDER_KEY_LOST', `holder key ${holder} vanished`);
    return stored;
  }

  /**
   * Destroys a holder's key: overwrite with random bytes, fsync, overwrite with zeros, fsync,
   * unlink, fsync the folder. Idempotent.
   * @returns true when a key file was there to destroy.
   */
  async destroy(holder: string): Promise<boolean> {
    const path = this.pathOf(holder);
    let fh;
    try {
      fh = await open(path, 'r+');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw e;
    }
    try {
      const { size } = await fh.stat();
      await fh.write(randomBytes(size), 0, size, 0);
      await fh.sync();
      await fh.write(Buffer.alloc(size), 0, size, 0);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await unlink(path);
    await fsyncDir(this.dir);
    return true;
  }

  /** Every holder with a key file, sorted. */
  async list(): Promise<string[]> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch {
      return [];
    }
    return names
      .filter((n) => n.endsWith('.key') && !n.startsWith('.'))
      .map((n) => n.slice(0, -4))
      .filter((h) => HOLDER.test(h))
      .sort();
  }
}
