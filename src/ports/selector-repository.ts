/**
 * Storage of selectors (online identifiers) found in transcript exhibits. Implemented in
 * `adapters/db/selector-repository.ts` for SQLite and PostgreSQL.
 */
import type { Selector } from '../core/selectors/types.ts';

/** A stored selector occurrence: the selector plus the exhibit it belongs to and its position. */
export interface StoredSelector extends Selector {
  /** The transcript exhibit whose message text the selector's span refers to. */
  readonly exhibitId: string;
  /** 0-based position among the exhibit's selectors, in extraction order. */
  readonly ordinal: number;
}

export interface SelectorRepository {
  /** Stores an exhibit's selectors in order (ordinals 0, 1, …). Needs a unit of work. */
  insert(exhibitId: string, selectors: readonly Selector[]): Promise<void>;
  /** An exhibit's selectors, in ordinal order. */
  listByExhibit(exhibitId: string): Promise<StoredSelector[]>;
  /** Number of selectors stored for an exhibit. */
  countByExhibit(exhibitId: string): Promise<number>;
  /**
   * Every stored occurrence whose match key is one of `matchKeys` (deconfliction), ordered by
   * match key, exhibit and ordinal; optionally leaving out one exhibit (the one being checked).
   */
  findByMatchKeys(
    matchKeys: readonly string[],
    options?: { readonly excludeExhibitId?: string },
  ): Promise<StoredSelector[]>;
}
