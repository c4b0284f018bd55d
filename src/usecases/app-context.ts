/**
 * The ports a running Custos hands to its use cases, assembled by a composition root
 * (`src/main`). Nothing here knows which database or disk is behind them.
 */
import type { BlobStore } from '../ports/blob-store.ts';
import type { CustodyKey } from '../ports/checkpoint-signer.ts';
import type { Clock } from '../ports/clock.ts';
import type { StoredExportSources } from '../ports/evidence-input.ts';
import type { IdSource } from '../ports/ids.ts';
import type { UnitOfWork } from '../ports/repositories.ts';

export interface AppContext {
  readonly uow: UnitOfWork;
  readonly blobs: BlobStore;
  readonly stored: StoredExportSources;
  readonly clock: Clock;
  readonly ids: IdSource;
  readonly key: CustodyKey;
  /** Where the data lives, for messages (`./custos-data`, or the PostgreSQL URL without password). */
  readonly location: {
    readonly dataDir: string;
    readonly database: string;
    readonly dialect: 'sqlite' | 'postgres';
  };
  close(): Promise<void>;
}
