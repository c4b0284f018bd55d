/** Storage of the access log (DPA 2018 s62): append-only, hash-chained. */
import type { AccessAction, AccessEntry } from '../core/access-log/entry.ts';

export interface AccessLogFilter {
  readonly from?: string;
  readonly to?: string;
  readonly actorId?: string;
  readonly caseId?: string;
  readonly action?: AccessAction;
}

export interface AccessLogRepository {
  /** Locks the head for the unit of work and returns the size and the last entry's hash. */
  lockHead(): Promise<{ size: number; lastHash: string | null }>;
  setHead(size: number, lastHash: string): Promise<void>;
  insert(entry: AccessEntry): Promise<void>;
  /** Matching entries, oldest first. */
  list(filter: AccessLogFilter, page: { limit: number; offset: number }): Promise<AccessEntry[]>;
  count(filter: AccessLogFilter): Promise<number>;
  /** Entries with `from <= seq < to`, in order, streamed in pages. */
  range(from: number, to: number): AsyncIterable<AccessEntry>;
  size(): Promise<number>;
}
