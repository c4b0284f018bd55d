/**
 * Composition root: the only place that knows which database, disk and key store are used.
 * Data directory: `--data`, else `CUSTOS_DATA`, else `./custos-data`. Database: PostgreSQL when
 * `DATABASE_URL` is set, else SQLite in the data directory.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { LocalBlobStore } from '../adapters/blobstore/local-blob-store.ts';
import { openDatabase } from '../adapters/db/connect.ts';
import { unitOfWork } from '../adapters/db/repositories.ts';
import {
  isStoredZip,
  openStoredFile,
  openStoredFolder,
  type StoredBlobAccess,
} from '../adapters/files/export-source.ts';
import { loadOrCreateCustodyKey } from '../adapters/signing/key-file.ts';
import type { BlobStore } from '../ports/blob-store.ts';
import type { StoredExportSources } from '../ports/evidence-input.ts';
import type { AppContext } from '../usecases/app-context.ts';

/** Resolves the data directory from an explicit option, the environment, or the default. */
export function resolveDataDir(explicit?: string, env: NodeJS.ProcessEnv = process.env): string {
  return resolve(explicit ?? env.CUSTOS_DATA ?? 'custos-data');
}

function blobAccess(blobs: BlobStore, sha256: string, size: number): StoredBlobAccess {
  return {
    size,
    read: () => blobs.open(sha256),
    verify: () => blobs.verify(sha256),
    openRandomAccess: () => blobs.openRandomAccess(sha256),
  };
}

function storedSources(blobs: BlobStore): StoredExportSources {
  return {
    async file(sha256, label) {
      // The single entry is named by the blob's hash, as parsers have always seen stored files.
      return openStoredFile(label, blobAccess(blobs, sha256, await blobs.size(sha256)), sha256);
    },
    async isZip(sha256) {
      return isStoredZip(blobAccess(blobs, sha256, await blobs.size(sha256)));
    },
    folder(label, files) {
      return Promise.resolve(
        openStoredFolder(
          label,
          new Map(files.map((f) => [f.path, blobAccess(blobs, f.sha256, f.sizeBytes)])),
        ),
      );
    },
  };
}

/** Options for {@link openAppContext}. */
export interface OpenAppOptions {
  readonly dataDir?: string;
  /** PostgreSQL URL; `null` forces SQLite; undefined reads `DATABASE_URL`. */
  readonly databaseUrl?: string | null;
}

/** Opens the store (database, blobs, custody key) and returns the use cases' ports. */
export async function openAppContext(options: OpenAppOptions = {}): Promise<AppContext> {
  const dataDir = resolveDataDir(options.dataDir);
  const databaseUrl =
    options.databaseUrl === null ? undefined : (options.databaseUrl ?? process.env.DATABASE_URL);
  const blobs = new LocalBlobStore(resolve(dataDir, 'blobs'));
  await blobs.init();
  const opened = await openDatabase({ dataDir, databaseUrl });
  const key = await loadOrCreateCustodyKey(dataDir, process.env.CUSTOS_LOG_ORIGIN);
  return {
    uow: unitOfWork(opened.db),
    blobs,
    stored: storedSources(blobs),
    clock: { now: () => Date.now() },
    ids: { newId: () => randomUUID(), randomBytes: (n) => new Uint8Array(randomBytes(n)) },
    key,
    location: { dataDir, database: opened.location, dialect: opened.dialect },
    close: () => opened.close(),
  };
}
