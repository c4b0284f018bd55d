/**
 * Repository ports: what use cases need from storage, in domain terms. Implemented once, in
 * `adapters/db`, for both SQLite and PostgreSQL.
 */
import type { NodeRef, StoredNode } from '../core/custody/merkle.ts';
import type { AccessLogRepository } from './access-log.ts';
import type { AccountRepositories } from './account-repositories.ts';
import type { DeskRepositories } from './desk-repositories.ts';
import type { ProgrammeRepositories } from './programme-repositories.ts';
import type { RetentionRepository } from './retention-repository.ts';
import type { AssessmentRepository } from './assessment-repository.ts';
import type { SelectorRepository } from './selector-repository.ts';
import type {
  Exhibit,
  ExhibitFile,
  ExhibitStatus,
  ParseFailureRecord,
  TranscriptSummaryRecord,
} from '../core/evidence/exhibit.ts';

export interface ExhibitRepository {
  /** Reserves the next running number for these initials (1, 2, …). Needs a unit of work. */
  nextNumber(initials: string): Promise<number>;
  insert(exhibit: Exhibit): Promise<void>;
  insertFiles(exhibitId: string, files: readonly ExhibitFile[]): Promise<void>;
  /** Records the outcome of parsing an original. */
  setOutcome(
    id: string,
    status: ExhibitStatus,
    outcome: { summary?: TranscriptSummaryRecord; failure?: ParseFailureRecord; format?: string },
  ): Promise<void>;
  findByRef(ref: string): Promise<Exhibit | undefined>;
  findById(id: string): Promise<Exhibit | undefined>;
  /** Exhibits whose bytes have this SHA-256, oldest first. */
  findBySha256(sha256: string): Promise<Exhibit[]>;
  /** Exhibits derived from this one (transcripts), oldest first. */
  findDerived(sourceId: string): Promise<Exhibit[]>;
  /** Files of a folder exhibit, sorted by path. */
  listFiles(exhibitId: string): Promise<ExhibitFile[]>;
  /** All exhibits in reference order of acquisition. */
  list(options?: { limit?: number; offset?: number }): Promise<Exhibit[]>;
  count(): Promise<number>;
}

/** A custody event row as stored: the leaf bytes exactly as hashed, plus off-leaf details. */
export interface CustodyEventRecord {
  readonly seq: number;
  readonly at: string;
  readonly actor: string;
  readonly action: string;
  readonly object: string;
  readonly exhibitSha256: string | null;
  readonly reason: string | null;
  /** JSON text of details kept outside the leaf (the leaf holds its SHA-256); null once erased. */
  readonly details: string | null;
  readonly detailsSha256: string | null;
  readonly prevHash: string | null;
  /** Canonical JSON leaf (RFC 8785), UTF-8. */
  readonly leaf: string;
  /** Lowercase hex RFC 6962 leaf hash. */
  readonly leafHash: string;
}

/** A stored signed checkpoint. */
export interface CheckpointRecord {
  readonly size: number;
  /** Lowercase hex tree head. */
  readonly root: string;
  /** The whole signed note (C2SP signed-note). */
  readonly note: string;
  readonly createdAt: string;
}

export interface CustodyRepository {
  /**
   * Locks the log head for the rest of the unit of work (serialises appends across processes)
   * and returns the current number of leaves.
   */
  lockHead(): Promise<number>;
  /** Current number of leaves, without locking. */
  size(): Promise<number>;
  setSize(size: number): Promise<void>;
  insertEvent(event: CustodyEventRecord): Promise<void>;
  putNodes(nodes: readonly StoredNode[]): Promise<void>;
  /** One 32-byte hash per ref, in order. @throws CustosError `CUSTODY_NODE_MISSING` (integrity). */
  getNodes(refs: readonly NodeRef[]): Promise<Uint8Array[]>;
  /** Leaf hash of the most recent event about `object`, for the continuity chain. */
  lastLeafHashFor(object: string): Promise<string | null>;
  /** Stored hex hashes of the nodes of one level with `from <= index < to`, by index. */
  nodeRange(level: number, from: number, to: number): Promise<Map<number, string>>;
  /**
   * Stored hex hashes of the nodes of one level with `from <= index < to`, in index order,
   * joined with `,`, in one read (`null` when none is stored): equal to the expected hashes
   * joined with `,` exactly when every node of the range is stored with its expected hash.
   */
  nodeRangeJoined(level: number, from: number, to: number): Promise<string | null>;
  getEvent(seq: number): Promise<CustodyEventRecord | undefined>;
  /** Events with `from <= seq < to`, in order, in pages (streaming over the whole log). */
  events(from: number, to: number): AsyncIterable<CustodyEventRecord>;
  /**
   * Events with `from <= seq < to`, in order, in one read: the page reader for whole-log
   * verification (callers keep `to - from` to a few thousand). Missing events are simply absent.
   */
  eventPage(from: number, to: number): Promise<CustodyEventRecord[]>;
  /** Every event about `object`, oldest first. */
  eventsFor(object: string): Promise<CustodyEventRecord[]>;
  insertCheckpoint(cp: CheckpointRecord): Promise<void>;
  latestCheckpoint(): Promise<CheckpointRecord | undefined>;
  checkpointAt(size: number): Promise<CheckpointRecord | undefined>;
  /** Every checkpoint, oldest first. */
  checkpoints(): Promise<CheckpointRecord[]>;
}

/** The repositories of one unit of work. */
export interface Repositories {
  readonly assessments: AssessmentRepository;
  readonly exhibits: ExhibitRepository;
  readonly custody: CustodyRepository;
  readonly selectors: SelectorRepository;
  readonly accounts: AccountRepositories;
  readonly desk: DeskRepositories;
  readonly accessLog: AccessLogRepository;
  readonly programme: ProgrammeRepositories;
  readonly retention: RetentionRepository;
}

/**
 * Runs a use case's writes in one database transaction (ARCHITECTURE.md: a change and its
 * custody event are committed together or not at all).
 */
export interface UnitOfWork {
  /** Runs `work` in a transaction; commits when it resolves, rolls back when it throws. */
  run<T>(work: (repos: Repositories) => Promise<T>): Promise<T>;
  /** Repositories outside any transaction, for reads. */
  readonly read: Repositories;
}
