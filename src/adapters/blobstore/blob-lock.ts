/**
 * A lock per blob across processes (the server and command-line runs share a data directory):
 * a lock file created exclusively (`O_EXCL`) holding the owner's process id. A lock whose owner
 * no longer runs is taken over. Waits are short polls.
 */
import { mkdir, open, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CustosError } from '../../core/errors.ts';

/** True when a process with this id runs (EPERM: it runs under another user). */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Locks of blobs under one folder. */
export class BlobLocks {
  readonly dir: string;
  readonly #timeoutMs: number;

  /** @param dir - `<blobs>/locks`; @param timeoutMs - how long to wait for a lock. */
  constructor(dir: string, timeoutMs = 60_000) {
    this.dir = dir;
    this.#timeoutMs = timeoutMs;
  }

  /**
   * Runs `fn` holding the lock of `sha256`.
   * @throws CustosError `BLOB_LOCK_TIMEOUT` (internal) when the lock stays held by a live process.
   */
  async with<T>(sha256: string, fn: () => Promise<T>): Promise<T> {
    await mkdir(this.dir, { recursive: true });
    const path = join(this.dir, `${sha256}.lock`);
    const started = Date.now();
    for (let wait = 2; ; wait = Math.min(wait * 2, 50)) {
      try {
        const fh = await open(path, 'wx', 0o600);
        await fh.writeFile(String(process.pid));
        await fh.close();
        break;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
      const owner = Number((await readFile(path, 'utf8').catch(() => '')).trim());
      if (owner > 0 && owner !== process.pid && !isRunning(owner)) {
        await rm(path, { force: true });
        continue;
      }
      if (Date.now() - started > this.#timeoutMs)
        throw new CustosError(
          'internal',
          'BLOB_LOCK_TIMEOUT',
          `blob ${sha256} stayed locked by process ${owner} for ${this.#timeoutMs} ms`,
        );
      await sleep(wait);
    }
    try {
      return await fn();
    } finally {
      await rm(path, { force: true });
    }
  }
}
